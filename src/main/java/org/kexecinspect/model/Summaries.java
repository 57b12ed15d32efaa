package org.kexecinspect.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.kexecinspect.facts.Fact;
import org.kexecinspect.facts.SystemFacts;
import org.kexecinspect.format.text.KexecInvocation.Syscall;
import org.kexecinspect.model.loadpath.KexecSyscall;
import org.kexecinspect.model.loadpath.LoadPathDecision;
import org.kexecinspect.model.mmio.Exposure;
import org.kexecinspect.model.mmio.ExposureKind;
import org.kexecinspect.model.mmio.MmioPrediction;

/**
 * The {@link Summary} of a prediction: the verdict in plain words and the chain in at most four
 * lines, each short enough for an 80-column terminal. The words say what a person loses (the crash
 * kernel's disk, the dump) rather than which kernel structure is involved; the evidence stays with
 * the reasons and findings.
 */
final class Summaries {
    private Summaries() {}

    /** The parts of a prediction a summary reads. */
    record Parts(SystemFacts facts, LoadPathDecision decision, PathPrediction used, MmioPrediction mmio, Exposure exposure,
            Verdict verdict, List<Finding> findings) {}

    static Summary of(Parts p) {
        List<String> missing = missing(p);
        return new Summary(headline(p, missing), why(p), missing);
    }

    // ---- the headline

    static String headline(Parts p, List<String> missing) {
        Finding lead = lead(p.findings());
        String code = lead == null ? "" : lead.code();
        ExposureKind kind = p.exposure().kind();
        return switch (p.verdict()) {
            case WILL_FAIL -> code.equals("stale-framebuffer-base")
                    ? "kdump will fail on this VM: the crash kernel will hang on a stale screen"
                    : "kdump will fail on this VM: the crash kernel will lose its " + rootDisk(p);
            case AT_RISK -> "kdump is at risk on this VM: " + switch (code) {
                case "framebuffer-overlap-now" -> "a device already sits on the screen memory";
                case "stale-framebuffer-base" -> "the crash kernel gets a stale screen address";
                case "config-window-on-framebuffer" -> "the crash kernel will lose its pass-through devices";
                default -> "the crash kernel may lose " + (kind == ExposureKind.NVME_ROOT_AT_RISK ? "its " + rootDisk(p)
                        : "pass-through devices");
            };
            case OK -> "kdump looks safe here: " + switch (kind) {
                case NOT_HYPERV -> "not a Hyper-V VM, so this failure cannot happen";
                case GEN1 -> "Generation 1 VMs reserve the screen memory";
                case NO_PASSTHROUGH -> "no pass-through device for the crash kernel to lose";
                default -> "the crash kernel keeps its disks";
            };
            case UNKNOWN -> "cannot tell whether kdump works here: " + (missing.size() == 1 ? "1 fact is missing"
                    : missing.size() + " facts are missing");
        };
    }

    private static String rootDisk(Parts p) {
        return Boolean.TRUE.equals(p.facts().rootDevice().nvme().orElse(null)) ? "NVMe root disk" : "root disk";
    }

    /** The most severe finding, the first of those. */
    static Finding lead(List<Finding> findings) {
        Finding best = null;
        for (Finding f : findings) {
            if (best == null || f.severity().ordinal() > best.severity().ordinal()) {
                best = f;
            }
        }
        return best;
    }

    // ---- the chain

    static List<String> why(Parts p) {
        List<String> w = new ArrayList<>();
        Finding now = find(p.findings(), "framebuffer-overlap-now");
        if (now != null) {
            w.add("/proc/iomem already shows a device on the framebuffer: the host may refuse it");
        }
        ExposureKind kind = p.exposure().kind();
        if (kind == ExposureKind.NOT_HYPERV) {
            w.add("not a Hyper-V guest: no VMBus, so no pci_hyperv config window to misplace");
            return w;
        }
        w.add(loadPath(p));
        String lfb = lfbBase(p);
        if (lfb != null) {
            w.add(lfb);
        }
        Finding stale = find(p.findings(), "stale-framebuffer-base");
        if (stale != null) {
            w.add("but the first kernel's video driver moved the screen: that address is stale");
            w.add(stale.severity() == Finding.Severity.ERROR
                    ? "the crash kernel's efifb drives the old address and hangs (304386373007)"
                    : "what its framebuffer driver does at the old address is not known");
        } else {
            String window = window(p);
            if (window != null) {
                w.add(window);
            }
            String lost = lost(p);
            if (lost != null) {
                w.add(lost);
            }
        }
        if (w.size() > Summary.MAX_WHY && lfb != null) {
            w.remove(lfb);   // the overlap the running kernel shows says more than the address
        }
        return List.copyOf(w.subList(0, Math.min(w.size(), Summary.MAX_WHY)));
    }

