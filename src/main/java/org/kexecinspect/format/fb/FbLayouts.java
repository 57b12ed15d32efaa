package org.kexecinspect.format.fb;

import org.kexecinspect.format.Layout;
import org.kexecinspect.format.Layout.Abi;
import org.kexecinspect.format.Layout.Field;

/**
 * The fbdev ioctl structs of include/uapi/linux/fb.h, naturally aligned.
 * fb_fix_screeninfo differs between ABIs because of its two {@code unsigned long} members: 80
 * bytes on LP64 (x86-64, arm64), 68 on ILP32 (i386, arm, and 32-bit processes through compat).
 */
public final class FbLayouts {
    private FbLayouts() {}

    /** struct fb_fix_screeninfo for one ABI. */
    public static final class FbFix {
        public final Field id;
        public final Field smemStart;
        public final Field smemLen;
        public final Field type;
        public final Field typeAux;
        public final Field visual;
        public final Field xpanstep;
        public final Field ypanstep;
        public final Field ywrapstep;
        public final Field lineLength;
        public final Field mmioStart;
        public final Field mmioLen;
        public final Field accel;
        public final Field capabilities;
        public final Field reserved;
        public final Layout layout;

        private FbFix(Abi abi, int size) {
            Layout.Builder b = Layout.natural("fb_fix_screeninfo", abi);
            id = b.chars("id", 16);                  // identification string, e.g. "EFI VGA"
            smemStart = b.ulong("smem_start");       // physical start of frame buffer mem
            smemLen = b.u32("smem_len");
            type = b.u32("type");                    // FB_TYPE_*
            typeAux = b.u32("type_aux");
            visual = b.u32("visual");                // FB_VISUAL_*
            xpanstep = b.u16("xpanstep");
            ypanstep = b.u16("ypanstep");
            ywrapstep = b.u16("ywrapstep");
            lineLength = b.u32("line_length");
            mmioStart = b.ulong("mmio_start");
            mmioLen = b.u32("mmio_len");
            accel = b.u32("accel");                  // FB_ACCEL_*
            capabilities = b.u16("capabilities");    // FB_CAP_*
            reserved = b.pad("reserved", 2, 2);
            layout = b.build(size);
        }
    }

    public static final FbFix FIX_LP64 = new FbFix(Abi.LP64, 80);
    public static final FbFix FIX_ILP32 = new FbFix(Abi.ILP32, 68);

    /** struct fb_bitfield: one colour channel of fb_var_screeninfo. */
    public static final class FbBitfield {
        private FbBitfield() {}

        private static final Layout.Builder B = Layout.natural("fb_bitfield", Abi.LP64);
        public static final Field OFFSET = B.u32("offset");
        public static final Field LENGTH = B.u32("length");
        public static final Field MSB_RIGHT = B.u32("msb_right");
        public static final Layout LAYOUT = B.build(12);
    }

    /** struct fb_var_screeninfo: 160 bytes on every ABI. */
    public static final class FbVar {
        private FbVar() {}

        private static final Layout.Builder B = Layout.natural("fb_var_screeninfo", Abi.LP64);
        public static final Field XRES = B.u32("xres");
        public static final Field YRES = B.u32("yres");
        public static final Field XRES_VIRTUAL = B.u32("xres_virtual");
        public static final Field YRES_VIRTUAL = B.u32("yres_virtual");
        public static final Field XOFFSET = B.u32("xoffset");
        public static final Field YOFFSET = B.u32("yoffset");
        public static final Field BITS_PER_PIXEL = B.u32("bits_per_pixel");
        public static final Field GRAYSCALE = B.u32("grayscale");
        public static final Field RED = B.struct("red", FbBitfield.LAYOUT);
        public static final Field GREEN = B.struct("green", FbBitfield.LAYOUT);
        public static final Field BLUE = B.struct("blue", FbBitfield.LAYOUT);
        public static final Field TRANSP = B.struct("transp", FbBitfield.LAYOUT);
        public static final Field NONSTD = B.u32("nonstd");
        public static final Field ACTIVATE = B.u32("activate");
        public static final Field HEIGHT = B.u32("height");          // mm
        public static final Field WIDTH = B.u32("width");            // mm
        public static final Field ACCEL_FLAGS = B.u32("accel_flags");
        public static final Field PIXCLOCK = B.u32("pixclock");      // ps
        public static final Field LEFT_MARGIN = B.u32("left_margin");
        public static final Field RIGHT_MARGIN = B.u32("right_margin");
        public static final Field UPPER_MARGIN = B.u32("upper_margin");
        public static final Field LOWER_MARGIN = B.u32("lower_margin");
        public static final Field HSYNC_LEN = B.u32("hsync_len");
        public static final Field VSYNC_LEN = B.u32("vsync_len");
        public static final Field SYNC = B.u32("sync");
        public static final Field VMODE = B.u32("vmode");
        public static final Field ROTATE = B.u32("rotate");
        public static final Field COLORSPACE = B.u32("colorspace");
        public static final Field RESERVED = B.pad("reserved", 4, 4);
        public static final Layout LAYOUT = B.build(160);
    }
}
