package org.kexecinspect.format.fb;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.kexecinspect.format.x86.VideoType;

/**
 * Which kernel driver owns a framebuffer, told from its fix.id (the id each driver writes: efifb.c,
 * vesafb.c, simplefb.c, hyperv_fb.c, drm_fb_helper_fill_info()), and what that means for the
 * address user space can see (FBINFO_HIDE_SMEM_START, da6c7707caf3 "fbdev: Add
 * FBINFO_HIDE_SMEM_START flag").
 *
 * @param fixId the id as read (FBIOGET_FSCREENINFO, /proc/fb or fbset's Name)
 * @param kind the driver, or {@link Kind#DRM_FBDEV} for any DRM driver's fbdev emulation, or
 *     {@link Kind#UNKNOWN}
 * @param driverName the kernel driver's name. For a DRM fbdev this is the DRM driver's name taken
 *     from the id (e.g. {@code hyperv_drm}), and it may be cut short when the id was truncated.
 *     Empty for {@link Kind#UNKNOWN}
 * @param idTruncated true when the id is a DRM fbdev id cut to 15 characters, so that part of its
 *     "drmfb" suffix is missing
 */
public record FbDriver(String fixId, Kind kind, Optional<String> driverName, boolean idTruncated) {

    /** What FBIOGET_FSCREENINFO returns in smem_start for this driver. */
    public enum SmemStart {
        /** The framebuffer's physical address (classic fbdev drivers never set FBINFO_HIDE_SMEM_START). */
        REPORTED,
        /**
         * 0: the DRM fbdev helper sets FBINFO_HIDE_SMEM_START unless drm_leak_fbdev_smem is on, and
         * shadow-buffered DRM fbdevs (simpledrm, hyperv_drm) never have the address
         * (drivers/gpu/drm/drm_fb_helper.c; the leak knob is 4be9bd10e22d).
         * Kernels from before that flag (2018, release unverified) still showed a DRM fbdev's address.
         */
        HIDDEN,
        /** Not known for this id: check whether smem_start is 0. */
        NOT_KNOWN
    }

    public enum Kind {
        EFIFB("efifb", SmemStart.REPORTED),
        VESAFB("vesafb", SmemStart.REPORTED),
        SIMPLEFB("simplefb", SmemStart.REPORTED),
        HYPERV_FB("hyperv_fb", SmemStart.REPORTED),
        DRM_FBDEV(null, SmemStart.HIDDEN),
        UNKNOWN(null, SmemStart.NOT_KNOWN);

        /** The kernel module name for a single-driver kind; null for DRM_FBDEV and UNKNOWN. */
        public final String module;
        public final SmemStart smemStart;

        Kind(String module, SmemStart smemStart) {
            this.module = module;
            this.smemStart = smemStart;
        }
    }

    // fix.id values: efifb "EFI VGA" (drivers/video/fbdev/efifb.c); vesafb and uvesafb
    // "VESA VGA"; simplefb "simple"; hyperv_fb its KBUILD_MODNAME "hyperv_fb"
    static final String EFIFB_ID = "EFI VGA";
    static final String VESAFB_ID = "VESA VGA";
    static final String SIMPLEFB_ID = "simple";
    static final String HYPERV_FB_ID = "hyperv_fb";
    /**
     * The DRM drivers of the firmware's framebuffer (drivers/gpu/drm/sysfb/: simpledrm on sysfb's
     * simple-framebuffer device, efidrm and vesadrm on the efi-framebuffer and vesa-framebuffer
     * devices efifb and vesafb also bind). Their fbdev emulation hides smem_start like every DRM
     * fbdev's; their ids are "simpledrmdrmfb", "efidrmdrmfb", "vesadrmdrmfb".
     */
    public static final List<String> FIRMWARE_DRM_DRIVERS = List.of("simpledrm", "efidrm", "vesadrm");
    /** drm_fb_helper_fill_info() writes "%sdrmfb" with the DRM driver's name into the 16-byte id (drivers/gpu/drm/drm_fb_helper.c). */
    static final String DRM_SUFFIX = "drmfb";
    /** The longest id the kernel's snprintf into char id[16] can produce. */
    static final int MAX_ID_TEXT = 15;

