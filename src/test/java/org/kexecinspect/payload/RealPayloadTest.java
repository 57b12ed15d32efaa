package org.kexecinspect.payload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.kexecinspect.format.ByteSource;
import org.kexecinspect.format.Compression;
import org.kexecinspect.format.FormatException;
import org.kexecinspect.testing.Inputs;
import org.kexecinspect.testing.KernelPayloads;
import org.kexecinspect.testing.KernelPayloads.Format;
import org.kexecinspect.testing.KernelPayloads.Header;

/**
 * Every decoder on a real kernel payload: Debian's amd64 payload, decompressed by the native xz
 * and re-compressed by each format's real command-line tool (KernelPayloads says how). What the
 * scan reports is checked against the native tools' reading of the same bytes.
 */
class RealPayloadTest {

    record Located(ByteSource source, long start, long length, Compression compression) {}

    static Located locate(Format format) throws Exception {
        Path shaped = KernelPayloads.shaped(format);
        byte[] image = Files.readAllBytes(shaped);
        Header h = Header.of(image);
        Compression c = Compression.detect(Arrays.copyOfRange(image, (int) h.payloadStart(),
                (int) h.payloadStart() + Compression.MAGIC_LENGTH));
        return new Located(ByteSource.of(shaped.toString(), image), h.payloadStart(), h.payloadLength(), c);
    }

    /** grep's reading of the banner: the first "Linux version <printable>..." line. */
    static String grepBanner(Path vmlinux) {
        String out = Inputs.exec(null, "grep", "-a", "-o", "-m", "1", "Linux version [[:alnum:]][[:print:]]*",
                vmlinux.toString());
        return out.lines().findFirst().orElseThrow();
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void decodesTheRealPayloadToWhatTheNativeToolsRead(Format format) throws Exception {
        Located p = locate(format);
        assertEquals(format.id, p.compression().jsonName(), "magic detection");
        Path vmlinux = KernelPayloads.vmlinux();
        PayloadScan scan = Payloads.scan(p.source(), p.start(), p.length(), p.compression(),
                Payloads.DEFAULT_MAX_OUTPUT);

        assertEquals(Files.size(vmlinux), scan.uncompressedSize());
        byte[] head = new byte[PayloadScanner.HEAD_LENGTH];
        try (InputStream in = Files.newInputStream(vmlinux)) {
            assertEquals(head.length, in.readNBytes(head, 0, head.length));
        }
        assertArrayEquals(head, scan.head());
        assertEquals(grepBanner(vmlinux), scan.banner());
        assertTrue(scan.warnings().isEmpty(), scan.warnings().toString());
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void theSizeAppendedAfterTheStreamIsTheUncompressedSize(Format format) throws Exception {
        // not settled by a source: whether every x86 payload ends in the uncompressed size (gzip's ISIZE included)
        Located p = locate(format);
        byte[] tail = p.source().read(p.start() + p.length() - 4, 4);
        long appended = ByteBuffer.wrap(tail).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
        assertEquals(Files.size(KernelPayloads.vmlinux()), appended);
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void aTruncatedPayloadEndsEarlyWithTheFileAndOffsetNamed(Format format) throws Exception {
        Located p = locate(format);
        long half = p.length() / 2;
        FormatException e = assertThrows(FormatException.class, () -> Payloads.scan(p.source(), p.start(), half,
                p.compression(), Payloads.DEFAULT_MAX_OUTPUT));
        assertTrue(e.getMessage().startsWith(p.source().name() + ": "), e.getMessage());
        assertTrue(e.offset() > p.start() && e.offset() <= p.start() + half, "offset 0x" + Long.toHexString(e.offset()));
        String reason = e.reason().toLowerCase(Locale.ROOT);
        assertTrue(reason.contains("ends early") || reason.contains("truncated"), e.reason());
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void aPayloadPastTheCapStopsAtTheCap(Format format) throws Exception {
        Located p = locate(format);
        long cap = 4L << 20;
        FormatException e = assertThrows(FormatException.class, () -> Payloads.scan(p.source(), p.start(), p.length(),
                p.compression(), cap));
        assertTrue(e.reason().contains("cap"), e.reason());
        // it stopped near the cap, not at the end of the stream
        assertTrue(e.offset() < p.start() + p.length() / 2, "offset 0x" + Long.toHexString(e.offset()));
    }
}
