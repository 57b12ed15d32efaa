package org.kexecinspect.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.kexecinspect.facts.Captures;
import org.kexecinspect.format.ByteSource;
import org.kexecinspect.format.Compression;
import org.kexecinspect.format.FormatException;
import org.kexecinspect.input.BootParamsDirectory;
import org.kexecinspect.payload.LegacyLz4InputStream;
import org.kexecinspect.payload.LzopInputStream;
import org.kexecinspect.payload.Payloads;
import org.kexecinspect.testing.Cli;
import org.kexecinspect.testing.SysfsCopy;

/**
 * The caps on what a hostile input can make the tool allocate or do, each fed the case it exists
 * for, where no other test did: it must end in one FormatException (exit 3), not in memory or time.
 */
class LimitsTest {

    @TempDir
    Path tmp;

    static byte[] seed(String dir, String name) throws IOException {
        return Files.readAllBytes(Path.of(System.getProperty("kexecinspect.projectDir", "."),
                "src/test/resources/org/kexecinspect/fuzz", dir, name));
    }

    static FormatException scanFails(Compression c, byte[] data) {
        return assertThrows(FormatException.class, () -> Payloads.scan(ByteSource.of("payload", data), 0, data.length, c, 1 << 20));
    }

    @Test
    void moreSetupDataNodesThanTheCapIsExit3() throws Exception {
        Path dir = SysfsCopy.bootParams(tmp, "boot_params");
        for (int i = 0; i <= BootParamsDirectory.MAX_SETUP_DATA_NODES; i++) {
            SysfsCopy.setupDataNode(dir, i, "0x9\n", new byte[8]);
        }
        Cli.Result r = Cli.run("inspect", dir.toString());
        assertEquals(3, r.exit(), r.err());
        assertTrue(r.err().contains("more than " + BootParamsDirectory.MAX_SETUP_DATA_NODES + " setup_data nodes"), r.err());
    }

