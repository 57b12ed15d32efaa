package org.kexecinspect.format.fb;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * The "Frame buffer device information:" block of {@code fbset -i}: what fbset shows of struct
 * fb_fix_screeninfo. capabilities and reserved are never printed and have no component here.
 * Where fbset prints a value only sometimes, the component is an {@link OptionalLong} that is
 * empty when the text does not give the value. Numbers are u32 values (or u16 for the pan steps)
 * even where fbset printed them with {@code %d} as negative numbers.
 *
 * @param id the {@code Name} line: fix.id exactly as printed (no trimming), at most 16 characters
 * @param smemStart the {@code Address} line. Debian's fbset prints it with {@code %#0lx} ({@code 0}
 *     or {@code 0x…} with all 64 bits); upstream prints it with {@code %p} ({@code (nil)} for 0 with
 *     glibc). Both are read. 0 is also what every DRM fbdev reports (FBINFO_HIDE_SMEM_START, drivers/gpu/drm/drm_fb_helper.c)
 * @param smemLen the {@code Size} line
 * @param type FB_TYPE_*, from the {@code Type} line (a name, or {@code N (UNKNOWN)})
 * @param typeAux the value fbset shows for interleaved planes ({@code (N bytes interleave)}), text
 *     and VGA-planes types (through their names or {@code Unknown …(N)}) and for an unknown type
 *     (the {@code Type_aux} line). Empty for packed pixels and planes, where fbset does not print it
 * @param typeText the {@code Type} line's value as printed, e.g. {@code PACKED PIXELS}
 * @param visual FB_VISUAL_*, from the {@code Visual} line
 * @param mmioStart the {@code MMIO Address} line. Empty when the line is absent: fbset prints the
 *     MMIO lines only when mmio_len is not 0
 * @param mmioLen the {@code MMIO Size} line. It is 0 when the MMIO lines are absent, because fbset
 *     leaves them out exactly when mmio_len is 0
 * @param accel FB_ACCEL_*: 0 for {@code No}, N for {@code Unknown (N)}. Empty when fbset printed
 *     an accelerator's name: the table of names depends on the fbset version, so it is not mapped
 *     back to a number here
 * @param accelerator the {@code Accelerator} line's value as printed, e.g. {@code No}
 */
public record FbsetDevice(String id, long smemStart, long smemLen, long type, OptionalLong typeAux, String typeText,
        long visual, int xpanstep, int ypanstep, int ywrapstep, long lineLength, OptionalLong mmioStart,
        long mmioLen, OptionalLong accel, String accelerator) {

    public FbsetDevice {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(typeAux, "typeAux");
        Objects.requireNonNull(typeText, "typeText");
        Objects.requireNonNull(mmioStart, "mmioStart");
        Objects.requireNonNull(accel, "accel");
        Objects.requireNonNull(accelerator, "accelerator");
        if (id.length() > 16) {
            throw new IllegalArgumentException("fix.id has at most 16 characters: " + id);
        }
        FbFix.checkU32("smem_len", smemLen);
        FbFix.checkU32("type", type);
        typeAux.ifPresent(v -> FbFix.checkU32("type_aux", v));
        FbFix.checkU32("visual", visual);
        FbFix.checkU16("xpanstep", xpanstep);
        FbFix.checkU16("ypanstep", ypanstep);
        FbFix.checkU16("ywrapstep", ywrapstep);
        FbFix.checkU32("line_length", lineLength);
        FbFix.checkU32("mmio_len", mmioLen);
        accel.ifPresent(v -> FbFix.checkU32("accel", v));
    }
}
