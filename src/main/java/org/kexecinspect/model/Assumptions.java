package org.kexecinspect.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.kexecinspect.facts.Arch;
import org.kexecinspect.facts.Fact;
import org.kexecinspect.facts.Firmware;
import org.kexecinspect.facts.Hyperv;
import org.kexecinspect.facts.IomemFacts;
import org.kexecinspect.facts.KdumpKernelFacts;
import org.kexecinspect.facts.KdumpServiceFacts;
import org.kexecinspect.facts.KexecToolsFacts;
import org.kexecinspect.facts.Machine;
import org.kexecinspect.facts.ModuleFacts;
import org.kexecinspect.facts.RootDeviceFacts;
import org.kexecinspect.facts.SystemFacts;
import org.kexecinspect.format.text.HyperVIomem.MmioRange;

/**
 * What-if overrides, {@code --assume KEY=VALUE}: each replaces one observed fact, with source
 * "--assume", and the model derives its conclusions from the facts so changed (assuming
 * kexecTools.version or firmware.secureBoot re-derives the load path). kdumpService.loadPath is
 * the exception: it overrides the load-path decision itself. The keys are the facts JSON names
 * (e.g. kdumpKernel.hasFbReserveFix, modules.pci_hyperv.builtin). An unknown key or a value of
 * the wrong type is a usage error.
 */
public final class Assumptions {
    public static final String SOURCE = "--assume";

    private static final String LOAD_PATH = "kexec_load, kexec_file_load or auto: overrides the load-path decision";

    /** Every key, with what its value must be. */
    public static final Map<String, String> KEYS;

    static {
        Map<String, String> k = new LinkedHashMap<>();
        k.put("arch", "x86_64 or aarch64");
        k.put("kernelRelease", "a release, e.g. 6.8.0-52-generic");
        k.put("firmware.efi", "true or false");
        k.put("firmware.secureBoot", "true or false");
        k.put("firmware.setupMode", "true or false");
        k.put("firmware.securelevel", "an integer, e.g. 1");
        k.put("firmware.lockdown", "none, integrity or confidentiality");
        k.put("firmware.efiRuntimeMap", "true or false");
        k.put("hyperv.guest", "true or false");
        k.put("hyperv.generation", "1 or 2");
        k.put("hyperv.cvm", "true or false");
        k.put("iomem.lowMmio", "START-END in hex, e.g. f8000000-fed3ffff");
        k.put("iomem.highMmio", "START-END in hex");
        k.put("kexecTools.version", "a version, e.g. 2.0.22");
        k.put("kdumpService.kexecArgs", "the configured KDUMP_KEXEC_ARGS / KEXEC_ARGS words, e.g. \"-c -d\"");
        k.put("kdumpService.loadPath", LOAD_PATH);
        k.put("kdump.loadPath", "the same as kdumpService.loadPath");
        k.put("kdumpKernel.hasFbReserveFix", "true or false (overrides the 016a25e4b0df decision: hv_vmbus's strings, then the release table)");
        k.put("kdumpKernel.version", "an upstream version, e.g. 6.1.192 or 7.1-rc7 (the 016a25e4b0df decision follows it unless hv_vmbus's strings tell)");
        k.put("kdumpKernel.release", "a release, e.g. 6.8.0-52-generic");
        k.put("kdumpKernel.efiKexec", "true or false");
        k.put("kdumpKernel.config.CONFIG_NAME", "y, m, n or a value (any kernel config option; the other options stay as read, or unknown)");
        k.put("rootDevice.nvme", "true or false");
        k.put("rootDevice.behindHvPci", "true or false");
        for (String m : ModuleFacts.WATCHED) {
            k.put("modules." + m + ".loaded", "true or false");
            k.put("modules." + m + ".builtin", "true or false");
            k.put("modules." + m + ".blacklisted", "true or false");
        }
        KEYS = java.util.Collections.unmodifiableMap(k);
    }

    private final Map<String, String> values;

    private Assumptions(Map<String, String> values) { this.values = values; }

    public static final Assumptions NONE = new Assumptions(Map.of());

