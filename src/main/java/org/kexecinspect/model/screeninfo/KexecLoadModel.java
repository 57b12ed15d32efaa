package org.kexecinspect.model.screeninfo;

import static org.kexecinspect.format.x86.ScreenInfoLayout.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.kexecinspect.facts.Fact;
import org.kexecinspect.facts.SystemFacts;
import org.kexecinspect.format.fb.FbDriver;
import org.kexecinspect.format.text.KexecInvocation;
import org.kexecinspect.format.x86.BootParams;
import org.kexecinspect.format.x86.BootParamsLayout.EfiInfo;
import org.kexecinspect.format.x86.ScreenInfo;
import org.kexecinspect.format.x86.ScreenInfoEncoder;
import org.kexecinspect.knowledge.Knowledge;
import org.kexecinspect.knowledge.Knowledge.VesafbRule;
import org.kexecinspect.knowledge.Version;
import org.kexecinspect.model.PathPrediction;
import org.kexecinspect.model.Reason;
import org.kexecinspect.model.Tristate;
import org.kexecinspect.model.loadpath.Availability;
import org.kexecinspect.model.loadpath.KexecSyscall;

/**
 * The screen_info a kdump kernel receives through KEXEC_LOAD, where kexec-tools builds the zero
 * page in user space (kexec-tools kexec/arch/i386/x86-linux-setup.c setup_linux_vesafb() and its
 * history, the knowledge file's kexecTools.setupLinuxVesafb classes). Pure: reads only the facts.
 *
 * <p>The predicted screen_info holds all 64 bytes as kexec-tools writes them: every video member,
 * cl_magic and cl_offset ({@link KexecToolsCommandLine}), and ext_mem_k 0. Two members the kdump
 * kernel itself changes before user space can read them are predicted as kexec-tools writes them:
 * its decompressor moves the text cursor (orig_x, orig_y) while it prints.
 */
public final class KexecLoadModel {
    private KexecLoadModel() {}

    static final String VESAFB = "kexec-tools kexec/arch/i386/x86-linux-setup.c setup_linux_vesafb()";
    static final String DEFAULTS = "kexec-tools kexec/arch/i386/x86-linux-setup.c setup_linux_system_parameters()";

    /** The KEXEC_LOAD prediction for one system. */
    public static PathPrediction predict(SystemFacts f) {
        List<Reason> r = new ArrayList<>();
        Optional<PathPrediction> notX86 = NonX86Model.unlessX86(f, KexecSyscall.KEXEC_LOAD, r);
        if (notX86.isPresent()) {
            return notX86.get();
        }
        Result s = screenInfo(f, r);
        if (s.screenInfo != null) {
            s = new Result(KexecToolsCommandLine.applied(s.screenInfo, f, r), s.lfbBaseZero);
        }
        Tristate lfbZero = s.screenInfo != null ? ScreenInfoParts.lfbBaseZero(s.screenInfo) : s.lfbBaseZero;
        if (HypervVideo.noFramebuffer(f, r) && !lfbZero.known()) {
            lfbZero = Tristate.YES; // no fb0 and a zero boot-time screen_info: every class ends with lfb_base 0
        }
        Tristate efiBoot = efiBoot(f, r);
        Tristate available = Availability.of(f, KexecSyscall.KEXEC_LOAD, r);
        return new PathPrediction(PathPrediction.KEXEC_LOAD, false, s.screenInfo, lfbZero, efiBoot, available, r);
    }

    /** The screen_info, or null with lfbBaseZero when only that much can be told. */
    record Result(ScreenInfo screenInfo, Tristate lfbBaseZero) {}

