package org.kexecinspect.format.x86;

/**
 * The values of screen_info.orig_video_isVGA, which despite its name holds the video type
 * (VIDEO_TYPE_* in include/uapi/linux/screen_info.h).
 */
public enum VideoType {
    NONE(0x00, "no display"),
    VGA_TEXT(0x01, "VGA text (refined from orig_video_mode / ega_bx by the kernel)"),
    MDA(0x10, "VIDEO_TYPE_MDA, monochrome text"),
    CGA(0x11, "VIDEO_TYPE_CGA"),
    EGAM(0x20, "VIDEO_TYPE_EGAM, EGA/VGA monochrome"),
    EGAC(0x21, "VIDEO_TYPE_EGAC, EGA colour"),
    VGAC(0x22, "VIDEO_TYPE_VGAC, VGA+ colour text"),
    VLFB(0x23, "VIDEO_TYPE_VLFB, VESA linear framebuffer"),
    PICA_S3(0x30, "VIDEO_TYPE_PICA_S3"),
    MIPS_G364(0x31, "VIDEO_TYPE_MIPS_G364"),
    SGI(0x33, "VIDEO_TYPE_SGI"),
    TGAC(0x40, "VIDEO_TYPE_TGAC, DEC TGA"),
    SUN(0x50, "VIDEO_TYPE_SUN"),
    SUNPCI(0x51, "VIDEO_TYPE_SUNPCI"),
    PMAC(0x60, "VIDEO_TYPE_PMAC"),
    EFI(0x70, "VIDEO_TYPE_EFI, EFI GOP framebuffer");

    public final int code;
    public final String meaning;

    VideoType(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    /** The type for a code, or null for a value the kernel does not define. */
    public static VideoType of(int code) {
        for (VideoType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }

    /** The name used in JSON: "efi", "vlfb", "vga-text", ... or "unknown-0xNN". */
    public static String nameOf(int code) {
        VideoType t = of(code);
        return t == null ? String.format("unknown-0x%02x", code) : t.name().toLowerCase().replace('_', '-');
    }

    public static String meaningOf(int code) {
        VideoType t = of(code);
        return t == null ? "not a VIDEO_TYPE_* value" : t.meaning;
    }
}