    /** "kdump-tools uses kexec_load (no -s given; kexec-tools 2.0.22 defaults to -c)". */
    static String loadPath(Parts p) {
        LoadPathDecision d = p.decision();
        String wrapper = d.wrapper();
        int paren = wrapper.indexOf(" (");
        wrapper = paren > 0 ? wrapper.substring(0, paren) : wrapper;
        if (p.used() == null || p.used().loadPath() == null) {
            return wrapper.equals("unknown") ? "the kdump service cannot be told, so neither can its system call"
                    : "which system call " + wrapper + " loads the crash kernel with cannot be told";
        }
        KexecSyscall used = p.used().loadPath();
        if (wrapper.equals(Assumptions.SOURCE)) {
            return "the crash kernel is loaded with " + used + " (--assume kdumpService.loadPath)";
        }
        String how;
        String opt = d.requested() == Syscall.FILE_LOAD ? "-s" : d.requested() == Syscall.AUTO ? "-a" : "-c";
        var configured = p.facts().kdumpService().kexecArgs().orElse(null);
        Syscall asked = configured == null ? Syscall.UNSPECIFIED : requested(configured.words());
        if (d.requested() == Syscall.UNSPECIFIED) {
            Fact<String> v = p.facts().kexecTools().version();
            String dflt = d.effective().map(s -> s == Syscall.AUTO ? "-a" : s == Syscall.FILE_LOAD ? "-s" : "-c").orElse("?");
            how = "no -s given; kexec-tools " + (v.known() ? v.value() + " " : "") + "defaults to " + dflt;
        } else if (asked == d.requested()) {
            how = opt + " in " + configured.variable();
        } else if (d.requested() == Syscall.FILE_LOAD
                && Boolean.TRUE.equals(p.facts().firmware().secureBoot().orElse(null))) {
            how = "Secure Boot is on, so it adds -s";
        } else {
            how = "it adds " + opt;
        }
        if (d.requested() == Syscall.AUTO) {
            how += used == KexecSyscall.KEXEC_FILE_LOAD ? ": kexec_file_load first" : ", and kexec_file_load is not available";
        }
        return wrapper + " uses " + used + " (" + how + ")";
    }

    /** The syscall option in force among WORDS, the last of -c/-s/-a; UNSPECIFIED when none or they do not parse. */
    private static Syscall requested(List<String> words) {
        try {
            return org.kexecinspect.format.text.KexecArgs.parse(words).syscall();
        } catch (org.kexecinspect.format.FormatException e) {
            return Syscall.UNSPECIFIED;
        }
    }

    /** "the crash kernel gets lfb_base 0 (hyperv_drm hides the screen address)", or null when not worth a line. */
    static String lfbBase(Parts p) {
        PathPrediction used = p.used();
        if (used == null || used.loadPath() == null) {
            return null;
        }
        if (!used.lfbBaseZero().known() || used.kdumpScreenInfo() == null) {
            return "what lfb_base (the screen's address) the crash kernel gets cannot be told";
        }
        if (used.lfbBaseZero().isYes()) {
            var arch = p.facts().machine().arch();
            if (arch.known() && !arch.value().isX86()) {
                return "the crash kernel gets lfb_base 0: no " + arch.value().machine() + " load passes a screen address";
            }
            boolean hidden = used.loadPath() == KexecSyscall.KEXEC_LOAD
                    && Boolean.TRUE.equals(p.facts().framebuffer().smemStartHidden().orElse(null));
            String driver = p.facts().framebuffer().driver().orElse("its DRM driver");
            return "the crash kernel gets lfb_base 0: " + (hidden ? driver + " hides the screen's address"
                    : "it is not told where the screen is");
        }
        return String.format(Locale.ROOT, "the crash kernel gets lfb_base 0x%x: it knows where the screen is",
                used.kdumpScreenInfo().lfbAddress());
    }

