package org.kexecinspect.format.arm64;

import static org.kexecinspect.format.arm64.EfiZbootLayout.*;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.kexecinspect.format.ByteReader;
import org.kexecinspect.format.ByteSource;
import org.kexecinspect.format.Compression;
import org.kexecinspect.format.FormatException;
import org.kexecinspect.format.View;

/**
 * A decoded EFI zboot header (drivers/firmware/efi/libstub/zboot-header.S): where the compressed Image is, how it is compressed,
 * and the few bytes around it that tell whether the header tells the truth. Reads the 64-byte
 * header, 6 bytes at the PE header, 6 at the payload and 4 for the uncompressed size; never the
 * payload itself.
 *
 * @param compressionType compress_type as written, e.g. "gzip", "xzkern", "zstd22"
 * @param compression the format compressionType names; {@link Compression#UNKNOWN} for others
 * @param payloadFormat the format whose magic the payload starts with (its own reading, not the header's);
 *     {@link Compression#UNKNOWN} when there is no known magic or no payload at all
 * @param peMachine the PE machine type at pe_header (0xaa64 for arm64), or null when "PE\0\0" is not there
 * @param uncompressedSize the size the build recorded after the payload (gzip: its ISIZE trailer),
 *     mod 2^32: Makefile.zboot pads the Image to image_size first, so this is image_size; null when absent
 * @param warnings facts about the file that are odd but do not stop decoding
 */
