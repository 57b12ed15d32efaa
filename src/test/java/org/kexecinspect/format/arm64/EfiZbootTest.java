package org.kexecinspect.format.arm64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kexecinspect.format.arm64.Arm64ImageTest.fileSource;
import static org.kexecinspect.format.arm64.Arm64ImageTest.od;
import static org.kexecinspect.format.arm64.Arm64ImageTest.odChars;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexecinspect.format.ByteSource;
import org.kexecinspect.format.Compression;
import org.kexecinspect.format.FormatException;
import org.kexecinspect.testing.CountingSource;
import org.kexecinspect.testing.Inputs;

/**
 * EFI zboot headers (drivers/firmware/efi/libstub/zboot-header.S) over payloads made from the real
 * Debian arm64 Image by the real compressors. Debian does not ship zboot, so the test builds the file the
 * way Makefile.zboot and zboot-header.S do, minus the decompressor code a real vmlinuz.efi carries between
 * header and payload (nothing reads it here):
 * <ol>
 * <li>vmlinux.bin = the Image padded with zeros to its image_size ({@code truncate -s image_size},
 *     Makefile.zboot's copy_and_pad);</li>
 * <li>the payload = {@code gzip -9n} of vmlinux.bin (the kernel's cmd_gzip; gzip's trailer carries
 *     the size, so payload_size is the whole stream), or {@code zstd -3} of it followed by the
 *     size as a le32 (zstd22_with_size: the kernel uses level 22, the header cannot tell);</li>
 * <li>the file = a 4 KiB head (zboot-header.S's .p2align 12) holding: 4D 5A 00 00, "zimg",
 *     payload offset 0x1000, payload size, two zero words, the compression type with its NUL at
 *     0x18, LINUX_PE_MAGIC 0x818223cd at 0x38, PE header offset 0x40 at 0x3c, and at 0x40
 *     "PE\0\0" with machine 0xaa64; then the payload.</li>
 * </ol>
 * Field values are then read back with od(1), and the payload checked by file(1) and by the real
 * decompressor, so the decoder is compared with other programs, not with itself.
 */
class EfiZbootTest {

    static final int PAYLOAD_OFFSET = 0x1000;

    @TempDir
    static Path tmp;
    static Path image;
    static long imageSize;
    static Path gzipZboot;
    static Path zstdZboot;
    /** A small zboot file (gzip of the Image's first 4 KiB) for modified copies. */
    static byte[] small;

    @BeforeAll
    static void build() throws IOException {
        image = Inputs.debianArm64Kernel();
        imageSize = od(image, 0x10, 8);
        sh("cp \"$1\" vmlinux.bin && truncate -s \"$2\" vmlinux.bin"
                + " && gzip -9n -c vmlinux.bin > payload.gz && zstd -q -3 -c vmlinux.bin > payload.zst"
                + " && head -c 4096 vmlinux.bin | gzip -9n -c > small.gz && rm vmlinux.bin",
                image.toString(), Long.toString(imageSize));
        gzipZboot = zboot("vmlinuz.efi", "gzip", tmp.resolve("payload.gz"), null);
        zstdZboot = zboot("vmlinuz-zstd.efi", "zstd22", tmp.resolve("payload.zst"), imageSize);
        small = Files.readAllBytes(zboot("small.efi", "gzip", tmp.resolve("small.gz"), null));
    }

    private static String sh(String script, String... args) {
        String[] command = new String[4 + args.length];
        command[0] = "sh";
        command[1] = "-c";
        command[2] = script;
        command[3] = "sh";
        System.arraycopy(args, 0, command, 4, args.length);
        return Inputs.exec(tmp, command);
    }

