package org.kexecinspect.facts;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.kexecinspect.format.ByteSource;
import org.kexecinspect.format.Compression;
import org.kexecinspect.format.FormatException;
import org.kexecinspect.payload.Decoders;

/**
 * Opens a capture: a directory, or a tar archive (plain, gzip, xz, zstd) unpacked into a private
 * temporary directory that is deleted on close. Only regular files and directories are unpacked;
 * links, devices, entries with absolute paths or ".." and entries over the caps are skipped, each
 * with one note. An archive that ends early is refused whole.
 */
public final class Captures {
    private Captures() {}

    /** Cap on one unpacked entry: the largest real one is a kdump initramfs. */
    public static final long ENTRY_CAP = CaptureLayout.IMAGE_CAP;
    /** Cap on everything unpacked from one archive. */
    public static final long TOTAL_CAP = 2L << 30;
    /** Cap on entries: an sosreport has tens of thousands. */
    public static final int ENTRY_COUNT_CAP = 200_000;
    /** Notes about skipped entries beyond this many are summarised in one line. */
    static final int NOTE_CAP = 20;

    /** Names at the top of a capture that show where its mirrored paths start. */
    private static final Set<String> ROOT_MARKERS = Set.of(CaptureLayout.DIR, "proc", "sys", "etc", "boot");

    /**
     * True when {@code path} is a capture: a directory with the capture's top-level names, or a tar
     * archive (plain or compressed; the first decompressed block is checked, so an arm64 Image.gz
     * is not taken for one).
     */
    public static boolean looksLikeCapture(Path path) {
        if (Files.isDirectory(path)) {
            return findBase(path) != null;
        }
        if (!Files.isRegularFile(path)) {
            return false; // never open a fifo or device to look at it
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(path))) {
            raw.mark(512);
            byte[] head = raw.readNBytes(512);
            raw.reset();
            Compression comp = Decoders.archiveCompression(head);
            if (comp == Compression.NONE) {
                return isTar(head);
            }
            try (InputStream in = Decoders.openArchive(comp, raw)) {
                return isTar(in.readNBytes(512));
            }
        } catch (org.apache.commons.compress.MemoryLimitException e) {
            return true;   // only an xz archive can say this, and open() says why it is refused
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    public static Root open(Path path, String name) throws FormatException {
        return open(path, name, null);
    }

    /** As {@link #open(Path, String)}, unpacking an archive under {@code tempParent} (null: java.io.tmpdir); tests look there. */
    static Root open(Path path, String name, Path tempParent) throws FormatException {
        if (Files.isDirectory(path)) {
            Path base = findBase(path);
            if (base == null) {
                throw new FormatException(name, -1, "not a capture: no kexec-inspect/, proc/, sys/ or etc/ at its top");
            }
            return DirectoryRoot.capture(name, base, List.of());
        }
        Path temp;
        try {
            temp = tempParent == null ? Files.createTempDirectory("kexec-inspect-capture-")
                    : Files.createTempDirectory(tempParent, "kexec-inspect-capture-");
        } catch (IOException e) {
            throw new FormatException(name, -1, "cannot make a temporary directory: " + e.getMessage(), e);
        }
        try {
            List<String> notes = unpack(path, name, temp);
            Path base = findBase(temp);
            if (base == null) {
                throw new FormatException(name, -1, "not a capture: the archive has no kexec-inspect/, proc/, sys/ or etc/");
            }
            DirectoryRoot inner = DirectoryRoot.capture(name, base, notes);
            return new Unpacked(inner, temp);
        } catch (FormatException | RuntimeException e) {
            deleteTree(temp);
            throw e;
        }
    }

    /** The directory where mirrored paths start: the given one, or its single subdirectory. */
    static Path findBase(Path dir) {
        if (hasMarker(dir)) {
            return dir;
        }
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> children = s.limit(3).toList();
            if (children.size() == 1 && Files.isDirectory(children.get(0)) && hasMarker(children.get(0))) {
                return children.get(0);
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    private static boolean hasMarker(Path dir) {
        for (String m : ROOT_MARKERS) {
            if (Files.isDirectory(dir.resolve(m))) {
                return true;
            }
        }
        return false;
    }

    /** POSIX/GNU tar: "ustar" at offset 257 of the first header. */
    private static boolean isTar(byte[] h) {
        return h.length >= 262 && h[257] == 'u' && h[258] == 's' && h[259] == 't' && h[260] == 'a' && h[261] == 'r';
    }

    private static List<String> unpack(Path archive, String name, Path temp) throws FormatException {
        List<String> notes = new ArrayList<>();
        int skipped = 0;
        long total = 0;
        int count = 0;
        Path realTemp;
        try {
            realTemp = temp.toRealPath();
        } catch (IOException e) {
            throw new FormatException(name, -1, e.getMessage(), e);
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive));
             CountingInput counted = new CountingInput(raw)) {
            counted.mark(512);
            byte[] head = counted.readNBytes(512);
            counted.reset();
            Compression comp = Decoders.archiveCompression(head);
            if (comp == Compression.NONE && !isTar(head)) {
                throw new FormatException(name, 0, "not a capture: neither a directory nor a tar archive (plain, gzip, xz or zstd)");
            }
            InputStream in = Decoders.openArchive(comp, counted);
            try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
                TarArchiveEntry e;
                while ((e = tar.getNextEntry()) != null) {
                    if (++count > ENTRY_COUNT_CAP) {
                        throw new FormatException(name, counted.count(), "more than " + ENTRY_COUNT_CAP + " entries");
                    }
                    String why = refuse(e);
                    String entryName = e.getName();
                    String rel = why == null ? normalise(entryName) : null;
                    if (why == null && rel == null) {
                        why = "absolute path or '..'";
                    }
                    if (why == null && !e.isDirectory() && e.getSize() > ENTRY_CAP) {
                        why = "larger than " + ENTRY_CAP + " bytes";
                    }
                    if (why == null && !e.isDirectory() && total + e.getSize() > TOTAL_CAP) {
                        why = "the archive's unpacked size would pass " + TOTAL_CAP + " bytes";
                    }
                    if (why != null) {
                        if (++skipped <= NOTE_CAP) {
                            notes.add(name + ": skipped entry '" + printable(entryName) + "': " + why);
                        }
                        continue;
                    }
                    if (rel.isEmpty()) {
                        continue;
                    }
                    Path target = temp.resolve(rel).normalize();
                    if (!target.startsWith(temp)) {
                        continue; // normalise() already refused this; belt and braces
                    }
                    if (e.isDirectory()) {
                        Files.createDirectories(target);
                        continue;
                    }
                    Files.createDirectories(target.getParent());
                    if (!target.getParent().toRealPath().startsWith(realTemp) || Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        if (++skipped <= NOTE_CAP) {
                            notes.add(name + ": skipped entry '" + printable(entryName) + "': duplicate or outside the capture");
                        }
                        continue;
                    }
                    try (OutputStream out = Files.newOutputStream(target, java.nio.file.StandardOpenOption.CREATE_NEW)) {
                        long n = copy(tar, out, e.getSize());
                        total += n;
                    }
                }
            }
        } catch (FormatException e) {
            throw e;
        } catch (org.apache.commons.compress.MemoryLimitException e) {
            throw new FormatException(name, -1, "archive's xz stream asks for " + e.getMemoryNeededInKb()
                    + " KiB of decoder memory, above the " + e.getMemoryLimitInKb() + " KiB limit", e);
        } catch (IOException | RuntimeException e) {
            throw new FormatException(name, -1, "archive is truncated or corrupt: " + (e.getMessage() != null ? e.getMessage()
                    : e instanceof java.io.EOFException ? "it ends early" : "unreadable data"), e);
        }
        if (skipped > NOTE_CAP) {
            notes.add(name + ": skipped " + (skipped - NOTE_CAP) + " more entries");
        }
        return notes;
    }

