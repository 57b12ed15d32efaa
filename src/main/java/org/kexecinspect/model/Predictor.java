package org.kexecinspect.model;

import java.util.ArrayList;
import java.util.List;

import org.kexecinspect.facts.Fact;
import org.kexecinspect.facts.Arch;
import org.kexecinspect.facts.SystemFacts;
import org.kexecinspect.model.Finding.Severity;
import org.kexecinspect.model.loadpath.KexecSyscall;
import org.kexecinspect.model.loadpath.LoadPathDecision;
import org.kexecinspect.model.loadpath.LoadPaths;
import org.kexecinspect.model.screeninfo.KexecFileLoadModel;
import org.kexecinspect.model.screeninfo.KexecLoadModel;
import org.kexecinspect.model.mmio.Exposure;
import org.kexecinspect.model.mmio.ExposureKind;
import org.kexecinspect.model.mmio.FramebufferOverlapNow;
import org.kexecinspect.model.mmio.HypervMmioModel;
import org.kexecinspect.model.mmio.MmioPrediction;

/**
 * The one prediction path, for a live system and a capture alike: both load paths' screen_info,
 * which one the kdump service takes, the Hyper-V MMIO outcome for that one, the verdict and the
 * findings. Pure; safe to call from many threads.
 */
public final class Predictor {
    private Predictor() {}

    /** The releases that carry 016a25e4b0df, for remedies: the knowledge file's table, unverified ones marked. */
    static final String FIX_RELEASES = org.kexecinspect.model.fix.FbReserveFixDecision.fixReleases();

    /** The releases where hyperv_fb no longer moves the framebuffer (304386373007), from the knowledge file. */
    static final String NO_RELOCATE_RELEASES = releases("hypervFbDoesNotRelocate");

    /** "6.14; 6.13.y": mainline's first release, then each stable series that took the change. */
    private static String releases(String change) {
        List<String> rs = new ArrayList<>();
        for (org.kexecinspect.knowledge.Knowledge.FixRelease r : org.kexecinspect.knowledge.Knowledge.get()
                .kernelChange(change).releases()) {
            rs.add(r.series().equals("mainline") ? String.valueOf(r.from()) : r.from() != null ? r.from() + "+" : r.series() + ".y");
        }
        return String.join("; ", rs);
    }

    public static Prediction predict(SystemFacts facts, Assumptions assumptions) {
        SystemFacts f = assumptions.apply(facts);
        Arch arch = f.machine().arch().orElse(null);
        LoadPathDecision decision = LoadPaths.decide(f, assumptions);
        KexecSyscall usedPath = decision.used().orElse(null);
        List<Reason> why = decision.reasons();
        PathPrediction load = KexecLoadModel.predict(f).withUsed(usedPath == KexecSyscall.KEXEC_LOAD, why);
        PathPrediction file = KexecFileLoadModel.predict(f).withUsed(usedPath == KexecSyscall.KEXEC_FILE_LOAD, why);
        PathPrediction used = usedPath == KexecSyscall.KEXEC_LOAD ? load : usedPath == KexecSyscall.KEXEC_FILE_LOAD ? file : null;
        MmioPrediction mmio = used != null ? HypervMmioModel.predict(f, used)
                : HypervMmioModel.predict(f, new PathPrediction(null, false, null, Tristate.UNKNOWN,
                        Tristate.UNKNOWN, Tristate.UNKNOWN, why));
        List<Finding> findings = new ArrayList<>();
        Verdict verdict = verdict(f, used, load, file, mmio, why, findings);
        Summary summary = Summaries.of(new Summaries.Parts(f, decision, used, mmio, HypervMmioModel.exposure(f, mmio),
                verdict, findings));
        return new Prediction(arch, verdict, decision.effectiveName(), List.of(load, file), mmio, findings, summary);
    }

