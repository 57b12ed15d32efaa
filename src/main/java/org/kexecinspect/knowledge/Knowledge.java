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

    /** vmbus_reserve_fb() changes: 2a8a8afba0c3 (Gen1 PCI BAR). */
    public static final String GEN1_PCI_BAR = "gen1PciBar";
    /** a07b50d80ab6: the Gen2 branch only with CONFIG_SYSFB. */
    public static final String SYSFB_GATE = "sysfbGate";
    /** 96959283a58d + 7b89a44b2e8c: HYPERV selects SYSFB if EFI && !HYPERV_VTL_MODE. */
    public static final String SYSFB_SELECTED = "sysfbSelected";
    /** 016a25e4b0df: lfb_base 0 falls back to the low MMIO base (releases: {@link #fbReserveFixReleases()}). */
    public static final String LOW_MMIO_FALLBACK = "lowMmioFallback";

    /**
     * One change to vmbus_reserve_fb() (domain.md 7.2).
     *
     * @param from the first mainline release that has it; null when that depends on the stable series
     *             ({@link #LOW_MMIO_FALLBACK})
     */
    public record ReserveFbChange(String id, Version from, String commit, String title, String effect, String source,
            boolean verified) {
        /** A kernel of version {@code v} has it by release number (a distribution may backport it earlier). */
        public boolean inRelease(Version v) {
            return from != null && v != null && v.compareTo(from) >= 0;
        }
    }

    /** The sizes vmbus_reserve_fb() works with, in bytes, and where they come from. */
    public record ReserveFbSizes(long gen2Minimum, long gen1Minimum, long smallestRequest, long fallbackCap,
            String source) {}

    public List<ReserveFbChange> reserveFbChanges() {
        List<ReserveFbChange> out = new ArrayList<>();
        for (Object o : (List<?>) map("kernel", "vmbusReserveFb").get("changes")) {
            Map<?, ?> m = (Map<?, ?>) o;
            out.add(new ReserveFbChange((String) m.get("id"), Version.parse((String) m.get("from")),
                    (String) m.get("commit"), (String) m.get("title"), (String) m.get("effect"),
                    (String) m.get("source"), Boolean.TRUE.equals(m.get("verified"))));
        }
        return List.copyOf(out);
    }

    /** The change named {@code id} (one of the constants above). */
    public ReserveFbChange reserveFbChange(String id) {
        return reserveFbChanges().stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no vmbus_reserve_fb change " + id + " in " + RESOURCE));
    }

    public ReserveFbSizes reserveFbSizes() {
        Map<?, ?> m = map("kernel", "vmbusReserveFb");
        return new ReserveFbSizes((Long) m.get("gen2MinimumBytes"), (Long) m.get("gen1MinimumBytes"),
                (Long) m.get("smallestRequestBytes"), (Long) m.get("fallbackCapBytes"), (String) m.get("sizesSource"));
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
