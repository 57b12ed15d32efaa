package org.kexecinspect.cli.render;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a command reports, independent of how it is printed: an ordered tree of objects, arrays
 * and scalars. {@link TextPrinter} and {@link JsonPrinter} print the same tree, so text and JSON
 * cannot disagree.
 */
public sealed interface Node {

    /** How a number reads in text; JSON always gets the plain integer. */
    enum Style { HEX, DEC, SIZE }

    /** An unsigned integer; {@code width} is its size in bytes, for zero-padded hex. */
    record Num(long value, Style style, int width) implements Node {}

    record Str(String value) implements Node {}

    /** Opaque bytes: hex in JSON, a short summary in text. */
    record Bytes(byte[] value) implements Node {
        public Bytes {
            value = value.clone();
        }

        @Override public byte[] value() { return value.clone(); }
    }

    record Bool(boolean value) implements Node {}

    /** A value the tool could not determine or that does not apply: JSON null, text says why. */
    record Null(String why) implements Node {}

    record Arr(List<Node> items) implements Node {
        public Arr {
            items = List.copyOf(items);
        }
    }

    /**
     * One member of an object.
     *
     * @param key the JSON name (lowerCamelCase)
     * @param label the text name (the kernel's field name where there is one)
     * @param meaning what the value means, for text only; may be null
     */
    record Entry(String key, String label, Node value, String meaning) {}

    /** An object built once and then only read. */
    final class Obj implements Node {
        private final List<Entry> entries = new ArrayList<>();

        /** Adds a member; a key used twice is a bug (JSON would carry it twice). */
        public Obj put(String key, String label, Node value, String meaning) {
            for (Entry e : entries) {
                if (e.key().equals(key)) {
                    throw new IllegalStateException("duplicate key " + key);
                }
            }
            entries.add(new Entry(key, label, value, meaning));
            return this;
        }

        public Obj put(String key, Node value) { return put(key, key, value, null); }

        public Obj put(String key, String value) { return put(key, value == null ? new Null("not known") : new Str(value)); }

        public List<Entry> entries() { return Collections.unmodifiableList(entries); }
    }

    static Num hex(long v, int width) { return new Num(v, Style.HEX, width); }

    static Num dec(long v) { return new Num(v, Style.DEC, 8); }

    static Num size(long v) { return new Num(v, Style.SIZE, 8); }

    static Arr strings(List<String> values) {
        List<Node> items = new ArrayList<>();
        for (String s : values) {
            items.add(new Str(s));
        }
        return new Arr(items);
    }
}