    /**
     * The verdict and its findings: the kdump kernel's outcome ({@link #kdumpVerdict}), made at least
     * at-risk when the running kernel's iomem already shows something on the host's framebuffer. That
     * collision says the layout that loses a pass-through device happens on this VM (nothing reserved
     * the framebuffer in this kernel, and a kdump kernel that reserves no more can do the same), but not
     * that the kdump kernel will: that stays with the MMIO prediction, which alone can make it will-fail.
     */
    static Verdict verdict(SystemFacts f, PathPrediction used, PathPrediction load, PathPrediction file,
            MmioPrediction mmio, List<Reason> why, List<Finding> out) {
        FramebufferOverlapNow now = f.hyperv().guest().known() && !f.hyperv().guest().value() ? null
                : FramebufferOverlapNow.of(f.iomem());
        Verdict v = kdumpVerdict(f, used, load, file, mmio, why, out);
        if (now == null || !now.found()) {
            return v;
        }
        out.add(0, overlapFinding(now));
        return v == Verdict.WILL_FAIL ? v : Verdict.AT_RISK;
    }

    /** The finding for a collision the running kernel's iomem shows ({@code now.found()}). */
    public static Finding overlapFinding(FramebufferOverlapNow now) {
        return new Finding("framebuffer-overlap-now", Severity.ERROR, now.message(), now.reasons(), now.remedies());
    }

    static Verdict kdumpVerdict(SystemFacts f, PathPrediction used, PathPrediction load, PathPrediction file,
            MmioPrediction mmio, List<Reason> why, List<Finding> out) {
        Exposure exposure = HypervMmioModel.exposure(f, mmio);
        switch (exposure.kind()) {
            case NOT_HYPERV -> {
                out.add(new Finding("not-hyperv", Severity.INFO, "Not a Hyper-V guest: this problem does not apply.",
                        exposure.reasons()));
                return Verdict.OK;
            }
            case GEN1 -> {
                out.add(new Finding("gen1", Severity.INFO, "A Generation 1 VM: the kdump kernel reserves the framebuffer from "
                        + "the legacy video device's PCI BAR, so screen_info does not matter here.", exposure.reasons()));
                return Verdict.OK;
            }
            case NO_PASSTHROUGH -> {
                out.add(new Finding("no-passthrough", Severity.INFO, "No PCI pass-through device: a misplaced pci_hyperv "
                        + "config window would cost nothing the kdump kernel needs.", exposure.reasons()));
                return Verdict.OK;
            }
            default -> { }
        }
        if (used == null) {
            out.add(new Finding("load-path-unknown", Severity.WARNING, "Cannot tell which system call the kdump service "
                    + "will use; both are shown.", why));
        }
        boolean lfbZero = used != null && used.lfbBaseZero().isYes();
        if (lfbZero) {
            out.add(lfbZeroFinding(f, used, load, file));
        }
        org.kexecinspect.model.fix.FbReserveFix fix = org.kexecinspect.model.fix.FbReserveFixDecision.decide(f.kdumpKernel());
        if (fix.carried() == org.kexecinspect.model.Tristate.YES) {
            out.add(new Finding("fb-reserve-fix", Severity.INFO, "The kdump kernel's hv_vmbus carries 016a25e4b0df: it "
                    + "reserves the framebuffer range on Gen2 even when lfb_base is 0"
                    + (fix.keepsSysfbTest().isYes() ? ", if it has CONFIG_SYSFB." : "."),
                    List.of(Reason.of(fix.evidence(), fix.source()))));
        }
        Verdict stale = stale(f, used, out);
        if (mmio.conflict().isYes()) {
            boolean root = exposure.kind() == ExposureKind.NVME_ROOT_AT_RISK;
            out.add(new Finding("config-window-on-framebuffer", Severity.ERROR, "In the kdump kernel pci_hyperv's config "
                    + "window will land on the framebuffer; the host refuses it (c0370048) and the pass-through devices"
                    + " are lost" + (root ? ", and with them " + Exposure.rootOn(f.rootDevice())
                    : exposure.kind() == ExposureKind.UNKNOWN && !f.rootDevice().behindHvPci().known()
                    ? "; whether the root file system is among them cannot be told" : "") + ".",
                    concat(mmio.reasons(), exposure.reasons()), remedies(f, load, file)));
            return root ? Verdict.WILL_FAIL : Verdict.AT_RISK;
        }
        if (mmio.conflict().isNo()) {
            return stale != null ? stale : Verdict.OK;
        }
        out.add(new Finding("cannot-decide", Severity.WARNING, "Cannot tell whether pci_hyperv's config window will "
                + "land on the framebuffer: " + missing(mmio, used), mmio.reasons()));
        return lfbZero ? Verdict.AT_RISK : Verdict.UNKNOWN;
    }

