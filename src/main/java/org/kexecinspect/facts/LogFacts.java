package org.kexecinspect.facts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.kexecinspect.facts.Fact.Why;
import org.kexecinspect.facts.FixStringSearch.Look;
import org.kexecinspect.format.FormatException;
import org.kexecinspect.format.log.Boot;
import org.kexecinspect.format.log.BootSigns;
import org.kexecinspect.format.log.BootSigns.Sign;
import org.kexecinspect.format.log.EventCode;
import org.kexecinspect.format.log.EventDetail;
import org.kexecinspect.format.log.LogEvent;
import org.kexecinspect.format.log.MemRange;
import org.kexecinspect.format.log.SignKind;
import org.kexecinspect.format.text.HyperVIomem.MmioRange;
import org.kexecinspect.format.text.KernelCmdline;
import org.kexecinspect.format.text.ModuleName;
import org.kexecinspect.format.x86.BootParams;
import org.kexecinspect.kernel.FbReserveFixProbe;

/**
 * The facts a kernel log shows, as {@link SystemFacts} for the same model `predict` runs: the first
 * kernel's lines (the system's facts) and the kdump kernel's (its release and version, and
 * 016a25e4b0df's messages if it printed them). A line seen is a fact, with the source
 * {@code ARTIFACT:LINE}; a line not seen is not: every fact the log does not show is unknown,
 * {@link Why#NOT_COLLECTED}, and {@code --assume} fills it as for any other source. Observations only.
 */
public final class LogFacts {
    private LogFacts() {}

    static final String NOT_SHOWN = "a kernel log does not show this";
    static final String NO_FIRST = "the log shows no first kernel";
    static final String NO_KDUMP = "the log shows no kdump kernel";
    static final long FOUR_GIB = 1L << 32;

    /** A distribution's release suffix: Debian's flavour (debian/config), Fedora's and SUSE's arch (kernel.spec). */
    private static final Pattern SUFFIX_X86_64 = Pattern.compile(".*(?:-amd64|\\.x86_64)");
    private static final Pattern SUFFIX_ARM64 = Pattern.compile(".*(?:-arm64|\\.aarch64)");
    /** The compiler's target triple in the banner's LINUX_COMPILER, as distributions name the binary ("x86_64-linux-gnu-gcc-14"). */
    private static final Pattern TRIPLE = Pattern.compile("\\((x86_64|aarch64)-[a-z0-9_]+(?:-[a-z0-9_]+)*?-gcc\\b");

    /**
     * The facts of a log's first kernel and of its kdump kernel.
     *
     * @param artifact what the log is called in sources ("console.log")
     * @param first    the crashed (first) kernel's boot, or null when the log does not have it
     * @param kdump    the kdump kernel's boot, or null when the log does not have it
     */
    public static SystemFacts of(String artifact, Boot first, Boot kdump) {
        Objects.requireNonNull(artifact, "artifact");
        Lines in = new Lines(artifact, first, kdump);
        Machine machine = machine(in);
        Firmware firmware = firmware(in);
        Hyperv hyperv = hyperv(in, firmware);
        Fact<BootParams> bootParams = machine.arch().known() && !machine.arch().value().isX86()
                ? Fact.unknown(Why.NOT_APPLICABLE, "only x86 kernels have boot_params", artifact)
                : in.unknown("a kernel log does not show the boot-time zero page");
        return new SystemFacts(artifact, false, null, List.of(note(in)), machine, firmware, hyperv, bootParams,
                framebuffer(in), iomem(in), modules(in, machine.cmdline()), new KexecToolsFacts(in.unknown(NOT_SHOWN)),
                kdumpService(in), kdumpKernel(in), rootDevice(in, machine.cmdline()));
    }

    /** The log's two boots and how to name their lines. */
    private record Lines(String artifact, Boot first, Boot kdump) {
        BootSigns firstSigns() { return first == null ? BootSigns.NONE : first.signs(); }

        Optional<Sign> sign(SignKind k) { return firstSigns().first(k); }

        String at(Sign s) { return artifact + ":" + s.line(); }

        String at(LogEvent e) { return artifact + ":" + e.line(); }

        String span(Boot b) { return artifact + ":" + b.firstLine() + "-" + b.lastLine(); }

        <T> Fact<T> unknown(String why) { return Fact.unknown(Why.NOT_COLLECTED, why, artifact); }

