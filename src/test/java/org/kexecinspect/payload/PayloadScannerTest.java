package org.kexecinspect.payload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;

/**
 * The sliding-window scan: patterns split across the scanner's read boundaries, format strings
 * that look like the banner, and the embedded-config markers. The streams are built here because
 * the point is where the bytes fall, not what kernel they come from (RealPayloadTest has those).
 */
class PayloadScannerTest {

    static final String BANNER = "Linux version 6.1.0-56-amd64 (debian-kernel@lists.debian.org) "
            + "(gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) "
            + "#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)";

    static byte[] stream(int length, int at, byte[] insert) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i * 31 + 7);         // non-zero filler that contains no pattern
        }
        System.arraycopy(insert, 0, b, at, insert.length);
        return b;
    }

    static PayloadScan scan(byte[] b) throws IOException {
        return PayloadScanner.scan(new ByteArrayInputStream(b), Long.MAX_VALUE);
    }

    @Test
    void findsTheBannerWhereverItFallsAcrossAReadBoundary() throws IOException {
        byte[] line = (BANNER + "\n").getBytes(StandardCharsets.US_ASCII);
        int boundary = PayloadScanner.CHUNK;
        for (int at = boundary - line.length - 2; at <= boundary + 2; at++) {
            PayloadScan s = scan(stream(3 * boundary, at, line));
            assertEquals(BANNER, s.banner(), "banner at " + at);
            assertEquals(at, s.bannerOffset());
            assertEquals("6.1.0-56-amd64", s.kernelRelease());
        }
    }

    @Test
    void skipsAFormatStringThatStartsLikeTheBanner() throws IOException {
        byte[] fmt = "Linux version %s (%s)\0".getBytes(StandardCharsets.US_ASCII);
        byte[] line = (BANNER + "\0").getBytes(StandardCharsets.US_ASCII);
        byte[] b = stream(1 << 20, 1000, fmt);
        System.arraycopy(line, 0, b, 5000, line.length);
        assertEquals(BANNER, scan(b).banner());
    }

    @Test
    void aFormatStringEndingExactlyAtABoundaryDoesNotHideTheRealBanner() throws IOException {
        byte[] fmt = "Linux version %s".getBytes(StandardCharsets.US_ASCII);
        byte[] line = (BANNER + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] b = stream(3 * PayloadScanner.CHUNK, PayloadScanner.CHUNK - 14, fmt);
        System.arraycopy(line, 0, b, PayloadScanner.CHUNK + 100, line.length);
        assertEquals(BANNER, scan(b).banner());
    }

    @Test
    void noBannerAndNoConfigInAStreamWithout() throws IOException {
        PayloadScan s = scan(stream(1 << 20, 0, new byte[0]));
        assertNull(s.banner());
        assertNull(s.kernelRelease());
        assertNull(s.ikconfig());
        assertEquals(1 << 20, s.uncompressedSize());
    }

    static byte[] gzip(byte[] text) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            gz.write(text);
        }
        return bos.toByteArray();
    }

    static byte[] ikconfigBlock(byte[] text) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes("IKCFG_ST".getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(gzip(text));
        b.writeBytes("IKCFG_ED".getBytes(StandardCharsets.US_ASCII));
        return b.toByteArray();
    }

    @Test
    void findsTheEmbeddedConfigWithEitherMarkerAcrossAReadBoundary() throws IOException {
        byte[] text = "CONFIG_IKCONFIG=y\nCONFIG_SYSFB=y\n# CONFIG_FB_EFI is not set\n"
                .getBytes(StandardCharsets.US_ASCII);
        byte[] block = ikconfigBlock(text);
        int boundary = PayloadScanner.CHUNK;
        int[] starts = new int[24];
        for (int i = 0; i < 12; i++) {
            starts[i] = boundary - 10 + i;                         // the start marker split
            starts[12 + i] = boundary - block.length - 2 + i;      // the end marker split
        }
        for (int at : starts) {
            PayloadScan s = scan(stream(3 * boundary, at, block));
            assertArrayEquals(text, s.ikconfig(), "block at " + at);
            assertEquals(at, s.ikconfigOffset());
            assertTrue(s.warnings().isEmpty(), s.warnings().toString());
        }
    }

    @Test
    void anUnterminatedConfigIsAWarningNotAnError() throws IOException {
        byte[] start = "IKCFG_ST".getBytes(StandardCharsets.US_ASCII);
        PayloadScan s = scan(stream(4 * PayloadScanner.MAX_IKCONFIG_COMPRESSED, 100, start));
        assertNull(s.ikconfig());
        assertTrue(s.warnings().get(0).contains("no IKCFG_ED"), s.warnings().toString());
    }

    @Test
    void aConfigThatDoesNotGunzipIsAWarning() throws IOException {
        byte[] bad = "IKCFG_STnot gzip at allIKCFG_ED".getBytes(StandardCharsets.US_ASCII);
        PayloadScan s = scan(stream(1 << 16, 100, bad));
        assertNull(s.ikconfig());
        assertTrue(s.warnings().get(0).contains("does not gunzip"), s.warnings().toString());
    }

    @Test
    void stopsAtTheCapWithoutReadingTheRest() {
        long[] served = {0};
        InputStream endless = new InputStream() {
            @Override public int read() { served[0]++; return 0; }
            @Override public int read(byte[] b, int off, int len) { served[0] += len; return len; }
        };
        long cap = 10L << 20;
        assertThrows(PayloadScanner.TooLargeException.class, () -> PayloadScanner.scan(endless, cap));
        assertTrue(served[0] <= cap + PayloadScanner.CHUNK, "read " + served[0]);
    }
}
