package org.kexecinspect.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.kexecinspect.facts.Fact;
import org.kexecinspect.facts.Hyperv;
import org.kexecinspect.facts.Hyperv.PciDevice;
import org.kexecinspect.facts.IomemFacts;
import org.kexecinspect.facts.KdumpKernelFacts;
import org.kexecinspect.facts.ModuleFacts;
import org.kexecinspect.facts.RootDeviceFacts;
import org.kexecinspect.facts.SystemFacts;
import org.kexecinspect.format.text.HyperVIomem;
import org.kexecinspect.format.text.HyperVIomem.AllocationUse;
import org.kexecinspect.format.text.HyperVIomem.VmbusAllocation;
import org.kexecinspect.format.text.IomemQueries.Framebuffer;
import org.kexecinspect.format.text.IomemQueries.FramebufferKind;
import org.kexecinspect.format.text.IomemQueries.PciBar;
import org.kexecinspect.format.text.IomemQueries.PciBusWindow;
import org.kexecinspect.format.x86.ScreenInfo;
import org.kexecinspect.format.x86.VideoType;
import org.kexecinspect.knowledge.Knowledge;
import org.kexecinspect.knowledge.Knowledge.ReserveFbChange;
import org.kexecinspect.knowledge.Knowledge.ReserveFbSizes;
import org.kexecinspect.knowledge.Version;
import org.kexecinspect.model.MmioPrediction.Range;

/**
 * The Hyper-V MMIO outcome in the kdump kernel (domain.md 7 and 8, "Predicting the failure"): the
 * VMBus low MMIO range, what vmbus_reserve_fb() reserves there, where pci_hyperv's config window
 * lands first-fit, and whether that window sits on the framebuffer the host still uses (the host
 * then refuses D0 entry, status c0370048, and the pass-through NVMe is lost).
 *
 * <p>Pure: facts and one load path's prediction in, a record out. A fact that is unknown and
 * matters is not guessed: the model works the outcome out for each value the unknown yes/no facts
 * (EFI_BOOT, CONFIG_SYSFB, 016a25e4b0df, release changes, probe order) could take, and a field is
 * known only when every case agrees; the reasons name the unknowns that made a difference.
 *
 * <p>Reading the record: {@code framebufferReservation} null with {@code conflict} false or true
 * means nothing is reserved; with {@code conflict} null it can mean unknown, as the reasons say.
 */
public final class HypervMmioModel {
    private HypervMmioModel() {}

    static final long MIB = 1L << 20;
    static final long FOUR_GIB = 1L << 32;
    /** PCI_CONFIG_MMIO_LENGTH; hv_allocate_config_window() asks vmbus_allocate_mmio() for it 0x1000-aligned (domain.md 7.3). */
    public static final long CONFIG_WINDOW_SIZE = HyperVIomem.PCI_CONFIG_WINDOW_SIZE;
    static final long CONFIG_WINDOW_ALIGN = 0x1000;
    /** hyperv_drm hyperv_setup_vram(): vmbus_allocate_mmio(..., fb_size, 0x100000, true) (domain.md 7.4). */
    static final long VRAM_ALIGN = MIB;
    /** VTPM_BASE_ADDRESS: a VMBus range reaching it is cut there (domain.md 7.1). */
    static final long VTPM_BASE = HyperVIomem.VTPM_BASE;
    /** Hyper-V's legacy video device on Gen1: PCI 1414:5353 (domain.md 7.4). */
    static final int MSFT_VENDOR = 0x1414;
    static final int LEGACY_VIDEO = 0x5353;

    static final String D71 = "domain.md 7.1: drivers/hv/vmbus_drv.c vmbus_walk_resources()/vmbus_allocate_mmio()";
    static final String D72 = "domain.md 7.2: drivers/hv/vmbus_drv.c vmbus_reserve_fb()";
    static final String D73 = "domain.md 7.3: drivers/pci/controller/pci-hyperv.c hv_allocate_config_window() [ML 20260122020337.94967-1-decui@microsoft.com]";
    static final String D74 = "domain.md 7.4: drivers/gpu/drm/hyperv/hyperv_drm_drv.c hyperv_setup_vram()";
    static final String D75 = "domain.md 7.5: Dexuan Cui's layouts [ML SA1PR21MB69218F955B62DFF62E3E88D2BF222@SA1PR21MB6921.namprd21.prod.outlook.com]";
    static final String D8 = "domain.md 8: modifiers and 'Predicting the failure'";

    /**
     * A low MMIO range the user states when the facts cannot show it (e.g. from the kernel log's
     * "hv_mmio=" line, or Set-VM -LowMemoryMappedIoSpace). It overrides what the facts imply.
     *
     * @param end inclusive end, or null when only the base is known
     * @param why where the value comes from, shown in the reasons
     */
    public record AssumedLowMmio(long start, Long end, String why) {
        public AssumedLowMmio {
            Objects.requireNonNull(why, "why");
            if (start <= 0 || start >= FOUR_GIB) {
                throw new IllegalArgumentException("a low MMIO base is above 0 and below 4 GiB: 0x" + Long.toHexString(start));
            }
            if (end != null && (end < start || end >= FOUR_GIB)) {
                throw new IllegalArgumentException("low MMIO end 0x" + Long.toHexString(end) + " is not in [start, 4 GiB)");
            }
        }
    }

    /** The outcome for {@code used}, the load path the kdump service takes. */
    public static MmioPrediction predict(SystemFacts f, PathPrediction used) {
        return predict(f, used, null);
    }

    /** As {@link #predict(SystemFacts, PathPrediction)}, with a stated low MMIO range (null: none). */
    public static MmioPrediction predict(SystemFacts f, PathPrediction used, AssumedLowMmio assumed) {
        Objects.requireNonNull(f, "facts");
        List<Reason> reasons = new ArrayList<>();
        Fact<Boolean> guest = f.hyperv().guest();
        if (guest.known() && !guest.value()) {
            reasons.add(Reason.of("not a Hyper-V guest: no VMBus, so no framebuffer reservation and no pci_hyperv config window",
                    guest.source() + " (drivers/hv/vmbus_drv.c registers the vmbus bus only on Hyper-V)"));
            return new MmioPrediction(null, null, null, null, null, false, null, reasons);
        }
        if (!guest.known()) {
            reasons.add(Reason.of("whether this is a Hyper-V guest is unknown (" + guest.unknown() + "): the outcome below"
                    + " holds only if it is one", guest.source()));
        }
        Inputs in = Inputs.resolve(f, used, assumed, reasons);
        if (Boolean.FALSE.equals(in.vmbusInKdump)) {
            return new MmioPrediction(range(in.lowStart, in.lowEnd), in.highMmio, in.hostFramebuffer(), null, null, false,
                    null, reasons);
        }
        Merged m = enumerate(in);
        reasons.addAll(m.reasons);
        return new MmioPrediction(range(in.lowStart, in.lowEnd), in.highMmio, in.hostFramebuffer(),
                m.reservationKind == ResKind.RANGE ? m.reservation : null, m.window, m.conflict, m.pciFirst, reasons);
    }

    private static Range range(Long start, Long end) {
        return start != null && end != null ? new Range(start, end) : null;
    }

    // ---- the yes/no facts the outcome turns on ---------------------------------------------------

    /** Each may be unknown; the model then works out every value. */
    enum Var {
        EFI_BOOT("EFI_BOOT in the kdump kernel"),
        GEN1_PCI_BAR("2a8a8afba0c3 (Gen1 branch uses the PCI BAR)"),
        SYSFB_GATE("a07b50d80ab6 (Gen2 branch only with CONFIG_SYSFB)"),
        SYSFB("CONFIG_SYSFB in the kdump kernel"),
        FIX("016a25e4b0df in the kdump kernel"),
        PCI_HYPERV("pci_hyperv probes a pass-through device in the kdump kernel"),
        PCI_FIRST("pci_hyperv probes before hyperv_drm/hyperv_fb");

