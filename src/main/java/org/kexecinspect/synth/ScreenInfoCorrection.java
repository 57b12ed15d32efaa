package org.kexecinspect.synth;

import static org.kexecinspect.format.x86.ScreenInfoLayout.CAPABILITIES;
import static org.kexecinspect.format.x86.ScreenInfoLayout.EXT_LFB_BASE;
import static org.kexecinspect.format.x86.ScreenInfoLayout.LFB_BASE;
import static org.kexecinspect.format.x86.ScreenInfoLayout.LFB_DEPTH;
import static org.kexecinspect.format.x86.ScreenInfoLayout.LFB_HEIGHT;
import static org.kexecinspect.format.x86.ScreenInfoLayout.LFB_LINELENGTH;
import static org.kexecinspect.format.x86.ScreenInfoLayout.LFB_SIZE;
import static org.kexecinspect.format.x86.ScreenInfoLayout.LFB_WIDTH;
import static org.kexecinspect.format.x86.ScreenInfoLayout.ORIG_VIDEO_IS_VGA;
import static org.kexecinspect.format.x86.ScreenInfoLayout.VIDEO_CAPABILITY_64BIT_BASE;

import java.util.ArrayList;
import java.util.List;

import org.kexecinspect.facts.Fact;
import org.kexecinspect.facts.SystemFacts;
import org.kexecinspect.format.fb.FbVar;
import org.kexecinspect.format.text.IomemQueries;
import org.kexecinspect.format.x86.ScreenInfo;
import org.kexecinspect.format.x86.ScreenInfoEncoder;
import org.kexecinspect.format.x86.VideoType;
import org.kexecinspect.model.Reason;
import org.kexecinspect.model.mmio.MmioPrediction;

/**
 * The screen_info the kdump kernel should receive, from the best source there is (issue 6): the
 * boot-time one, moved where the driver relocated the framebuffer; or the Hyper-V layout (the
 * framebuffer at the low MMIO base); then explicit values over either. Pure.
 */
public final class ScreenInfoCorrection {
    private ScreenInfoCorrection() {}

    /** Hyper-V framebuffer sizes are whole 2 MiB pages of VRAM (issue 6; hyperv_drm allocates in MiB). */
    static final long FB_ROUND = 2L << 20;

    /** Explicit values; null members were not given. */
    public record Overrides(Long lfbBase, Long lfbSize, Integer width, Integer height, Integer depth,
            Integer lineLength, Integer videoType) {
        public static final Overrides NONE = new Overrides(null, null, null, null, null, null, null);

        boolean any() {
            return lfbBase != null || lfbSize != null || width != null || height != null || depth != null
                    || lineLength != null || videoType != null;
        }
    }

    /** Where the corrected screen_info came from. */
    public enum Source { BOOT_TIME, MMIO_LAYOUT, EXPLICIT }

    /** The corrected screen_info, or what was missing to make one. */
    public record Result(ScreenInfo screenInfo, Source source, List<Reason> reasons, List<String> missing) {
        public Result {
            reasons = List.copyOf(reasons);
            missing = List.copyOf(missing);
        }
    }

