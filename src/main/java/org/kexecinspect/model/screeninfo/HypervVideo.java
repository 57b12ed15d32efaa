package org.kexecinspect.model.screeninfo;

import java.util.List;
import java.util.Optional;

import org.kexecinspect.facts.Fact;
import org.kexecinspect.facts.SystemFacts;
import org.kexecinspect.format.text.IomemQueries;
import org.kexecinspect.format.text.ProcIomem;
import org.kexecinspect.model.Reason;
import org.kexecinspect.model.Tristate;

/** Hyper-V facts both load-path models use: Gen2, a confidential VM, where the synthetic framebuffer is now. */
final class HypervVideo {
    private HypervVideo() {}

    /**
     * Gen2: hyperv_fb and vmbus decide their branch with efi_enabled(EFI_BOOT) (drivers/hv/vmbus_drv.c
     * vmbus_reserve_fb(), drivers/video/fbdev/hyperv_fb.c).
     */
    static Tristate gen2(SystemFacts f) {
        Fact<Boolean> guest = f.hyperv().guest();
        if (guest.known() && !guest.value()) {
            return Tristate.NO;
        }
        Fact<Integer> gen = f.hyperv().generation();
        return gen.known() ? Tristate.of(gen.value() == 2) : Tristate.UNKNOWN;
    }

    /**
     * A Hyper-V VM without any framebuffer: a confidential VM (no framebuffer device: the 016a25e4b0df
     * commit message), or a Gen2 VM with neither the synthetic video device nor any registered
     * framebuffer. Its boot-time lfb_base is already 0.
     */
    static boolean noFramebuffer(SystemFacts f, List<Reason> r) {
        Fact<Boolean> cvm = f.hyperv().cvm();
        if (cvm.known() && cvm.value()) {
            r.add(Reason.of("a confidential VM has no framebuffer device: lfb_base is 0 already in the first kernel",
                    cvm.source() + "; 016a25e4b0df commit message [ML 20260507212838.448891-1-decui@microsoft.com]"));
            return true;
        }
        Fact<Boolean> video = f.hyperv().syntheticVideo();
        if (gen2(f).isYes() && video.known() && !video.value() && Fb0.of(f.framebuffer()) instanceof Fb0.Absent) {
            r.add(Reason.derived("a Gen2 VM without the synthetic video device and without any framebuffer: lfb_base is 0 "
                    + "already in the first kernel", video.source()));
            return true;
        }
        return false;
    }

    /**
     * The synthetic video's MMIO region in /proc/iomem (named by its VMBus instance: hyperv_drm or
     * hyperv_fb), empty when there is none; null when the addresses cannot be read.
     */
    static Optional<IomemQueries.Framebuffer> syntheticFramebuffer(SystemFacts f) {
        return framebuffer(f, IomemQueries.FramebufferKind.HYPERV_SYNTHETIC_VIDEO);
    }

    /** A firmware framebuffer driver's region (efifb, simplefb, simpledrm...); null when the addresses cannot be read. */
    static Optional<IomemQueries.Framebuffer> firmwareFramebuffer(SystemFacts f) {
        return framebuffer(f, IomemQueries.FramebufferKind.FIRMWARE_DRIVER);
    }

    /** The first iomem framebuffer region of a kind; null when the addresses cannot be read. */
    private static Optional<IomemQueries.Framebuffer> framebuffer(SystemFacts f, IomemQueries.FramebufferKind kind) {
        Fact<ProcIomem> tree = f.iomem().tree();
        if (!tree.known() || tree.value().addressesHidden()) {
            return null;
        }
        return IomemQueries.framebuffers(tree.value()).stream().filter(fb -> fb.kind() == kind).findFirst();
    }
}