        final String label;

        Var(String label) { this.label = label; }
    }

    /** Everything the outcome depends on, resolved from the facts once. */
    static final class Inputs {
        String arch;
        Integer generation;
        Version kernel;
        final EnumMap<Var, Boolean> vars = new EnumMap<>(Var.class);
        Boolean vmbusInKdump;
        /** The kdump kernel's screen_info.lfb_base as vmbus_reserve_fb() reads it (32 bits), and lfb_size raw. */
        Long lfbBase;
        Long lfbSizeRaw;
        Long lowStart;
        Long lowEnd;
        Range highMmio;
        Boolean legacyVideo;
        Range legacyBar;
        Range currentFramebuffer;
        Range bootFramebuffer;
        boolean noFramebuffer;
        Long vramSize;
        int passThroughBuses = -1;
        ReserveFbSizes sizes;

        Range hostFramebuffer() {
            return noFramebuffer ? null : currentFramebuffer != null ? currentFramebuffer : bootFramebuffer;
        }

        static Inputs resolve(SystemFacts f, PathPrediction used, AssumedLowMmio assumed, List<Reason> r) {
            Inputs in = new Inputs();
            Knowledge k = Knowledge.get();
            in.sizes = k.reserveFbSizes();
            in.arch = f.machine().arch().orElse(null);
            Hyperv hv = f.hyperv();
            in.generation = hv.generation().orElse(null);
            if (in.generation == null) {
                r.add(Reason.of("the VM generation is unknown (" + hv.generation().unknown() + ")", hv.generation().source()));
            }
            in.kernel(f.kdumpKernel(), k, r);
            in.config(f.kdumpKernel(), r);
            in.fix(f.kdumpKernel(), r);
            in.efiBoot(used, r);
            in.screenInfo(used, r);
            in.passThrough(hv, r);
            in.legacyVideo(hv, f.iomem(), r);
            in.lowMmio(f, assumed, r);
            in.framebuffer(f, r);
            in.vars.put(Var.PCI_FIRST, ProbeOrder.pciHypervFirst(f, in, r));
            return in;
        }

        /** The kdump kernel's version: the upstream version, else the release's leading numbers. */
        void kernel(KdumpKernelFacts kk, Knowledge k, List<Reason> r) {
            if (kk.version().known()) {
                kernel = Version.parse(kk.version().value());
            }
            String from = kk.version().known() ? "its upstream version " + kk.version().value() : null;
            if (kernel == null && kk.release().known()) {
                kernel = Version.parse(kk.release().value());
                from = "its release " + kk.release().value() + " (major.minor; a distribution kernel may carry the changes"
                        + " below as backports)";
            }
            if (kernel == null) {
                r.add(Reason.of("the kdump kernel's version is unknown (" + (kk.release().known() ? kk.version().unknown()
                        : kk.release().unknown()) + "): which vmbus_reserve_fb() it has cannot be told from it",
                        kk.release().source()));
                vars.put(Var.GEN1_PCI_BAR, null);
                vars.put(Var.SYSFB_GATE, null);
                return;
            }
            String src = kk.version().known() ? kk.version().source() : kk.release().source();
            for (String id : List.of(Knowledge.GEN1_PCI_BAR, Knowledge.SYSFB_GATE)) {
                ReserveFbChange c = k.reserveFbChange(id);
                boolean has = c.inRelease(kernel);
                vars.put(id.equals(Knowledge.GEN1_PCI_BAR) ? Var.GEN1_PCI_BAR : Var.SYSFB_GATE, has);
                r.add(Reason.of("kdump kernel " + kernel.numbers() + " (" + from + ") " + (has ? "has " : "predates ")
                        + c.commit() + " \"" + c.title() + "\" (" + c.from() + "): " + c.effect(),
                        src + "; knowledge.json: " + c.source()));
            }
        }

        void config(KdumpKernelFacts kk, List<Reason> r) {
            Fact<Map<String, Optional<String>>> cfg = kk.config();
            Fact<Optional<String>> sysfbOption = kk.option("CONFIG_SYSFB");
            if (!sysfbOption.known()) {
                r.add(Reason.of("the kdump kernel's " + (cfg.known() ? "CONFIG_SYSFB" : "config") + " is unknown ("
                        + sysfbOption.unknown() + ")", cfg.source()));
                ReserveFbChange sel = Knowledge.get().reserveFbChange(Knowledge.SYSFB_SELECTED);
                if (kernel != null && sel.inRelease(kernel)) {
                    vars.put(Var.SYSFB, true);
                    r.add(Reason.derived("CONFIG_SYSFB taken as y: from " + sel.from() + " " + sel.effect()
                            + ", and a kernel that boots a Gen2 guest has EFI (VTL mode kernels are paravisors, not kdump kernels)",
                            "knowledge.json: " + sel.source()));
                } else {
                    vars.put(Var.SYSFB, null);
                }
            } else {
                String sysfb = sysfbOption.value().orElse(null);
                vars.put(Var.SYSFB, "y".equals(sysfb));
                r.add(Reason.of("kdump kernel CONFIG_SYSFB=" + (sysfb == null ? "(not in the config: off)" : sysfb), cfg.source()));
            }
            Fact<Optional<String>> hypervOption = kk.option("CONFIG_HYPERV");
            if (!hypervOption.known()) {
                return; // unknown, not absent: whether the kdump kernel has a VMBus driver stays open
            }
            String hyperv = hypervOption.value().orElse(null);
            if (hyperv == null || hyperv.equals("n")) {
                vmbusInKdump = false;
                r.add(Reason.of("the kdump kernel has no CONFIG_HYPERV: no VMBus driver, so nothing is reserved and no"
                        + " pci_hyperv runs (nor does any VMBus device work)", cfg.source()));
            } else {
                vmbusInKdump = true;
            }
        }

        void fix(KdumpKernelFacts kk, List<Reason> r) {
            org.kexecinspect.model.fix.FbReserveFix decision = org.kexecinspect.model.fix.FbReserveFixDecision.decide(kk);
            Fact<Boolean> fx = decision.carriedFact();
            vars.put(Var.FIX, fx.orElse(null));
            String commit = Knowledge.get().fbReserveFixCommit();
            if (fx.known()) {
                r.add(Reason.of("the kdump kernel " + (fx.value() ? "carries " : "lacks ") + commit
                        + " (" + decision.evidence() + ")", fx.source()));
            } else {
                r.add(Reason.of("whether the kdump kernel carries " + commit + " is unknown (" + fx.unknown() + ")", fx.source()));
            }
        }

        /** EFI_BOOT decides which branch vmbus_reserve_fb() takes (domain.md 8, EFI_BOOT modifier). */
        void efiBoot(PathPrediction used, List<Reason> r) {
            Boolean efi = used == null ? null : used.efiBoot();
            String path = used == null ? "no load path" : java.util.Objects.toString(used.loadPath(), "unknown");
            if (efi != null) {
                r.add(efi ? Reason.of("the kdump kernel is EFI-booted (" + path + "): vmbus_reserve_fb() takes its Gen2 branch", D72)
                        : Reason.derived("the kdump kernel is not EFI-booted (" + path + "): vmbus_reserve_fb() takes its Gen1"
                                + " branch, which looks for PCI 1414:5353", D8 + " (EFI_BOOT modifier; domain.md open question 6)"));
            } else if (generation != null && generation == 1) {
                efi = false;
                r.add(Reason.derived("a Gen1 (BIOS) VM: the kdump kernel is not EFI-booted either", "domain.md 7.2, 7.5"));
            } else if ("aarch64".equals(arch)) {
                efi = true;
                r.add(Reason.derived("arm64 Hyper-V guests boot through UEFI and the kdump kernel inherits the EFI system"
                        + " table, so it is taken as EFI-booted", "domain.md 5.3, 7.5"));
            } else {
                r.add(Reason.of("whether the kdump kernel will be EFI-booted is unknown (" + path + ")", D8));
            }
            vars.put(Var.EFI_BOOT, efi);
        }

