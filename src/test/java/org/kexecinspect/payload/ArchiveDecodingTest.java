package org.kexecinspect.payload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.kexecinspect.format.Compression;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

import com.github.luben.zstd.Zstd;

/**
 * A capture archive is one compressed file that its tool may have written as several gzip members,
 * xz streams or zstd frames (pigz, xz, zstd appended files): all of them are read, unlike a kernel
 * payload, whose decoder stops after the first stream.
 */
class ArchiveDecodingTest {
    private static final byte[] FIRST = "first part of the tar\n".repeat(100).getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SECOND = "second part of the tar\n".repeat(100).getBytes(StandardCharsets.US_ASCII);

    private interface Compressor {
        byte[] compress(byte[] data) throws IOException;
    }

    private static byte[] twoParts(Compressor c) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(c.compress(FIRST));
        out.write(c.compress(SECOND));
        return out.toByteArray();
    }

    private static byte[] both() {
        byte[] b = new byte[FIRST.length + SECOND.length];
        System.arraycopy(FIRST, 0, b, 0, FIRST.length);
        System.arraycopy(SECOND, 0, b, FIRST.length, SECOND.length);
        return b;
    }

    private static byte[] readArchive(byte[] file) throws IOException {
        Compression c = Decoders.archiveCompression(file);
        try (InputStream in = Decoders.openArchive(c, new ByteArrayInputStream(file))) {
            return in.readAllBytes();
        }
    }

    private static byte[] stream(byte[] data, OutputStreamFactory f) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = f.wrap(out)) {
            z.write(data);
        }
        return out.toByteArray();
    }

    private interface OutputStreamFactory {
        OutputStream wrap(OutputStream out) throws IOException;
    }

    @Test
    void everyGzipMemberIsRead() throws IOException {
        byte[] file = twoParts(d -> stream(d, GZIPOutputStream::new));
        assertEquals(Compression.GZIP, Decoders.archiveCompression(file));
        assertArrayEquals(both(), readArchive(file));
    }

    @Test
    void everyXzStreamIsRead() throws IOException {
        byte[] file = twoParts(d -> stream(d, o -> new XZOutputStream(o, new LZMA2Options())));
        assertEquals(Compression.XZ, Decoders.archiveCompression(file));
        assertArrayEquals(both(), readArchive(file));
    }

    @Test
    void everyZstdFrameIsRead() throws IOException {
        byte[] file = twoParts(Zstd::compress);
        assertEquals(Compression.ZSTD, Decoders.archiveCompression(file));
        assertArrayEquals(both(), readArchive(file));
    }

    @Test
    void aPayloadOnlyFormatIsNoArchive() {
        assertEquals(Compression.NONE, Decoders.archiveCompression(new byte[] {'B', 'Z', 'h', '9'}));
        assertEquals(Compression.NONE, Decoders.archiveCompression("ustar".getBytes(StandardCharsets.US_ASCII)));
    }
}
