package org.kexecinspect.model.screeninfo;

import static org.kexecinspect.format.x86.ScreenInfoLayout.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.kexecinspect.facts.Fact;
import org.kexecinspect.facts.Arch;
import org.kexecinspect.facts.SystemFacts;
import org.kexecinspect.format.fb.ProcFb;
import org.kexecinspect.format.text.IomemQueries;
import org.kexecinspect.format.text.KernelCmdline;
import org.kexecinspect.format.x86.BootParams;
import org.kexecinspect.format.x86.BootParamsLayout.EfiInfo;
import org.kexecinspect.format.x86.ScreenInfo;
import org.kexecinspect.format.x86.ScreenInfoEncoder;
import org.kexecinspect.knowledge.Knowledge;
import org.kexecinspect.model.PathPrediction;
import org.kexecinspect.model.Reason;
import org.kexecinspect.model.RunningKernel;
import org.kexecinspect.model.Tristate;
import org.kexecinspect.model.loadpath.Availability;
import org.kexecinspect.model.loadpath.KexecSyscall;

/**
 * The screen_info a kdump kernel receives through KEXEC_FILE_LOAD on x86-64, where the running
 * kernel builds the zero page (arch/x86/kernel/kexec-bzimage64.c setup_boot_parameters()). Pure:
 * reads only the facts.
 *
 * <p>The kernel copies 64 bytes: before afc18069a2cb (5.10, and some stable series) its boot-time
 * boot_params copy, since then its global screen_info, which equals the boot-time one unless a
 * driver rewrote it. The one driver that does is hyperv_fb on Gen2 with 3cb73bc3fa2a and without
 * c25a19afb81c. The prediction leaves ext_mem_k 0 (recomputed from e820, not video).
 */
public final class KexecFileLoadModel {
    private KexecFileLoadModel() {}

    static final String BZIMAGE64 = "arch/x86/kernel/kexec-bzimage64.c setup_boot_parameters()";

    /** The KEXEC_FILE_LOAD prediction for one system. */
    public static PathPrediction predict(SystemFacts f) {
        List<Reason> r = new ArrayList<>();
        Optional<PathPrediction> notX86 = NonX86Model.unlessX86(f, KexecSyscall.KEXEC_FILE_LOAD, r);
        if (notX86.isPresent()) {
            return notX86.get();
        }
        Arch arch = f.machine().arch().value();
        if (Availability.archLacksFileLoad(arch)) {
            Tristate available = Availability.of(f, KexecSyscall.KEXEC_FILE_LOAD, r);
            return new PathPrediction(PathPrediction.KEXEC_FILE_LOAD, false, null, Tristate.UNKNOWN, Tristate.UNKNOWN,
                    available, r);
        }
        ScreenInfo s = screenInfo(f, r);
        Tristate lfbZero = ScreenInfoParts.lfbBaseZero(s);
        if (HypervVideo.noFramebuffer(f, r) && !lfbZero.known() && f.bootParams().known()
                && f.bootParams().value().screenInfo().lfbAddress() == 0) {
            lfbZero = Tristate.YES; // nothing can make a zero boot-time base non-zero
        }
        Tristate efiBoot = efiBoot(f, r);
        Tristate available = Availability.of(f, KexecSyscall.KEXEC_FILE_LOAD, r);
        return new PathPrediction(PathPrediction.KEXEC_FILE_LOAD, false, s, lfbZero, efiBoot, available, r);
    }

