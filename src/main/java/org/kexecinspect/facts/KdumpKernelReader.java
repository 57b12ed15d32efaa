package org.kexecinspect.facts;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;

import org.kexecinspect.facts.Fact.Why;
import org.kexecinspect.facts.KdumpKernelFacts.InitramfsFacts;
import org.kexecinspect.format.ByteSource;
import org.kexecinspect.format.Compression;
import org.kexecinspect.format.FormatException;
import org.kexecinspect.format.RegionInputStream;
import org.kexecinspect.format.text.KdumpConfigOptions;
import org.kexecinspect.format.text.KernelConfig;
import org.kexecinspect.initramfs.Initramfs;
import org.kexecinspect.initramfs.InitramfsContents;
import org.kexecinspect.initramfs.InitramfsLimits;
import org.kexecinspect.initramfs.KernelModule;
import org.kexecinspect.input.Arm64Kernel;
import org.kexecinspect.input.Artifacts;
import org.kexecinspect.input.DecodeOptions;
import org.kexecinspect.input.Decoded;
import org.kexecinspect.facts.FixStringSearch.Look;
import org.kexecinspect.facts.FixStringSearch.Place;
import org.kexecinspect.kernel.FbReserveFixProbe;
import org.kexecinspect.format.x86.BzImage;
import org.kexecinspect.payload.Decoders;
import org.kexecinspect.payload.Payloads;

/**
 * The kdump kernel and initramfs the service will load: release and config through the kernel
 * image readers, what the initramfs holds, and what its hv_vmbus holds of 016a25e4b0df's log
 * strings (the module in the initramfs, in lib/modules, or the kernel itself when hv_vmbus is
 * built in). Observations only: whether the kernel carries the fix is the model's decision.
 */
final class KdumpKernelReader {
    private KdumpKernelReader() {}

