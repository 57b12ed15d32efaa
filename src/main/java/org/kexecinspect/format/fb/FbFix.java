package org.kexecinspect.format.fb;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

import org.kexecinspect.format.ByteSource;
import org.kexecinspect.format.FormatException;
import org.kexecinspect.format.Layout.Abi;
import org.kexecinspect.format.View;

/**
 * A decoded struct fb_fix_screeninfo, the answer to FBIOGET_FSCREENINFO (include/uapi/linux/fb.h): what
 * kexec-tools reads from /dev/fb0 besides fb_var_screeninfo. Unsigned C members are held in
 * wider Java types: u16 in an int, u32 in a long, {@code unsigned long} in a long (print
 * {@link #smemStart} and {@link #mmioStart} with {@link Long#toUnsignedString}). The two
 * reserved u16 and the ABI's padding are not kept; {@link #encode} writes them as zero, as the
 * kernel does.
 *
 * @param id the identification string up to its first NUL (Latin-1), at most 16 bytes; e.g.
 *     {@code EFI VGA}, {@code hyperv_drmdrmfb} (see {@link FbDriver})
 * @param smemStart physical address of the framebuffer memory; 0 when the kernel hides it
 *     (FBINFO_HIDE_SMEM_START, set by the DRM fbdev helper for every DRM fbdev, drivers/gpu/drm/drm_fb_helper.c)
 * @param abi the layout the bytes came in: LP64 (80 bytes) or ILP32 (68 bytes, where smem_start
 *     and mmio_start are 32 bits)
 */
public record FbFix(String id, long smemStart, long smemLen, long type, long typeAux, long visual,
        int xpanstep, int ypanstep, int ywrapstep, long lineLength, long mmioStart, long mmioLen,
        long accel, int capabilities, Abi abi) {

    /** sizeof(struct fb_fix_screeninfo) with 8-byte {@code unsigned long} (x86-64, arm64). */
    public static final int SIZE_LP64 = FbLayouts.FIX_LP64.layout.size();
    /** sizeof(struct fb_fix_screeninfo) with 4-byte {@code unsigned long} (i386, arm, 32-bit compat). */
    public static final int SIZE_ILP32 = FbLayouts.FIX_ILP32.layout.size();

    /** FB_TYPE_PACKED_PIXELS, the type of every linear framebuffer kexec-tools can hand over. */
    public static final int FB_TYPE_PACKED_PIXELS = 0;
    /** FB_VISUAL_TRUECOLOR. */
    public static final int FB_VISUAL_TRUECOLOR = 2;

    public FbFix {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(abi, "abi");
        if (id.length() > 16 || id.indexOf('\0') >= 0 || !StandardCharsets.ISO_8859_1.newEncoder().canEncode(id)) {
            throw new IllegalArgumentException("fix.id must be at most 16 Latin-1 characters without NUL: " + id);
        }
        checkU32("smem_len", smemLen);
        checkU32("type", type);
        checkU32("type_aux", typeAux);
        checkU32("visual", visual);
        checkU16("xpanstep", xpanstep);
        checkU16("ypanstep", ypanstep);
        checkU16("ywrapstep", ywrapstep);
        checkU32("line_length", lineLength);
        checkU32("mmio_len", mmioLen);
        checkU32("accel", accel);
        checkU16("capabilities", capabilities);
        if (abi == Abi.ILP32) {
            checkU32("smem_start (ILP32)", smemStart);
            checkU32("mmio_start (ILP32)", mmioStart);
        }
    }

    static void checkU32(String name, long v) {
        if (v < 0 || v > 0xffff_ffffL) {
            throw new IllegalArgumentException(name + " is a u32, not " + v);
        }
    }

    static void checkU16(String name, int v) {
        if (v < 0 || v > 0xffff) {
            throw new IllegalArgumentException(name + " is a u16, not " + v);
        }
    }

    /** The field table for an ABI. */
    public static FbLayouts.FbFix layout(Abi abi) {
        return abi == Abi.LP64 ? FbLayouts.FIX_LP64 : FbLayouts.FIX_ILP32;
    }

    /**
     * A raw FBIOGET_FSCREENINFO dump whose size tells its ABI: exactly 80 bytes is LP64, exactly 68
     * is ILP32.
     *
     * @throws FormatException for any other size (nothing is read then), naming the size and both
     *     accepted sizes
     */
    public static FbFix read(ByteSource src) throws FormatException {
        long size = src.size();
        if (size == SIZE_LP64) {
            return read(src, Abi.LP64);
        }
        if (size == SIZE_ILP32) {
            return read(src, Abi.ILP32);
        }
        throw new FormatException(src.name(), -1, "is " + size + " bytes; a struct fb_fix_screeninfo is exactly "
                + SIZE_LP64 + " bytes (LP64: x86-64, arm64) or " + SIZE_ILP32 + " bytes (ILP32: i386, arm)");
    }

    /**
     * A raw FBIOGET_FSCREENINFO dump of the given ABI.
     *
     * @throws FormatException unless the source is exactly that ABI's struct size
     */
    public static FbFix read(ByteSource src, Abi abi) throws FormatException {
        FbLayouts.FbFix l = layout(abi);
        if (src.size() != l.layout.size()) {
            throw new FormatException(src.name(), -1, "is " + src.size() + " bytes; a " + abi
                    + " struct fb_fix_screeninfo is exactly " + l.layout.size() + " bytes");
        }
        View v = View.read(l.layout, src, 0);
        return new FbFix(v.chars(l.id), v.get(l.smemStart), v.get(l.smemLen), v.get(l.type), v.get(l.typeAux),
                v.get(l.visual), v.getInt(l.xpanstep), v.getInt(l.ypanstep), v.getInt(l.ywrapstep),
                v.get(l.lineLength), v.get(l.mmioStart), v.get(l.mmioLen), v.get(l.accel),
                v.getInt(l.capabilities), abi);
    }

    /** The struct as this record's ABI lays it out. */
    public byte[] encode() {
        return encode(abi);
    }

    /**
     * The struct as the kernel would return it for {@code target}: little-endian, reserved
     * members and padding zero.
     *
     * @throws IllegalArgumentException when smem_start or mmio_start does not fit a 32-bit
     *     {@code unsigned long}
     */
    public byte[] encode(Abi target) {
        if (target == Abi.ILP32) {
            checkU32("smem_start (ILP32)", smemStart);
            checkU32("mmio_start (ILP32)", mmioStart);
        }
        FbLayouts.FbFix l = layout(target);
        byte[] out = new byte[l.layout.size()];
        StructBytes.putChars(out, 0, l.id, id);
        StructBytes.put(out, 0, l.smemStart, smemStart);
        StructBytes.put(out, 0, l.smemLen, smemLen);
        StructBytes.put(out, 0, l.type, type);
        StructBytes.put(out, 0, l.typeAux, typeAux);
        StructBytes.put(out, 0, l.visual, visual);
        StructBytes.put(out, 0, l.xpanstep, xpanstep);
        StructBytes.put(out, 0, l.ypanstep, ypanstep);
        StructBytes.put(out, 0, l.ywrapstep, ywrapstep);
        StructBytes.put(out, 0, l.lineLength, lineLength);
        StructBytes.put(out, 0, l.mmioStart, mmioStart);
        StructBytes.put(out, 0, l.mmioLen, mmioLen);
        StructBytes.put(out, 0, l.accel, accel);
        StructBytes.put(out, 0, l.capabilities, capabilities);
        return out;
    }
}