        /**
         * vmbus_reserve_fb() reads screen_info.lfb_base (32 bits; ext_lfb_base is not consulted) and
         * screen_info.lfb_size raw, as bytes, whatever the video type: max_t(__u32, lfb_size, 8 MiB).
         * A KEXEC_LOAD blob from kexec-tools holds 64 KiB units even with VIDEO_TYPE_EFI, which the
         * 8 MiB minimum swallows (domain.md 1 "lfb_size units", 7.2).
         */
        void screenInfo(PathPrediction used, List<Reason> r) {
            ScreenInfo si = used == null ? null : used.kdumpScreenInfo();
            if (si != null) {
                lfbBase = si.lfbBase() & 0xffffffffL;
                lfbSizeRaw = si.lfbSize() & 0xffffffffL;
                boolean units64k = si.videoType() == VideoType.VLFB || used.loadPath().equals(PathPrediction.KEXEC_LOAD);
                String units = lfbBase != 0 && lfbSizeRaw != 0 && units64k
                        ? " (vmbus_reserve_fb() takes it as bytes even where it holds 64 KiB units, as kexec-tools writes it;"
                                + " the 8 MiB minimum absorbs that)" : "";
                r.add(Reason.of(String.format(Locale.ROOT, "the kdump kernel's screen_info: lfb_base 0x%x, lfb_size %d%s",
                        lfbBase, lfbSizeRaw, units), D72 + "; domain.md 1 'lfb_size units'"));
                if (lfbBase == 0 && si.has64BitBase() && si.extLfbBase() != 0) {
                    r.add(Reason.of("ext_lfb_base is set but vmbus_reserve_fb() reads only the low 32 bits: it sees 0", D72));
                }
            } else if (used != null && Boolean.TRUE.equals(used.lfbBaseZero())) {
                lfbBase = 0L;
                r.add(Reason.of("the kdump kernel's lfb_base will be 0 (" + used.loadPath() + ")", D8));
            } else {
                r.add(Reason.of("the kdump kernel's lfb_base is unknown" + (used == null ? "" : " (" + java.util.Objects.toString(used.loadPath(), "unknown") + ")"), D8));
            }
        }

        void passThrough(Hyperv hv, List<Reason> r) {
            Fact<List<PciDevice>> pci = hv.pciDevices();
            if (!pci.known()) {
                r.add(Reason.of("the PCI devices are unknown (" + pci.unknown() + ")", pci.source()));
                return;
            }
            Set<String> buses = new LinkedHashSet<>();
            for (PciDevice d : pci.value()) {
                if (d.behindHvPci()) {
                    int colon = d.address().lastIndexOf(':');
                    buses.add(colon > 0 ? d.address().substring(0, colon) : d.address());
                }
            }
            passThroughBuses = buses.size();
            if (buses.isEmpty()) {
                vars.put(Var.PCI_HYPERV, false);
                r.add(Reason.of("no PCI device sits behind hv_pci: pci_hyperv has nothing to probe, so it allocates no config"
                        + " window", pci.source()));
            } else {
                r.add(Reason.of(buses.size() + " PCI pass-through bus(es) behind hv_pci " + buses
                        + ": pci_hyperv allocates one 8 KiB config window for each, in probe order", pci.source() + "; " + D73));
            }
        }

        /** Gen1's legacy video device and its BAR 0 (2a8a8afba0c3 reserves exactly that). */
        void legacyVideo(Hyperv hv, IomemFacts iomem, List<Reason> r) {
            if (!hv.pciDevices().known()) {
                return;
            }
            Optional<PciDevice> dev = hv.pciDevices().value().stream()
                    .filter(d -> d.vendor() == MSFT_VENDOR && d.device() == LEGACY_VIDEO).findFirst();
            legacyVideo = dev.isPresent();
            if (dev.isEmpty()) {
                return;
            }
            if (iomem.pciWindows().known()) {
                for (PciBusWindow w : iomem.pciWindows().value()) {
                    for (PciBar b : w.bars()) {
                        if (b.device().toString().equals(dev.get().address())
                                && b.region().start() < FOUR_GIB && (legacyBar == null || b.region().start() < legacyBar.start())) {
                            legacyBar = new Range(b.region().start(), b.region().end());
                        }
                    }
                }
            }
            if (legacyBar != null) {
                r.add(Reason.of(String.format(Locale.ROOT, "the legacy video device %s (1414:5353) has its BAR at %s",
                        dev.get().address(), hex(legacyBar)), iomem.pciWindows().source()));
            } else {
                legacyBar = new Range(0xF8000000L, 0xF8000000L + 64 * MIB - 1);
                r.add(Reason.derived("the legacy video device " + dev.get().address() + " (1414:5353) is there but its BAR is"
                        + " not shown; Hyper-V Gen1 fixes it at 0xf8000000, 64 MiB", D75));
            }
        }

        /** domain.md 7.5 rows whose low MMIO reaches 4 GiB, by architecture: base → platform. */
        static String tableRow(String arch, long base) {
            boolean arm = "aarch64".equals(arch);
            boolean x86 = arch == null || org.kexecinspect.facts.Machine.isX86(arch);
            if (x86 && base == 0xF8000000L) {
                return "x86 Gen2 local Hyper-V default (128 MiB)";
            }
            if (x86 && base == 0xC0000000L) {
                return "x86 Gen2 Azure CVM (1 GiB)";
            }
            if ((x86 || arm) && base == 0x40000000L) {
                return (arm ? "arm64" : "x86") + " Gen2 Azure (3 GiB)";
            }
            if (arm && base == 0xE0000000L) {
                return "arm64 Gen2 local default (512 MiB)";
            }
            return null;
        }

