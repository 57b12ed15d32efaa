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

    /**
     * One release line that carries a fix; {@code from} null when the release is not known.
     *
     * @param keepsSysfbTest for 016a25e4b0df: whether this line's vmbus_reserve_fb() still runs its
     *                       Gen2 branch only with CONFIG_SYSFB; null for other changes
     */
    public record FixRelease(String series, Version from, String source, boolean verified, Boolean keepsSysfbTest) {}

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

    /** What kexec-tools does without -c, -s or -a ("kexec_load" or "auto"); null when no row covers {@code v}. */
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

    /** The first release whose default is -a (the "auto" row of kexecTools.defaultSyscall). */
    public Since kexecToolsAutoDefault() {
        for (Object o : list("kexecTools", "defaultSyscall")) {
            Map<?, ?> m = (Map<?, ?>) o;
            if ("auto".equals(m.get("value"))) {
                return since(m);
            }
        }
        throw new IllegalStateException("no auto row in kexecTools.defaultSyscall of " + RESOURCE);
    }

    /** A kexec-tools behaviour that starts with one release. */
    public record Since(Version from, String source, boolean verified) {
        /** True when release {@code v} has it. */
        public boolean in(Version v) {
            return v.compareTo(from) >= 0;
        }
    }

    /** -a falls back to KEXEC_LOAD when the kernel refuses KEXEC_FILE_LOAD. */
    public static final String AUTO_FALLBACK = "autoFallback";
    /** Under Xen, kexec-tools uses KEXEC_LOAD whatever the options. */
    public static final String XEN_FORCES_LOAD = "xenForcesKexecLoad";

    /** The kexecTools entry {@code name} (one of the constants above). */
    public Since kexecToolsSince(String name) {
        Map<?, ?> m = map("kexecTools", name);
        if (m == null) {
            throw new IllegalArgumentException("no kexecTools." + name + " in " + RESOURCE);
        }
        return since(m);
    }

    private static Since since(Map<?, ?> m) {
        return new Since(Version.parse((String) m.get("from")), (String) m.get("source"),
                Boolean.TRUE.equals(m.get("verified")));
    }

    /**
     * What kexec-tools' x86 setup_linux_vesafb() does in one range of releases (kexec/arch/i386/x86-linux-setup.c):
     * the classes A (up to 2.0.16), B (2.0.17, 2.0.18), C (2.0.19) and D (2.0.20 on; class E is D
     * run with --reuse-video-type).
     *
     * @param otherId              what an fb0 whose fix.id is neither "VESA VGA" nor "EFI VGA" gives:
     *                             "text-defaults" (class A: nothing written), "boot-time-type" (the
     *                             boot-time orig_video_isVGA byte, then the lfb fields from fb0), or
     *                             "zero" (orig_video_isVGA 0, no lfb fields)
     * @param ext64                a framebuffer above 4 GiB gets ext_lfb_base and VIDEO_CAPABILITY_64BIT_BASE
     * @param fallback             no /dev/fb0 (or a failed ioctl) copies the boot-time screen_info
     * @param reuseVideoTypeOption --reuse-video-type exists and turns "zero" into "boot-time-type"
     */
    public record VesafbRule(String kexecToolsClass, Version from, Version until, String otherId, boolean ext64,
            boolean fallback, boolean reuseVideoTypeOption, String source, boolean verified) {
        public static final String TEXT_DEFAULTS = "text-defaults";
        public static final String BOOT_TIME_TYPE = "boot-time-type";
        public static final String ZERO = "zero";
    }

    /** The setup_linux_vesafb() rule of a kexec-tools version, or null when no entry covers it. */
    public VesafbRule setupLinuxVesafb(Version v) {
        for (Object o : list("kexecTools", "setupLinuxVesafb")) {
            Map<?, ?> m = (Map<?, ?>) o;
            Version from = Version.parse((String) m.get("from"));
            Version until = Version.parse((String) m.get("until"));
            if (v.compareTo(from) >= 0 && (until == null || v.compareTo(until) < 0)) {
                return new VesafbRule((String) m.get("class"), from, until, (String) m.get("otherId"),
                        Boolean.TRUE.equals(m.get("ext64")), Boolean.TRUE.equals(m.get("fallback")),
                        Boolean.TRUE.equals(m.get("reuseVideoTypeOption")), (String) m.get("source"),
                        Boolean.TRUE.equals(m.get("verified")));
            }
        }
        return null;
    }

    /**
     * A kernel commit that changes a behaviour, and the releases that carry it.
     *
     * @param stableListComplete every stable series that took the commit is listed, so a series
     *                           below mainline without an entry does not carry it
     */
    public record KernelChange(String name, String commit, String title, String about, boolean stableListComplete,
            List<FixRelease> releases) {
        public KernelChange {
            releases = List.copyOf(releases);
        }

        /**
         * Whether a running kernel carries the change.
         *
         * @param series   the kernel's major.minor (always told by its release)
         * @param upstream its full upstream version, or null when the release hides the sublevel
         *                 ("6.8.0-52-generic")
         */
        public Carried carriedBy(Version series, Version upstream) {
            String name = commit + " (\"" + title + "\")";
            FixRelease mainline = releases.stream().filter(r -> r.series().equals("mainline")).findFirst().orElse(null);
            if (mainline != null && mainline.from() != null && seriesOf(series).compareTo(seriesOf(mainline.from())) >= 0) {
                return new Carried(true, name + " is in mainline " + mainline.from() + ": " + mainline.source(),
                        mainline.verified());
            }
            String s = seriesOf(series).toString();
            for (FixRelease r : releases) {
                if (!r.series().equals(s)) {
                    continue;
                }
                if (r.from() == null) {
                    return new Carried(null, name + " went to " + s + ".y in a release that is not known: " + r.source(),
                            false);
                }
                if (upstream == null) {
                    return new Carried(null, name + " is in " + s + ".y from " + r.from()
                            + ", and this kernel's release hides its sublevel", r.verified());
                }
                boolean has = upstream.compareTo(r.from()) >= 0;
                return new Carried(has, name + (has ? " is" : " is not") + " in " + upstream.numbers() + " (" + s
                        + ".y has it from " + r.from() + ": " + r.source() + ")", r.verified());
            }
            return new Carried(false, name + " is not in " + s + ": it came with mainline "
                    + (mainline == null ? "?" : mainline.from()) + " and no " + s + ".y backport is recorded",
                    stableListComplete && (mainline == null || mainline.verified()));
        }

        private static Version seriesOf(Version v) {
            return Version.parse(v.part(0) + "." + v.part(1));
        }
    }

    /** @param carries null when the release table cannot tell */
    public record Carried(Boolean carries, String reason, boolean verified) {}

    /** A kernel change of the knowledge file's "kernel" table by its key (e.g. "hypervFbClearsScreenInfo"). */
    public KernelChange kernelChange(String name) {
        Map<?, ?> m = map("kernel", name);
        if (m == null) {
            throw new IllegalArgumentException("no kernel change " + name + " in " + RESOURCE);
        }
        List<FixRelease> rel = new ArrayList<>();
        for (Object o : (List<?>) m.get("releases")) {
            Map<?, ?> r = (Map<?, ?>) o;
            rel.add(fixRelease(r));
        }
        return new KernelChange(name, (String) m.get("commit"), (String) m.get("title"), (String) m.get("about"),
                Boolean.TRUE.equals(m.get("stableListComplete")), rel);
    }

    /** The commit of the Gen2 framebuffer-reservation fix, 016a25e4b0df (drivers/hv/vmbus_drv.c vmbus_reserve_fb()). */
    public String fbReserveFixCommit() {
        return (String) map("kernel", "fbReserveFix").get("commit");
    }

    /** The releases that carry it, one per line of development, mainline first. */
    public List<FixRelease> fbReserveFixReleases() {
        List<FixRelease> out = new ArrayList<>();
        for (Object o : (List<?>) map("kernel", "fbReserveFix").get("releases")) {
            out.add(fixRelease((Map<?, ?>) o));
        }
        return List.copyOf(out);
    }

    private static FixRelease fixRelease(Map<?, ?> m) {
        return new FixRelease((String) m.get("series"), Version.parse((String) m.get("from")), (String) m.get("source"),
                Boolean.TRUE.equals(m.get("verified")), (Boolean) m.get("keepsSysfbTest"));
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
     * One change to drivers/hv/vmbus_drv.c vmbus_reserve_fb().
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