    static ScreenInfo screenInfo(SystemFacts f, List<Reason> r) {
        Fact<BootParams> boot = f.bootParams();
        if (!boot.known()) {
            r.add(Reason.of("the kernel copies its own screen_info, whose boot-time value is unknown (" + boot.unknown()
                    + ")", boot.source()));
            return null;
        }
        ScreenInfo bootSi = boot.value().screenInfo();
        RunningKernel k = RunningKernel.of(f);
        String kernelText = k == null ? "the running kernel" : "Linux " + k.text();
        Tristate cleared = hypervFbCleared(f, k, r);
        if (!cleared.known()) {
            if (bootSi.videoTypeCode() != 0 || bootSi.lfbBase() != 0 || bootSi.lfbSize() != 0) {
                return null;
            }
            // hyperv_fb would zero only what is already zero
            r.add(Reason.of("the boot-time orig_video_isVGA, lfb_base and lfb_size are already 0: clearing would change "
                    + "nothing", boot.source()));
            cleared = Tristate.NO;
        }
        ScreenInfoEncoder.Builder b = ScreenInfoEncoder.from(bootSi);
        if (cleared.isYes()) {
            b.set(ORIG_VIDEO_IS_VGA, 0).set(LFB_BASE, 0).set(LFB_SIZE, 0);
            r.add(Reason.of(kernelText + " copies its global screen_info, which hyperv_fb cleared on this Gen2 VM: "
                    + "orig_video_isVGA 0, lfb_base 0, lfb_size 0", BZIMAGE64 + " since afc18069a2cb; hyperv_fb "
                    + "hvfb_getmem() since 3cb73bc3fa2a, before c25a19afb81c"));
            return ScreenInfoParts.withoutNonVideo(b).set(CL_MAGIC, bootSi.view().get(CL_MAGIC))
                    .set(CL_OFFSET, bootSi.view().get(CL_OFFSET)).build("predicted KEXEC_FILE_LOAD screen_info");
        }
        Knowledge.Carried live = k == null ? null : k.carries("kexecFileCopiesLiveScreenInfo");
        Tristate copiesLive = live == null ? Tristate.UNKNOWN : Tristate.of(live.carries());
        if (copiesLive.isYes()) {
            // a PCI BAR move makes the firmware-framebuffer code update the global's base: then it is not the boot value
            var firmware = HypervVideo.firmwareFramebuffer(f);
            if (firmware != null && firmware.isPresent() && bootSi.lfbAddress() != 0
                    && firmware.get().region().start() != bootSi.lfbAddress()) {
                r.add(Reason.of("the firmware framebuffer (" + firmware.get().region().name() + ") now sits at "
                        + hex(firmware.get().region().start()) + ", not at the boot-time " + hex(bootSi.lfbAddress())
                        + ": the global screen_info may have been moved with it, so its bytes cannot be told",
                        f.iomem().tree().source()));
                return null;
            }
        }
        String source = copiesLive.isYes() ? "its global screen_info, equal to the boot-time one (no driver rewrote it)"
                : copiesLive.isNo() ? "its boot-time boot_params copy of screen_info"
                : "its boot-time or its global screen_info (equal here: no driver rewrote it)";
        r.add(Reason.of(kernelText + " copies " + source + ": type " + hex(bootSi.videoTypeCode()) + ", lfb_base "
                + hex(bootSi.lfbAddress()) + ", lfb_size " + bootSi.lfbSize(), boot.source() + "; " + BZIMAGE64
                + (live == null ? "" : "; " + live.reason()) + ""));
        if (k != null && Tristate.of(k.carries("kexecFileCopiesSysfbPrimaryDisplay").carries()).isYes()) {
            r.add(Reason.of("from 7.0 the copy comes from sysfb_primary_display.screen: the same bytes",
                    "a41e0ab394e4 \"sysfb: Replace screen_info with sysfb_primary_display\""));
        }
        stale(f, bootSi, r);
        return ScreenInfoParts.withoutNonVideo(b).set(CL_MAGIC, bootSi.view().get(CL_MAGIC))
                .set(CL_OFFSET, bootSi.view().get(CL_OFFSET)).build("predicted KEXEC_FILE_LOAD screen_info");
    }

    /**
     * Whether the global screen_info was cleared by hyperv_fb: it must be bound on a Gen2 VM, and the
     * kernel must copy the global (afc18069a2cb), clear it (3cb73bc3fa2a) and not yet keep it
     * (c25a19afb81c). Unknown when that cannot be told.
     */
    static Tristate hypervFbCleared(SystemFacts f, RunningKernel k, List<Reason> r) {
        Tristate gen2 = HypervVideo.gen2(f);
        if (gen2.isNo()) {
            return Tristate.NO;
        }
        Tristate bound = hypervFbBound(f);
        if (bound.isNo()) {
            return Tristate.NO;
        }
        if (k == null) {
            r.add(Reason.of("the running kernel's release cannot be told, and it decides whether hyperv_fb cleared "
                    + "screen_info", f.machine().kernelRelease().source()));
            return Tristate.UNKNOWN;
        }
        Knowledge.Carried live = k.carries("kexecFileCopiesLiveScreenInfo");
        Knowledge.Carried clears = k.carries("hypervFbClearsScreenInfo");
        Knowledge.Carried keeps = k.carries("hypervFbKeepsScreenInfo");
        Tristate cleared = Tristate.and(Tristate.of(live.carries()), Tristate.of(clears.carries()),
                Tristate.of(keeps.carries()).not());
        if (cleared.isNo()) {
            return Tristate.NO;
        }
        if (!gen2.known() || !bound.known()) {
            r.add(Reason.of("Linux " + k.text() + " clears screen_info when hyperv_fb binds on a Gen2 VM, and "
                    + (!gen2.known() ? "the VM's generation" : "whether hyperv_fb owns a framebuffer")
                    + " cannot be told", !gen2.known() ? f.hyperv().generation().source() : f.framebuffer().procFb().source()));
            return Tristate.UNKNOWN;
        }
        if (!cleared.known()) {
            for (Knowledge.Carried c : List.of(live, clears, keeps)) {
                if (c.carries() == null) {
                    r.add(Reason.of("hyperv_fb is bound on this Gen2 VM, and whether Linux " + k.text()
                            + " clears the screen_info it copies cannot be told: " + c.reason(), "knowledge.json"));
                }
            }
            return Tristate.UNKNOWN;
        }
        return Tristate.YES;
    }