public record EfiZboot(View view, long fileSize, String compressionType, Compression compression,
        Compression payloadFormat, Integer peMachine, Long uncompressedSize, List<String> warnings) {

    public static final int SIZE = LAYOUT.size();

    public EfiZboot {
        warnings = List.copyOf(warnings);
    }

    /**
     * The zboot header at the start of the source.
     *
     * @throws FormatException when the file is shorter than the header, lacks "MZ" or "zimg", or its
     *     payload lies (partly) outside the file
     */
    public static EfiZboot read(ByteSource src) throws FormatException {
        String name = src.name();
        long size = src.size();
        if (size < SIZE) {
            throw new FormatException(name, size, "truncated: " + size + " bytes where an EFI zboot header needs " + SIZE);
        }
        View v = View.read(LAYOUT, src, 0);
        if ((v.get(MZ_MAGIC) & 0xffff) != MZ) {
            throw new FormatException(name, v.offsetOf(MZ_MAGIC), "not an EFI zboot image: no \"MZ\" at 0, found "
                    + Arm64Image.hexBytes(v.bytes(MZ_MAGIC)));
        }
        // zboot-header.S: the image type is what tells a zboot image from any other PE file
        if (!ZIMG.equals(new String(v.bytes(IMAGE_TYPE), StandardCharsets.ISO_8859_1))) {
            throw new FormatException(name, v.offsetOf(IMAGE_TYPE), "a PE image but not EFI zboot: no \"zimg\" at 0x4, "
                    + "found " + Arm64Image.hexBytes(v.bytes(IMAGE_TYPE)));
        }
        long offset = v.get(PAYLOAD_OFFSET);
        long length = v.get(PAYLOAD_SIZE);
        if (offset > size) {
            throw new FormatException(name, v.offsetOf(PAYLOAD_OFFSET), "payload_offset 0x" + Long.toHexString(offset)
                    + " points past the end of the " + size + "-byte file");
        }
        long end = offset + length;     // two u32s: no overflow in a long
        if (end > size) {
            // kexec-tools adds the two as u32 (pez_prepare), so a sum that wraps would pass its check
            String wrap = end > 0xffffffffL
                    ? " (as 32-bit numbers the sum wraps to 0x" + Long.toHexString(end & 0xffffffffL) + ")" : "";
            throw new FormatException(name, v.offsetOf(PAYLOAD_SIZE), "the payload (0x" + Long.toHexString(offset)
                    + " + 0x" + Long.toHexString(length) + " bytes) ends 0x" + Long.toHexString(end - size)
                    + " bytes past the end of the " + size + "-byte file" + wrap);
        }

        List<String> warnings = new ArrayList<>();
        if (v.get(MZ_MAGIC) != MZ) {
            warnings.add(String.format("mz_magic is 0x%08x: zboot-header.S writes 0x00005a4d", v.get(MZ_MAGIC)));
        }
        if (offset < SIZE) {
            warnings.add("payload_offset 0x" + Long.toHexString(offset) + " points into the zboot header");
        }
        if (length == 0) {
            warnings.add("payload_size is 0: there is no compressed kernel");
        }
        if (v.get(RESERVED, 0) != 0 || v.get(RESERVED, 1) != 0) {
            warnings.add("reserved words at 0x10 are not zero");
        }
        if (v.chars(COMPRESS_TYPE).length() == COMPRESS_TYPE.size()) {
            warnings.add("compress_type has no NUL within its 32 bytes");
        }
        String type = v.chars(COMPRESS_TYPE);
        Compression compression = compressionOf(type);
        if (compression == Compression.UNKNOWN) {
            warnings.add("unknown compression type \"" + printable(type) + "\"");
        }
        if (v.get(MAGIC) != LINUX_PE_MAGIC) {
            warnings.add(String.format("no LINUX_PE_MAGIC 0x818223cd at 0x38 (found 0x%08x)", v.get(MAGIC)));
        }

        Integer machine = peMachine(src, v.get(PE_HEADER), warnings);

        Compression format = Compression.UNKNOWN;
        if (length > 0) {
            format = Compression.detect(src.read(offset, (int) Math.min(length, Compression.MAGIC_LENGTH)));
            if (compression != Compression.UNKNOWN && format != compression) {
                warnings.add("compress_type says " + compression.jsonName() + " but the payload at 0x"
                        + Long.toHexString(offset) + " starts with " + (format == Compression.UNKNOWN
                                ? "no known magic" : format.jsonName() + "'s magic"));
            }
        }
        Long uncompressed = uncompressedSize(src, compression, offset, length, warnings);
        return new EfiZboot(v, size, type, compression, format, machine, uncompressed, warnings);
    }

    /** The compression a compress_type string names (Makefile.zboot comp-type-y), by prefix. */
    public static Compression compressionOf(String type) {
        if (type.startsWith("gzip")) {
            return Compression.GZIP;
        }
        if (type.startsWith("lzma")) {
            return Compression.LZMA;
        }
        if (type.startsWith("lzo")) {
            return Compression.LZO;
        }
        if (type.startsWith("lz4")) {
            return Compression.LZ4;
        }
        if (type.startsWith("xz")) {
            return Compression.XZ;      // "xzkern"
        }
        if (type.startsWith("zstd")) {
            return Compression.ZSTD;    // "zstd22"
        }
        if (type.startsWith("bzip2")) {
            return Compression.BZIP2;   // not built by Makefile.zboot, but unambiguous
        }
        return Compression.UNKNOWN;
    }

    private static Integer peMachine(ByteSource src, long pe, List<String> warnings) throws FormatException {
        if (pe + PE_SIGNATURE_AND_MACHINE > src.size()) {
            warnings.add("pe_header 0x" + Long.toHexString(pe) + " points outside the file");
            return null;
        }
        ByteReader r = ByteReader.of(src, pe, PE_SIGNATURE_AND_MACHINE);
        if (r.u32(0) != PE_MAGIC) {
            warnings.add("no \"PE\\0\\0\" at pe_header 0x" + Long.toHexString(pe));
            return null;
        }
        return r.u16(4);
    }

    private static Long uncompressedSize(ByteSource src, Compression c, long offset, long length, List<String> warnings)
            throws FormatException {
        if (c == Compression.GZIP) {
            // gzip's trailer ends in ISIZE, inside payload_size (Makefile.zboot: zboot-size-len 0)
            return length < APPENDED_SIZE_LENGTH ? null
                    : ByteReader.of(src, offset + length - APPENDED_SIZE_LENGTH, APPENDED_SIZE_LENGTH).u32(0);
        }
        if (c == Compression.UNKNOWN || length == 0) {
            return null;
        }
        // other formats: *_with_size appends a le32 after the payload, which payload_size excludes
        if (offset + length + APPENDED_SIZE_LENGTH > src.size()) {
            warnings.add("no room after the payload for the uncompressed size the build appends");
            return null;
        }
        return ByteReader.of(src, offset + length, APPENDED_SIZE_LENGTH).u32(0);
    }

    /** A string from the file as one line of printable ASCII, other bytes as \xNN. */
    public static String printable(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            out.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return out.toString();
    }

    public long payloadOffset() { return view.get(PAYLOAD_OFFSET); }

    /** payload_size: the compressed bytes, without the size a non-gzip build appends. */
    public long payloadSize() { return view.get(PAYLOAD_SIZE); }

    public long peHeaderOffset() { return view.get(PE_HEADER); }

    public boolean hasLinuxPeMagic() { return view.get(MAGIC) == LINUX_PE_MAGIC; }

    /** The PE header says arm64 (zboot is also built for riscv64 and loongarch64). */
    public boolean isArm64() { return peMachine != null && peMachine == IMAGE_FILE_MACHINE_ARM64; }

    /**
     * kexec-tools can decompress this payload: it compares the first 4 bytes of compress_type with
     * "gzip", "zstd" and "lzma" only (kexec-tools kexec/kexec-pe-zboot.c pez_prepare).
     */
    public boolean kexecToolsDecompresses() {
        String prefix = new String(view.bytes(COMPRESS_TYPE), 0, 4, StandardCharsets.ISO_8859_1);
        return prefix.equals("gzip") || prefix.equals("zstd") || prefix.equals("lzma");
    }

    /**
     * Always false: the kernel's arm64 kexec_file probe (image_probe) wants "ARM\x64" at 0x38, where
     * a zboot image has LINUX_PE_MAGIC; user space must decompress it (arch/arm64/kernel/kexec_image.c image_probe).
     */
    public boolean kexecFileAcceptsDirectly() { return false; }

    /** What each kexec loader does with this file; {@code inner} is the decompressed Image's header, if decoded. */
    public Arm64Loadability loadability(Arm64Image inner) { return Arm64Loadability.ofZboot(this, inner); }
}