        void lowMmio(SystemFacts f, AssumedLowMmio assumed, List<Reason> r) {
            IomemFacts io = f.iomem();
            if (io.highMmio().known()) {
                highMmio = new Range(io.highMmio().value().start(), io.highMmio().value().end());
            }
            Boolean fix = vars.get(Var.FIX);
            if (assumed != null) {
                lowStart = assumed.start();
                lowEnd = assumed.end();
                r.add(Reason.derived(String.format(Locale.ROOT, "low MMIO assumed to start at 0x%x%s: %s", lowStart,
                        lowEnd == null ? "" : String.format(Locale.ROOT, " and end at 0x%x", lowEnd), assumed.why()), "stated by the user"));
                return;
            }
            if (io.lowMmio().known()) {
                lowStart = io.lowMmio().value().start();
                lowEnd = io.lowMmio().value().end();
                String cut = "";
                if (lowEnd == VTPM_BASE - 1 && Boolean.FALSE.equals(fix)) {
                    lowEnd = VTPM_BASE;   // the old cut ends an inclusive range on the vTPM's first byte
                    cut = "; without 016a25e4b0df the kdump kernel cuts it at 0xfed40000 inclusive";
                }
                r.add(Reason.of(String.format(Locale.ROOT, "low MMIO 0x%x-0x%x, from the PCI root windows that hold the VMBus"
                        + " allocations%s", lowStart, lowEnd, cut), io.lowMmio().source() + "; " + D71));
                return;
            }
            String why = io.lowMmio().unknown() == null ? "" : io.lowMmio().unknown().detail();
            if (generation != null && generation == 1) {
                r.add(Reason.of("low MMIO unknown: " + why, io.lowMmio().source()));
                return;
            }
            // Gen2: the framebuffer starts at the low MMIO base (domain.md 7.5), so its address tells the base
            String source = null;
            Long base = null;
            boolean fromVram = false;
            Fact<org.kexecinspect.format.x86.BootParams> bp = f.bootParams();
            if (bp.known()) {
                ScreenInfo boot = bp.value().screenInfo();
                if (boot.videoType() == VideoType.EFI && boot.lfbAddress() != 0 && boot.lfbAddress() < FOUR_GIB) {
                    base = boot.lfbAddress();
                    source = "the boot-time screen_info's GOP framebuffer (" + bp.source() + ")";
                }
            }
            if (base == null && io.framebufferRegion().known()) {
                Framebuffer fb = io.framebufferRegion().value();
                if (fb.kind() != FramebufferKind.HYPERV_SYNTHETIC_VIDEO && fb.region().start() < FOUR_GIB) {
                    base = fb.region().start();
                    source = "the firmware framebuffer region " + fb.region() + " (" + io.framebufferRegion().source() + ")";
                }
            }
            if (base == null && io.vmbusAllocations().known()) {
                Optional<VmbusAllocation> video = io.vmbusAllocations().value().stream()
                        .filter(a -> a.use() == AllocationUse.SYNTHETIC_VIDEO && a.region().start() < FOUR_GIB).findFirst();
                if (video.isPresent()) {
                    if (tableRow(arch, video.get().region().start()) != null) {
                        base = video.get().region().start();
                        fromVram = true;
                        source = "the synthetic video's VRAM " + video.get().region() + " (" + io.vmbusAllocations().source()
                                + "), at a layout's base so taken as not relocated";
                    } else {
                        r.add(Reason.of("the synthetic video's VRAM " + video.get().region() + " is at no known low MMIO base:"
                                + " hyperv_drm may have relocated it, so it does not tell the base", io.vmbusAllocations().source()
                                + "; " + D74));
                    }
                }
            }
            if (base == null) {
                r.add(Reason.of("low MMIO unknown: " + why + (Boolean.TRUE.equals(f.hyperv().cvm().orElse(null))
                        ? "; a confidential VM has no framebuffer to tell its base" : "; no framebuffer address tells its base"),
                        io.lowMmio().source() + "; " + D75));
                return;
            }
            if (io.vmbusAllocations().known()) {
                for (VmbusAllocation a : io.vmbusAllocations().value()) {
                    if (a.region().start() < base) {
                        r.add(Reason.of("low MMIO unknown: the framebuffer at 0x" + Long.toHexString(base) + " is not the base,"
                                + " since VMBus allocation " + a.region() + " lies below it", io.vmbusAllocations().source()));
                        return;
                    }
                }
            }
            lowStart = base;
            String row = tableRow(arch, base);
            if (row != null) {
                lowEnd = Boolean.FALSE.equals(fix) ? VTPM_BASE : VTPM_BASE - 1;
            }
            r.add(Reason.derived(String.format(Locale.ROOT, "low MMIO base 0x%x: on Gen2 the framebuffer starts at the low MMIO"
                    + " base, and %s is there%s", base, source, row == null
                    ? "; its end is unknown (no layout of domain.md 7.5 has this base)"
                    : String.format(Locale.ROOT, "; the base matches the %s layout, whose range reaches 4 GiB and is cut at the"
                            + " vTPM: it ends at 0x%x%s", row, lowEnd, Boolean.FALSE.equals(fix)
                            ? " (inclusive, as kernels without 016a25e4b0df cut it)" : "")),
                    D75 + "; " + D71 + (fromVram ? "; " + D74 : "")));
        }

        /**
         * The framebuffer the host uses when the kdump kernel boots: where the first kernel's synthetic
         * video driver last put its VRAM (its VMBus allocation in iomem), else the boot-time one, sized
         * max(size, 8 MiB): the GOP reports less than the host maps (3 MiB on a default VM), hyperv_drm
         * and hyperv_fb default to 8 MiB, and vmbus_reserve_fb() uses the same 8 MiB minimum
         * (domain.md 7.2, 7.4, 7.5).
         */
        void framebuffer(SystemFacts f, List<Reason> r) {
            Hyperv hv = f.hyperv();
            IomemFacts io = f.iomem();
            if (Boolean.TRUE.equals(hv.cvm().orElse(null)) || Boolean.FALSE.equals(hv.syntheticVideo().orElse(null))) {
                noFramebuffer = true;
                r.add(Reason.of(Boolean.TRUE.equals(hv.cvm().orElse(null))
                        ? "a confidential VM has no framebuffer device: nothing for a config window to collide with"
                        : "no synthetic video device on the VMBus: no framebuffer for a config window to collide with",
                        (Boolean.TRUE.equals(hv.cvm().orElse(null)) ? hv.cvm().source() : hv.syntheticVideo().source())
                                + "; domain.md 7.5 (016a25e4b0df message)"));
                return;
            }
            long min = sizes.gen2Minimum();
            if (io.vmbusAllocations().known()) {
                io.vmbusAllocations().value().stream().filter(a -> a.use() == AllocationUse.SYNTHETIC_VIDEO).findFirst()
                        .ifPresent(a -> {
                            currentFramebuffer = new Range(a.region().start(), a.region().end());
                            vramSize = a.region().size();
                            r.add(Reason.of("the first kernel's synthetic video VRAM (where the host now draws) is at "
                                    + hex(currentFramebuffer), io.vmbusAllocations().source() + "; " + D74));
                        });
            }
            if (generation != null && generation == 1 && legacyBar != null) {
                bootFramebuffer = legacyBar;
                return;
            }
            Fact<org.kexecinspect.format.x86.BootParams> bp = f.bootParams();
            if (bp.known()) {
                ScreenInfo boot = bp.value().screenInfo();
                if (boot.lfbAddress() != 0 && (boot.videoType() == VideoType.EFI || boot.videoType() == VideoType.VLFB)) {
                    long size = Math.max(boot.lfbSizeBytes(), min);
                    bootFramebuffer = new Range(boot.lfbAddress(), boot.lfbAddress() + size - 1);
                    r.add(Reason.of(String.format(Locale.ROOT, "the boot-time framebuffer: %s (lfb_size %d bytes, taken as"
                            + " at least 8 MiB)", hex(bootFramebuffer), boot.lfbSizeBytes()), bp.source() + "; " + D72));
                    return;
                }
            }
            if (io.framebufferRegion().known()
                    && io.framebufferRegion().value().kind() != FramebufferKind.HYPERV_SYNTHETIC_VIDEO) {
                Framebuffer fb = io.framebufferRegion().value();
                bootFramebuffer = new Range(fb.region().start(), fb.region().start() + Math.max(fb.region().size(), min) - 1);
                r.add(Reason.of("the boot-time framebuffer: " + hex(bootFramebuffer) + " (the firmware framebuffer's region "
                        + fb.region() + ", taken as at least 8 MiB)", io.framebufferRegion().source()));
                return;
            }
            if (currentFramebuffer == null && lowStart != null && (generation == null || generation == 2)) {
                bootFramebuffer = new Range(lowStart, lowStart + min - 1);
                r.add(Reason.derived("the boot-time framebuffer taken as " + hex(bootFramebuffer) + ": it starts at the low MMIO"
                        + " base on Gen2, 8 MiB by default", D75 + "; " + D74));
            }
        }
    }