        /** Unknown because the first kernel's lines are missing, or because a log does not show it. */
        <T> Fact<T> notInFirst(String why) { return unknown(first == null ? NO_FIRST : why); }

        <T> Fact<T> of(T value, Sign s) { return Fact.of(value, at(s)); }
    }

    private static String note(Lines in) {
        return in.artifact() + ": facts read from a kernel log (the first kernel's lines "
                + (in.first() == null ? "absent" : in.first().firstLine() + "-" + in.first().lastLine())
                + ", the kdump kernel's " + (in.kdump() == null ? "absent" : in.kdump().firstLine() + "-" + in.kdump().lastLine())
                + "); what a log does not show is unknown (not collected) and may be assumed";
    }

    private static Machine machine(Lines in) {
        Optional<Sign> banner = in.sign(SignKind.BANNER);
        Fact<String> release = in.first() != null && in.first().kernelRelease().isPresent() && banner.isPresent()
                ? in.of(in.first().kernelRelease().get(), banner.get())
                : in.notInFirst("the log starts after the first kernel's 'Linux version' line");
        // linux_banner holds uname -r and uname -v ("#1 SMP PREEMPT_DYNAMIC Debian 6.12.117-1 (...)"), all
        // Machine.upstreamVersion() reads of `uname -a`; it is kept whole, as the kernel printed it
        Fact<String> uname = banner.isPresent() ? in.of(banner.get().text(), banner.get())
                : in.notInFirst("the log starts after the first kernel's 'Linux version' line");
        Optional<Sign> cl = in.sign(SignKind.COMMAND_LINE);
        Fact<String> cmdline = in.first() != null && in.first().commandLine().isPresent() && cl.isPresent()
                ? in.of(in.first().commandLine().get(), cl.get()) : in.notInFirst("the log shows no command line");
        return new Machine(arch(in, release, banner), release, uname, cmdline,
                in.notInFirst("a kernel log does not show the running kernel's config"));
    }

    /**
     * The architecture from the code that printed the lines first: an x86-only line (e820, x86/fpu)
     * with a DMA32 zone (arch/x86/Kconfig gives ZONE_DMA32 to X86_64 only), or arm64's boot CPU line;
     * else the release's distribution suffix, else the banner's compiler triple.
     */
    private static Fact<Arch> arch(Lines in, Fact<String> release, Optional<Sign> banner) {
        Optional<Sign> x86 = in.sign(SignKind.X86);
        Optional<Sign> dma32 = in.sign(SignKind.ZONE_DMA32);
        if (x86.isPresent() && dma32.isPresent()) {
            return Fact.of(Arch.of("x86_64"), in.at(x86.get()) + "; " + in.at(dma32.get()));
        }
        Optional<Sign> arm64 = in.sign(SignKind.ARM64);
        if (arm64.isPresent() && x86.isEmpty()) {
            return in.of(Arch.of("aarch64"), arm64.get());
        }
        if (release.known()) {
            if (SUFFIX_X86_64.matcher(release.value()).matches()) {
                return Fact.of(Arch.of("x86_64"), release.source());
            }
            if (SUFFIX_ARM64.matcher(release.value()).matches()) {
                return Fact.of(Arch.of("aarch64"), release.source());
            }
        }
        if (banner.isPresent()) {
            Matcher t = TRIPLE.matcher(banner.get().text());
            if (t.find()) {
                return in.of(Arch.of(t.group(1)), banner.get());
            }
        }
        return in.notInFirst("the log names no architecture: no x86 line with a DMA32 zone, no arm64 boot CPU line,"
                + " no distribution suffix on the release and no compiler triple in the banner");
    }