    static Result screenInfo(SystemFacts f, List<Reason> r) {
        Fb0.State fb0 = Fb0.of(f.framebuffer());
        Fact<String> ktVersion = f.kexecTools().version();
        VesafbRule rule = null;
        if (ktVersion.known() && Version.parse(ktVersion.value()) != null) {
            rule = Knowledge.get().setupLinuxVesafb(Version.parse(ktVersion.value()));
        }
        if (rule != null) {
            r.add(Reason.of("kexec-tools " + ktVersion.value() + " is class " + rule.kexecToolsClass() + " for "
                    + "setup_linux_vesafb()", ktVersion.source() + "; knowledge.json: " + rule.source()));
        }
        Fact<BootParams> boot = f.bootParams();
        ScreenInfoEncoder.Builder b = textDefaults();
        r.add(Reason.of("kexec-tools first writes text defaults: orig_video_isVGA 1, 80x25, 16-pixel font, lfb fields 0",
                DEFAULTS));

        if (fb0 instanceof Fb0.Unknown u) {
            r.add(Reason.of("cannot tell what kexec-tools reads from /dev/fb0: " + u.why(), u.source()));
            return new Result(null, Tristate.UNKNOWN);
        }
        if (fb0 instanceof Fb0.Absent a) {
            r.add(Reason.of("/dev/fb0 cannot be opened: " + a.why(), a.source()));
            if (rule == null) {
                r.add(unknownVersion(ktVersion, "whether it copies the boot-time screen_info (from 060eee589dd1) "
                        + "or keeps the text defaults"));
                return new Result(null, boot.known() && boot.value().screenInfo().lfbAddress() == 0 ? Tristate.YES
                        : Tristate.UNKNOWN);
            }
            if (!rule.fallback()) {
                r.add(Reason.of("class " + rule.kexecToolsClass() + " ignores the failure: the text defaults stay "
                        + "(isVGA 1, lfb_base 0)", VESAFB + "; knowledge.json: " + rule.source()));
                return new Result(ScreenInfoParts.withoutNonVideo(b).build("predicted KEXEC_LOAD screen_info"), Tristate.YES);
            }
            if (!boot.known()) {
                r.add(Reason.of("kexec-tools copies the boot-time screen_info, which is unknown (" + boot.unknown() + ")",
                        boot.source()));
                return new Result(null, Tristate.UNKNOWN);
            }
            ScreenInfo bootSi = boot.value().screenInfo();
            r.add(Reason.of("kexec-tools copies the 64-byte boot-time screen_info from /sys/kernel/boot_params/data "
                    + "(type " + hex(bootSi.videoTypeCode()) + ", lfb_base " + hex(bootSi.lfbAddress()) + ")",
                    boot.source() + "; " + VESAFB + " fallback, since 060eee589dd1"));
            return new Result(ScreenInfoParts.withoutNonVideo(ScreenInfoEncoder.from(bootSi)).build("predicted KEXEC_LOAD screen_info"),
                    Tristate.of(bootSi.lfbAddress() == 0));
        }
        Fb0 fb = ((Fb0.Present) fb0).fb();
        FbDriver.KexecToolsIdMatch match = FbDriver.kexecToolsIdMatch(fb.id());
        if (f.framebuffer().smemStartHidden().known() && f.framebuffer().smemStartHidden().value()) {
            r.add(Reason.of("/dev/fb0 is '" + fb.id() + "': its driver hides smem_start, so it reads 0",
                    f.framebuffer().smemStartHidden().source() + "; drivers/video/fbdev/core/fb_chrdev.c: FBINFO_HIDE_SMEM_START (da6c7707caf3)"));
        }
        if (match != FbDriver.KexecToolsIdMatch.OTHER) {
            int type = match.videoType().get().code;
            b.set(ORIG_VIDEO_IS_VGA, type);
            r.add(Reason.of("fix.id '" + fb.id() + "' gives orig_video_isVGA " + hex(type) + " and the lfb fields from fb0",
                    fb.source() + "; " + VESAFB));
            return fill(b, fb, rule, ktVersion, r);
        }
        if (rule == null) {
            r.add(unknownVersion(ktVersion, "what it does with fix.id '" + fb.id() + "'"));
            // every class but B, C, E ends with lfb_base 0; those copy smem_start
            return new Result(null, fb.smemStart() == 0 ? Tristate.YES : Tristate.UNKNOWN);
        }
        String otherId = rule.otherId();
        if (otherId.equals(VesafbRule.ZERO)) {
            List<Reason> optionReasons = new ArrayList<>();
            Optional<KexecInvocation> inv = ServiceInvocation.of(f, optionReasons);
            r.addAll(optionReasons);
            if (inv.isEmpty()) {
                r.add(Reason.of("whether kexec runs with --reuse-video-type cannot be told: neither the service's kexec "
                        + "arguments nor a recorded command is known", ServiceInvocation.source(f)));
                return new Result(null, fb.smemStart() == 0 ? Tristate.YES : Tristate.UNKNOWN);
            }
            if (inv.get().reuseVideoType()) {
                r.add(Reason.of("--reuse-video-type is given (class E): the boot-time type is reused",
                        ServiceInvocation.source(f) + "; " + VESAFB + " --reuse-video-type, fb5a8792e6e4"));
                otherId = VesafbRule.BOOT_TIME_TYPE;
            } else {
                b.set(ORIG_VIDEO_IS_VGA, 0);
                r.add(Reason.of("fix.id '" + fb.id() + "' is neither 'VESA VGA' nor 'EFI VGA' and --reuse-video-type is "
                        + "not given: orig_video_isVGA 0, no lfb fields", fb.source() + "; " + ServiceInvocation.source(f)
                        + "; " + VESAFB + " since fb5a8792e6e4"));
                return new Result(ScreenInfoParts.withoutNonVideo(b).build("predicted KEXEC_LOAD screen_info"), Tristate.YES);
            }
        }
        if (otherId.equals(VesafbRule.TEXT_DEFAULTS)) {
            r.add(Reason.of("fix.id '" + fb.id() + "' is not handled by class " + rule.kexecToolsClass()
                    + ": the text defaults stay", VESAFB + "; knowledge.json: " + rule.source()));
            return new Result(ScreenInfoParts.withoutNonVideo(b).build("predicted KEXEC_LOAD screen_info"), Tristate.YES);
        }
        // boot-time-type: classes B, C and E take byte 0x0f of the boot-time zero page, then fill from fb0
        if (!boot.known()) {
            r.add(Reason.of("kexec-tools takes orig_video_isVGA from the boot-time zero page, which is unknown ("
                    + boot.unknown() + ")", boot.source()));
            Result partial = fill(ScreenInfoEncoder.zero(), fb, rule, ktVersion, new ArrayList<>());
            return new Result(null, partial.lfbBaseZero);
        }
        int bootType = boot.value().screenInfo().videoTypeCode();
        b.set(ORIG_VIDEO_IS_VGA, bootType);
        r.add(Reason.of("fix.id '" + fb.id() + "' is neither 'VESA VGA' nor 'EFI VGA': class " + classOf(rule, otherId)
                + " reuses the boot-time type " + hex(bootType) + " and fills the lfb fields from fb0",
                boot.source() + "; " + VESAFB + " since 060eee589dd1"));
        return fill(b, fb, rule, ktVersion, r);
    }