    // ---- probe order ------------------------------------------------------------------------

    /** Whether pci_hyperv probes before the synthetic video driver in the kdump kernel (domain.md 7.3). */
    static final class ProbeOrder {
        private ProbeOrder() {}

        enum Build { BUILT_IN, MODULE, ABSENT }

        static Build build(Map<String, Optional<String>> config, String option) {
            String v = config.getOrDefault(option, Optional.empty()).orElse("n");
            return v.equals("y") ? Build.BUILT_IN : v.equals("m") ? Build.MODULE : Build.ABSENT;
        }

        static Boolean pciHypervFirst(SystemFacts f, Inputs in, List<Reason> r) {
            KdumpKernelFacts kk = f.kdumpKernel();
            Build pci;
            Build video;
            String src;
            if (kk.option("CONFIG_PCI_HYPERV").known() && kk.option("CONFIG_DRM_HYPERV").known() && kk.option("CONFIG_FB_HYPERV").known()) {
                Map<String, Optional<String>> c = kk.config().value();
                pci = build(c, "CONFIG_PCI_HYPERV");
                Build drm = build(c, "CONFIG_DRM_HYPERV");
                Build fb = build(c, "CONFIG_FB_HYPERV");
                video = drm == Build.BUILT_IN || fb == Build.BUILT_IN ? Build.BUILT_IN
                        : drm == Build.MODULE || fb == Build.MODULE ? Build.MODULE : Build.ABSENT;
                src = kk.config().source();
                r.add(Reason.of("kdump kernel: pci_hyperv " + word(pci) + ", hyperv_drm " + word(drm) + ", hyperv_fb "
                        + word(fb), src));
            } else if (sameReleaseAsRunning(f) && f.modules().get("pci_hyperv").builtin().known()
                    && f.modules().get("hyperv_drm").builtin().known()) {
                ModuleFacts.ModuleState p = f.modules().get("pci_hyperv");
                pci = p.builtin().value() ? Build.BUILT_IN : Build.MODULE;
                boolean drmIn = f.modules().get("hyperv_drm").builtin().value();
                boolean fbIn = f.modules().get("hyperv_fb").builtin().orElse(false);
                video = drmIn || fbIn ? Build.BUILT_IN : Build.MODULE;
                src = p.builtin().source();
                r.add(Reason.of("the kdump kernel is the running release: pci_hyperv " + word(pci) + ", hyperv_drm/hyperv_fb "
                        + word(video) + " (modules.builtin; a module may also be missing, which changes nothing here)", src));
            } else {
                r.add(Reason.of("which of pci_hyperv and hyperv_drm are built into the kdump kernel is unknown (its config is"
                        + " unknown): probe order unknown", kk.config().source()));
                return null;
            }
            if (pci == Build.ABSENT) {
                in.vars.put(Var.PCI_HYPERV, false);
                r.add(Reason.of("the kdump kernel has no pci_hyperv: no config window (and no pass-through device at all)", src));
                return null;
            }
            if (in.vars.get(Var.PCI_HYPERV) == null && in.passThroughBuses > 0) {
                in.vars.put(Var.PCI_HYPERV, true);
            }
            if (video == Build.ABSENT) {
                r.add(Reason.of("no hyperv_drm or hyperv_fb in the kdump kernel: nothing allocates before pci_hyperv", src));
                return true;
            }
            if (pci == Build.BUILT_IN && video == Build.MODULE) {
                r.add(Reason.of("pci_hyperv is built in and the video driver a module: built-in drivers probe during boot,"
                        + " before any module loads (the typical trigger)", src + "; " + D73 + " (016a25e4 message)"));
                return true;
            }
            if (pci == Build.MODULE && video == Build.BUILT_IN) {
                r.add(Reason.of("the video driver is built in and pci_hyperv a module: the video driver allocates first", src));
                return false;
            }
            if (pci == Build.BUILT_IN) {
                r.add(Reason.of("pci_hyperv and the video driver are both built in: their order follows initcall and link order"
                        + " and VMBus device offers, which this model does not follow", src));
                return null;
            }
            return modulesOrder(kk, r);
        }

        /** Both modules: the kdump initramfs decides what udev can load before the root is mounted. */
        static Boolean modulesOrder(KdumpKernelFacts kk, List<Reason> r) {
            KdumpKernelFacts.InitramfsFacts ir = kk.initramfs();
            if (!ir.modules().known()) {
                r.add(Reason.of("pci_hyperv and the video driver are modules, and what the kdump initramfs holds is unknown ("
                        + ir.modules().unknown() + "): probe order unknown", ir.modules().source()));
                return null;
            }
            Map<String, Boolean> mods = ir.modules().value();
            List<String> off = ir.blacklisted().orElse(List.of());
            boolean pciIn = Boolean.TRUE.equals(mods.get("pci_hyperv")) && !off.contains("pci_hyperv");
            boolean drmIn = Boolean.TRUE.equals(mods.get("hyperv_drm")) && !off.contains("hyperv_drm");
            boolean fbIn = Boolean.TRUE.equals(mods.get("hyperv_fb")) && !off.contains("hyperv_fb");
            String what = "kdump initramfs: pci_hyperv " + (pciIn ? "loadable" : "absent or blacklisted") + ", hyperv_drm "
                    + (drmIn ? "loadable" : "absent or blacklisted") + ", hyperv_fb " + (fbIn ? "loadable" : "absent or blacklisted");
            if (pciIn && !drmIn && !fbIn) {
                r.add(Reason.of(what + ": the video driver can load only after the root is mounted, after pci_hyperv",
                        ir.modules().source()));
                return true;
            }
            if (!pciIn && (drmIn || fbIn)) {
                r.add(Reason.of(what + ": the video driver loads first", ir.modules().source()));
                return false;
            }
            r.add(Reason.of(what + ": udev loads them as their devices appear, in no fixed order; probe order unknown",
                    ir.modules().source()));
            return null;
        }

        private static boolean sameReleaseAsRunning(SystemFacts f) {
            return f.kdumpKernel().release().known() && f.machine().kernelRelease().known()
                    && f.kdumpKernel().release().value().equals(f.machine().kernelRelease().value());
        }

        private static String word(Build b) {
            return switch (b) {
                case BUILT_IN -> "built in";
                case MODULE -> "a module";
                case ABSENT -> "absent";
            };
        }
    }

    // ---- one case: every yes/no fact set ------------------------------------------------------

    enum ResKind { NONE, RANGE, AT_LOW_BASE, UNKNOWN }

    /** The outcome of one case. */
    record Outcome(ResKind kind, Range reservation, Range window, Boolean conflict, List<Reason> trail, String summary) {}