    public FbDriver {
        Objects.requireNonNull(fixId, "fixId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(driverName, "driverName");
    }

    public SmemStart smemStart() { return kind.smemStart; }

    /**
     * Whether the driver drives the firmware's own framebuffer (the boot-time mode at the address
     * screen_info gives): efifb, vesafb, simplefb, and the DRM drivers simpledrm, efidrm and vesadrm.
     * Their /proc/iomem region is that framebuffer. Not a hardware driver such as hyperv_drm or bochs-drm.
     */
    public boolean firmwareFramebuffer() {
        return kind == Kind.EFIFB || kind == Kind.VESAFB || kind == Kind.SIMPLEFB
                || kind == Kind.DRM_FBDEV && !idTruncated && driverName.filter(FIRMWARE_DRM_DRIVERS::contains).isPresent();
    }

    /** Tells the driver from a fix.id. Matching is exact and case-sensitive, as the kernel's ids are fixed strings. */
    public static FbDriver classify(String fixId) {
        switch (fixId) {
            case EFIFB_ID: return single(fixId, Kind.EFIFB);
            case VESAFB_ID: return single(fixId, Kind.VESAFB);
            case SIMPLEFB_ID: return single(fixId, Kind.SIMPLEFB);
            case HYPERV_FB_ID: return single(fixId, Kind.HYPERV_FB);
            default: break;
        }
        if (fixId.length() > DRM_SUFFIX.length() && fixId.endsWith(DRM_SUFFIX)) {
            String name = fixId.substring(0, fixId.length() - DRM_SUFFIX.length());
            return new FbDriver(fixId, Kind.DRM_FBDEV, Optional.of(name), false);
        }
        // cut to 15 characters: "<name>drmf" or "<name>drm". Shorter remnants ("d", "dr") are too weak to claim DRM.
        if (fixId.length() == MAX_ID_TEXT) {
            for (String partial : new String[] {"drmf", "drm"}) {
                if (fixId.endsWith(partial)) {
                    String name = fixId.substring(0, fixId.length() - partial.length());
                    return new FbDriver(fixId, Kind.DRM_FBDEV, Optional.of(name), true);
                }
            }
        }
        return new FbDriver(fixId, Kind.UNKNOWN, Optional.empty(), false);
    }

    private static FbDriver single(String fixId, Kind kind) {
        return new FbDriver(fixId, kind, Optional.of(kind.module), false);
    }

    /** What kexec-tools' x86 setup_linux_vesafb() makes of /dev/fb0's fix.id. */
    public enum KexecToolsIdMatch {
        /** "VESA VGA": orig_video_isVGA = VIDEO_TYPE_VLFB (0x23), lfb fields filled from fb0. */
        VESA(VideoType.VLFB),
        /** "EFI VGA": orig_video_isVGA = VIDEO_TYPE_EFI (0x70), lfb fields filled from fb0. */
        EFI(VideoType.EFI),
        /**
         * Any other id: since v2.0.20 orig_video_isVGA = 0 and no lfb fields, unless
         * --reuse-video-type copies the boot-time type (kexec-tools kexec/arch/i386/x86-linux-setup.c
         * setup_linux_vesafb(), since fb5a8792e6e4 "x86: Introduce a new option --reuse-video-type").
         */
        OTHER(null);

        private final VideoType videoType;

        KexecToolsIdMatch(VideoType videoType) {
            this.videoType = videoType;
        }

        /** The video type kexec-tools writes for this id; empty for OTHER. */
        public Optional<VideoType> videoType() { return Optional.ofNullable(videoType); }
    }

    /**
     * The id test of kexec-tools: whole-string, case-sensitive strcmp of fix.id with "VESA VGA",
     * then "EFI VGA" (kexec-tools kexec/arch/i386/x86-linux-setup.c setup_linux_vesafb(), v2.0.20
     * to v2.0.32 and HEAD 29898e14).
     */
    public static KexecToolsIdMatch kexecToolsIdMatch(String fixId) {
        if (VESAFB_ID.equals(fixId)) {
            return KexecToolsIdMatch.VESA;
        }
        if (EFIFB_ID.equals(fixId)) {
            return KexecToolsIdMatch.EFI;
        }
        return KexecToolsIdMatch.OTHER;
    }
}
