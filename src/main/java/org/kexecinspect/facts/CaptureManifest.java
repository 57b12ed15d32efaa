package org.kexecinspect.facts;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

/**
 * kexec-inspect/manifest.json (capture format 1): who collected, when, as which user, what was read
 * and what could not be and why.
 *
 * @param format        the capture format version
 * @param collector     "kexec-inspect" or "kexec-inspect-capture" (the shell collector)
 * @param version       the collector's version
 * @param time          UTC ISO 8601
 * @param uid           the collecting user's uid, or -1 when not recorded
 * @param read          paths read
 * @param notRead       paths not read, with the reason
 * @param problem       why the manifest itself could not be read, or null
 */
public record CaptureManifest(int format, String collector, String version, String time, long uid,
        List<String> read, List<NotRead> notRead, String problem) {

    public record NotRead(String path, String reason) {}

    /** The manifest is small: a few hundred paths. */
    static final long CAP = 4L << 20;
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).maxStringLength(1 << 16).build())
            .build();

    public CaptureManifest {
        read = List.copyOf(read);
        notRead = List.copyOf(notRead);
    }

    public String notReadReason(String path) {
        for (NotRead n : notRead) {
            if (n.path().equals(path)) {
                return n.reason();
            }
        }
        return null;
    }

    /** The manifest of a capture; a missing or bad one gives an empty manifest with {@code problem} set. */
    public static CaptureManifest read(Root root) {
        Fact<byte[]> f = root.read(CaptureLayout.MANIFEST, CAP);
        if (!f.known()) {
            return empty(f.unknown().toString());
        }
        try {
            return parse(new String(f.value(), StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return empty("malformed: " + e.getMessage());
        }
    }

    private static CaptureManifest empty(String problem) {
        return new CaptureManifest(0, null, null, null, -1, List.of(), List.of(), problem);
    }

    static CaptureManifest parse(String text) throws IOException {
        int format = 0;
        String collector = null;
        String version = null;
        String time = null;
        long uid = -1;
        List<String> read = new ArrayList<>();
        List<NotRead> notRead = new ArrayList<>();
        try (JsonParser p = JSON.createParser(text)) {
            expect(p.nextToken(), JsonToken.START_OBJECT);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                switch (field) {
                    case "format" -> format = p.getValueAsInt();
                    case "time" -> time = p.getValueAsString();
                    case "uid" -> uid = p.getValueAsLong(-1);
                    case "collector" -> {
                        expect(t, JsonToken.START_OBJECT);
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String k = p.currentName();
                            p.nextToken();
                            if (k.equals("name")) {
                                collector = p.getValueAsString();
                            } else if (k.equals("version")) {
                                version = p.getValueAsString();
                            } else {
                                p.skipChildren();
                            }
                        }
                    }
                    case "read" -> {
                        expect(t, JsonToken.START_ARRAY);
                        while (p.nextToken() == JsonToken.VALUE_STRING) {
                            read.add(p.getText());
                        }
                    }
                    case "notRead" -> {
                        expect(t, JsonToken.START_ARRAY);
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            String path = null;
                            String reason = null;
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String k = p.currentName();
                                p.nextToken();
                                if (k.equals("path")) {
                                    path = p.getValueAsString();
                                } else if (k.equals("reason")) {
                                    reason = p.getValueAsString();
                                } else {
                                    p.skipChildren();
                                }
                            }
                            if (path != null) {
                                notRead.add(new NotRead(path, reason == null ? "not recorded" : reason));
                            }
                        }
                    }
                    default -> p.skipChildren();
                }
            }
        }
        return new CaptureManifest(format, collector, version, time, uid, read, notRead, null);
    }

    private static void expect(JsonToken got, JsonToken want) throws IOException {
        if (got != want) {
            throw new IOException("expected " + want + ", found " + got);
        }
    }

    /** Writes the manifest as the collector's first-class record. */
    public void write(Writer out) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeNumberField("format", format);
            g.writeObjectFieldStart("collector");
            g.writeStringField("name", collector);
            g.writeStringField("version", version);
            g.writeEndObject();
            g.writeStringField("time", time);
            g.writeNumberField("uid", uid);
            g.writeArrayFieldStart("read");
            for (String r : read) {
                g.writeString(r);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("notRead");
            for (NotRead n : notRead) {
                g.writeStartObject();
                g.writeStringField("path", n.path());
                g.writeStringField("reason", n.reason());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        out.write('\n');
    }
}
