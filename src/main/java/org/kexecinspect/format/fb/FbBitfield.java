package org.kexecinspect.format.fb;

/**
 * One colour channel of fb_var_screeninfo (struct fb_bitfield, include/uapi/linux/fb.h): where
 * the channel's bits start in a pixel, how many there are, and whether the most significant bit
 * is on the right. All three are u32.
 */
public record FbBitfield(long offset, long length, long msbRight) {

    public static final FbBitfield NONE = new FbBitfield(0, 0, 0);

    public FbBitfield {
        FbFix.checkU32("fb_bitfield.offset", offset);
        FbFix.checkU32("fb_bitfield.length", length);
        FbFix.checkU32("fb_bitfield.msb_right", msbRight);
    }
}