    private static String classOf(VesafbRule rule, String otherId) {
        return rule.otherId().equals(VesafbRule.ZERO) ? "E" : rule.kexecToolsClass();
    }

    private static Reason unknownVersion(Fact<String> v, String what) {
        return Reason.of("the kexec-tools version decides " + what + ", and it cannot be told ("
                + (v.known() ? "no knowledge entry for " + v.value() : v.unknown()) + ")", v.source());
    }

    static ScreenInfoEncoder.Builder textDefaults() {
        // setup_linux_system_parameters(): orig_x/y 0, page/mode 0, 80 columns, 25 lines, ega_bx 0, isVGA 1, 16 points
        return ScreenInfoEncoder.zero()
                .set(ORIG_VIDEO_COLS, 80).set(ORIG_VIDEO_LINES, 25).set(ORIG_VIDEO_IS_VGA, 1).set(ORIG_VIDEO_POINTS, 16);
    }

    /**
     * The fill of setup_linux_vesafb(). C assignments keep the low bits of a
     * value wider than the member; the version decides the 64-bit base (classes C to E).
     */
    static Result fill(ScreenInfoEncoder.Builder b, Fb0 fb, VesafbRule rule, Fact<String> ktVersion, List<Reason> r) {
        long smem = fb.smemStart();
        boolean above4g = Long.compareUnsigned(smem, 0xffff_ffffL) > 0;
        b.set(LFB_WIDTH, fb.xres() & 0xffff).set(LFB_HEIGHT, fb.yres() & 0xffff).set(LFB_DEPTH, fb.bitsPerPixel() & 0xffff)
                .set(LFB_BASE, smem & 0xffff_ffffL).set(LFB_LINELENGTH, fb.lineLength() & 0xffff).set(VESAPM_SEG, 0)
                .set(LFB_SIZE, (fb.smemLen() + 65535) / 65536).set(PAGES, ((fb.smemLen() + 4095) / 4096) & 0xffff);
        r.add(Reason.of("lfb_base = smem_start " + hex(smem) + " (low 32 bits), lfb_size = ceil(smem_len/64 KiB) = "
                + (fb.smemLen() + 65535) / 65536 + " (64 KiB units whatever the type), pages = ceil(smem_len/4 KiB)",
                fb.source() + "; " + VESAFB));
        boolean zero;
        if (above4g) {
            if (rule == null) {
                r.add(unknownVersion(ktVersion, "whether a framebuffer above 4 GiB gets ext_lfb_base (from a98b4da4fd4f)"));
                return new Result(null, (smem & 0xffff_ffffL) != 0 ? Tristate.NO : Tristate.UNKNOWN);
            }
            if (rule.ext64()) {
                b.set(EXT_LFB_BASE, smem >>> 32).set(CAPABILITIES, b.get(CAPABILITIES) | VIDEO_CAPABILITY_64BIT_BASE);
                r.add(Reason.of("smem_start is above 4 GiB: ext_lfb_base = " + hex(smem >>> 32)
                        + " and VIDEO_CAPABILITY_64BIT_BASE", VESAFB + " since a98b4da4fd4f"));
            } else {
                r.add(Reason.of("smem_start is above 4 GiB but class " + rule.kexecToolsClass()
                        + " keeps only its low 32 bits", VESAFB + " before a98b4da4fd4f"));
            }
        }
        zero = (smem & (rule != null && rule.ext64() ? -1L : 0xffff_ffffL)) == 0;
        if (fb.bitsPerPixel() > 8) {
            if (fb.colours() == null) {
                r.add(Reason.of("above 8 bpp kexec-tools copies the colour positions from fb0's var screen info, "
                        + "which is unknown", fb.source()));
                return new Result(null, Tristate.of(zero));
            }
            long[] red = fb.colours().get(0), green = fb.colours().get(1), blue = fb.colours().get(2),
                    transp = fb.colours().get(3);
            b.set(RED_POS, red[0] & 0xff).set(RED_SIZE, red[1] & 0xff).set(GREEN_POS, green[0] & 0xff)
                    .set(GREEN_SIZE, green[1] & 0xff).set(BLUE_POS, blue[0] & 0xff).set(BLUE_SIZE, blue[1] & 0xff)
                    .set(RSVD_POS, transp[0] & 0xff).set(RSVD_SIZE, transp[1] & 0xff);
        }
        ScreenInfo s = ScreenInfoParts.withoutNonVideo(b).build("predicted KEXEC_LOAD screen_info");
        return new Result(s, Tristate.of(s.lfbAddress() == 0));
    }