    static Outcome outcome(Inputs in, Map<Var, Boolean> v) {
        List<Reason> t = new ArrayList<>();
        ResKind kind;
        Range res = null;
        ReserveFbSizes s = in.sizes;
        if (v.get(Var.EFI_BOOT)) {
            if (v.get(Var.SYSFB_GATE) && !v.get(Var.SYSFB)) {
                kind = ResKind.NONE;
                t.add(Reason.of("EFI branch without CONFIG_SYSFB on 6.7 or later: vmbus_reserve_fb() reserves nothing", D72 + " (a07b50d80ab6)"));
            } else if (in.lfbBase == null) {
                kind = ResKind.UNKNOWN;
                t.add(Reason.of("EFI branch: what is reserved depends on the kdump kernel's lfb_base, which is unknown", D72));
            } else if (v.get(Var.FIX)) {
                long b = in.lfbBase;
                if (in.lowStart == null) {
                    if (b == 0) {
                        kind = ResKind.AT_LOW_BASE;
                        t.add(Reason.of("016a25e4b0df: lfb_base 0 falls back to the low MMIO base; it reserves min((4 GiB - base)/2,"
                                + " 128 MiB) there (the base is unknown here)", D72));
                    } else {
                        long size = Math.min((FOUR_GIB - b) / 2, s.fallbackCap());
                        res = request(in, b, size, t);
                        kind = res == null ? ResKind.NONE : ResKind.RANGE;
                        t.add(Reason.derived(String.format(Locale.ROOT, "016a25e4b0df: lfb_base 0x%x (taken as not below the"
                                + " unknown low MMIO base) gets min((4 GiB - start)/2, 128 MiB)%s", b,
                                res == null ? ": the request fails" : " = " + hex(res)), D72));
                    }
                } else if (in.lowStart == 0 || in.lowStart >= FOUR_GIB || (b != 0 && b < in.lowStart)) {
                    t.add(Reason.of(String.format(Locale.ROOT, "016a25e4b0df warns \"Unexpected low mmio base\" (lfb_base 0x%x,"
                            + " low base 0x%x) and keeps the old rule", b, in.lowStart), D72));
                    res = b == 0 ? null : request(in, b, Math.max(in.lfbSizeRaw == null ? 0 : in.lfbSizeRaw, s.gen2Minimum()), t);
                    kind = res == null ? ResKind.NONE : ResKind.RANGE;
                } else {
                    long start = b == 0 ? in.lowStart : b;
                    long size = Math.min((FOUR_GIB - start) / 2, s.fallbackCap());
                    res = request(in, start, size, t);
                    kind = res == null ? ResKind.NONE : ResKind.RANGE;
                    t.add(Reason.of(String.format(Locale.ROOT, "016a25e4b0df: start = %s 0x%x, size = min((4 GiB - start)/2,"
                            + " 128 MiB) = %d MiB%s", b == 0 ? "the low MMIO base (lfb_base is 0)" : "lfb_base", start, size / MIB,
                            res == null ? ": the request fails" : ": reserves " + hex(res)), D72));
                }
            } else if (in.lfbBase == 0) {
                kind = ResKind.NONE;
                t.add(Reason.of("EFI branch, lfb_base 0 and no 016a25e4b0df: vmbus_reserve_fb() reserves nothing", D72 + "; " + D8));
            } else {
                long size = Math.max(in.lfbSizeRaw == null ? 0 : in.lfbSizeRaw, s.gen2Minimum());
                res = request(in, in.lfbBase, size, t);
                kind = res == null ? ResKind.NONE : ResKind.RANGE;
                t.add(Reason.of(String.format(Locale.ROOT, "EFI branch: start = lfb_base 0x%x, size = max(lfb_size, 8 MiB)%s",
                        in.lfbBase, res == null ? ": the request fails" : ": reserves " + hex(res)), D72));
            }
        } else if (v.get(Var.GEN1_PCI_BAR)) {
            if (Boolean.FALSE.equals(in.legacyVideo)) {
                kind = ResKind.NONE;
                t.add(Reason.of("non-EFI branch: no PCI 1414:5353 (a Gen2 VM has none), so nothing is reserved whatever lfb_base"
                        + " says, even with 016a25e4b0df", D72 + "; " + D8));
            } else if (in.legacyBar == null) {
                kind = ResKind.UNKNOWN;
                t.add(Reason.of("non-EFI branch: whether PCI 1414:5353 exists is unknown", D72));
            } else {
                res = request(in, in.legacyBar.start(), in.legacyBar.size(), t);
                kind = res == null ? ResKind.NONE : ResKind.RANGE;
                t.add(Reason.of("non-EFI branch: reserves BAR 0 of PCI 1414:5353" + (res == null ? ", but the request fails"
                        : ", " + hex(res)) + "; screen_info does not matter", D72 + " (2a8a8afba0c3)"));
            }
        } else if (in.lfbBase == null) {
            kind = ResKind.UNKNOWN;
            t.add(Reason.of("non-EFI branch before 6.0: it depends on lfb_base, which is unknown", D72));
        } else if (in.lfbBase == 0) {
            kind = ResKind.NONE;
            t.add(Reason.of("non-EFI branch before 6.0 with lfb_base 0: nothing reserved", D72));
        } else {
            res = request(in, in.lfbBase, Math.max(in.lfbSizeRaw == null ? 0 : in.lfbSizeRaw, s.gen1Minimum()), t);
            kind = res == null ? ResKind.NONE : ResKind.RANGE;
            t.add(Reason.of(String.format(Locale.ROOT, "non-EFI branch before 6.0: start = lfb_base 0x%x, size = max(lfb_size,"
                    + " 64 MiB)%s", in.lfbBase, res == null ? ": the request fails" : ": reserves " + hex(res)), D72));
        }
        return window(in, v, kind, res, t);
    }

    /**
     * __request_region(hyperv_mmio, start, size), halving size until it fits or drops below 1 MiB.
     * At that point nothing else is in the range, so only the range's own bounds can refuse it.
     */
    static Range request(Inputs in, long start, long size, List<Reason> t) {
        if (in.lowStart != null && start < in.lowStart) {
            t.add(Reason.of(String.format(Locale.ROOT, "0x%x is below the low MMIO range: the reservation fails", start), D72));
            return null;
        }
        if (in.lowEnd == null) {
            return new Range(start, start + size - 1);
        }
        long sz = size;
        while (sz >= in.sizes.smallestRequest() && start + sz - 1 > in.lowEnd) {
            sz >>= 1;
        }
        if (sz < in.sizes.smallestRequest()) {
            t.add(Reason.of(String.format(Locale.ROOT, "0x%x leaves no 1 MiB before the low MMIO end 0x%x: the reservation fails",
                    start, in.lowEnd), D72));
            return null;
        }
        if (sz != size) {
            t.add(Reason.of(String.format(Locale.ROOT, "%d bytes at 0x%x pass the low MMIO end: halved to %d", size, start, sz), D72));
        }
        return new Range(start, start + sz - 1);
    }