    /** What happens to pci_hyperv's config window, or null when there is none to speak of. */
    static String window(Parts p) {
        MmioPrediction m = p.mmio();
        switch (p.exposure().kind()) {
            case GEN1 -> {
                return "on Gen1 it reserves the screen memory from the video PCI device instead";
            }
            case NO_PASSTHROUGH -> {
                return "no PCI pass-through device, so no pci_hyperv config window to misplace";
            }
            default -> { }
        }
        if (m.conflict().isYes()) {
            return (m.framebufferReservation() == null ? "nothing reserves the framebuffer" : "the reservation misses the"
                    + " framebuffer") + ": pci_hyperv's config window lands on it";
        }
        if (m.conflict().isNo()) {
            if (m.framebufferReservation() != null && m.framebuffer() != null
                    && m.framebufferReservation().overlaps(m.framebuffer())) {
                return "its hv_vmbus reserves the framebuffer: the config window lands elsewhere";
            }
            return "pci_hyperv's config window stays clear of the framebuffer";
        }
        boolean zero = p.used() != null && p.used().lfbBaseZero().isYes();
        return (zero ? "so" : "but") + " pci_hyperv's config window may land on the framebuffer";
    }

    /** What a window on the framebuffer costs, or what stays, or null. */
    static String lost(Parts p) {
        MmioPrediction m = p.mmio();
        String root = p.facts().rootDevice().device().orElse("the root disk");
        String rootName = (rootDisk(p).startsWith("NVMe") ? "NVMe root " : "root ") + root;
        return switch (p.exposure().kind()) {
            case NVME_ROOT_AT_RISK -> m.conflict().isYes() ? "the host refuses it, and the " + rootName + " is lost: no dump"
                    : m.conflict().isNo() ? "the " + rootName + " stays reachable: the dump can be saved"
                    : "if so, the host refuses it and the " + rootName + " is lost: no dump";
            case PASSTHROUGH_NOT_ROOT -> m.conflict().isNo() ? null
                    : (m.conflict().isYes() ? "the host refuses it: " : "if so, the host refuses it: ")
                            + "the pass-through devices are lost (not the root)";
            case UNKNOWN -> m.conflict().isNo() ? null : "what would be lost cannot be told (which disks are behind pci_hyperv)";
            default -> null;
        };
    }

    // ---- what is missing

    /** The facts that would decide what is still open. */
    static List<String> missing(Parts p) {
        List<String> m = new ArrayList<>();
        SystemFacts f = p.facts();
        if (p.exposure().kind() == ExposureKind.UNKNOWN) {
            if (!f.hyperv().guest().known()) {
                m.add("whether this is a Hyper-V guest");
            } else if (!f.hyperv().pciDevices().known()) {
                m.add("the PCI devices");
            } else if (!f.hyperv().generation().known()) {
                m.add("the VM generation");
            } else if (!f.rootDevice().behindHvPci().known()) {
                m.add("whether the root disk is behind pci_hyperv");
            }
        }
        if (p.exposure().kind() == ExposureKind.NOT_HYPERV || p.exposure().kind() == ExposureKind.GEN1
                || p.exposure().kind() == ExposureKind.NO_PASSTHROUGH || p.mmio().conflict().known()) {
            return m;
        }
        if (p.used() == null || p.used().loadPath() == null) {
            m.add("which system call loads the kdump kernel");
        } else if (!p.used().lfbBaseZero().known()) {
            m.add("the lfb_base the kdump kernel gets");
        }
        if (p.mmio().lowMmio() == null) {
            m.add("the VMBus low MMIO range");
        }
        m.addAll(p.mmio().turnsOn());
        if (p.mmio().turnsOn().isEmpty() && !p.mmio().pciHypervFirst().known() && m.isEmpty()) {
            m.add("whether pci_hyperv probes before hyperv_drm");
        }
        return m;
    }

    private static Finding find(List<Finding> findings, String code) {
        for (Finding f : findings) {
            if (f.code().equals(code)) {
                return f;
            }
        }
        return null;
    }
}
