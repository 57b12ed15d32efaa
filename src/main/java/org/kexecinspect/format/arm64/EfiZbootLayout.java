package org.kexecinspect.format.arm64;

import org.kexecinspect.format.Layout;
import org.kexecinspect.format.Layout.Field;

/**
 * The EFI zboot header (CONFIG_EFI_ZBOOT, vmlinuz.efi), 64 bytes at the start of the file.
 * The kernel writes it in assembly, drivers/firmware/efi/libstub/zboot-header.S;
 * kexec-tools declares the first 28 bytes as struct linux_pe_zboot_header
 * (include/kexec-pe-zboot.h), whose names are used here. 0x38 and 0x3c sit where an arm64 Image
 * keeps its magic and PE header offset.
 */
public final class EfiZbootLayout {
    private EfiZbootLayout() {}

    private static final Layout.Builder B = Layout.packed("linux_pe_zboot_header");

    public static final Field MZ_MAGIC = B.u32("mz_magic");                // 0x00: MZ_MAGIC as a u32: 4D 5A 00 00
    public static final Field IMAGE_TYPE = B.chars("image_type", 4);       // 0x04: "zimg", no NUL
    public static final Field PAYLOAD_OFFSET = B.u32("payload_offset");    // 0x08: from file start (.gzdata)
    public static final Field PAYLOAD_SIZE = B.u32("payload_size");        // 0x0c: without the appended size
    public static final Field RESERVED = B.u32Array("reserved", 2);        // 0x10: 0, 0
    public static final Field COMPRESS_TYPE = B.chars("compress_type", 32); // 0x18: NUL-terminated, up to 0x38
    public static final Field MAGIC = B.u32("magic");                      // 0x38: LINUX_PE_MAGIC
    public static final Field PE_HEADER = B.u32("pe_header");              // 0x3c: offset of "PE\0\0"

    public static final Layout LAYOUT = B.build(0x40);

    /** MZ_MAGIC, include/linux/pe.h: "MZ" read as a little-endian u16. */
    public static final int MZ = 0x5a4d;
    /** The image type that marks a compressed kernel (zboot-header.S). */
    public static final String ZIMG = "zimg";
    /** LINUX_PE_MAGIC, include/linux/pe.h: at 0x38 instead of an Image's "ARM\x64". */
    public static final long LINUX_PE_MAGIC = 0x818223cdL;
    /** PE_MAGIC "PE\0\0", include/linux/pe.h, read as a little-endian u32. */
    public static final long PE_MAGIC = 0x00004550L;
    /** IMAGE_FILE_MACHINE_ARM64, the u16 after "PE\0\0" (kexec-tools arm64_pe_machtype). */
    public static final int IMAGE_FILE_MACHINE_ARM64 = 0xaa64;
    /** "PE\0\0" plus the machine type. */
    public static final int PE_SIGNATURE_AND_MACHINE = 6;
    /**
     * Bytes of the uncompressed size the build appends after a non-gzip payload
     * (Makefile.zboot *_with_size; gzip's own trailer ends in that size, ISIZE).
     */
    public static final int APPENDED_SIZE_LENGTH = 4;
}