    /**
     * A stale base: the kdump kernel gets a non-zero lfb_base where the first kernel's synthetic
     * video no longer is. With hyperv_fb (from c25a19afb81c, which stopped clearing screen_info, until
     * 304386373007) the kdump kernel's efifb then drives the old address and hangs (304386373007
     * "fbdev: hyperv_fb: Fix hang in kdump kernel when on Hyper-V Gen 2 VMs"); with hyperv_drm the
     * base is stale (hyperv_drm_drv.c hyperv_setup_vram() never updates screen_info), with no
     * documented outcome. Null when not stale or cannot be told.
     */
    static Verdict stale(SystemFacts f, PathPrediction used, List<Finding> out) {
        if (used == null || used.kdumpScreenInfo() == null || used.kdumpScreenInfo().lfbAddress() == 0
                || !f.iomem().framebufferRegion().known()) {
            return null;
        }
        var region = f.iomem().framebufferRegion().value();
        if (region.kind() != org.kexecinspect.format.text.IomemQueries.FramebufferKind.HYPERV_SYNTHETIC_VIDEO
                || region.region().contains(used.kdumpScreenInfo().lfbAddress())) {
            return null;
        }
        String driver = f.framebuffer().driver().orElse("");
        Fact<java.util.Map<String, java.util.Optional<String>>> cfg = f.kdumpKernel().config();
        Fact<java.util.Optional<String>> fbEfiOption = f.kdumpKernel().option("CONFIG_FB_EFI");
        String fbEfi = fbEfiOption.known() ? fbEfiOption.value().orElse("not in its config") : null;
        boolean hang = driver.equals("hyperv_fb") && "y".equals(fbEfi);
        List<Reason> ev = List.of(
                Reason.of(String.format("the kdump kernel gets lfb_base 0x%x, but the first kernel's synthetic video is at "
                        + "0x%x-0x%x", used.kdumpScreenInfo().lfbAddress(), region.region().start(), region.region().end()),
                        f.iomem().framebufferRegion().source()),
                Reason.of("/dev/fb0's driver: " + (driver.isEmpty() ? "unknown" : driver) + "; the kdump kernel's CONFIG_FB_EFI: "
                        + (fbEfi == null ? "unknown" : fbEfi), f.framebuffer().driver().source() + "; " + cfg.source()));
        out.add(new Finding("stale-framebuffer-base", hang ? Finding.Severity.ERROR : Finding.Severity.WARNING,
                "The kdump kernel will get the framebuffer's old address" + (hang
                        ? ": its efifb drives memory the synthetic video left, and the kdump kernel hangs (304386373007)."
                        : "; what its framebuffer driver does there is not known."),
                ev, List.of(Remedy.of("use a first kernel that carries 304386373007 (" + NO_RELOCATE_RELEASES + "), where"
                        + " hyperv_fb no longer moves the framebuffer"), Remedy.of("use a kdump kernel built without CONFIG_FB_EFI"))));
        return hang ? Verdict.WILL_FAIL : Verdict.AT_RISK;
    }

