package org.kexecinspect.model.mmio;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.kexecinspect.facts.Arch;
import org.kexecinspect.facts.Fact;
import org.kexecinspect.facts.IomemFacts;
import org.kexecinspect.facts.SystemFacts;
import org.kexecinspect.format.text.HyperVIomem;
import org.kexecinspect.format.text.HyperVIomem.AllocationUse;
import org.kexecinspect.format.text.HyperVIomem.VmbusAllocation;
import org.kexecinspect.format.text.IomemQueries.Framebuffer;
import org.kexecinspect.format.text.IomemQueries.FramebufferKind;
import org.kexecinspect.format.x86.BootParams;
import org.kexecinspect.format.x86.ScreenInfo;
import org.kexecinspect.format.x86.VideoType;
import org.kexecinspect.model.Reason;
import org.kexecinspect.model.Tristate;
import org.kexecinspect.model.mmio.MmioPrediction.Range;

/**
 * The VMBus MMIO ranges the kdump kernel will walk: stated by the user, else read from iomem, else
 * (Gen2) derived from the framebuffer, which starts at the low MMIO base.
 *
 * @param start the low range's start, or null when unknown
 * @param end   its inclusive end, or null when unknown
 * @param high  the high range, or null
 */
record LowMmio(Long start, Long end, Range high) {
    /** VTPM_BASE_ADDRESS: a VMBus range reaching it is cut there (drivers/hv/vmbus_drv.c vmbus_walk_resources()). */
    static final long VTPM_BASE = HyperVIomem.VTPM_BASE;

    Range low() {
        return Addresses.range(start, end);
    }

    static LowMmio of(SystemFacts f, AssumedLowMmio assumed, Tristate fix, Integer generation, Arch arch, List<Reason> r) {
        IomemFacts io = f.iomem();
        Range high = io.highMmio().known() ? new Range(io.highMmio().value().start(), io.highMmio().value().end()) : null;
        if (assumed != null) {
            r.add(Reason.derived(String.format(Locale.ROOT, "low MMIO assumed to start at 0x%x%s: %s", assumed.start(),
                    assumed.end() == null ? "" : String.format(Locale.ROOT, " and end at 0x%x", assumed.end()), assumed.why()),
                    "stated by the user"));
            return new LowMmio(assumed.start(), assumed.end(), high);
        }
        if (io.lowMmio().known()) {
            return fromIomem(io, fix, high, r);
        }
        String why = io.lowMmio().unknown() == null ? "" : io.lowMmio().unknown().detail();
        if (generation != null && generation == 1) {
            r.add(Reason.of("low MMIO unknown: " + why, io.lowMmio().source()));
            return new LowMmio(null, null, high);
        }
        return fromFramebuffer(f, fix, arch, why, high, r);
    }

    /** The old cut (before 016a25e4b0df) ends an inclusive range on the vTPM's first byte. */
    private static LowMmio fromIomem(IomemFacts io, Tristate fix, Range high, List<Reason> r) {
        long start = io.lowMmio().value().start();
        long end = io.lowMmio().value().end();
        String cut = "";
        if (end == VTPM_BASE - 1 && fix.isNo()) {
            end = VTPM_BASE;
            cut = "; without 016a25e4b0df the kdump kernel cuts it at 0xfed40000 inclusive";
        }
        r.add(Reason.of(String.format(Locale.ROOT, "low MMIO 0x%x-0x%x, from the PCI root windows that hold the VMBus"
                + " allocations%s", start, end, cut), io.lowMmio().source() + "; " + Sources.VMBUS_MMIO));
        return new LowMmio(start, end, high);
    }

    /** Gen2: the framebuffer starts at the low MMIO base (Dexuan Cui's layouts), so its address tells the base. */
    private static LowMmio fromFramebuffer(SystemFacts f, Tristate fix, Arch arch, String why, Range high, List<Reason> r) {
        IomemFacts io = f.iomem();
        String source = null;
        Long base = null;
        boolean fromVram = false;
        Fact<BootParams> bp = f.bootParams();
        if (bp.known()) {
            ScreenInfo boot = bp.value().screenInfo();
            if (boot.videoType() == VideoType.EFI && boot.lfbAddress() != 0 && boot.lfbAddress() < Addresses.FOUR_GIB) {
                base = boot.lfbAddress();
                source = "the boot-time screen_info's GOP framebuffer (" + bp.source() + ")";
            }
        }
        if (base == null && io.framebufferRegion().known()) {
            Framebuffer fb = io.framebufferRegion().value();
            if (fb.kind() != FramebufferKind.HYPERV_SYNTHETIC_VIDEO && fb.region().start() < Addresses.FOUR_GIB) {
                base = fb.region().start();
                source = "the firmware framebuffer region " + fb.region() + " (" + io.framebufferRegion().source() + ")";
            }
        }
        if (base == null && io.vmbusAllocations().known()) {
            Optional<VmbusAllocation> video = io.vmbusAllocations().value().stream()
                    .filter(a -> a.use() == AllocationUse.SYNTHETIC_VIDEO && a.region().start() < Addresses.FOUR_GIB).findFirst();
            if (video.isPresent()) {
                if (Layouts.platform(arch, video.get().region().start()) != null) {
                    base = video.get().region().start();
                    fromVram = true;
                    source = "the synthetic video's VRAM " + video.get().region() + " (" + io.vmbusAllocations().source()
                            + "), at a layout's base so taken as not relocated";
                } else {
                    r.add(Reason.of("the synthetic video's VRAM " + video.get().region() + " is at no known low MMIO base:"
                            + " hyperv_drm may have relocated it, so it does not tell the base", io.vmbusAllocations().source()
                            + "; " + Sources.SETUP_VRAM));
                }
            }
        }
        if (base == null) {
            r.add(Reason.of("low MMIO unknown: " + why + (Boolean.TRUE.equals(f.hyperv().cvm().orElse(null))
                    ? "; a confidential VM has no framebuffer to tell its base" : "; no framebuffer address tells its base"),
                    io.lowMmio().source() + "; " + Sources.LAYOUTS));
            return new LowMmio(null, null, high);
        }
        if (io.vmbusAllocations().known()) {
            for (VmbusAllocation a : io.vmbusAllocations().value()) {
                if (a.region().start() < base) {
                    r.add(Reason.of("low MMIO unknown: the framebuffer at 0x" + Long.toHexString(base) + " is not the base,"
                            + " since VMBus allocation " + a.region() + " lies below it", io.vmbusAllocations().source()));
                    return new LowMmio(null, null, high);
                }
            }
        }
        String row = Layouts.platform(arch, base);
        Long end = row == null ? null : fix.isNo() ? VTPM_BASE : VTPM_BASE - 1;
        r.add(Reason.derived(String.format(Locale.ROOT, "low MMIO base 0x%x: on Gen2 the framebuffer starts at the low MMIO"
                + " base, and %s is there%s", base, source, row == null
                ? "; its end is unknown (no measured Hyper-V layout has this base)"
                : String.format(Locale.ROOT, "; the base matches the %s layout, whose range reaches 4 GiB and is cut at the"
                        + " vTPM: it ends at 0x%x%s", row, end, fix.isNo()
                        ? " (inclusive, as kernels without 016a25e4b0df cut it)" : "")),
                Sources.LAYOUTS + "; " + Sources.VMBUS_MMIO + (fromVram ? "; " + Sources.SETUP_VRAM : "")));
        return new LowMmio(base, end, high);
    }
}