    /** The 4 KiB head of step 3 for a payload of {@code payloadSize} bytes. */
    static byte[] head(long payloadSize, String compressType) {
        ByteBuffer b = ByteBuffer.allocate(PAYLOAD_OFFSET).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x00, 0x5a4d);
        b.put(0x04, "zimg".getBytes(StandardCharsets.US_ASCII));
        b.putInt(0x08, PAYLOAD_OFFSET);
        b.putInt(0x0c, (int) payloadSize);
        b.put(0x18, compressType.getBytes(StandardCharsets.US_ASCII));
        b.putInt(0x38, 0x818223cd);
        b.putInt(0x3c, 0x40);
        b.put(0x40, new byte[] {'P', 'E', 0, 0, 0x64, (byte) 0xaa});
        return b.array();
    }

    /** Step 3: head + payload (+ le32 size when {@code appendedSize} is given). */
    private static Path zboot(String name, String compressType, Path payload, Long appendedSize) throws IOException {
        Path out = tmp.resolve(name);
        Files.write(out, head(Files.size(payload), compressType));
        sh("cat \"$1\" >> \"$2\"", payload.toString(), out.toString());
        if (appendedSize != null) {
            byte[] le32 = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) (long) appendedSize).array();
            Files.write(out, le32, java.nio.file.StandardOpenOption.APPEND);
        }
        return out;
    }

    /** The first {@code n} bytes the payload decompresses to, by the real decompressor. */
    private static byte[] decompressedHead(Path zboot, long offset, long size, String decompressor, int n)
            throws IOException {
        Path out = tmp.resolve("inner-" + zboot.getFileName());
        sh("tail -c +$(($1 + 1)) \"$2\" | head -c \"$3\" | " + decompressor + " 2>/dev/null | head -c \"$4\" > \"$5\"",
                Long.toString(offset), zboot.toString(), Long.toString(size), Integer.toString(n), out.toString());
        return Files.readAllBytes(out);
    }

    private static byte[] imageHead(int n) throws IOException {
        try (InputStream in = Files.newInputStream(image)) {
            return in.readNBytes(n);
        }
    }

    @Test
    void decodesAGzipZbootBuiltFromTheRealImage() throws Exception {
        EfiZboot z = EfiZboot.read(fileSource(gzipZboot));
        assertEquals(od(gzipZboot, 0x08, 4), z.payloadOffset());
        assertEquals(od(gzipZboot, 0x0c, 4), z.payloadSize());
        assertEquals(Files.size(tmp.resolve("payload.gz")), z.payloadSize());
        assertEquals(od(gzipZboot, 0x3c, 4), z.peHeaderOffset());
        assertEquals("zimg", odChars(gzipZboot, 4, 4));
        assertEquals("gzip", z.compressionType());
        assertEquals(Compression.GZIP, z.compression());
        assertEquals(Compression.GZIP, z.payloadFormat());
        assertEquals(0xaa64, z.peMachine());
        assertTrue(z.isArm64());
        assertTrue(z.hasLinuxPeMagic());
        assertEquals(List.of(), z.warnings());

        // file(1) reads gzip's ISIZE at the end of the payload we located: the padded Image's size
        String file = sh("tail -c +$(($1 + 1)) \"$2\" | head -c \"$3\" > located.gz && file -b located.gz",
                Long.toString(z.payloadOffset()), gzipZboot.toString(), Long.toString(z.payloadSize())).trim();
        Matcher m = Pattern.compile("gzip compressed data.*original size modulo 2\\^32 (\\d+)").matcher(file);
        assertTrue(m.find(), file);
        assertEquals(Long.parseLong(m.group(1)), z.uncompressedSize());
        assertEquals(imageSize, z.uncompressedSize());

        // gzip -d of exactly [payload_offset, +payload_size) gives back the real Image
        byte[] inner = decompressedHead(gzipZboot, z.payloadOffset(), z.payloadSize(), "gzip -dc", 4096);
        assertTrue(Arrays.equals(imageHead(4096), inner), "the payload does not decompress to the Image");
        Arm64Image h = Arm64Image.read(ByteSource.of("inner", inner), 0);
        assertEquals(imageSize, h.imageSize());
    }

    @Test
    void decodesAZstdZbootWhoseSizeFollowsThePayload() throws Exception {
        EfiZboot z = EfiZboot.read(fileSource(zstdZboot));
        assertEquals("zstd22", z.compressionType());
        assertEquals(Compression.ZSTD, z.compression());
        assertEquals(Compression.ZSTD, z.payloadFormat());
        assertEquals(Files.size(tmp.resolve("payload.zst")), z.payloadSize());
        assertEquals(Files.size(zstdZboot) - 4, z.payloadOffset() + z.payloadSize());
        assertEquals(od(zstdZboot, Files.size(zstdZboot) - 4, 4), z.uncompressedSize());
        assertEquals(imageSize, z.uncompressedSize());
        assertTrue(z.kexecToolsDecompresses());
        assertEquals(List.of(), z.warnings());
        byte[] inner = decompressedHead(zstdZboot, z.payloadOffset(), z.payloadSize(), "zstd -dc", 64);
        assertTrue(Arrays.equals(imageHead(64), inner));
    }

    @Test
    void onlyUserSpaceCanLoadZbootAndKexecToolsTakesGzipZstdLzma() throws Exception {
        EfiZboot z = EfiZboot.read(fileSource(gzipZboot));
        Arm64Image inner = Arm64Image.read(ByteSource.of("inner",
                decompressedHead(gzipZboot, z.payloadOffset(), z.payloadSize(), "gzip -dc", 4096)), 0);
        Arm64Loadability l = z.loadability(inner);
        assertEquals(Boolean.FALSE, l.kexecFile().accepted());
        assertTrue(l.kexecFile().reason().contains("LINUX_PE_MAGIC"), l.kexecFile().reason());
        assertEquals(Boolean.TRUE, l.kexecTools().accepted(), l.toString());
        assertEquals(Boolean.TRUE, l.kexecToolsFile().accepted(), l.toString());
        assertTrue(l.kexecToolsFile().conditions().contains(
                "requires a little-endian running kernel, or CPUs that support mixed endianness"), l.toString());
        assertTrue(l.kexecTools().conditions().get(0).contains("zlib"));

        Arm64Loadability undecoded = z.loadability(null);
        assertNull(undecoded.kexecTools().accepted());
        assertNull(undecoded.kexecToolsFile().accepted());
        assertEquals(Boolean.FALSE, undecoded.kexecFile().accepted());

        assertTrue(EfiZboot.read(fileSource(zstdZboot)).loadability(null).kexecTools().conditions().get(0)
                .contains("zstd"));
    }

    @Test
    void kexecToolsRefusesAnXzPayload() throws Exception {
        // a zboot of the Image's first 4 KiB compressed by the real xz, with the le32 size after it
        sh("head -c 4096 \"$1\" | xz -c --check=crc32 > small.xz", image.toString());
        byte[] payload = Files.readAllBytes(tmp.resolve("small.xz"));
        ByteBuffer file = ByteBuffer.allocate(PAYLOAD_OFFSET + payload.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        file.put(head(payload.length, "xzkern")).put(payload).putInt(4096);
        EfiZboot z = EfiZboot.read(ByteSource.of("xz.efi", file.array()));
        assertEquals("xzkern", z.compressionType());
        assertEquals(Compression.XZ, z.compression());
        assertEquals(Compression.XZ, z.payloadFormat());
        assertEquals(4096L, z.uncompressedSize());
        assertFalse(z.kexecToolsDecompresses());
        Arm64Loadability l = z.loadability(null);
        assertEquals(Boolean.FALSE, l.kexecTools().accepted());
        assertEquals(Boolean.FALSE, l.kexecToolsFile().accepted());
        assertTrue(l.kexecTools().reason().contains("\"xzkern\""), l.kexecTools().reason());
    }

    /** crash-zboot-payload-size-zero (Arm64FuzzTest#arm64Kernel): no payload was read as a null format. */
    @Test
    void aZbootWithPayloadSizeZeroHasAnUnknownPayloadFormatAndSaysWhy() throws Exception {
        EfiZboot z = EfiZboot.read(ByteSource.of("empty.efi", head(0, "gzip")));
        assertEquals(0L, z.payloadSize());
        assertEquals(Compression.GZIP, z.compression());
        assertEquals(Compression.UNKNOWN, z.payloadFormat());
        assertTrue(z.warnings().contains("payload_size is 0: there is no compressed kernel"), z.warnings().toString());
    }

    @Test
    void mapsEveryCompressionTypeTheKernelWritesByPrefix() {
        // Makefile.zboot comp-type-y
        assertEquals(Compression.GZIP, EfiZboot.compressionOf("gzip"));
        assertEquals(Compression.LZ4, EfiZboot.compressionOf("lz4"));
        assertEquals(Compression.LZMA, EfiZboot.compressionOf("lzma"));
        assertEquals(Compression.LZO, EfiZboot.compressionOf("lzo"));
        assertEquals(Compression.XZ, EfiZboot.compressionOf("xzkern"));
        assertEquals(Compression.ZSTD, EfiZboot.compressionOf("zstd22"));
        assertEquals(Compression.ZSTD, EfiZboot.compressionOf("zstd"));
        assertEquals(Compression.UNKNOWN, EfiZboot.compressionOf(""));
        assertEquals(Compression.UNKNOWN, EfiZboot.compressionOf("brotli"));
    }

    @Test
    void detectsZbootAndNotAsAnImage() throws Exception {
        assertEquals(Arm64Detect.Kind.EFI_ZBOOT, Arm64Detect.detect(fileSource(gzipZboot)));
        FormatException e = assertThrows(FormatException.class, () -> Arm64Image.read(fileSource(gzipZboot), 0));
        assertEquals(0x38, e.offset());
        // and a raw Image is no zboot: "zimg" is missing at 4
        FormatException notZboot = assertThrows(FormatException.class, () -> EfiZboot.read(fileSource(image)));
        assertEquals(4, notZboot.offset());
    }

    @Test
    void readsAFewBytesNotThePayload() throws Exception {
        ByteSource whole = fileSource(gzipZboot);
        CountingSource counting = new CountingSource(whole);
        EfiZboot.read(counting);
        assertTrue(counting.requested() <= 64 + 6 + 6 + 4, "read " + counting.requested() + " bytes");
    }

    private static EfiZboot readModified(Consumer<ByteBuffer> change) throws FormatException {
        ByteBuffer b = ByteBuffer.wrap(small.clone()).order(ByteOrder.LITTLE_ENDIAN);
        change.accept(b);
        return EfiZboot.read(ByteSource.of("hostile.efi", b.array()));
    }

    private static FormatException refusal(Consumer<ByteBuffer> change) {
        return assertThrows(FormatException.class, () -> readModified(change));
    }

    @Test
    void refusesAPayloadOutsideTheFileNamingTheField() throws Exception {
        assertEquals(List.of(), readModified(b -> { }).warnings(), "the unmodified small file is clean");

        FormatException beyond = refusal(b -> b.putInt(0x08, small.length + 1));
        assertEquals(0x08, beyond.offset());
        assertTrue(beyond.reason().contains("past the end"), beyond.reason());

        FormatException tooLong = refusal(b -> b.putInt(0x0c, small.length));
        assertEquals(0x0c, tooLong.offset());
        assertFalse(tooLong.reason().contains("wraps"), tooLong.reason());

        // offset + size wraps in 32 bits to a value inside the file: kexec-tools' u32 sum would pass it
        FormatException wraps = refusal(b -> b.putInt(0x0c, (int) (0x1_0000_0000L - PAYLOAD_OFFSET + 0x100)));
        assertEquals(0x0c, wraps.offset());
        assertTrue(wraps.reason().contains("wraps to 0x100"), wraps.reason());
    }

    @Test
    void refusesWithoutZimgOrMzOrAWholeHeader() {
        FormatException zimg = refusal(b -> b.put(0x07, (byte) 'q'));
        assertEquals(0x04, zimg.offset());
        assertTrue(zimg.reason().contains("\"zimg\""), zimg.reason());
        FormatException mz = refusal(b -> b.put(0x00, (byte) 'N'));
        assertEquals(0x00, mz.offset());
        FormatException shortFile = assertThrows(FormatException.class,
                () -> EfiZboot.read(ByteSource.of("short.efi", Arrays.copyOf(small, 63))));
        assertEquals(63, shortFile.offset());
    }

    @Test
    void warnsAboutOddButReadableHeaders() throws Exception {
        assertTrue(readModified(b -> b.put(0x18, "zstd22\0".getBytes(StandardCharsets.US_ASCII))).warnings()
                .contains("compress_type says zstd but the payload at 0x1000 starts with gzip's magic"));
        assertTrue(readModified(b -> b.put(0x18, "brotli\0".getBytes(StandardCharsets.US_ASCII))).warnings()
                .contains("unknown compression type \"brotli\""));
        byte[] noNul = new byte[32];
        Arrays.fill(noNul, (byte) 'g');
        assertTrue(readModified(b -> b.put(0x18, noNul)).warnings().contains("compress_type has no NUL within its 32 bytes"));
        assertTrue(readModified(b -> b.putInt(0x38, 0x644d5241)).warnings().get(0).contains("LINUX_PE_MAGIC"));
        assertTrue(readModified(b -> b.putInt(0x3c, 0x7fffffff)).warnings().get(0).contains("outside the file"));

        // a riscv64 zboot (IMAGE_FILE_MACHINE_RISCV64 0x5064) decodes, but arm64 kexec-tools refuses it
        EfiZboot riscv = readModified(b -> b.putShort(0x44, (short) 0x5064));
        assertEquals(0x5064, riscv.peMachine());
        assertFalse(riscv.isArm64());
        assertEquals(Boolean.FALSE, riscv.loadability(null).kexecTools().accepted());
        assertTrue(riscv.loadability(null).kexecTools().reason().contains("0x5064"));
    }
}
