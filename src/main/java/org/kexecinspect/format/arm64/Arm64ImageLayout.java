package org.kexecinspect.format.arm64;

import org.kexecinspect.format.Layout;
import org.kexecinspect.format.Layout.Field;

/**
 * struct arm64_image_header, arch/arm64/include/asm/image.h (packed, 64 bytes;
 * Documentation/arch/arm64/booting.rst; kexec-tools kexec/arch/arm64/image-header.h): the first 64 bytes of a raw arm64 Image. Little-endian
 * since v3.17; before that image_size is 0 and the other fields are not to be trusted.
 */
public final class Arm64ImageLayout {
    private Arm64ImageLayout() {}

    private static final Layout.Builder B = Layout.packed("arm64_image_header");

    public static final Field CODE0 = B.u32("code0");              // 0x00: with the EFI stub an instruction whose bytes start "MZ"
    public static final Field CODE1 = B.u32("code1");              // 0x04: branch to the kernel entry
    public static final Field TEXT_OFFSET = B.u64("text_offset");  // 0x08: load offset above a 2 MiB-aligned base
    public static final Field IMAGE_SIZE = B.u64("image_size");    // 0x10: memory footprint incl. BSS; 0 before v3.17
    public static final Field FLAGS = B.u64("flags");              // 0x18: since v3.17, bits below
    public static final Field RES2 = B.u64("res2");                // 0x20: 0
    public static final Field RES3 = B.u64("res3");                // 0x28: 0
    public static final Field RES4 = B.u64("res4");                // 0x30: 0
    public static final Field MAGIC = B.u32("magic");              // 0x38: "ARM\x64"
    public static final Field RES5 = B.u32("res5");                // 0x3c: PE header offset with the EFI stub

    public static final Layout LAYOUT = B.build(0x40);

    /** ARM64_IMAGE_MAGIC "ARM\x64" (41 52 4D 64) read as a little-endian u32. */
    public static final long ARM64_IMAGE_MAGIC = 0x644d5241L;
    /** "MZ" in the first two bytes of code0: the image carries an EFI stub (a PE/COFF header). */
    public static final int MZ = 0x5a4d;

    // flags bits (booting.rst; asm/image.h ARM64_IMAGE_FLAG_*)
    /** Bit 0: 1 = big-endian kernel. */
    public static final long FLAG_BE = 1L;
    public static final int FLAG_PAGE_SIZE_SHIFT = 1;
    /** Bits 1-2: page size, one of the PAGE_SIZE_* codes. */
    public static final long FLAG_PAGE_SIZE_MASK = 3L << FLAG_PAGE_SIZE_SHIFT;
    public static final int PAGE_SIZE_UNSPECIFIED = 0;
    public static final int PAGE_SIZE_4K = 1;
    public static final int PAGE_SIZE_16K = 2;
    public static final int PAGE_SIZE_64K = 3;
    /** Bit 3: 1 = the base may be anywhere such that the image stays within 48-bit physical space. */
    public static final long FLAG_PHYS_BASE = 1L << 3;
    /** Bits 4-63: reserved, 0. */
    public static final long FLAGS_RESERVED = ~0xfL;

    /** The text_offset to assume when image_size is 0 (a kernel before v3.17; booting.rst). */
    public static final long DEFAULT_TEXT_OFFSET = 0x80000L;
    /** The Image is placed text_offset bytes above a base aligned to this (MIN_KIMG_ALIGN). */
    public static final long BASE_ALIGN = 2L << 20;
}