    private static Firmware firmware(Lines in) {
        Optional<Sign> efi = in.sign(SignKind.EFI);
        Fact<Boolean> efiBoot = efi.isPresent() ? in.of(true, efi.get())
                : in.notInFirst("no EFI line in the log, which does not prove a BIOS boot either");
        Optional<Sign> sb = in.sign(SignKind.SECURE_BOOT);
        Fact<Boolean> secureBoot;
        Fact<Boolean> setupMode;
        if (sb.isPresent() && sb.get().value().equals("enabled")) {
            // the EFI stub's efi_get_secureboot() says enabled only for SecureBoot=1 and SetupMode=0
            // (drivers/firmware/efi/libstub/secureboot.c), the pair the efivars would show
            secureBoot = in.of(true, sb.get());
            setupMode = in.of(false, sb.get());
        } else if (sb.isPresent()) {
            // "disabled" is also SetupMode=1 or shim's validation turned off (MokSBState), with SecureBoot=1
            String why = "the log says \"Secure boot " + sb.get().value() + "\" (" + in.at(sb.get())
                    + "), which does not tell the SecureBoot and SetupMode variables apart";
            secureBoot = in.unknown(why);
            setupMode = in.unknown(why);
        } else {
            secureBoot = in.notInFirst("no Secure Boot line in the log");
            setupMode = in.notInFirst("no Secure Boot line in the log");
        }
        return new Firmware(efiBoot, secureBoot, setupMode, in.unknown(NOT_SHOWN), in.unknown(NOT_SHOWN),
                in.unknown("a kernel log does not show /sys/firmware/efi/runtime-map"));
    }

    private static Hyperv hyperv(Lines in, Firmware fw) {
        Fact<Boolean> guest = guest(in);
        Fact<List<Hyperv.PciDevice>> pci = in.notInFirst("a kernel log is not read for every PCI device (only hv_pci's"
                + " host bridges and NVMe functions are kept)");
        if (guest.known() && !guest.value()) {
            String why = "not a Hyper-V guest";
            return new Hyperv(guest, Machine.notApplicable(why, guest.source()), Machine.notApplicable(why, guest.source()),
                    Machine.notApplicable(why, guest.source()), pci);
        }
        // as Hyperv.generation() without sysfs: an EFI boot is Gen2 (Gen1 VMs boot through BIOS only)
        Fact<Integer> generation = fw.efi().known() ? fw.efi().map(e -> e ? 2 : 1) : fw.efi().cast();
        Optional<Sign> video = in.sign(SignKind.SYNTHETIC_VIDEO);
        Fact<Boolean> synthetic = video.isPresent() ? in.of(true, video.get())
                : in.notInFirst("no synthetic video driver line in the log, which does not prove the device absent");
        return new Hyperv(guest, generation, in.notInFirst(NOT_SHOWN), synthetic, pci);
    }

    /**
     * A Hyper-V guest: init_hypervisor_platform() named Hyper-V, or Hyper-V's platform code or the
     * VMBus driver printed. Another hypervisor named there is proof of the contrary: the kernel picks
     * one platform, and the VMBus driver runs only when it is Hyper-V (drivers/hv/vmbus_drv.c
     * vmbus_init() needs hv_is_hyperv_initialized(), false on x86 unless x86_hyper_type is Hyper-V:
     * arch/x86/hyperv/hv_init.c, "not a KVM or Xen emulation of Hyper-V").
     */
    private static Fact<Boolean> guest(Lines in) {
        Optional<Sign> detected = in.sign(SignKind.HYPERVISOR);
        if (detected.isPresent()) {
            return in.of(detected.get().value().equals("Microsoft Hyper-V"), detected.get());
        }
        for (SignKind k : List.of(SignKind.HYPERV_PLATFORM, SignKind.HV_VMBUS)) {
            if (in.sign(k).isPresent()) {
                return in.of(true, in.sign(k).get());
            }
        }
        return in.notInFirst("no hypervisor, Hyper-V or hv_vmbus line in the log");
    }

    private static FramebufferFacts framebuffer(Lines in) {
        String why = "a kernel log does not tell which driver holds /dev/fb0 when kdump is loaded (a DRM driver takes it"
                + " over without a line on newer kernels) nor its screen info";
        return new FramebufferFacts(FramebufferFacts.FB0, in.unknown(why), in.unknown(why), in.unknown(why),
                in.unknown(why), in.unknown(why), in.unknown(why), in.unknown(why));
    }

