package org.kexecinspect.format;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A read-only view of one instance of a {@link Layout}: a private copy of exactly the struct's
 * bytes and where they sat in the artifact. Accessors cannot fail once the view exists, because
 * the constructor checked that every byte of the struct was there.
 */
public final class View {
    private final Layout layout;
    private final long offset;
    private final byte[] bytes;

    private View(Layout layout, long offset, byte[] bytes) {
        this.layout = layout;
        this.offset = offset;
        this.bytes = bytes;
    }

    /** The struct at {@code offset} of the source. */
    public static View read(Layout layout, ByteSource source, long offset) throws FormatException {
        return new View(layout, offset, source.read(offset, layout.size()));
    }

    public Layout layout() { return layout; }

    /** Absolute offset of a member in the artifact. */
    public long offsetOf(Layout.Field f) { return offset + check(f).offset(); }

    private Layout.Field check(Layout.Field f) {
        if (layout.field(f.name()) != f) {
            throw new IllegalArgumentException(f.name() + " is not a field of " + layout.name());
        }
        return f;
    }

    private long le(int at, int size) {
        long v = 0;
        for (int i = size - 1; i >= 0; i--) {
            v = v << 8 | (bytes[at + i] & 0xff);
        }
        return v;
    }

    /** An unsigned integer member (u64 values above 2^63 come out negative: print them unsigned). */
    public long get(Layout.Field f) {
        return get(f, 0);
    }

    /** Element {@code index} of an integer array member. */
    public long get(Layout.Field f, int index) {
        check(f);
        if (f.kind() != Layout.Kind.UINT) {
            throw new IllegalArgumentException(f.name() + " is not an integer");
        }
        if (index < 0 || index >= f.count()) {
            throw new IndexOutOfBoundsException(f.name() + "[" + index + "]");
        }
        return le(f.offset() + index * f.elementSize(), f.elementSize());
    }

    public int getInt(Layout.Field f) {
        long v = get(f);
        if (f.size() > 4 || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(f.name() + " does not fit an int");
        }
        return (int) v;
    }

    public byte[] bytes(Layout.Field f) {
        check(f);
        return Arrays.copyOfRange(bytes, f.offset(), f.end());
    }

    /** A char-array member up to its first NUL (Latin-1). */
    public String chars(Layout.Field f) {
        check(f);
        int end = f.offset();
        while (end < f.end() && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, f.offset(), end - f.offset(), StandardCharsets.ISO_8859_1);
    }

    /** A nested struct member, or element {@code index} of an array of structs. */
    public View struct(Layout.Field f, int index) {
        check(f);
        if (f.kind() != Layout.Kind.STRUCT) {
            throw new IllegalArgumentException(f.name() + " is not a struct");
        }
        int elementSize = f.nested().size();
        if (index < 0 || index >= f.size() / elementSize) {
            throw new IndexOutOfBoundsException(f.name() + "[" + index + "]");
        }
        int at = f.offset() + index * elementSize;
        return new View(f.nested(), offset + at, Arrays.copyOfRange(bytes, at, at + elementSize));
    }

    public View struct(Layout.Field f) { return struct(f, 0); }
}
