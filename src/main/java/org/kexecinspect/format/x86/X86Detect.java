package org.kexecinspect.format.x86;

import static org.kexecinspect.format.x86.SetupHeaderLayout.*;

import org.kexecinspect.format.ArtifactKind;
import org.kexecinspect.format.ByteReader;
import org.kexecinspect.format.ByteSource;
import org.kexecinspect.format.FormatException;

/**
 * Tells an x86 bzImage, a boot_params page and a bare screen_info apart by content and size,
 * never by name. Both a bzImage and a zero page carry a setup_header, so 0xAA55 at 0x1fe and
 * "HdrS" at 0x202 occur in both; what differs is the size (a zero page is exactly 4096 bytes, a
 * bzImage is larger) and the real-mode sector a bzImage begins with ("MZ" with the EFI stub, and
 * header.S's sentinel 0xff at 0x1ef, which a loader never copies into a zero page).
 */
public final class X86Detect {
    private X86Detect() {}

    /** The kind of the artifact, or a FormatException saying why it is none or which are possible. */
    public static ArtifactKind detect(ByteSource source) throws FormatException {
        long size = source.size();
        if (size == 0) {
            throw new FormatException(source.name(), 0, "empty file");
        }
        if (size == ScreenInfo.SIZE) {
            return ArtifactKind.SCREEN_INFO;
        }
        int headLength = (int) Math.min(size, OFFSET + LAYOUT.size());
        ByteReader head = ByteReader.of(source, 0, headLength);
        boolean setupHeader = headLength >= JUMP_BASE + 4
                && head.u16(OFFSET + BOOT_FLAG.offset()) == BOOT_FLAG_MAGIC
                && head.u32(OFFSET + HEADER.offset()) == HDRS_MAGIC;
        boolean realModeSector = headLength > BootParamsLayout.SENTINEL.offset()
                && (head.u16(0) == 0x5a4d /* "MZ" */ || head.u8(BootParamsLayout.SENTINEL.offset()) == 0xff);

        if (size == BootParams.SIZE) {
            if (setupHeader && realModeSector) {
                throw new FormatException(source.name(), BootParamsLayout.SENTINEL.offset(),
                        "ambiguous: 4096 bytes with a bzImage's real-mode sector (\"MZ\" or sentinel 0xff at 0x1ef): "
                                + "the first page of an image, or a zero page a loader copied carelessly; "
                                + "say which with --as boot-params or --as x86-bzimage");
            }
            return ArtifactKind.BOOT_PARAMS;
        }
        if (size > BootParams.SIZE && setupHeader) {
            return ArtifactKind.X86_BZIMAGE;
        }
        if (size > BootParams.SIZE && head.u16(OFFSET + BOOT_FLAG.offset()) == BOOT_FLAG_MAGIC) {
            // a disk image's MBR ends in 0xAA55 too; kernels without "HdrS" predate protocol 2.00
            throw new FormatException(source.name(), OFFSET + HEADER.offset(), "an x86 boot sector (0xAA55 at 0x1fe) "
                    + "without \"HdrS\" at 0x202: a disk image or a pre-2.00 kernel, not decoded "
                    + "(--as x86-bzimage decodes it anyway)");
        }
        if (setupHeader) {
            throw new FormatException(source.name(), size, "only " + size + " bytes: the start of an x86 bzImage "
                    + "(0xAA55 at 0x1fe, \"HdrS\" at 0x202) or of a zero page, cut short");
        }
        throw new FormatException(source.name(), size > OFFSET + BOOT_FLAG.offset() ? OFFSET + BOOT_FLAG.offset() : 0,
                "not an artifact kexec-inspect knows (" + size + " bytes, no x86 boot sector signature 0xAA55 at 0x1fe; "
                        + "it reads x86 bzImages, arm64 kernels (Image, Image.gz, EFI zboot), 4096-byte boot_params "
                        + "pages, 64-byte screen_info blobs, fb structs, captures, and the system texts listed in --help)");
    }
}
