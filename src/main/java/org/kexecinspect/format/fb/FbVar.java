package org.kexecinspect.format.fb;

import static org.kexecinspect.format.fb.FbLayouts.FbVar.*;

import java.util.Objects;

import org.kexecinspect.format.ByteSource;
import org.kexecinspect.format.FormatException;
import org.kexecinspect.format.Layout;
import org.kexecinspect.format.View;

/**
 * A decoded struct fb_var_screeninfo, the answer to FBIOGET_VSCREENINFO (include/uapi/linux/fb.h): 160
 * bytes on every ABI, every member a u32 (held in a long). kexec-tools uses xres, yres,
 * bits_per_pixel and the offset/length of the four channels. The four reserved u32 are not kept;
 * {@link #encode} writes them as zero.
 *
 * @param height picture height in mm (drivers that do not know say 0xffffffff, i.e. -1 in C)
 * @param width picture width in mm
 * @param pixclock pixel clock period in picoseconds; 0 when the driver has no timings
 * @param sync FB_SYNC_* bits
 * @param vmode FB_VMODE_* value and bits
 */
public record FbVar(long xres, long yres, long xresVirtual, long yresVirtual, long xoffset, long yoffset,
        long bitsPerPixel, long grayscale, FbBitfield red, FbBitfield green, FbBitfield blue, FbBitfield transp,
        long nonstd, long activate, long height, long width, long accelFlags, long pixclock, long leftMargin,
        long rightMargin, long upperMargin, long lowerMargin, long hsyncLen, long vsyncLen, long sync, long vmode,
        long rotate, long colorspace) {

    public static final int SIZE = LAYOUT.size();

    // include/uapi/linux/fb.h (linux-libc-dev 6.1): the var.sync bits and var.vmode values fbset names
    public static final int FB_SYNC_HOR_HIGH_ACT = 1;
    public static final int FB_SYNC_VERT_HIGH_ACT = 2;
    public static final int FB_SYNC_EXT = 4;
    public static final int FB_SYNC_COMP_HIGH_ACT = 8;
    public static final int FB_SYNC_BROADCAST = 16;
    public static final int FB_SYNC_ON_GREEN = 32;
    public static final int FB_VMODE_INTERLACED = 1;
    public static final int FB_VMODE_DOUBLE = 2;
    /** The low byte of vmode is one value (non-interlaced, interlaced, double, ...); bits above it are flags. */
    public static final int FB_VMODE_MASK = 0xff;

    public FbVar {
        Objects.requireNonNull(red, "red");
        Objects.requireNonNull(green, "green");
        Objects.requireNonNull(blue, "blue");
        Objects.requireNonNull(transp, "transp");
        long[] all = {xres, yres, xresVirtual, yresVirtual, xoffset, yoffset, bitsPerPixel, grayscale, nonstd,
            activate, height, width, accelFlags, pixclock, leftMargin, rightMargin, upperMargin, lowerMargin,
            hsyncLen, vsyncLen, sync, vmode, rotate, colorspace};
        for (long v : all) {
            FbFix.checkU32("fb_var_screeninfo member", v);
        }
    }

    /**
     * A raw FBIOGET_VSCREENINFO dump.
     *
     * @throws FormatException unless the source is exactly 160 bytes
     */
    public static FbVar read(ByteSource src) throws FormatException {
        if (src.size() != SIZE) {
            throw new FormatException(src.name(), -1, "is " + src.size()
                    + " bytes; a struct fb_var_screeninfo is exactly " + SIZE + " bytes on every ABI");
        }
        View v = View.read(LAYOUT, src, 0);
        return new FbVar(v.get(XRES), v.get(YRES), v.get(XRES_VIRTUAL), v.get(YRES_VIRTUAL), v.get(XOFFSET),
                v.get(YOFFSET), v.get(BITS_PER_PIXEL), v.get(GRAYSCALE), bitfield(v.struct(RED)),
                bitfield(v.struct(GREEN)), bitfield(v.struct(BLUE)), bitfield(v.struct(TRANSP)), v.get(NONSTD),
                v.get(ACTIVATE), v.get(HEIGHT), v.get(WIDTH), v.get(ACCEL_FLAGS), v.get(PIXCLOCK),
                v.get(LEFT_MARGIN), v.get(RIGHT_MARGIN), v.get(UPPER_MARGIN), v.get(LOWER_MARGIN),
                v.get(HSYNC_LEN), v.get(VSYNC_LEN), v.get(SYNC), v.get(VMODE), v.get(ROTATE), v.get(COLORSPACE));
    }

    private static FbBitfield bitfield(View b) {
        return new FbBitfield(b.get(FbLayouts.FbBitfield.OFFSET), b.get(FbLayouts.FbBitfield.LENGTH),
                b.get(FbLayouts.FbBitfield.MSB_RIGHT));
    }

    /** The 160 bytes the kernel would return: little-endian, reserved members zero. */
    public byte[] encode() {
        byte[] out = new byte[SIZE];
        put(out, XRES, xres);
        put(out, YRES, yres);
        put(out, XRES_VIRTUAL, xresVirtual);
        put(out, YRES_VIRTUAL, yresVirtual);
        put(out, XOFFSET, xoffset);
        put(out, YOFFSET, yoffset);
        put(out, BITS_PER_PIXEL, bitsPerPixel);
        put(out, GRAYSCALE, grayscale);
        putBitfield(out, RED, red);
        putBitfield(out, GREEN, green);
        putBitfield(out, BLUE, blue);
        putBitfield(out, TRANSP, transp);
        put(out, NONSTD, nonstd);
        put(out, ACTIVATE, activate);
        put(out, HEIGHT, height);
        put(out, WIDTH, width);
        put(out, ACCEL_FLAGS, accelFlags);
        put(out, PIXCLOCK, pixclock);
        put(out, LEFT_MARGIN, leftMargin);
        put(out, RIGHT_MARGIN, rightMargin);
        put(out, UPPER_MARGIN, upperMargin);
        put(out, LOWER_MARGIN, lowerMargin);
        put(out, HSYNC_LEN, hsyncLen);
        put(out, VSYNC_LEN, vsyncLen);
        put(out, SYNC, sync);
        put(out, VMODE, vmode);
        put(out, ROTATE, rotate);
        put(out, COLORSPACE, colorspace);
        return out;
    }

    private static void put(byte[] out, Layout.Field f, long value) {
        StructBytes.put(out, 0, f, value);
    }

    private static void putBitfield(byte[] out, Layout.Field channel, FbBitfield b) {
        StructBytes.put(out, channel.offset(), FbLayouts.FbBitfield.OFFSET, b.offset());
        StructBytes.put(out, channel.offset(), FbLayouts.FbBitfield.LENGTH, b.length());
        StructBytes.put(out, channel.offset(), FbLayouts.FbBitfield.MSB_RIGHT, b.msbRight());
    }
}