    /** Parses KEY=VALUE items; throws IllegalArgumentException with one sentence for a bad one. */
    public static Assumptions parse(List<String> items) {
        Map<String, String> v = new LinkedHashMap<>();
        for (String item : items) {
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--assume takes KEY=VALUE, not '" + item + "'");
            }
            String key = item.substring(0, eq).strip();
            String value = item.substring(eq + 1).strip();
            if (!KEYS.containsKey(key) && !CONFIG_KEY.matcher(key).matches()) {
                throw new IllegalArgumentException("--assume: unknown key '" + key + "' (keys: " + String.join(", ", KEYS.keySet()) + ")");
            }
            check(key, value);
            v.put(key.equals("kdump.loadPath") ? "kdumpService.loadPath" : key, value);
        }
        return new Assumptions(Map.copyOf(v));
    }



    /** The assumed kdumpService.loadPath (kexec_load, kexec_file_load or auto), which overrides the load-path decision. */
    public java.util.Optional<String> loadPathOverride() {
        return java.util.Optional.ofNullable(values.get("kdumpService.loadPath"));
    }

    /** kdumpKernel.config.CONFIG_NAME: any option of the kdump kernel's config. */
    static final java.util.regex.Pattern CONFIG_KEY = java.util.regex.Pattern.compile("kdumpKernel\\.config\\.CONFIG_[A-Za-z0-9_]+");

    private static void check(String key, String value) {
        String want = CONFIG_KEY.matcher(key).matches() ? "a config value" : KEYS.get(key);
        boolean ok = switch (want.startsWith("true or false") ? "true or false" : want) {
            case "true or false" -> value.equals("true") || value.equals("false");
            case "1 or 2" -> value.equals("1") || value.equals("2");
            case LOAD_PATH -> List.of("kexec_load", "kexec_file_load", "auto").contains(value);
            case "an integer, e.g. 1" -> value.matches("-?[0-9]{1,9}");
            case "none, integrity or confidentiality" -> List.of("none", "integrity", "confidentiality").contains(value);
            case "x86_64 or aarch64" -> List.of(Arch.Family.X86_64, Arch.Family.ARM64).contains(Arch.Family.of(value));
            default -> key.endsWith("Mmio") ? range(value) != null : key.equals("kdumpService.kexecArgs") || !value.isEmpty();
        };
        if (!ok) {
            throw new IllegalArgumentException("--assume " + key + ": '" + value + "' is not " + want);
        }
    }

    static MmioRange range(String v) {
        String[] p = v.toLowerCase(Locale.ROOT).replace("0x", "").split("-");
        try {
            if (p.length == 2) {
                long s = Long.parseUnsignedLong(p[0], 16);
                long e = Long.parseUnsignedLong(p[1], 16);
                return Long.compareUnsigned(s, e) <= 0 ? new MmioRange(s, e) : null;
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return null;
    }

    private <T> Fact<T> over(String key, Fact<T> fact, java.util.function.Function<String, T> parse) {
        String v = values.get(key);
        return v == null ? fact : Fact.of(parse.apply(v), SOURCE + " " + key + "=" + v);
    }

    private Fact<Boolean> bool(String key, Fact<Boolean> fact) { return over(key, fact, Boolean::parseBoolean); }

    private Fact<String> str(String key, Fact<String> fact) { return over(key, fact, s -> s); }

    /**
     * The kdump kernel's config with kdumpKernel.config.CONFIG_* applied ("n" is "is not set"): each
     * changes its option only. The others stay as read; when the config is unknown, they stay unknown
     * (not keys of the map).
     */
    private Fact<Map<String, java.util.Optional<String>>> config(Fact<Map<String, java.util.Optional<String>>> c) {
        Map<String, java.util.Optional<String>> m = new LinkedHashMap<>();
        boolean any = false;
        if (c.known()) {
            m.putAll(c.value());
        }
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (CONFIG_KEY.matcher(e.getKey()).matches()) {
                m.put(e.getKey().substring("kdumpKernel.config.".length()), java.util.Optional.of(e.getValue()));
                any = true;
            }
        }
        if (!any) {
            return c;
        }
        return Fact.of(java.util.Collections.unmodifiableMap(m), c.known() ? c.source() + " and " + SOURCE : SOURCE
                + " (the other options are unknown)");
    }

    /** Assumed kexec arguments: split like a shell would, under the service's variable name. */
    private static KdumpServiceFacts.ConfiguredArgs kexecArgs(KdumpServiceFacts s, String value) {
        String variable = s.kexecArgs().known() ? s.kexecArgs().value().variable()
                : "kdump-utils".equals(s.flavor().orElse(null)) ? "KEXEC_ARGS" : "KDUMP_KEXEC_ARGS";
        List<String> words;
        try {
            words = org.kexecinspect.format.text.KexecArgs.splitWords(value, SOURCE + " kdumpService.kexecArgs");
        } catch (org.kexecinspect.format.FormatException e) {
            words = value.isBlank() ? List.of() : List.of(value.strip().split("\\s+"));
        }
        return new KdumpServiceFacts.ConfiguredArgs(variable, value, words, true);
    }

    /** The facts with every assumption applied. */
    public SystemFacts apply(SystemFacts f) {
        if (values.isEmpty()) {
            return f;
        }
        Machine m = f.machine();
        m = new Machine(over("arch", m.arch(), Arch::of), str("kernelRelease", m.kernelRelease()), m.uname(), m.cmdline(), m.config());
        Firmware fw = f.firmware();
        fw = new Firmware(bool("firmware.efi", fw.efi()), bool("firmware.secureBoot", fw.secureBoot()),
                bool("firmware.setupMode", fw.setupMode()), str("firmware.lockdown", fw.lockdown()),
                over("firmware.securelevel", fw.securelevel(), Integer::parseInt), bool("firmware.efiRuntimeMap", fw.efiRuntimeMap()));
        Hyperv h = f.hyperv();
        h = new Hyperv(bool("hyperv.guest", h.guest()), over("hyperv.generation", h.generation(), Integer::parseInt),
                bool("hyperv.cvm", h.cvm()), h.syntheticVideo(), h.pciDevices());
        IomemFacts io = f.iomem();
        io = new IomemFacts(io.tree(), io.addressesHidden(), over("iomem.lowMmio", io.lowMmio(), Assumptions::range),
                over("iomem.highMmio", io.highMmio(), Assumptions::range), io.framebufferRegion(), io.crashKernel(),
                io.pciWindows(), io.vmbusAllocations(), io.hostFramebuffer());
        List<ModuleFacts.ModuleState> mods = new ArrayList<>();
        for (ModuleFacts.ModuleState s : f.modules().modules()) {
            String k = "modules." + s.name() + ".";
            mods.add(new ModuleFacts.ModuleState(s.name(), bool(k + "loaded", s.loaded()), bool(k + "builtin", s.builtin()),
                    bool(k + "blacklisted", s.blacklisted()), s.blacklistedBy()));
        }
        KexecToolsFacts kt = new KexecToolsFacts(str("kexecTools.version", f.kexecTools().version()));
        KdumpServiceFacts observed = f.kdumpService();
        KdumpServiceFacts s = new KdumpServiceFacts(observed.flavor(), observed.scriptFlavour(), observed.enabled(),
                over("kdumpService.kexecArgs", observed.kexecArgs(), v -> kexecArgs(observed, v)), observed.kernelIsElf(),
                observed.kernelPath(), observed.initrdPath(), observed.coreDir(), observed.lastCommand());
        KdumpKernelFacts k = f.kdumpKernel();
        // an assumed release is another kernel: its upstream version follows it unless assumed too
        Fact<String> version = values.containsKey("kdumpKernel.release") && !values.containsKey("kdumpKernel.version")
                ? KdumpKernelFacts.upstreamVersion(str("kdumpKernel.release", k.release())) : str("kdumpKernel.version", k.version());
        k = new KdumpKernelFacts(k.path(), str("kdumpKernel.release", k.release()), version,
                config(k.config()),
                k.fixSearch(), bool("kdumpKernel.hasFbReserveFix", k.assumedFbReserveFix()),
                k.initramfs(), bool("kdumpKernel.efiKexec", k.efiKexec()), k.setupSects());
        RootDeviceFacts r = f.rootDevice();
        r = new RootDeviceFacts(r.device(), r.sysfsPath(), bool("rootDevice.nvme", r.nvme()),
                bool("rootDevice.behindHvPci", r.behindHvPci()), r.mapped(), r.disks(), r.dumpTarget(), r.dumpTargetOnRoot());
        return new SystemFacts(f.root(), f.live(), f.manifest(), f.notes(), m, fw, h, f.bootParams(), f.framebuffer(),
                io, new ModuleFacts(mods), kt, s, k, r);
    }
}
