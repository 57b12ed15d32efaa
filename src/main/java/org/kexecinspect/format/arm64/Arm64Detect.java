package org.kexecinspect.format.arm64;

import java.nio.charset.StandardCharsets;

import org.kexecinspect.format.ByteReader;
import org.kexecinspect.format.ByteSource;
import org.kexecinspect.format.FormatException;

/**
 * Tells a raw arm64 Image and an EFI zboot image apart by content, never by name (Documentation/arch/arm64/booting.rst;
 * drivers/firmware/efi/libstub/zboot-header.S). Both may start with "MZ"; what differs is 0x38 ("ARM\x64" in an Image, LINUX_PE_MAGIC in
 * zboot) and 0x04 ("zimg" only in zboot). A gzip-compressed Image (Ubuntu's /boot/vmlinuz) is
 * neither: it is recognised by {@link #isGzip} and must be decompressed first.
 */
public final class Arm64Detect {
    private Arm64Detect() {}

    /** What an arm64 kernel file is. */
    public enum Kind {
        /** A raw Image: "ARM\x64" at 0x38 and at least the 64-byte header. */
        IMAGE,
        /** EFI zboot (vmlinuz.efi): "MZ" at 0 and "zimg" at 4. */
        EFI_ZBOOT,
        NONE
    }

    /** gzip's ID1 ID2 (1F 8B) read as a little-endian u16. */
    public static final int GZIP_MAGIC = 0x8b1f;

    private static final int HEAD = Arm64Image.SIZE;

    /** The kind of the source; throws only when its bytes cannot be read. */
    public static Kind detect(ByteSource src) throws FormatException {
        if (src.size() < HEAD) {
            return Kind.NONE;
        }
        ByteReader head = ByteReader.of(src, 0, HEAD);
        if (head.u32(Arm64ImageLayout.MAGIC.offset()) == Arm64ImageLayout.ARM64_IMAGE_MAGIC) {
            return Kind.IMAGE;
        }
        if (head.u16(0) == EfiZbootLayout.MZ && EfiZbootLayout.ZIMG.equals(new String(
                head.bytes(EfiZbootLayout.IMAGE_TYPE.offset(), 4), StandardCharsets.ISO_8859_1))) {
            return Kind.EFI_ZBOOT;
        }
        return Kind.NONE;
    }

    /** The source starts with gzip's magic 1F 8B (e.g. an Image.gz). */
    public static boolean isGzip(ByteSource src) throws FormatException {
        return src.size() >= 2 && ByteReader.of(src, 0, 2).u16(0) == GZIP_MAGIC;
    }
}