    /** hv_vmbus.ko as kbuild installs it, plain or compressed (kmod reads all four). */
    static final List<String> MODULE_SUFFIXES = List.of("", ".xz", ".zst", ".gz");
    /** The modules whose presence in the kdump initramfs matters: probe order (drivers/pci/controller/pci-hyperv.c hv_allocate_config_window()) and the root disk. */
    static final List<String> INITRAMFS_MODULES = List.of("hv_vmbus", "pci_hyperv", "hyperv_drm", "hyperv_fb", "nvme");
    /** A kernel release with a distribution ABI number ("6.1.0-56-amd64", "5.15.0-91-generic") hides its sublevel. */
    private static final java.util.regex.Pattern ABI_RELEASE = java.util.regex.Pattern.compile("\\d+\\.\\d+\\.0-\\d+.*");
    /** Debian's version signature in the banner: "... Debian 6.1.192-2 (2026-11-16)" (debian/rules.real), after the compiler's. */
    private static final java.util.regex.Pattern DEBIAN_VERSION = java.util.regex.Pattern.compile("Debian (\\d+\\.\\d+\\.\\d+)-");
    /** An upstream release: its dotted numbers and a release candidate ("7.1.0-rc7" of "7.1.0-rc7-amd64"; the top-level Makefile's EXTRAVERSION). */
    private static final java.util.regex.Pattern UPSTREAM = java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+){1,5})(-rc\\d+)?.*", java.util.regex.Pattern.DOTALL);

    static String vmbusModulePath(String release) {
        return "lib/modules/" + release + "/kernel/drivers/hv/hv_vmbus.ko";
    }

    static KdumpKernelFacts read(Root root, KdumpServiceFacts service, Machine machine) {
        Fact<String> path = service.kernelPath();
        Fact<ByteSource> file = onDisk(root, path);
        Fact<Decoded> decoded = decode(file, path);
        Fact<String> release = decoded.known()
                ? (decoded.value().kernel() != null && decoded.value().kernel().release() != null
                        ? Fact.of(decoded.value().kernel().release(), decoded.source())
                        : Fact.unknown(Why.NOT_APPLICABLE, decoded.value().kernel() == null ? "no release in the image"
                                : decoded.value().kernel().releaseSource(), decoded.source()))
                : decoded.cast();
        Fact<String> banner = decoded.map(KdumpKernelReader::versionText);
        Fact<String> version = upstreamVersion(release, banner);
        Fact<KernelConfig> config = config(root, decoded, release, machine);
        Fact<Map<String, Optional<String>>> options = config.map(KdumpConfigOptions::select);
        InitramfsRead ir = initramfs(root, service.initrdPath());
        FixStringSearch fixSearch = search(root, release, config, ir, file, decoded);
        Fact<Boolean> efiKexec = !decoded.known() ? decoded.cast()
                : decoded.value().value() instanceof BzImage b ? Fact.of(b.loadability().efiKexec(), decoded.source())
                : Fact.unknown(Why.NOT_APPLICABLE, "not an x86 image", decoded.source());
        Fact<Integer> setupSects = !decoded.known() ? decoded.cast()
                : decoded.value().value() instanceof BzImage b ? Fact.of(b.header().setupSects(), decoded.source())
                : Fact.unknown(Why.NOT_APPLICABLE, "not an x86 image", decoded.source());
        return new KdumpKernelFacts(path, release, version, options, fixSearch,
                KdumpKernelFacts.notAssumed("not assumed"), ir.facts, efiKexec, setupSects);
    }

    private static Fact<ByteSource> onDisk(Root root, Fact<String> absolute) {
        if (!absolute.known()) {
            return absolute.cast();
        }
        List<String> rel = new ArrayList<>();
        Collector.relative(absolute.value(), rel);
        if (rel.isEmpty()) {
            return Fact.unknown(Why.MALFORMED, "not a usable path: " + absolute.value(), absolute.source());
        }
        return root.file(rel.get(0));
    }

    private static Fact<Decoded> decode(Fact<ByteSource> file, Fact<String> path) {
        if (!file.known()) {
            return file.cast();
        }
        try {
            Decoded d = Artifacts.decode(file.value(),
                    new DecodeOptions(null, false, DecodeOptions.DEFAULT.maxPayload(), null));
            if (!(d.value() instanceof BzImage) && !(d.value() instanceof Arm64Kernel)) {
                return Fact.unknown(Why.MALFORMED, "not a kernel image but " + d.kind().id(), file.source());
            }
            return Fact.of(d, file.source());
        } catch (FormatException e) {
            return Fact.unknown(Why.MALFORMED, reason(e), file.source());
        }
    }

    /** The image's own version text: an x86 header's kernel_version, or an arm64 Image's banner. */
    private static String versionText(Decoded d) {
        if (d.value() instanceof BzImage b && b.kernelVersion() != null) {
            return b.kernelVersion();
        }
        if (d.kernel() != null && d.kernel().payload() != null && d.kernel().payload().banner() != null) {
            return d.kernel().payload().banner();
        }
        return null;
    }

    /** The upstream version: Debian's signature, else a release that is not an ABI name. */
    static Fact<String> upstreamVersion(Fact<String> release, Fact<String> banner) {
        if (banner.known()) {
            // the last one: a whole "Linux version" banner (arm64) names the compiler first, and
            // Debian's compiler carries the same signature ("aarch64-linux-gnu-gcc-16 (Debian 16.2.0-4)")
            Matcher m = DEBIAN_VERSION.matcher(banner.value());
            String last = null;
            while (m.find()) {
                last = m.group(1);
            }
            if (last != null) {
                return Fact.of(last, banner.source());
            }
        }
        if (!release.known()) {
            return release.cast();
        }
        Matcher up = UPSTREAM.matcher(release.value());
        if (ABI_RELEASE.matcher(release.value()).matches() || !up.matches()) {
            return Fact.unknown(Why.NOT_APPLICABLE, "the release " + release.value()
                    + " is a distribution ABI name and the image carries no upstream version", release.source());
        }
        return Fact.of(up.group(1) + (up.group(2) == null ? "" : up.group(2)), release.source());
    }

    /**
     * The embedded config (IKCONFIG) when the image has one, else the release's config on the root
     * ({@link KernelConfigFiles}), /proc/config.gz included when the release is the running one.
     */
    private static Fact<KernelConfig> config(Root root, Fact<Decoded> decoded, Fact<String> release, Machine machine) {
        if (decoded.known() && decoded.value().kernel() != null && decoded.value().kernel().config() != null
                && decoded.value().kernel().configSource() != null
                && decoded.value().kernel().configSource().startsWith("embedded")) {
            return Fact.of(decoded.value().kernel().config(), decoded.source() + " (IKCONFIG)");
        }
        boolean running = release.known() && machine.kernelRelease().known()
                && release.value().equals(machine.kernelRelease().value());
        return KernelConfigFiles.read(root, release, running);
    }

    record InitramfsRead(InitramfsFacts facts, Fact<InitramfsContents> contents) {}

    private static InitramfsRead initramfs(Root root, Fact<String> path) {
        Fact<ByteSource> file = onDisk(root, path);
        Fact<InitramfsContents> c;
        if (file.known()) {
            try {
                c = Fact.of(Initramfs.read(file.value(), InitramfsLimits.DEFAULT,
                        p -> KernelModule.normalise(moduleName(p)).equals("hv_vmbus")), file.source());
            } catch (FormatException e) {
                c = Fact.unknown(Why.MALFORMED, reason(e), file.source());
            }
        } else {
            c = file.cast();
        }
        Fact<Map<String, Boolean>> modules = c.map(ic -> {
            Map<String, Boolean> m = new LinkedHashMap<>();
            for (String name : INITRAMFS_MODULES) {
                m.put(name, ic.module(name).isPresent());
            }
            return m;
        });
        Fact<List<String>> blacklisted = c.map(KdumpKernelReader::blacklisted);
        Fact<List<String>> segments = c.map(ic -> ic.segments().stream()
                .map(s -> s.compression() == Compression.NONE ? "cpio" : s.compression().jsonName() + " cpio").toList());
        return new InitramfsRead(new InitramfsFacts(path, modules, blacklisted, segments), c);
    }

    private static String moduleName(String path) {
        int slash = path.lastIndexOf('/');
        String n = path.substring(slash + 1);
        int ko = n.indexOf(".ko");
        return ko > 0 && (n.endsWith(".ko") || n.endsWith(".ko.xz") || n.endsWith(".ko.zst") || n.endsWith(".ko.gz"))
                ? n.substring(0, ko) : "";
    }

    /** Modules the initramfs's own modprobe.d blacklists or disables with install /bin/false. */
    private static List<String> blacklisted(InitramfsContents ic) {
        List<String> out = new ArrayList<>();
        for (org.kexecinspect.initramfs.ModprobeConfFile mc : ic.modprobeConfFiles()) {
            try {
                org.kexecinspect.format.text.ModprobeCommands cfg =
                        org.kexecinspect.format.text.ModprobeCommands.parse(mc.text(), ic.name() + ":" + mc.path());
                for (String m : INITRAMFS_MODULES) {
                    boolean off = cfg.isBlacklisted(m) || cfg.installCommand(m).filter(Blacklists::refusesLoad).isPresent();
                    if (off && !out.contains(m)) {
                        out.add(m);
                    }
                }
            } catch (FormatException e) {
                // an unreadable modprobe file in the initramfs blacklists nothing we can name
            }
        }
        return List.copyOf(out);
    }

    /**
     * hv_vmbus where the kdump kernel gets it: its initramfs, then lib/modules/REL on the root, then
     * the image itself when hv_vmbus is built in. Stops at the first place that holds the VMBus driver.
     */
    private static FixStringSearch search(Root root, Fact<String> release, Fact<KernelConfig> config,
            InitramfsRead ir, Fact<ByteSource> kernelFile, Fact<Decoded> decoded) {
        List<Look> looks = new ArrayList<>();
        if (ir.contents().known()) {
            InitramfsContents ic = ir.contents().value();
            Optional<KernelModule> m = ic.module("hv_vmbus");
            if (m.isPresent() && ic.bytes(m.get().path()).isPresent()) {
                if (scanned(looks, Place.INITRAMFS, ir.contents().source() + ":" + m.get().path(),
                        () -> FbReserveFixProbe.scanModule(ic.name() + ":" + m.get().path(), ic.bytes(m.get().path()).get()))) {
                    return new FixStringSearch(looks);
                }
            } else {
                looks.add(Look.notThere(Place.INITRAMFS, ir.contents().source(), "no hv_vmbus module in the initramfs"));
            }
        }
        if (Machine.asFileName(release).known()) {
            boolean any = false;
            for (String ext : MODULE_SUFFIXES) {
                String p = vmbusModulePath(release.value()) + ext;
                Fact<ByteSource> f = root.file(p);
                if (f.known()) {
                    any = true;
                    if (scanned(looks, Place.LIB_MODULES, f.source(), () -> FbReserveFixProbe.scanModule(f.value()))) {
                        return new FixStringSearch(looks);
                    }
                }
            }
            if (!any) {
                looks.add(Look.notThere(Place.LIB_MODULES, vmbusModulePath(release.value()),
                        "no " + vmbusModulePath(release.value()) + "[.xz|.zst|.gz]"));
            }
        }
        if (config.known() && config.value().isBuiltIn("CONFIG_HYPERV") && kernelFile.known() && decoded.known()) {
            scanned(looks, Place.KERNEL_IMAGE, kernelFile.source(),
                    () -> scanImage(kernelFile.value(), decoded.value()));
        }
        return new FixStringSearch(looks);
    }

    interface Probe {
        FbReserveFixProbe.Result run() throws Exception;
    }

    /** Adds what {@code probe} found at {@code where}; true when it found the VMBus driver there. */
    private static boolean scanned(List<Look> looks, Place place, String where, Probe probe) {
        try {
            FbReserveFixProbe.Result r = probe.run();
            looks.add(new Look(place, where, FixStringSearch.Outcome.SCANNED, r.fixStringNames(), r.markerNames(), ""));
            return r.holdsVmbusDriver() || !r.fixStrings().isEmpty();
        } catch (FormatException e) {
            looks.add(Look.notSearchable(place, where, reason(e)));
        } catch (Exception e) {
            looks.add(Look.notSearchable(place, where, String.valueOf(e.getMessage())));
        }
        return false;
    }

    /** A built-in hv_vmbus: scan the decompressed kernel (x86 payload, or an arm64 Image). */
    private static FbReserveFixProbe.Result scanImage(ByteSource src, Decoded d) throws Exception {
        String name = src.name();
        if (d.value() instanceof BzImage b) {
            BzImage.Payload p = b.payload();
            try (InputStream in = Decoders.open(p.compression(), new RegionInputStream(src, p.fileOffset(), p.length()))) {
                return FbReserveFixProbe.scanDecompressed(name, in, Payloads.DEFAULT_MAX_OUTPUT);
            }
        }
        Arm64Kernel a = (Arm64Kernel) d.value();
        Compression c = a.wrapper().equals(Arm64Kernel.NONE) ? Compression.NONE
                : a.wrapper().equals(Arm64Kernel.GZIP) ? Compression.GZIP : a.zboot().compression();
        try (InputStream in = Decoders.open(c, new RegionInputStream(src, a.payloadOffset(), a.payloadLength()))) {
            return FbReserveFixProbe.scanDecompressed(name, in, Payloads.DEFAULT_MAX_OUTPUT);
        }
    }

    private static String reason(FormatException e) {
        return (e.offset() >= 0 ? "offset 0x" + Long.toHexString(e.offset()) + ": " : "") + e.reason();
    }

}