    @Test
    void aSetupDataPayloadOverItsCapIsExit3AndNotRead() throws Exception {
        Path dir = SysfsCopy.bootParams(tmp, "boot_params");
        SysfsCopy.setupDataNode(dir, 0, "0x3\n", new byte[0]);
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("setup_data/0/data").toFile(), "rw")) {
            f.setLength(BootParamsDirectory.MAX_SETUP_DATA_LENGTH + 1L);   // sparse: costs no disk
        }
        Cli.Result r = Cli.run("inspect", dir.toString());
        assertEquals(3, r.exit(), r.err());
        assertTrue(r.err().contains("setup_data/0/data: offset 0x" + Integer.toHexString(BootParamsDirectory.MAX_SETUP_DATA_LENGTH)
                + ": larger than the " + BootParamsDirectory.MAX_SETUP_DATA_LENGTH + " bytes"), r.err());
    }

    /** Empty directory entries cost the archive 512 bytes each (a few hundred bytes gzipped per thousand). */
    @Test
    void aCaptureWithMoreEntriesThanTheCapIsRefused() throws Exception {
        Path archive = tmp.resolve("many.tar.gz");
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(Files.newOutputStream(archive)))) {
            tar.putArchiveEntry(new TarArchiveEntry("proc/"));
            tar.closeArchiveEntry();
            for (int i = 0; i < Captures.ENTRY_COUNT_CAP; i++) {
                tar.putArchiveEntry(new TarArchiveEntry("proc/"));
                tar.closeArchiveEntry();
            }
        }
        FormatException e = assertThrows(FormatException.class, () -> Captures.open(archive, "many.tar.gz").close());
        assertEquals("more than " + Captures.ENTRY_COUNT_CAP + " entries", e.reason());
        assertTrue(e.offset() > 0, "offset " + e.offset());
    }

    @Test
    void anLz4BlockLengthAboveTheLargestBlockIsRefusedBeforeAllocating() {
        byte[] data = ByteBuffer.allocate(9).order(ByteOrder.LITTLE_ENDIAN).putInt(0x184c2102)
                .putInt(LegacyLz4InputStream.MAX_COMPRESSED_BLOCK + 1).put((byte) 0).array();
        FormatException e = scanFails(Compression.LZ4, data);
        assertTrue(e.reason().contains("LZ4 block length " + (LegacyLz4InputStream.MAX_COMPRESSED_BLOCK + 1) + " is above"), e.reason());
    }

    /** The real `lzop -9` seed with its first block claiming to expand past MAX_BLOCK. */
    @Test
    void anLzopBlockAboveTheLargestBlockIsRefusedBeforeAllocating() throws IOException {
        byte[] lzo = seed("PayloadFuzzTestInputs/lzo", "arm64-head-and-banner.lzo");
        int nameLength = lzo[33] & 0xff;             // after magic(9) version lib needed method level flags mode mtime(2x4)
        int block = 34 + nameLength + 4;             // name, header checksum
        ByteBuffer.wrap(lzo).putInt(block, LzopInputStream.MAX_BLOCK + 1);
        FormatException e = scanFails(Compression.LZO, lzo);
        assertTrue(e.reason().contains("expanding to " + (LzopInputStream.MAX_BLOCK + 1)), e.reason());
    }

    /** An .lzma header may ask for a 1 GiB dictionary; the decoder allocates it up front. */
    @Test
    void anLzmaDictionaryAboveTheMemoryLimitIsRefusedBeforeAllocating() {
        byte[] data = new byte[64];
        data[0] = 0x5d;
        ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).putInt(1, 1 << 30).putLong(5, -1);   // a 1 GiB dictionary, size unknown
        FormatException e = scanFails(Compression.LZMA, data);
        assertTrue(e.reason().contains("KiB of decoder memory, above the"), e.reason());
    }

    /**
     * An .xz stream with the LZMA2 dictionary of its first block header set to {@code props}
     * (xz-file-format 5.3.1: (2 | (props & 1)) << (props / 2 + 11) bytes), its CRC32 recomputed.
     */
    static byte[] withXzDictionary(byte[] xz, int props) {
        int header = 12;                                 // stream header: magic(6) flags(2) crc(4)
        int size = ((xz[header] & 0xff) + 1) * 4;
        // block header: size, flags, the sizes if its flags say so (varints), then filter 0x21 (LZMA2), props size 1, props
        int flags = xz[header + 1] & 0xff;
        int at = header + 2;
        for (int present : new int[] {0x40, 0x80}) {
            if ((flags & present) != 0) {
                while ((xz[at++] & 0x80) != 0) {
                    // skip the varint
                }
            }
        }
        assertEquals(0x21, xz[at]);
        assertEquals(1, xz[at + 1]);
        xz[at + 2] = (byte) props;
        CRC32 crc = new CRC32();
        crc.update(xz, header, size - 4);
        ByteBuffer.wrap(xz).order(ByteOrder.LITTLE_ENDIAN).putInt(header + size - 4, (int) crc.getValue());
        return xz;
    }

    /** The real `xz` seed with its dictionary raised to 1 GiB. */
    @Test
    void anXzDictionaryAboveTheMemoryLimitIsRefusedBeforeAllocating() throws IOException {
        byte[] xz = withXzDictionary(seed("PayloadFuzzTestInputs/xz", "arm64-head-and-banner.xz"), 36);
        FormatException e = scanFails(Compression.XZ, xz);
        assertTrue(e.reason().contains("KiB of decoder memory, above the"), e.reason());
    }

    /**
     * A capture .tar.xz whose block asks for a 1.5 GiB dictionary: before the limit, unpacking
     * allocated it (1.6 GB RSS; with -Xmx512m an OutOfMemoryError and a stack trace, not exit 3).
     */
    @Test
    void aCaptureXzDictionaryAboveTheMemoryLimitIsExit3() throws IOException {
        Path archive = Files.write(tmp.resolve("big-dictionary.tar.xz"),
                withXzDictionary(seed("CaptureFuzzTestInputs/rawArchive", "hyperv-gen1-local-x86-constructed.tar.xz"), 37));
        Cli.Result r = Cli.run("inspect", archive.toString());
        assertEquals(3, r.exit(), r.err());
        assertTrue(r.err().matches("(?s).*big-dictionary\\.tar\\.xz: archive's xz stream asks for \\d+ KiB of decoder memory, above the "
                + org.kexecinspect.payload.Decoders.LZMA_MEMORY_LIMIT_KIB + " KiB limit.*"), r.err());
    }

    /** A zstd frame header asking for a 2 GiB window (window log 31): zstd-jni refuses above 2^27. */
    @Test
    void aZstdWindowAboveTheLimitIsRefused() {
        byte[] frame = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0x00, (byte) 0xa8, 0x01, 0x00, 0x00};
        FormatException e = scanFails(Compression.ZSTD, frame);
        assertTrue(e.reason().startsWith("zstd payload at 0x0: "), e.reason());
    }

}
