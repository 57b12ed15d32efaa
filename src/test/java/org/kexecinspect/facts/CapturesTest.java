package org.kexecinspect.facts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexecinspect.facts.Fact.Why;
import org.kexecinspect.format.FormatException;

/**
 * Hostile capture archives: entries with "..", absolute paths, links, devices and absurd sizes are
 * skipped with one note each and nothing lands outside the private temporary directory; an archive
 * that ends early is refused whole.
 */
class CapturesTest {
    @TempDir Path dir;

    private static void file(TarArchiveOutputStream t, String name, byte[] data) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        e.setSize(data.length);
        t.putArchiveEntry(e);
        t.write(data);
        t.closeArchiveEntry();
    }

    private static void special(TarArchiveOutputStream t, String name, byte type, String link) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, type, true);
        if (link != null) {
            e.setLinkName(link);
        }
        t.putArchiveEntry(e);
        t.closeArchiveEntry();
    }

    private Path archive(String name, boolean gzip, Body body) throws IOException {
        Path p = dir.resolve(name);
        try (OutputStream fos = Files.newOutputStream(p);
             OutputStream z = gzip ? new GzipCompressorOutputStream(fos) : fos;
             TarArchiveOutputStream t = new TarArchiveOutputStream(z)) {
            t.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            body.write(t);
        }
        return p;
    }

    interface Body {
        void write(TarArchiveOutputStream t) throws IOException;
    }

    @Test
    void hostileEntriesAreSkippedWithOneNoteEachAndNothingLandsOutside() throws Exception {
        String escape = "escaped-" + System.nanoTime();
        Path a = archive("hostile.tar.gz", true, t -> {
            file(t, "cap/proc/iomem", "00000000-00000fff : Reserved\n".getBytes(StandardCharsets.US_ASCII));
            file(t, "cap/../../../tmp/" + escape, new byte[] {1});
            file(t, "/tmp/" + escape + "-abs", new byte[] {1});
            special(t, "cap/etc/passwd-link", TarConstants.LF_SYMLINK, "/etc/passwd");
            special(t, "cap/proc/hard", TarConstants.LF_LINK, "/etc/shadow");
            special(t, "cap/dev/sda", TarConstants.LF_BLK, null);
            special(t, "cap/dev/null", TarConstants.LF_CHR, null);
            special(t, "cap/fifo", TarConstants.LF_FIFO, null);
        });
        try (Root root = Captures.open(a, "hostile.tar.gz")) {
            assertEquals("00000000-00000fff : Reserved\n", new String(root.read("proc/iomem", 100).value(), StandardCharsets.US_ASCII));
            List<String> notes = root.notes();
            assertEquals(7, notes.size(), String.join("\n", notes));
            for (String n : notes) {
                assertTrue(n.startsWith("hostile.tar.gz: skipped entry '"), n);
                assertFalse(n.contains("\n"));
            }
            assertEquals(Why.ABSENT, root.read("etc/passwd-link", 100).unknown().why());
        }
        assertFalse(Files.exists(Path.of("/tmp", escape)));
        assertFalse(Files.exists(Path.of("/tmp", escape + "-abs")));
    }

    @Test
    void anEntryClaimingAHugeSizeIsNeitherAllocatedNorBelieved() throws Exception {
        // a real tar header whose size field says 8 GiB - 1 with no data behind it, as a hostile
        // archive would have: the entry is over the cap, and skipping it runs off the end
        TarArchiveEntry e = new TarArchiveEntry("cap/boot/vmlinuz", true);
        e.setSize(077777777777L);
        byte[] header = new byte[512];
        e.writeEntryHeader(header);
        Path a = dir.resolve("huge.tar");
        byte[] zeros = new byte[1024];
        Files.write(a, concat(header, zeros));
        FormatException ex = assertThrows(FormatException.class, () -> Captures.open(a, "huge.tar").close());
        assertTrue(ex.getMessage().startsWith("huge.tar: "), ex.getMessage());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void aTruncatedArchiveIsRefusedWholeAndItsTemporaryDirectoryRemoved() throws Exception {
        Path good = archive("good.tar.gz", true, t -> {
            file(t, "cap/proc/iomem", new byte[200_000]);
            file(t, "cap/proc/cmdline", "x\n".getBytes(StandardCharsets.US_ASCII));
        });
        byte[] all = Files.readAllBytes(good);
        Path cut = dir.resolve("cut.tar.gz");
        Files.write(cut, Arrays.copyOf(all, all.length / 2));
        // a temporary root of this test's own: other JVMs unpack into java.io.tmpdir at the same time
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        try (Root r = Captures.open(good, "good.tar.gz", tmp)) {
            assertEquals(1, entries(tmp), "an archive is unpacked there while open");
        }
        assertEquals(0, entries(tmp), "and removed when closed");
        FormatException e = assertThrows(FormatException.class, () -> Captures.open(cut, "cut.tar.gz", tmp));
        assertTrue(e.getMessage().startsWith("cut.tar.gz: archive is truncated or corrupt"), e.getMessage());
        assertEquals(0, entries(tmp), "the temporary directory was removed");
    }

    @Test
    void aFileThatIsNeitherADirectoryNorATarIsNotACapture() throws Exception {
        Path p = dir.resolve("notes.txt");
        Files.writeString(p, "hello");
        FormatException e = assertThrows(FormatException.class, () -> Captures.open(p, "notes.txt"));
        assertEquals("notes.txt: offset 0x0: not a capture: neither a directory nor a tar archive (plain, gzip, xz or zstd)", e.getMessage());
    }

    @Test
    void aCaptureDirectoryNeverLeadsOutsideItself() throws Exception {
        Path cap = dir.resolve("cap");
        Files.createDirectories(cap.resolve("proc"));
        Files.writeString(cap.resolve("proc/cmdline"), "quiet\n");
        Path secret = dir.resolve("secret");
        Files.writeString(secret, "s3cret");
        Files.createSymbolicLink(cap.resolve("proc/iomem"), secret);
        try (Root root = Captures.open(cap, "cap")) {
            assertArrayEquals("quiet\n".getBytes(StandardCharsets.US_ASCII), root.read("proc/cmdline", 100).value());
            Fact<byte[]> f = root.read("proc/iomem", 100);
            assertEquals(Why.NOT_PERMITTED, f.unknown().why());
            assertEquals("cap:proc/iomem", f.source());
            assertThrows(IllegalArgumentException.class, () -> root.read("../secret", 100));
        }
    }

    @Test
    void aFileOverItsCapIsTooLargeNotTruncated() throws Exception {
        Path cap = dir.resolve("cap2");
        Files.createDirectories(cap.resolve("proc"));
        Files.write(cap.resolve("proc/iomem"), new byte[1001]);
        try (Root root = Captures.open(cap, "cap2")) {
            assertEquals(Why.TOO_LARGE, root.read("proc/iomem", 1000).unknown().why());
            assertEquals(1001, root.read("proc/iomem", 1001).value().length);
        }
    }

    @Test
    void aFifoInACaptureIsNeverOpened() throws Exception {
        Path cap = dir.resolve("cap3");
        Files.createDirectories(cap.resolve("proc"));
        new ProcessBuilder("mkfifo", cap.resolve("proc/iomem").toString()).start().waitFor();
        try (Root root = Captures.open(cap, "cap3")) {
            assertEquals(Why.NOT_APPLICABLE, root.read("proc/iomem", 100).unknown().why());
        }
    }

    private static long entries(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.count();
        }
    }

}