    /**
     * @param reservationCap the most a fixed vmbus_reserve_fb() (016a25e4b0df) reserves at the low
     *     MMIO base, min((4 GiB - start)/2, cap): release knowledge, so the caller passes it in
     */
    public static Result correct(SystemFacts f, MmioPrediction mmio, boolean fromMmio, Overrides o, long reservationCap) {
        List<Reason> why = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        ScreenInfoEncoder.Builder b = null;
        Source source = null;
        Fact<org.kexecinspect.format.x86.BootParams> boot = f.bootParams();
        if (!fromMmio && boot.known() && boot.value().screenInfo().lfbAddress() != 0) {
            b = fromBootTime(f, boot.value().screenInfo(), boot.source(), why);
            source = Source.BOOT_TIME;
        } else if (!fromMmio) {
            missing.add("a boot-time screen_info with a framebuffer (" + (boot.known() ? "its lfb_base is 0" : boot.unknown())
                    + "; " + boot.source() + "); --from-mmio builds one from the Hyper-V layout");
        }
        if (b == null && (fromMmio || !o.any())) {
            b = fromMmio(f, mmio, o, reservationCap, why, missing);
            source = b == null ? null : Source.MMIO_LAYOUT;
        }
        if (b == null && o.any() && o.lfbBase() != null) {
            b = ScreenInfoEncoder.zero().set(ORIG_VIDEO_IS_VGA, VideoType.EFI.code);
            source = Source.EXPLICIT;
            missing.clear();
        }
        if (b == null) {
            return new Result(null, null, why, missing);
        }
        apply(b, o, why);
        return new Result(b.build("corrected screen_info"), source, why, List.of());
    }

    /** The boot-time screen_info, moved when the framebuffer was relocated (iomem shows where it is now). */
    static ScreenInfoEncoder.Builder fromBootTime(SystemFacts f, ScreenInfo boot, String source, List<Reason> why) {
        ScreenInfoEncoder.Builder b = ScreenInfoEncoder.from(boot);
        why.add(Reason.of(String.format("the boot-time screen_info: type 0x%02x, framebuffer 0x%x, %d bytes",
                boot.videoTypeCode(), boot.lfbAddress(), boot.lfbSizeBytes()), source));
        Fact<IomemQueries.Framebuffer> region = f.iomem().framebufferRegion();
        if (region.known() && !region.value().region().contains(boot.lfbAddress())) {
            long now = region.value().region().start();
            setBase(b, now);
            why.add(Reason.of(String.format("the framebuffer was relocated: %s now at 0x%x "
                    + "(drivers/gpu/drm/hyperv/hyperv_drm_drv.c hyperv_setup_vram(), drivers/video/fbdev/hyperv_fb.c)",
                    String.join("/", region.value().drivers()), now), region.source()));
        }
        return b;
    }

    /**
     * The Hyper-V layout: the framebuffer starts at the low MMIO base (Dexuan Cui's measurements,
     * Message-ID SA1PR21MB69218F955B62DFF62E3E88D2BF222@SA1PR21MB6921.namprd21.prod.outlook.com).
     */
    static ScreenInfoEncoder.Builder fromMmio(SystemFacts f, MmioPrediction mmio, Overrides o, long reservationCap,
            List<Reason> why, List<String> missing) {
        if (mmio == null || mmio.lowMmio() == null && mmio.framebuffer() == null) {
            missing.add("the VMBus low MMIO base (iomem, or --assume iomem.lowMmio=START-END)");
            return null;
        }
        long base = mmio.lowMmio() != null ? mmio.lowMmio().start() : mmio.framebuffer().start();
        Fact<FbVar> var = f.framebuffer().var();
        long width = o.width() != null ? o.width() : var.known() ? var.value().xres() : 0;
        long height = o.height() != null ? o.height() : var.known() ? var.value().yres() : 0;
        long depth = o.depth() != null ? o.depth() : var.known() ? var.value().bitsPerPixel() : 32;
        String from = "the Hyper-V MMIO layouts (Message-ID SA1PR21MB69218F955B62DFF62E3E88D2BF222@SA1PR21MB6921.namprd21.prod.outlook.com); "
                + (mmio.lowMmio() != null ? "the MMIO model's low range" : "the MMIO model's framebuffer");
        if (width == 0 || height == 0) {
            if (base >= FOUR_GIB) {
                missing.add("the resolution (/dev/fb0's var screen info, or --width and --height)");
                return null;
            }
            // no resolution: what matters to vmbus_reserve_fb() is base and size, so take the size the fixed
            // kernel reserves there; with no resolution efifb and simpledrm will not drive it
            long bytes = Math.min((FOUR_GIB - base) / 2, reservationCap);
            ScreenInfoEncoder.Builder b = ScreenInfoEncoder.zero().set(ORIG_VIDEO_IS_VGA, VideoType.EFI.code).set(LFB_SIZE, bytes);
            setBase(b, base);
            why.add(Reason.derived(String.format("the Hyper-V layout: the framebuffer at the low MMIO base 0x%x; the "
                    + "resolution is unknown, so lfb_size is what 016a25e4b0df reserves there, min((4 GiB - base)/2, "
                    + "128 MiB) = %d bytes, and lfb_width/lfb_height stay 0 (efifb and simpledrm will not drive it; "
                    + "--width and --height give them)", base, bytes), from + "; drivers/hv/vmbus_drv.c vmbus_reserve_fb() (016a25e4b0df)"));
            return b;
        }
        long line = o.lineLength() != null ? o.lineLength() : width * ((depth + 7) / 8);
        long bytes = roundUp(line * height, FB_ROUND);
        ScreenInfoEncoder.Builder b = ScreenInfoEncoder.zero()
                .set(ORIG_VIDEO_IS_VGA, VideoType.EFI.code)
                .set(LFB_WIDTH, width).set(LFB_HEIGHT, height).set(LFB_DEPTH, depth)
                .set(LFB_LINELENGTH, line).set(LFB_SIZE, bytes);
        setBase(b, base);
        why.add(Reason.derived(String.format("the Hyper-V layout: the framebuffer at the low MMIO base 0x%x, %dx%dx%d, "
                + "%d bytes rounded up to 2 MiB", base, width, height, depth, bytes), from));
        return b;
    }