    /**
     * Only the VMBus MMIO ranges: 016a25e4b0df's "hv_mmio=%pR,%pR" names the ranges vmbus_reserve_fb()
     * walks (the first kernel's line, else the kdump kernel's: both read the VM's ACPI resources); the
     * one below 4 GiB is the low range.
     */
    private static IomemFacts iomem(Lines in) {
        Fact<MmioRange> low = in.unknown("a kernel log does not show /proc/iomem, and no 'hv_mmio=' line names the ranges");
        Fact<MmioRange> high = low;
        for (Boot b : new Boot[] {in.first(), in.kdump()}) {
            Optional<LogEvent> hv = b == null ? Optional.empty() : b.events(EventCode.FB_MMIO_ZERO).stream()
                    .filter(e -> e.detail() instanceof EventDetail.Mmio m && !m.hvMmio().isEmpty()).findFirst();
            if (hv.isEmpty()) {
                continue;
            }
            List<MemRange> ranges = ((EventDetail.Mmio) hv.get().detail()).hvMmio();
            Optional<MemRange> l = ranges.stream().filter(r -> Long.compareUnsigned(r.start(), FOUR_GIB) < 0).findFirst();
            Optional<MemRange> h = ranges.stream().filter(r -> Long.compareUnsigned(r.start(), FOUR_GIB) >= 0).findFirst();
            String src = in.at(hv.get());
            low = l.map(r -> Fact.of(new MmioRange(r.start(), r.end()), src))
                    .orElse(Fact.unknown(Why.ABSENT, "the 'hv_mmio=' line names no range below 4 GiB", src));
            high = h.map(r -> Fact.of(new MmioRange(r.start(), r.end()), src))
                    .orElse(Fact.unknown(Why.ABSENT, "the 'hv_mmio=' line names no range above 4 GiB", src));
            break;
        }
        String why = "a kernel log does not show /proc/iomem";
        return new IomemFacts(in.unknown(why), in.unknown(why), low, high, in.unknown(why), in.unknown(why),
                in.unknown(why), in.unknown(why), in.unknown(why));
    }

    /** Only the command line's blacklists: a log shows no modprobe.d, nor whether a driver is a module or built in. */
    private static ModuleFacts modules(Lines in, Fact<String> cmdline) {
        Fact<KernelCmdline> parsed = Parsed.parse(cmdline, KernelCmdline::parse);
        List<ModuleFacts.ModuleState> states = new ArrayList<>();
        for (String name : ModuleFacts.WATCHED) {
            String by = null;
            if (parsed.known()) {
                for (String m : parsed.value().modprobeBlacklist()) {
                    by = ModuleName.same(m, name) ? parsed.source() + ": modprobe.blacklist=" + m : by;
                }
                for (String m : parsed.value().moduleBlacklist()) {
                    by = ModuleName.same(m, name) ? parsed.source() + ": module_blacklist=" + m : by;
                }
            }
            String how = "a kernel log shows a driver's lines, not whether it is a module or built in";
            states.add(new ModuleFacts.ModuleState(name, in.notInFirst(how), in.notInFirst(how),
                    by != null ? Fact.of(true, parsed.source())
                            : in.notInFirst("a kernel log shows the command line's blacklists (none names it), not modprobe.d's"),
                    by != null ? Fact.of(by, parsed.source()) : in.unknown("not blacklisted on the command line")));
        }
        return new ModuleFacts(states);
    }

    private static KdumpServiceFacts kdumpService(Lines in) {
        String why = "a kernel log does not show the kdump service's configuration";
        return new KdumpServiceFacts(in.unknown(why), in.unknown(why), in.unknown(why), in.unknown(why), in.unknown(why),
                in.unknown(why), in.unknown(why), in.unknown(why), in.unknown(why));
    }

    /** The kdump kernel's release and version from its banner, and 016a25e4b0df's messages it printed. */
    private static KdumpKernelFacts kdumpKernel(Lines in) {
        Boot k = in.kdump();
        String none = k == null ? NO_KDUMP : "the log starts after the kdump kernel's 'Linux version' line";
        Optional<Sign> banner = k == null ? Optional.empty() : k.signs().first(SignKind.BANNER);
        Fact<String> release = banner.isPresent() && k.kernelRelease().isPresent()
                ? in.of(k.kernelRelease().get(), banner.get()) : in.unknown(none);
        Fact<String> bannerText = banner.isPresent() ? in.of(banner.get().text(), banner.get()) : in.unknown(none);
        String kdumpWhy = k == null ? NO_KDUMP : NOT_SHOWN;
        KdumpKernelFacts.InitramfsFacts initramfs = new KdumpKernelFacts.InitramfsFacts(in.unknown(kdumpWhy),
                in.unknown(kdumpWhy), in.unknown(kdumpWhy), in.unknown(kdumpWhy));
        return new KdumpKernelFacts(in.unknown(k == null ? NO_KDUMP : "a kernel log does not name the kdump kernel's file"),
                release, KdumpKernelReader.upstreamVersion(release, bannerText), in.unknown(k == null ? NO_KDUMP
                        : "a kernel log does not show the kdump kernel's config"),
                fixSearch(in, k), KdumpKernelFacts.notAssumed(in.artifact()), initramfs, in.unknown(kdumpWhy),
                in.unknown(kdumpWhy));
    }

