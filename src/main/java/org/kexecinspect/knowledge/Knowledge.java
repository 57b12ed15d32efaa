package org.kexecinspect.knowledge;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * The release knowledge file (src/main/resources/org/kexecinspect/knowledge.json): which kexec-tools
 * or kernel release does what, each entry with its source and whether the release is verified.
 * Read once; immutable.
 */
public final class Knowledge {
    private static final String RESOURCE = "/org/kexecinspect/knowledge.json";
    private static volatile Knowledge instance;

    private final Map<String, Object> tree;

    private Knowledge(Map<String, Object> tree) { this.tree = tree; }

    /** One rule that applied: its value, source and whether its release is verified. */
    public record Rule(String value, String source, boolean verified) {}

    /** One release line that carries a fix; {@code from} null when the release is not known. */
    public record FixRelease(String series, Version from, String source, boolean verified) {}

    public static Knowledge get() {
        Knowledge k = instance;
        if (k == null) {
            synchronized (Knowledge.class) {
                if (instance == null) {
                    instance = load();
                }
                k = instance;
            }
        }
        return k;
    }

    /** What kexec-tools does without -c, -s or -a (domain.md 4.4). */
    public Rule kexecToolsDefaultSyscall(Version v) {
        for (Object o : list("kexecTools", "defaultSyscall")) {
            Map<?, ?> m = (Map<?, ?>) o;
            Version from = Version.parse((String) m.get("from"));
            Version until = Version.parse((String) m.get("until"));
            if (v.compareTo(from) >= 0 && (until == null || v.compareTo(until) < 0)) {
                return rule(m);
            }
        }
        return null;
    }

    /** The commit of the Gen2 framebuffer-reservation fix (domain.md 7.2). */
    public String fbReserveFixCommit() {
        return (String) map("kernel", "fbReserveFix").get("commit");
    }

    public List<FixRelease> fbReserveFixReleases() {
        List<FixRelease> out = new ArrayList<>();
        for (Object o : (List<?>) map("kernel", "fbReserveFix").get("releases")) {
            Map<?, ?> m = (Map<?, ?>) o;
            out.add(new FixRelease((String) m.get("series"), Version.parse((String) m.get("from")),
                    (String) m.get("source"), Boolean.TRUE.equals(m.get("verified"))));
        }
        return List.copyOf(out);
    }

    private static Rule rule(Map<?, ?> m) {
        return new Rule((String) m.get("value"), (String) m.get("source"), Boolean.TRUE.equals(m.get("verified")));
    }

    private Map<?, ?> map(String... keys) {
        Object o = tree;
        for (String k : keys) {
            o = ((Map<?, ?>) o).get(k);
        }
        return (Map<?, ?>) o;
    }

    private List<?> list(String... keys) {
        Object o = tree;
        for (String k : keys) {
            o = ((Map<?, ?>) o).get(k);
        }
        return (List<?>) o;
    }

    private static Knowledge load() {
        try (InputStream in = Knowledge.class.getResourceAsStream(RESOURCE);
             JsonParser p = new JsonFactory().createParser(in)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> tree = (Map<String, Object>) value(p, p.nextToken());
            return new Knowledge(tree);
        } catch (IOException e) {
            throw new UncheckedIOException("the knowledge file " + RESOURCE + " is unreadable (a build problem)", e);
        }
    }

    /** A JSON value as Map/List/String/Long/Boolean/null: the file is ours and small. */
    private static Object value(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String k = p.currentName();
                    m.put(k, value(p, p.nextToken()));
                }
                return m;
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                JsonToken n;
                while ((n = p.nextToken()) != JsonToken.END_ARRAY) {
                    l.add(value(p, n));
                }
                return l;
            }
            case VALUE_STRING -> { return p.getText(); }
            case VALUE_NUMBER_INT -> { return p.getLongValue(); }
            case VALUE_TRUE -> { return Boolean.TRUE; }
            case VALUE_FALSE -> { return Boolean.FALSE; }
            case VALUE_NULL -> { return null; }
            default -> throw new IOException("unexpected " + t);
        }
    }
}
