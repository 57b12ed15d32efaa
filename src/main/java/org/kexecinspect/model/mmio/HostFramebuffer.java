package org.kexecinspect.model.mmio;

import java.util.List;
import java.util.Locale;

import org.kexecinspect.facts.Fact;
import org.kexecinspect.facts.Hyperv;
import org.kexecinspect.facts.IomemFacts;
import org.kexecinspect.facts.SystemFacts;
import org.kexecinspect.format.text.HyperVIomem.AllocationUse;
import org.kexecinspect.format.text.HyperVIomem.VmbusAllocation;
import org.kexecinspect.format.text.IomemQueries.Framebuffer;
import org.kexecinspect.format.text.IomemQueries.FramebufferKind;
import org.kexecinspect.format.x86.BootParams;
import org.kexecinspect.format.x86.ScreenInfo;
import org.kexecinspect.format.x86.VideoType;
import org.kexecinspect.model.Reason;
import org.kexecinspect.model.mmio.MmioPrediction.Range;

/**
 * The framebuffer the host uses when the kdump kernel boots: where the first kernel's synthetic
 * video driver last put its VRAM (its VMBus allocation in iomem), else the boot-time one, sized
 * max(size, 8 MiB): the GOP reports less than the host maps (3 MiB on a default VM), hyperv_drm
 * and hyperv_fb default to 8 MiB, and vmbus_reserve_fb() uses the same 8 MiB minimum
 * (drivers/gpu/drm/hyperv/hyperv_drm_drv.c hyperv_setup_vram(); drivers/hv/vmbus_drv.c vmbus_reserve_fb()).
 *
 * @param none     a confidential VM or no synthetic video device: nothing to collide with
 * @param current  the first kernel's synthetic video VRAM, or null
 * @param boot     the boot-time framebuffer, or null
 * @param vramSize the size of {@code current}, or null
 */
record HostFramebuffer(boolean none, Range current, Range boot, Long vramSize) {

    /** Where the host draws: the current VRAM, else the boot-time framebuffer; null when none or unknown. */
    Range inUse() {
        return none ? null : current != null ? current : boot;
    }

    static HostFramebuffer of(SystemFacts f, Integer generation, Range legacyBar, Long lowStart, long gen2Minimum,
            List<Reason> r) {
        Hyperv hv = f.hyperv();
        IomemFacts io = f.iomem();
        boolean cvm = Boolean.TRUE.equals(hv.cvm().orElse(null));
        if (cvm || Boolean.FALSE.equals(hv.syntheticVideo().orElse(null))) {
            r.add(Reason.of(cvm
                    ? "a confidential VM has no framebuffer device: nothing for a config window to collide with"
                    : "no synthetic video device on the VMBus: no framebuffer for a config window to collide with",
                    (cvm ? hv.cvm().source() : hv.syntheticVideo().source()) + "; " + Sources.FIX_MESSAGE));
            return new HostFramebuffer(true, null, null, null);
        }
        Range current = null;
        Long vramSize = null;
        if (io.vmbusAllocations().known()) {
            VmbusAllocation a = io.vmbusAllocations().value().stream().filter(v -> v.use() == AllocationUse.SYNTHETIC_VIDEO)
                    .findFirst().orElse(null);
            if (a != null) {
                current = new Range(a.region().start(), a.region().end());
                vramSize = a.region().size();
                r.add(Reason.of("the first kernel's synthetic video VRAM (where the host now draws) is at "
                        + Addresses.hex(current), io.vmbusAllocations().source() + "; " + Sources.SETUP_VRAM));
            }
        }
        return new HostFramebuffer(false, current, boot(f, generation, legacyBar, lowStart, current, gen2Minimum, r), vramSize);
    }

    private static Range boot(SystemFacts f, Integer generation, Range legacyBar, Long lowStart, Range current,
            long min, List<Reason> r) {
        if (generation != null && generation == 1 && legacyBar != null) {
            return legacyBar;
        }
        Fact<BootParams> bp = f.bootParams();
        if (bp.known()) {
            ScreenInfo boot = bp.value().screenInfo();
            if (boot.lfbAddress() != 0 && (boot.videoType() == VideoType.EFI || boot.videoType() == VideoType.VLFB)) {
                long size = Math.max(boot.lfbSizeBytes(), min);
                Range fb = new Range(boot.lfbAddress(), boot.lfbAddress() + size - 1);
                r.add(Reason.of(String.format(Locale.ROOT, "the boot-time framebuffer: %s (lfb_size %d bytes, taken as"
                        + " at least 8 MiB)", Addresses.hex(fb), boot.lfbSizeBytes()), bp.source() + "; " + Sources.RESERVE_FB));
                return fb;
            }
        }
        IomemFacts io = f.iomem();
        if (io.framebufferRegion().known() && io.framebufferRegion().value().kind() != FramebufferKind.HYPERV_SYNTHETIC_VIDEO) {
            Framebuffer fb = io.framebufferRegion().value();
            Range boot = new Range(fb.region().start(), fb.region().start() + Math.max(fb.region().size(), min) - 1);
            r.add(Reason.of("the boot-time framebuffer: " + Addresses.hex(boot) + " (the firmware framebuffer's region "
                    + fb.region() + ", taken as at least 8 MiB)", io.framebufferRegion().source()));
            return boot;
        }
        if (current == null && lowStart != null && (generation == null || generation == 2)) {
            Range boot = new Range(lowStart, lowStart + min - 1);
            r.add(Reason.derived("the boot-time framebuffer taken as " + Addresses.hex(boot) + ": it starts at the low MMIO"
                    + " base on Gen2, 8 MiB by default", Sources.LAYOUTS + "; " + Sources.SETUP_VRAM));
            return boot;
        }
        return null;
    }
}
