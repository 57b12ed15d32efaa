package org.kexecinspect.format.x86;

import org.kexecinspect.format.Layout;
import org.kexecinspect.format.Layout.Field;

/**
 * struct screen_info, include/uapi/linux/screen_info.h (packed, 64 bytes).
 * Byte 0x000 of the x86 zero page. Older headers call 0x08 a two-byte unused2 and end in
 * _reserved[6] without ext_lfb_base; this is the current layout.
 */
public final class ScreenInfoLayout {
    private ScreenInfoLayout() {}

    private static final Layout.Builder B = Layout.packed("screen_info");

    public static final Field ORIG_X = B.u8("orig_x");                       // 0x00
    public static final Field ORIG_Y = B.u8("orig_y");                       // 0x01
    public static final Field EXT_MEM_K = B.u16("ext_mem_k");                // 0x02
    public static final Field ORIG_VIDEO_PAGE = B.u16("orig_video_page");    // 0x04
    public static final Field ORIG_VIDEO_MODE = B.u8("orig_video_mode");     // 0x06
    public static final Field ORIG_VIDEO_COLS = B.u8("orig_video_cols");     // 0x07
    public static final Field FLAGS = B.u8("flags");                         // 0x08
    public static final Field UNUSED2 = B.u8("unused2");                     // 0x09
    public static final Field ORIG_VIDEO_EGA_BX = B.u16("orig_video_ega_bx"); // 0x0a
    public static final Field UNUSED3 = B.u16("unused3");                    // 0x0c
    public static final Field ORIG_VIDEO_LINES = B.u8("orig_video_lines");   // 0x0e
    public static final Field ORIG_VIDEO_IS_VGA = B.u8("orig_video_isVGA");  // 0x0f: the video type
    public static final Field ORIG_VIDEO_POINTS = B.u16("orig_video_points"); // 0x10
    public static final Field LFB_WIDTH = B.u16("lfb_width");                // 0x12
    public static final Field LFB_HEIGHT = B.u16("lfb_height");              // 0x14
    public static final Field LFB_DEPTH = B.u16("lfb_depth");                // 0x16
    public static final Field LFB_BASE = B.u32("lfb_base");                  // 0x18
    public static final Field LFB_SIZE = B.u32("lfb_size");                  // 0x1c
    public static final Field CL_MAGIC = B.u16("cl_magic");                  // 0x20
    public static final Field CL_OFFSET = B.u16("cl_offset");                // 0x22
    public static final Field LFB_LINELENGTH = B.u16("lfb_linelength");      // 0x24
    public static final Field RED_SIZE = B.u8("red_size");                   // 0x26
    public static final Field RED_POS = B.u8("red_pos");                     // 0x27
    public static final Field GREEN_SIZE = B.u8("green_size");               // 0x28
    public static final Field GREEN_POS = B.u8("green_pos");                 // 0x29
    public static final Field BLUE_SIZE = B.u8("blue_size");                 // 0x2a
    public static final Field BLUE_POS = B.u8("blue_pos");                   // 0x2b
    public static final Field RSVD_SIZE = B.u8("rsvd_size");                 // 0x2c
    public static final Field RSVD_POS = B.u8("rsvd_pos");                   // 0x2d
    public static final Field VESAPM_SEG = B.u16("vesapm_seg");              // 0x2e
    public static final Field VESAPM_OFF = B.u16("vesapm_off");              // 0x30
    public static final Field PAGES = B.u16("pages");                        // 0x32
    public static final Field VESA_ATTRIBUTES = B.u16("vesa_attributes");    // 0x34
    public static final Field CAPABILITIES = B.u32("capabilities");          // 0x36
    public static final Field EXT_LFB_BASE = B.u32("ext_lfb_base");          // 0x3a
    public static final Field RESERVED = B.pad("_reserved", 2);              // 0x3e

    public static final Layout LAYOUT = B.build(0x40);

    /** VIDEO_FLAGS_NOCURSOR, bit 0 of flags. */
    public static final int VIDEO_FLAGS_NOCURSOR = 1;
    /** VIDEO_CAPABILITY_SKIP_QUIRKS, bit 0 of capabilities. */
    public static final long VIDEO_CAPABILITY_SKIP_QUIRKS = 1L;
    /** VIDEO_CAPABILITY_64BIT_BASE, bit 1: ext_lfb_base holds the high 32 bits of the base. */
    public static final long VIDEO_CAPABILITY_64BIT_BASE = 1L << 1;
}