    private static long copy(InputStream in, OutputStream out, long max) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long n = 0;
        int r;
        while (n < max && (r = in.read(buf, 0, (int) Math.min(buf.length, max - n))) > 0) {
            out.write(buf, 0, r);
            n += r;
        }
        if (n < max) {
            throw new IOException("entry ends early");
        }
        return n;
    }

    /** Why an entry is not unpacked, or null: only files and directories are. */
    private static String refuse(TarArchiveEntry e) {
        if (e.isSymbolicLink()) {
            return "a symbolic link (captures record links in kexec-inspect/links)";
        }
        if (e.isLink()) {
            return "a hard link";
        }
        if (e.isCharacterDevice() || e.isBlockDevice()) {
            return "a device";
        }
        if (e.isFIFO()) {
            return "a fifo";
        }
        if (!e.isFile() && !e.isDirectory()) {
            return "not a regular file";
        }
        return null;
    }

    /** "./proc/iomem" → "proc/iomem"; null for absolute paths or any ".." segment. */
    static String normalise(String entry) {
        if (entry.startsWith("/") || entry.indexOf('\0') >= 0 || entry.indexOf('\\') >= 0 && entry.contains("..")) {
            return null;
        }
        List<String> segs = new ArrayList<>();
        for (String s : entry.split("/")) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                return null;
            }
            segs.add(s);
        }
        return String.join("/", segs);
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 200; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return b.toString();
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // best effort: a leftover temp directory is not worth failing a run for
        }
    }

    /** A capture unpacked into a temporary directory, deleted on close. */
    private static final class Unpacked implements Root {
        private final DirectoryRoot inner;
        private final Path temp;

        Unpacked(DirectoryRoot inner, Path temp) {
            this.inner = inner;
            this.temp = temp;
        }

        @Override public String name() { return inner.name(); }
        @Override public boolean live() { return false; }
        @Override public String source(String path) { return inner.source(path); }
        @Override public Fact<byte[]> read(String path, long cap) { return inner.read(path, cap); }
        @Override public Fact<ByteSource> file(String path) { return inner.file(path); }
        @Override public Fact<List<String>> list(String dir) { return inner.list(dir); }
        @Override public Fact<String> link(String path) { return inner.link(path); }
        @Override public boolean isDirectory(String path) { return inner.isDirectory(path); }
        @Override public List<String> notes() { return inner.notes(); }
        @Override public void close() {
            inner.close();
            deleteTree(temp);
        }
    }

    /** Counts compressed bytes read, for the offset in an error. */
    private static final class CountingInput extends java.io.FilterInputStream {
        private long count;
        private long mark;

        CountingInput(InputStream in) { super(in); }

        long count() { return count; }

        @Override public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override public synchronized void mark(int limit) {
            super.mark(limit);
            mark = count;
        }

        @Override public synchronized void reset() throws IOException {
            super.reset();
            count = mark;
        }
    }
}