    /** Where pci_hyperv's config window(s) land, and whether one sits on the host's framebuffer. */
    static Outcome window(Inputs in, Map<Var, Boolean> v, ResKind kind, Range res, List<Reason> t) {
        String resText = switch (kind) {
            case NONE -> "nothing reserved";
            case RANGE -> "reserves " + hex(res);
            case AT_LOW_BASE -> "reserves at the low MMIO base";
            case UNKNOWN -> "reservation unknown";
        };
        if (!v.get(Var.PCI_HYPERV)) {
            t.add(Reason.of("no pci_hyperv config window in the kdump kernel, so nothing to collide with the framebuffer", D73));
            return new Outcome(kind, res, null, false, t, resText + "; no config window");
        }
        boolean pciFirst = v.get(Var.PCI_FIRST);
        Range fb = in.hostFramebuffer();
        if (in.lowStart == null) {
            Boolean conflict = in.noFramebuffer ? Boolean.FALSE : null;
            if (kind == ResKind.AT_LOW_BASE && conflict == null) {
                conflict = false;
                t.add(Reason.derived("the reservation starts at the low MMIO base, where Gen2 puts the framebuffer, so the config"
                        + " window lands above it; where exactly is unknown", D75 + "; " + D73));
            } else if (!pciFirst && conflict == null) {
                conflict = false;
                t.add(Reason.of("the video driver allocates its VRAM first and tells the host, so the config window lands beside"
                        + " it, not on it; where exactly is unknown", D74));
            } else {
                t.add(Reason.of("the low MMIO base is unknown: where the config window lands is unknown", D73));
            }
            return new Outcome(kind, kind == ResKind.RANGE ? res : null, null, conflict, t, resText + "; config window unknown"
                    + (conflict == null ? "" : conflict ? "; conflict" : "; no conflict"));
        }
        if (kind == ResKind.UNKNOWN) {
            t.add(Reason.of("with the reservation unknown, where the config window lands is unknown", D73));
            Boolean conflict = in.noFramebuffer || !pciFirst ? Boolean.FALSE : null;
            return new Outcome(kind, null, null, conflict, t, resText + "; config window unknown");
        }
        List<Range> taken = new ArrayList<>();
        if (res != null) {
            taken.add(res);
        }
        boolean videoMovedHere = false;
        if (!pciFirst) {
            if (in.vramSize == null) {
                t.add(Reason.of("the video driver allocates first, with a VRAM size unknown here: it tells the host its new place"
                        + " and the config window lands beside it; where exactly is unknown", D74));
                return new Outcome(kind, res, null, false, t, resText + "; video first; config window unknown; no conflict");
            }
            if (res != null && in.vramSize <= res.size()) {
                t.add(Reason.of(String.format(Locale.ROOT, "the video driver allocates first: its %d MiB VRAM fits in the"
                        + " reservation (fb_overlap_ok)", in.vramSize / MIB), D74));
            } else {
                Range vram = firstFit(in.lowStart, in.lowEnd, in.vramSize, VRAM_ALIGN, taken);
                if (vram == null) {
                    t.add(Reason.of("the video driver's VRAM does not fit in low MMIO; it goes high", D74));
                } else {
                    taken.add(vram);
                    t.add(Reason.of("the video driver allocates first: its VRAM takes " + hex(vram) + " and the host draws there",
                            D74));
                }
            }
            videoMovedHere = true;
        }
        int count = Math.max(1, in.passThroughBuses);
        List<Range> windows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Range w = firstFit(in.lowStart, in.lowEnd, CONFIG_WINDOW_SIZE, CONFIG_WINDOW_ALIGN, taken);
            if (w == null) {
                break;
            }
            windows.add(w);
            taken.add(w);
        }
        if (windows.isEmpty()) {
            t.add(Reason.of("no 8 KiB slot left in low MMIO: pci_hyperv takes its window from high MMIO", D71));
            return new Outcome(kind, res, null, false, t, resText + "; config window in high MMIO");
        }
        Range first = windows.get(0);
        t.add(Reason.of("pci_hyperv's config window lands first-fit at " + hex(first) + (windows.size() > 1
                ? " and the next bus's at " + hex(windows.get(1)) + (windows.size() > 2 ? ", …" : "") : "")
                + " (0x2000 bytes, 0x1000-aligned, from the low MMIO start, around what is already taken)", D73 + "; " + D71));
        Boolean conflict;
        if (in.noFramebuffer || videoMovedHere) {
            conflict = false;
        } else if (fb == null) {
            conflict = null;
            t.add(Reason.of("where the host's framebuffer is, is unknown: conflict unknown", D73));
        } else if (windows.stream().anyMatch(w -> w.overlaps(fb))) {
            conflict = true;
            t.add(Reason.of("the config window overlaps the framebuffer the host still uses (" + hex(fb) + "): the host refuses"
                    + " D0 entry (\"PCI Pass-through VSP failed D0 Entry with status c0370048\")", D73 + "; " + D8));
        } else if (in.currentFramebuffer != null && in.bootFramebuffer != null
                && windows.stream().anyMatch(w -> w.overlaps(in.bootFramebuffer))) {
            conflict = null;
            t.add(Reason.of("the config window misses the VRAM the first kernel's video driver moved to (" + hex(fb)
                    + ") but overlaps the boot-time framebuffer " + hex(in.bootFramebuffer) + "; whether the host still guards"
                    + " that range is not known", D73 + "; " + D74));
        } else {
            conflict = false;
            t.add(Reason.of("the config window stays clear of the framebuffer " + hex(fb), D73));
        }
        if (conflict == null || conflict || res == null) {
            t.add(Reason.derived("pci_hyperv then allocates its bridge windows: 32-bit BARs come from low MMIO too, first-fit"
                    + " above the config window, so without a reservation they can also land on the framebuffer", D71 + "; " + D73));
        }
        return new Outcome(kind, res, first, conflict, t, resText + "; config window " + hex(first)
                + (conflict == null ? "; conflict unknown" : conflict ? "; conflict" : "; no conflict"));
    }

    /** vmbus_allocate_mmio()'s walk: aligned slots from the range start upward, skipping what is taken. */
    static Range firstFit(long lo, Long hi, long size, long align, List<Range> taken) {
        List<Range> sorted = new ArrayList<>(taken);
        sorted.sort(Comparator.comparingLong(Range::start));
        long start = alignUp(lo, align);
        for (int pass = 0; pass <= sorted.size(); pass++) {
            boolean moved = false;
            for (Range o : sorted) {
                Range want = new Range(start, start + size - 1);
                if (want.overlaps(o)) {
                    start = alignUp(o.end() + 1, align);
                    moved = true;
                }
            }
            if (!moved) {
                break;
            }
        }
        if (hi != null && start + size - 1 > hi) {
            return null;
        }
        return new Range(start, start + size - 1);
    }

    static long alignUp(long x, long align) {
        return (x + align - 1) & -align;
    }

    // ---- every case, merged -----------------------------------------------------------------

    record Merged(ResKind reservationKind, Range reservation, Range window, Boolean conflict, Boolean pciFirst,
            List<Reason> reasons) {}

    static Merged enumerate(Inputs in) {
        List<Var> unknown = new ArrayList<>();
        for (Var v : Var.values()) {
            boolean irrelevant = v == Var.PCI_FIRST && Boolean.FALSE.equals(in.vars.get(Var.PCI_HYPERV));
            if (in.vars.get(v) == null && !irrelevant) {
                unknown.add(v);
            }
        }
        List<Map<Var, Boolean>> cases = new ArrayList<>();
        for (int bits = 0; bits < 1 << unknown.size(); bits++) {
            EnumMap<Var, Boolean> c = new EnumMap<>(Var.class);
            for (Var v : Var.values()) {
                int i = unknown.indexOf(v);
                c.put(v, i < 0 ? Boolean.TRUE.equals(in.vars.get(v)) : (bits >> i & 1) == 1);
            }
            // a07b50d80ab6 (6.7) came after 2a8a8afba0c3 (6.0): a kernel cannot have the first without the second
            if (c.get(Var.SYSFB_GATE) && !c.get(Var.GEN1_PCI_BAR)) {
                continue;
            }
            cases.add(c);
        }
        List<Outcome> outs = new ArrayList<>();
        for (Map<Var, Boolean> c : cases) {
            outs.add(outcome(in, c));
        }
        Outcome o0 = outs.get(0);
        boolean sameRes = outs.stream().allMatch(o -> o.kind() == o0.kind() && Objects.equals(o.reservation(), o0.reservation()));
        boolean sameWin = outs.stream().allMatch(o -> Objects.equals(o.window(), o0.window()));
        boolean sameConflict = outs.stream().allMatch(o -> Objects.equals(o.conflict(), o0.conflict()));
        List<Reason> reasons = new ArrayList<>();
        if (outs.size() == 1) {
            reasons.addAll(o0.trail());
        } else {
            List<String> mattered = new ArrayList<>();
            for (Var v : unknown) {
                if (matters(v, cases, outs)) {
                    mattered.add(v.label);
                }
            }
            reasons.add(Reason.of(cases.size() + " cases for the unknown " + String.join(", ", unknown.stream().map(v -> v.label).toList())
                    + (mattered.isEmpty() ? ": all end the same" : "; the answer turns on " + String.join(", ", mattered)), D8));
            if (cases.size() <= 4) {
                for (int i = 0; i < cases.size(); i++) {
                    reasons.add(Reason.of("if " + describe(cases.get(i), unknown) + ": " + outs.get(i).summary(), D72 + "; " + D73));
                }
            }
            if (sameRes && sameWin && sameConflict) {
                reasons.addAll(o0.trail());
            } else if (sameConflict && o0.conflict() != null) {
                reasons.add(Reason.of("in every case the config window " + (o0.conflict() ? "lands on" : "stays off")
                        + " the framebuffer", D8));
            }
        }
        return new Merged(sameRes ? o0.kind() : ResKind.UNKNOWN, sameRes ? o0.reservation() : null,
                sameWin ? o0.window() : null, sameConflict ? o0.conflict() : null, in.vars.get(Var.PCI_FIRST), reasons);
    }

    /** Whether two cases that differ only in {@code v} end differently. */
    private static boolean matters(Var v, List<Map<Var, Boolean>> cases, List<Outcome> outs) {
        for (int i = 0; i < cases.size(); i++) {
            for (int j = i + 1; j < cases.size(); j++) {
                Map<Var, Boolean> a = cases.get(i);
                Map<Var, Boolean> b = cases.get(j);
                boolean onlyV = true;
                for (Var w : Var.values()) {
                    if (!Objects.equals(a.get(w), b.get(w)) && w != v) {
                        onlyV = false;
                    }
                }
                if (onlyV && !a.get(v).equals(b.get(v)) && !outs.get(i).summary().equals(outs.get(j).summary())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String describe(Map<Var, Boolean> c, List<Var> unknown) {
        List<String> parts = new ArrayList<>();
        for (Var v : unknown) {
            parts.add(v.label + (c.get(v) ? ": yes" : ": no"));
        }
        return String.join(", ", parts);
    }

    static String hex(Range r) {
        return String.format(Locale.ROOT, "0x%x-0x%x", r.start(), r.end());
    }

    // ---- what depends on it ------------------------------------------------------------------

    /** How much the kdump kernel stands to lose if the config window lands on the framebuffer. */
    public enum ExposureKind {
        /** No VMBus: nothing here applies. */
        NOT_HYPERV,
        /** Gen1: the reservation comes from the legacy video device's BAR (since 6.0), not from screen_info. */
        GEN1,
        /** No PCI pass-through device: pci_hyperv allocates nothing. */
        NO_PASSTHROUGH,
        /** The root file system is on a disk behind hv_pci: the kdump kernel loses it with the config window. */
        NVME_ROOT_AT_RISK,
        /** Pass-through devices exist, but the root is elsewhere: they go missing in the kdump kernel, the dump may not. */
        PASSTHROUGH_NOT_ROOT,
        /** A fact that decides it is unknown. */
        UNKNOWN,
    }

    public record Exposure(ExposureKind kind, List<Reason> reasons) {
        public Exposure {
            Objects.requireNonNull(kind);
            reasons = List.copyOf(reasons);
        }
    }

    /** What a misplaced config window would cost on this system (pure; the verdict is made elsewhere). */
    public static Exposure exposure(SystemFacts f, MmioPrediction m) {
        List<Reason> r = new ArrayList<>();
        Hyperv hv = f.hyperv();
        if (!hv.guest().known()) {
            r.add(Reason.of("whether this is a Hyper-V guest is unknown (" + hv.guest().unknown() + ")", hv.guest().source()));
            return new Exposure(ExposureKind.UNKNOWN, r);
        }
        if (!hv.guest().value()) {
            r.add(Reason.of("not a Hyper-V guest", hv.guest().source()));
            return new Exposure(ExposureKind.NOT_HYPERV, r);
        }
        if (hv.generation().known() && hv.generation().value() == 1) {
            r.add(Reason.of("a Gen1 VM: since 6.0 vmbus_reserve_fb() reserves the legacy video device's BAR, whatever"
                    + " screen_info says", hv.generation().source() + "; " + D72 + " (2a8a8afba0c3)"));
            addMmio(m, r);
            return new Exposure(ExposureKind.GEN1, r);
        }
        Fact<List<PciDevice>> pci = hv.pciDevices();
        if (!pci.known()) {
            r.add(Reason.of("the PCI devices are unknown (" + pci.unknown() + ")", pci.source()));
            return new Exposure(ExposureKind.UNKNOWN, r);
        }
        List<PciDevice> through = pci.value().stream().filter(PciDevice::behindHvPci).toList();
        if (through.isEmpty()) {
            r.add(Reason.of("no PCI device behind hv_pci: pci_hyperv allocates no config window, so the framebuffer reservation"
                    + " does not matter for the dump", pci.source() + "; " + D73));
            return new Exposure(ExposureKind.NO_PASSTHROUGH, r);
        }
        r.add(Reason.of(through.size() + " device(s) behind hv_pci: " + String.join(", ", through.stream()
                .map(d -> d.address() + (d.nvme() ? " (NVMe)" : "")).toList()), pci.source()));
        if (!hv.generation().known()) {
            r.add(Reason.of("the VM generation is unknown (" + hv.generation().unknown() + ")", hv.generation().source()));
            return new Exposure(ExposureKind.UNKNOWN, r);
        }
        RootDeviceFacts root = f.rootDevice();
        if (!root.behindHvPci().known()) {
            r.add(Reason.of("whether the root file system is behind hv_pci is unknown (" + root.behindHvPci().unknown() + ")",
                    root.behindHvPci().source()));
            addMmio(m, r);
            return new Exposure(ExposureKind.UNKNOWN, r);
        }
        if (root.behindHvPci().value()) {
            boolean nvme = Boolean.TRUE.equals(root.nvme().orElse(null));
            r.add(Reason.of("the root file system (" + root.device().orElse("?") + ") is on " + (nvme ? "an NVMe disk" : "a disk")
                    + " behind hv_pci: the kdump kernel needs pci_hyperv's device to mount it", root.behindHvPci().source()));
            Fact<Boolean> onRoot = root.dumpTargetOnRoot();
            r.add(onRoot.known()
                    ? Reason.of(onRoot.value() ? "the dump target " + root.dumpTarget().orElse("") + " is on the root file system:"
                            + " it is lost with it" : "the dump target " + root.dumpTarget().orElse("") + " is not on the root file"
                            + " system, but the kdump environment still mounts the root", onRoot.source())
                    : Reason.of("whether the dump target is on the root is unknown (" + onRoot.unknown() + ")", onRoot.source()));
            addMmio(m, r);
            return new Exposure(ExposureKind.NVME_ROOT_AT_RISK, r);
        }
        r.add(Reason.of("the root file system (" + root.device().orElse("?") + ") is not behind hv_pci: the pass-through devices"
                + " may go missing in the kdump kernel, the root does not", root.behindHvPci().source()));
        Fact<Boolean> onRoot = root.dumpTargetOnRoot();
        if (onRoot.known() && !onRoot.value()) {
            r.add(Reason.of("the dump target " + root.dumpTarget().orElse("") + " is not on the root file system: if it is on a"
                    + " pass-through disk it is at risk too", onRoot.source()));
        }
        addMmio(m, r);
        return new Exposure(ExposureKind.PASSTHROUGH_NOT_ROOT, r);
    }

    private static void addMmio(MmioPrediction m, List<Reason> r) {
        if (m == null) {
            return;
        }
        r.add(Reason.of(m.conflict() == null ? "whether the config window lands on the framebuffer is unknown"
                : m.conflict() ? "the MMIO prediction puts the config window on the framebuffer"
                : "the MMIO prediction keeps the config window off the framebuffer", D8));
    }
}