    /**
     * hyperv_fb owns a registered framebuffer: /proc/fb lists every one; else fb0's id; no fb0 at
     * all means no framebuffer is registered (the first one registered is fb0).
     */
    static Tristate hypervFbBound(SystemFacts f) {
        Fact<ProcFb> procFb = f.framebuffer().procFb();
        if (procFb.known()) {
            return Tristate.of(procFb.value().entries().stream().anyMatch(e -> e.id().equals("hyperv_fb")));
        }
        if (Fb0.of(f.framebuffer()) instanceof Fb0.Absent) {
            return Tristate.NO;
        }
        Fact<String> id = f.framebuffer().id();
        return id.known() ? Tristate.of(id.value().equals("hyperv_fb")) : Tristate.UNKNOWN;
    }

    /**
     * The copied base is stale when the synthetic video moved away from the boot framebuffer:
     * hyperv_fb from 6.8 until 304386373007 when a firmware driver held the range first, hyperv_drm
     * when its VRAM is larger than the reservation (drivers/video/fbdev/hyperv_fb.c hvfb_getmem(),
     * drivers/gpu/drm/hyperv/hyperv_drm_drv.c hyperv_setup_vram()).
     */
    static void stale(SystemFacts f, ScreenInfo bootSi, List<Reason> r) {
        if (bootSi.lfbAddress() == 0 || HypervVideo.gen2(f).isNo()) {
            return;
        }
        Optional<IomemQueries.Framebuffer> synth = HypervVideo.syntheticFramebuffer(f);
        if (synth == null) {
            r.add(Reason.of("whether the synthetic framebuffer moved away from " + hex(bootSi.lfbAddress())
                    + " cannot be told: the /proc/iomem addresses are unknown (" + (f.iomem().tree().known()
                    ? "read without CAP_SYS_ADMIN" : f.iomem().tree().unknown()) + ")", f.iomem().tree().source()));
            return;
        }
        if (synth.isEmpty()) {
            return;
        }
        long now = synth.get().region().start();
        if (now != bootSi.lfbAddress()) {
            r.add(Reason.of("stale: the synthetic framebuffer now sits at " + hex(now) + " (" + synth.get().region().name()
                    + "), not at the boot-time " + hex(bootSi.lfbAddress()) + " the kdump kernel is told; a firmware "
                    + "framebuffer driver there would write to the wrong place", f.iomem().tree().source()
                    + "; hyperv_fb hvfb_getmem(), hyperv_drm hyperv_setup_vram()"));
        } else {
            r.add(Reason.of("the synthetic framebuffer still sits at the boot-time " + hex(now) + ": not relocated",
                    f.iomem().tree().source()));
        }
    }

    /**
     * EFI_BOOT in the kdump kernel: the kernel copies efi_info only when it runs with EFI runtime
     * services and has an EFI memory map. Derived from code, not observed.
     */
    static Tristate efiBoot(SystemFacts f, List<Reason> r) {
        String src = BZIMAGE64 + " EFI state (efi_enabled(EFI_RUNTIME_SERVICES), efi_memmap_size)";
        Fact<Boolean> efi = f.firmware().efi();
        if (efi.known() && !efi.value()) {
            r.add(Reason.derived("the first kernel was not booted through EFI: no efi_info for the kdump kernel, which is "
                    + "not EFI_BOOT", efi.source() + "; " + src));
            return Tristate.NO;
        }
        Optional<KernelCmdline> c = RunningKernel.cmdline(f);
        if (c.isPresent() && (c.get().efiNoRuntime() || c.get().noEfi())) {
            r.add(Reason.derived("the command line has " + (c.get().noEfi() ? "noefi" : "efi=noruntime")
                    + ": no EFI runtime services, so the kernel passes no efi_info and the kdump kernel is not EFI_BOOT",
                    f.machine().cmdline().source() + "; " + src));
            return Tristate.NO;
        }
        Fact<BootParams> boot = f.bootParams();
        if (boot.known()) {
            BootParams bp = boot.value();
            long memmapSize = bp.efiInfo().get(EfiInfo.EFI_MEMMAP_SIZE);
            if (!bp.efiBoot() || memmapSize == 0) {
                r.add(Reason.derived("the running efi_info (signature " + bp.efiLoaderSignatureText() + ", memmap size "
                        + memmapSize + ") gives the kdump kernel no EFI_BOOT", boot.source() + "; " + src));
                return Tristate.NO;
            }
        }
        if (!efi.known() || c.isEmpty() || !boot.known()) {
            r.add(Reason.derived("whether the kdump kernel is EFI_BOOT cannot be told: "
                    + (!efi.known() ? "whether the first kernel booted through EFI" : !boot.known() ? "the running efi_info"
                    : "the command line") + " is unknown", src));
            return Tristate.UNKNOWN;
        }
        r.add(Reason.derived("EFI boot with a memory map and runtime services not turned off on the command line: the "
                + "kernel passes efi_info and the kdump kernel is EFI_BOOT", boot.source() + "; "
                + f.machine().cmdline().source() + "; " + src));
        return Tristate.YES;
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