    /**
     * EFI_BOOT in the kdump kernel: kexec-tools passes efi_info only when the image has
     * XLF_EFI_KEXEC, --noefi is not given, the running efi_info has a memory map of descriptor
     * version 1, and /sys/firmware/efi/runtime-map (and systab) can be read.
     * Derived from the code, not observed. True needs every one of
     * those known, XLF_EFI_KEXEC from the kdump image's setup header.
     */
    static Tristate efiBoot(SystemFacts f, List<Reason> r) {
        String src = "kexec-tools kexec/arch/i386/x86-linux-setup.c setup_efi_info(), "
                + "kexec/arch/x86_64/kexec-bzImage64.c";
        Fact<Boolean> efi = f.firmware().efi();
        if (efi.known() && !efi.value()) {
            r.add(Reason.derived("the first kernel was not booted through EFI: the kdump kernel gets no efi_info and is "
                    + "not EFI_BOOT", efi.source() + "; " + src));
            return Tristate.NO;
        }
        List<Reason> optionReasons = new ArrayList<>();
        Optional<KexecInvocation> inv = ServiceInvocation.of(f, optionReasons);
        if (inv.isPresent() && inv.get().noEfi()) {
            r.add(Reason.derived("--noefi: kexec-tools passes no efi_info, so the kdump kernel is not EFI_BOOT",
                    ServiceInvocation.source(f) + "; " + src));
            return Tristate.NO;
        }
        Fact<Boolean> map = f.firmware().efiRuntimeMap();
        if (map.known() && !map.value()) {
            r.add(Reason.derived("no /sys/firmware/efi/runtime-map: kexec-tools cannot build the EFI data and zeroes "
                    + "efi_info, so the kdump kernel is not EFI_BOOT", map.source() + "; " + src));
            return Tristate.NO;
        }
        Fact<BootParams> boot = f.bootParams();
        if (boot.known()) {
            BootParams bp = boot.value();
            long memmapSize = bp.efiInfo().get(EfiInfo.EFI_MEMMAP_SIZE);
            long descVersion = bp.efiInfo().get(EfiInfo.EFI_MEMDESC_VERSION);
            if (!bp.efiBoot() || memmapSize == 0 || descVersion != 1) {
                r.add(Reason.derived("the running efi_info (signature " + bp.efiLoaderSignatureText() + ", memmap size "
                        + memmapSize + ", descriptor version " + descVersion + ") is not passed on: the kdump kernel is "
                        + "not EFI_BOOT", boot.source() + "; " + src));
                return Tristate.NO;
            }
        }
        Fact<Boolean> xlf = f.kdumpKernel().efiKexec();
        if (xlf.known() && !xlf.value()) {
            r.add(Reason.derived("the kdump image lacks XLF_EFI_KEXEC: kexec-tools passes no efi_info, so the kdump kernel "
                    + "is not EFI_BOOT", xlf.source() + "; " + src));
            return Tristate.NO;
        }
        if (xlf.known() && efi.known() && inv.isPresent() && map.known() && boot.known()) {
            r.add(Reason.derived("EFI boot, XLF_EFI_KEXEC in the kdump image, no --noefi, a runtime map and a version-1 "
                    + "memory map: kexec-tools passes efi_info and the kdump kernel is EFI_BOOT",
                    xlf.source() + "; " + map.source() + "; " + boot.source() + "; " + src));
            return Tristate.YES;
        }
        r.add(Reason.derived("whether the kdump kernel is EFI_BOOT cannot be told: it needs XLF_EFI_KEXEC in the kdump "
                + "image" + (xlf.known() ? "" : " (" + xlf.unknown() + ")") + (inv.isEmpty() ? ", the kexec options (--noefi)" : "")
                + (map.known() ? "" : ", /sys/firmware/efi/runtime-map") + (boot.known() ? "" : ", the running efi_info"),
                src));
        return Tristate.UNKNOWN;
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