    /** The kdump kernel's own lines as one look: the fix's strings whose messages it printed, at their lines. */
    private static FixStringSearch fixSearch(Lines in, Boot k) {
        if (k == null) {
            return FixStringSearch.NONE;
        }
        // in FbReserveFixProbe.FIX_STRINGS' order: the fallback's warning, the zero-base warning, the info line
        List<Map.Entry<SignKind, String>> messages = List.of(
                Map.entry(SignKind.FIX_LOW_MMIO_WARNING, FbReserveFixProbe.LOW_MMIO_WARNING),
                Map.entry(SignKind.FIX_ZERO_BASE_WARNING, FbReserveFixProbe.ZERO_BASE_WARNING),
                Map.entry(SignKind.FIX_RESERVATION_INFO, FbReserveFixProbe.RESERVATION_INFO));
        List<String> found = new ArrayList<>();
        List<String> where = new ArrayList<>();
        for (Map.Entry<SignKind, String> m : messages) {
            Optional<Sign> line = k.signs().first(m.getKey());
            if (line.isPresent()) {
                found.add(m.getValue());
                where.add(in.at(line.get()));
            }
        }
        return new FixStringSearch(List.of(new Look(FixStringSearch.Place.KERNEL_LOG,
                where.isEmpty() ? in.span(k) : String.join(", ", where), FixStringSearch.Outcome.SCANNED, found, List.of(), "")));
    }

    /**
     * root= of the first kernel's command line, and whether it is behind hv_pci: an NVMe root is when
     * every NVMe controller the log shows sits in a PCI domain one of hv_pci's host bridges made (and
     * is not when none does); pci-hyperv gives each pass-through bus a domain of its own
     * (drivers/pci/controller/pci-hyperv.c hv_pci_probe()).
     */
    private static RootDeviceFacts rootDevice(Lines in, Fact<String> cmdline) {
        Fact<KernelCmdline> parsed = Parsed.parse(cmdline, KernelCmdline::parse);
        Fact<String> device = !parsed.known() ? parsed.cast()
                : parsed.value().root().map(r -> Fact.of(r, parsed.source()))
                        .orElse(in.unknown("no root= on the command line"));
        boolean nvmeName = device.known() && device.value().startsWith("/dev/nvme");
        Fact<Boolean> nvme = nvmeName ? Fact.of(true, device.source())
                : in.notInFirst("root= names no /dev/nvme device and a kernel log does not follow it to its disk");
        Fact<Boolean> behind = nvmeName ? behindHvPci(in, device.source())
                : in.notInFirst("a kernel log does not follow the root to its disk unless root= names an NVMe device");
        String why = "a kernel log does not show the root's block devices or the dump target";
        return new RootDeviceFacts(device, in.unknown(why), nvme, behind, in.unknown(why), in.unknown(why),
                in.unknown(why), in.unknown(why));
    }

    private static Fact<Boolean> behindHvPci(Lines in, String rootSource) {
        BootSigns s = in.firstSigns();
        List<Sign> nvme = s.nvmeFunctions();
        if (nvme.isEmpty() || nvme.size() >= BootSigns.MAX_LISTED) {
            return in.unknown(nvme.isEmpty() ? "the log shows no NVMe controller's PCI function"
                    : "more NVMe controllers than this reader keeps");
        }
        List<String> domains = s.hvPciBridges().stream().map(b -> domain(b.value())).toList();
        long behind = nvme.stream().filter(f -> domains.contains(domain(f.value()))).count();
        List<String> src = new ArrayList<>(List.of(rootSource));
        nvme.forEach(f -> src.add(in.at(f)));
        s.hvPciBridges().forEach(b -> src.add(in.at(b)));
        if (behind == nvme.size()) {
            return Fact.of(true, String.join("; ", src));
        }
        if (behind == 0 && s.hvPciBridges().size() < BootSigns.MAX_LISTED) {
            return Fact.of(false, String.join("; ", src));
        }
        return in.unknown("some NVMe controllers are behind hv_pci and some are not, and the log does not tell which holds the root");
    }

    private static String domain(String address) {
        int colon = address.indexOf(':');
        return colon < 0 ? address : address.substring(0, colon);
    }
}