    /** The MMIO outcome's reasons, then what it costs (the exposure's). */
    private static List<Reason> concat(List<Reason> a, List<Reason> b) {
        List<Reason> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String missing(MmioPrediction mmio, PathPrediction used) {
        List<String> m = new ArrayList<>();
        if (used == null) {
            m.add("the load path");
        } else if (!used.lfbBaseZero().known()) {
            m.add("the kdump kernel's lfb_base");
        }
        if (mmio.lowMmio() == null) {
            m.add("the VMBus low MMIO range");
        }
        if (!mmio.pciHypervFirst().known()) {
            m.add("whether pci_hyperv probes before hyperv_drm");
        }
        return m.isEmpty() ? "see the reasons." : String.join(", ", m) + " unknown.";
    }

    private static Finding lfbZeroFinding(SystemFacts f, PathPrediction used, PathPrediction load, PathPrediction file) {
        return new Finding("kdump-lfb-base-zero", Severity.WARNING, "The kdump kernel will receive lfb_base 0 through "
                + used.loadPath() + ": its hv_vmbus knows no framebuffer to protect unless it carries 016a25e4b0df.",
                used.reasons(), remedies(f, load, file));
    }

    /**
     * The remedies that work for this system, in order of effort: on x86, where KEXEC_FILE_LOAD would
     * give the kdump kernel a framebuffer base and the service does not use it, the line that makes
     * the service pass -s; then a kdump kernel with 016a25e4b0df. What does not help (a hidden
     * smem_start defeats --reuse-video-type, and blacklisting the DRM driver needs an fbdev twin) is
     * the first remedy's caveat.
     */
    static List<Remedy> remedies(SystemFacts f, PathPrediction load, PathPrediction file) {
        boolean x86 = f.machine().arch().known() && f.machine().arch().value().isX86();
        List<Remedy> r = new ArrayList<>();
        if (x86 && file.lfbBaseZero().isNo() && !file.used()) {
            r.addAll(kexecFileLoad(f.kdumpService()));
        }
        r.add(Remedy.of("use a kdump kernel whose hv_vmbus carries " + FIX_RELEASES));
        if (x86 && f.framebuffer().smemStartHidden().orElse(false)) {
            r.set(0, r.get(0).withCaveat("--reuse-video-type does not help: a DRM fbdev hides smem_start, so lfb_base stays 0")
                    .withCaveat(blacklistNote(f)));
        }
        return r;
    }

    /** The remedy as one sentence, as JSON's {@code remedy} carries it. */
    static String remedy(SystemFacts f, PathPrediction load, PathPrediction file) {
        return Remedy.sentence(remedies(f, load, file));
    }

    static final String LOAD_WITH_FILE = "load the kdump kernel with KEXEC_FILE_LOAD";

    /**
     * The line that makes the kdump service load with -s (KEXEC_FILE_LOAD), in the file of the service
     * this system has: kdump-tools reads KDUMP_KEXEC_ARGS from /etc/default/kdump-tools, kdumpctl
     * reads KEXEC_ARGS from /etc/sysconfig/kdump; both for an unknown service. The configured words
     * stay, but for the syscall options (-c, -s, -a and their long names); -s goes last, since the
     * last of -c/-s/-a wins (kexec-tools kexec/kexec.c main()).
     */
    static List<Remedy> kexecFileLoad(org.kexecinspect.facts.KdumpServiceFacts s) {
        String flavor = s.flavor().orElse(null);
        var args = s.kexecArgs().orElse(null);
        Remedy tools = Remedy.edit(LOAD_WITH_FILE, org.kexecinspect.format.text.KdumpToolsConfig.PATH,
                "KDUMP_KEXEC_ARGS=\"" + withFileLoad("KDUMP_KEXEC_ARGS", args) + "\"")
                .withCaveat("then reload the kdump kernel: systemctl restart kdump-tools");
        Remedy ctl = Remedy.edit(LOAD_WITH_FILE, org.kexecinspect.format.text.KdumpSysconfig.PATH,
                "KEXEC_ARGS=\"" + withFileLoad("KEXEC_ARGS", args) + "\"")
                .withCaveat("then reload the kdump kernel: systemctl restart kdump");
        if ("kdump-tools".equals(flavor)) {
            return List.of(tools);
        }
        if ("kdump-utils".equals(flavor)) {
            return List.of(ctl);
        }
        return List.of(new Remedy(LOAD_WITH_FILE + " (Debian, Ubuntu: kdump-tools)", tools.file(), tools.line(), tools.caveat()),
                new Remedy(LOAD_WITH_FILE + " (Fedora, RHEL: kdumpctl)", ctl.file(), ctl.line(), ctl.caveat()));
    }

    private static final java.util.Set<String> SYSCALL_OPTIONS = java.util.Set.of("-c", "-s", "-a", "--kexec-syscall",
            "--kexec-file-syscall", "--kexec-syscall-auto");

    /** VARIABLE's configured value with its syscall options dropped and -s appended ("-s" when unset or another variable). */
    static String withFileLoad(String variable, org.kexecinspect.facts.KdumpServiceFacts.ConfiguredArgs args) {
        if (args == null || !args.variable().equals(variable) || args.text().isBlank()) {
            return "-s";
        }
        boolean plain = args.staticallyKnown() && args.words().stream().allMatch(w -> w.matches("[A-Za-z0-9_=,.:/+@%-]+"));
        if (!plain) {
            return args.text().strip() + " -s";   // as written: the last -s wins over whatever it holds
        }
        List<String> kept = new ArrayList<>();
        for (String w : args.words()) {
            if (!SYSCALL_OPTIONS.contains(w)) {
                kept.add(w);
            }
        }
        kept.add("-s");
        return String.join(" ", kept);
    }

    /**
     * Blacklisting the DRM driver in the first kernel leaves /dev/fb0 to efifb ("EFI VGA"), whose
     * real smem_start kexec-tools copies (drivers/video/fbdev/efifb.c; kexec-tools kexec/arch/i386/x86-linux-setup.c
     * setup_linux_vesafb()) - only if the kernel has CONFIG_FB_EFI. For a DRM driver of the firmware
     * framebuffer the same device goes to the fbdev twin: efidrm's efi-framebuffer to efifb, vesadrm's
     * vesa-framebuffer to vesafb ("VESA VGA", CONFIG_FB_VESA); simpledrm's device is sysfb's
     * simple-framebuffer (CONFIG_SYSFB_SIMPLEFB, drivers/firmware/sysfb.c sysfb_init()), which only
     * simplefb ("simple", an id kexec-tools does not know) binds.
     */
    static String blacklistNote(SystemFacts f) {
        Fact<java.util.Map<String, java.util.Optional<String>>> cfg = f.machine().config();
        String driver = f.framebuffer().driver().orElse("the DRM driver");
        boolean firmwareDrm = f.framebuffer().id().known()
                && org.kexecinspect.format.fb.FbDriver.classify(f.framebuffer().id().value()).firmwareFramebuffer();
        if (firmwareDrm && driver.equals("simpledrm")) {
            return "blacklisting simpledrm does not help: its device is sysfb's simple-framebuffer, which only simplefb"
                    + " (\"simple\", an id kexec-tools does not know) would take; a kernel without CONFIG_SYSFB_SIMPLEFB"
                    + " offers the framebuffer to efifb or vesafb instead";
        }
        String twin = firmwareDrm && driver.equals("vesadrm") ? "vesafb" : "efifb";
        String option = twin.equals("vesafb") ? "CONFIG_FB_VESA" : "CONFIG_FB_EFI";
        String id = twin.equals("vesafb") ? "VESA VGA" : "EFI VGA";
        String value = cfg.known() ? cfg.value().getOrDefault(option, java.util.Optional.empty()).orElse("n") : null;
        String cost = firmwareDrm ? "and loses nothing: it is the same firmware framebuffer"
                : "at the cost of the synthetic video driver";
        if ("y".equals(value)) {
            return "blacklisting " + driver + " in the first kernel lets " + twin + " "
                    + "keep /dev/fb0 (\"" + id + "\"), whose address kexec-tools copies, " + cost;
        }
        return "blacklisting " + driver + " does not help "
                + (value == null ? "unless the running kernel has " + option + "=y (its config is unknown)"
                        : "without " + option + " (it is " + value + "): no " + twin + " takes /dev/fb0, so kexec-tools still finds no address");
    }
}
