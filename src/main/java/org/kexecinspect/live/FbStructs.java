package org.kexecinspect.live;

import com.sun.jna.NativeLong;
import com.sun.jna.Structure;

/**
 * JNA views of include/uapi/linux/fb.h's ioctl structs, for their sizes on
 * the running ABI: {@code unsigned long} is a NativeLong, so fb_fix_screeninfo is 80 bytes on LP64
 * and 68 on ILP32 without a second table. The bytes themselves are decoded by format.fb.
 */
public final class FbStructs {
    private FbStructs() {}

    /** FBIOGET_VSCREENINFO (include/uapi/linux/fb.h). */
    public static final int FBIOGET_VSCREENINFO = 0x4600;
    /** FBIOGET_FSCREENINFO (include/uapi/linux/fb.h). */
    public static final int FBIOGET_FSCREENINFO = 0x4602;

    /** struct fb_fix_screeninfo. */
    @Structure.FieldOrder({"id", "smem_start", "smem_len", "type", "type_aux", "visual", "xpanstep",
            "ypanstep", "ywrapstep", "line_length", "mmio_start", "mmio_len", "accel", "capabilities", "reserved"})
    public static final class FixScreeninfo extends Structure {
        public byte[] id = new byte[16];
        public NativeLong smem_start;
        public int smem_len;
        public int type;
        public int type_aux;
        public int visual;
        public short xpanstep;
        public short ypanstep;
        public short ywrapstep;
        public int line_length;
        public NativeLong mmio_start;
        public int mmio_len;
        public int accel;
        public short capabilities;
        public short[] reserved = new short[2];
    }

    /** struct fb_bitfield. */
    @Structure.FieldOrder({"offset", "length", "msb_right"})
    public static class Bitfield extends Structure {
        public int offset;
        public int length;
        public int msb_right;

        public static class ByValue extends Bitfield implements Structure.ByValue {}
    }

    /** struct fb_var_screeninfo. */
    @Structure.FieldOrder({"xres", "yres", "xres_virtual", "yres_virtual", "xoffset", "yoffset",
            "bits_per_pixel", "grayscale", "red", "green", "blue", "transp", "nonstd", "activate", "height",
            "width", "accel_flags", "pixclock", "left_margin", "right_margin", "upper_margin", "lower_margin",
            "hsync_len", "vsync_len", "sync", "vmode", "rotate", "colorspace", "reserved"})
    public static final class VarScreeninfo extends Structure {
        public int xres;
        public int yres;
        public int xres_virtual;
        public int yres_virtual;
        public int xoffset;
        public int yoffset;
        public int bits_per_pixel;
        public int grayscale;
        public Bitfield.ByValue red;
        public Bitfield.ByValue green;
        public Bitfield.ByValue blue;
        public Bitfield.ByValue transp;
        public int nonstd;
        public int activate;
        public int height;
        public int width;
        public int accel_flags;
        public int pixclock;
        public int left_margin;
        public int right_margin;
        public int upper_margin;
        public int lower_margin;
        public int hsync_len;
        public int vsync_len;
        public int sync;
        public int vmode;
        public int rotate;
        public int colorspace;
        public int[] reserved = new int[4];
    }
}