    static final long FOUR_GIB = 1L << 32;

    /** Explicit values win; lfb_size is given in bytes and stored in the type's units. */
    static void apply(ScreenInfoEncoder.Builder b, Overrides o, List<Reason> why) {
        if (o.videoType() != null) {
            b.set(ORIG_VIDEO_IS_VGA, o.videoType());
        }
        if (o.lfbBase() != null) {
            setBase(b, o.lfbBase());
        }
        if (o.width() != null) {
            b.set(LFB_WIDTH, o.width());
        }
        if (o.height() != null) {
            b.set(LFB_HEIGHT, o.height());
        }
        if (o.depth() != null) {
            b.set(LFB_DEPTH, o.depth());
        }
        if (o.lineLength() != null) {
            b.set(LFB_LINELENGTH, o.lineLength());
        }
        boolean vlfb = b.get(ORIG_VIDEO_IS_VGA) == VideoType.VLFB.code;
        if (o.lfbSize() != null) {
            b.set(LFB_SIZE, vlfb ? (o.lfbSize() + 0xffff) >> 16 : o.lfbSize());
        }
        if (o.any()) {
            why.add(Reason.of("explicit values override the source", "the command line"));
        }
        why.add(Reason.of(vlfb ? "VIDEO_TYPE_VLFB: lfb_size in 64 KiB units" : "lfb_size in bytes (units are 64 KiB only "
                + "for VIDEO_TYPE_VLFB; kexec-tools writes 64 KiB units whatever the type)",
                "include/linux/screen_info.h __screen_info_lfb_size(); kexec-tools kexec/arch/i386/x86-linux-setup.c setup_linux_vesafb()"));
    }

    /** lfb_base holds the low 32 bits; above 4 GiB the rest goes to ext_lfb_base with VIDEO_CAPABILITY_64BIT_BASE. */
    static void setBase(ScreenInfoEncoder.Builder b, long address) {
        b.set(LFB_BASE, address & 0xffffffffL);
        long high = address >>> 32;
        b.set(EXT_LFB_BASE, high);
        long caps = b.get(CAPABILITIES);
        b.set(CAPABILITIES, high != 0 ? caps | VIDEO_CAPABILITY_64BIT_BASE : caps & ~VIDEO_CAPABILITY_64BIT_BASE);
    }

    static long roundUp(long v, long to) {
        return (v + to - 1) / to * to;
    }
}
