package org.kexecinspect.cli.render;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;

/**
 * Prints report trees as JSON: a document {"schema": "kexec-inspect/1", "artifacts":
 * [...]}, or JSON Lines with one record per line, each carrying the schema. Numbers are JSON
 * integers (u64 values unsigned), undetermined values are null.
 */
public final class JsonPrinter {
    public static final String SCHEMA = "kexec-inspect/1";
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private JsonPrinter() {}

    /** One document holding every record under {@code listKey}. */
    public static void document(Writer out, String listKey, List<Node.Obj> records) {
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            DefaultPrettyPrinter pp = new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"))
                    .withArrayIndenter(new DefaultIndenter("  ", "\n"))
                    .withSeparators(Separators.createDefaultInstance()
                            .withObjectFieldValueSpacing(Separators.Spacing.AFTER));
            g.setPrettyPrinter(pp);
            g.writeStartObject();
            g.writeStringField("schema", SCHEMA);
            g.writeArrayFieldStart(listKey);
            for (Node.Obj r : records) {
                write(g, r);
            }
            g.writeEndArray();
            g.writeEndObject();
            g.flush();
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One line per record: {"schema": ..., then the record's members}. */
    public static void lines(Writer out, List<Node.Obj> records) {
        try {
            for (Node.Obj r : records) {
                try (JsonGenerator g = FACTORY.createGenerator(out)) {
                    g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                    g.writeStartObject();
                    g.writeStringField("schema", SCHEMA);
                    members(g, r);
                    g.writeEndObject();
                }
                out.write('\n');
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void members(JsonGenerator g, Node.Obj o) throws IOException {
        for (Node.Entry e : o.entries()) {
            g.writeFieldName(e.key());
            write(g, e.value());
        }
    }

    private static void write(JsonGenerator g, Node n) throws IOException {
        if (n instanceof Node.Obj o) {
            g.writeStartObject();
            members(g, o);
            g.writeEndObject();
        } else if (n instanceof Node.Arr a) {
            g.writeStartArray();
            for (Node item : a.items()) {
                write(g, item);
            }
            g.writeEndArray();
        } else if (n instanceof Node.Num num) {
            if (num.value() >= 0) {
                g.writeNumber(num.value());
            } else {
                g.writeNumber(new BigInteger(Long.toUnsignedString(num.value())));
            }
        } else if (n instanceof Node.Bytes b) {
            g.writeString(java.util.HexFormat.of().formatHex(b.value()));
        } else if (n instanceof Node.Str s) {
            g.writeString(s.value());
        } else if (n instanceof Node.Bool b) {
            g.writeBoolean(b.value());
        } else if (n instanceof Node.Null) {
            g.writeNull();
        }
    }
}
