package org.kexecinspect.facts;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.kexecinspect.facts.Fact.Why;
import org.kexecinspect.format.ByteSource;
import org.kexecinspect.format.FormatException;

/**
 * Writes a capture (format 1) of a root: copies of the files in {@link CaptureLayout#FILES} and the
 * paths the caller adds, the system-call facts under kexec-inspect/, and the manifest. Reads only;
 * the output appears whole or not at all (written beside it, then renamed).
 */
public final class CaptureWriter {

    /** What the capture will hold beyond the fixed list. */
    /**
     * @param smallFiles files under the 1 MiB cap (absent ones are not listed in the manifest)
     * @param images     the kdump kernel and initramfs: absent ones are listed, they matter
     * @param modules    hv_vmbus module candidates (.ko, .ko.xz, ...): only the one that exists matters
     */
    public record Plan(List<String> smallFiles, List<String> images, List<String> modules) {
        public Plan {
            smallFiles = List.copyOf(smallFiles);
            images = List.copyOf(images);
            modules = List.copyOf(modules);
        }
    }

    /** What was written. */
    public record Result(Path output, int filesRead, List<CaptureManifest.NotRead> notRead) {}

    private final Root root;
    private final SystemCalls calls;
    private final String collector;
    private final String version;
    private final long uid;

    /** {@code uid} is the capturing process's, for the manifest (-1 when unknown); the caller reads it. */
    public CaptureWriter(Root root, SystemCalls calls, String collector, String version, long uid) {
        this.root = root;
        this.calls = calls;
        this.collector = collector;
        this.version = version;
        this.uid = uid;
    }

    /** A directory when {@code out} does not end in .tar, .tar.gz or .tgz; otherwise a gzip tar (or plain tar). */
    public Result write(Plan plan, Path out, String topName, Instant now) throws IOException {
        if (Files.exists(out)) {
            throw new IOException(out + " already exists; not overwriting it");
        }
        String fileName = out.getFileName().toString();
        boolean tar = fileName.endsWith(".tar") || fileName.endsWith(".tar.gz") || fileName.endsWith(".tgz");
        Path parent = out.toAbsolutePath().getParent();
        Path temp = tar ? Files.createTempFile(parent, "." + fileName, ".part")
                : Files.createTempDirectory(parent, "." + fileName + ".part");
        try {
            Result r;
            if (tar) {
                try (OutputStream fos = Files.newOutputStream(temp);
                     OutputStream z = fileName.endsWith(".tar") ? fos : new GzipCompressorOutputStream(fos);
                     TarArchiveOutputStream t = new TarArchiveOutputStream(z)) {
                    t.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                    t.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                    r = collect(plan, new TarSink(t, topName + "/", now), now);
                    t.finish();
                }
            } else {
                r = collect(plan, new DirSink(temp), now);
            }
            Files.move(temp, out, StandardCopyOption.ATOMIC_MOVE);
            return new Result(out, r.filesRead(), r.notRead());
        } catch (IOException | RuntimeException e) {
            Captures.deleteTree(temp);
            throw e;
        }
    }

    private Result collect(Plan plan, Sink sink, Instant now) throws IOException {
        List<String> read = new ArrayList<>();
        List<CaptureManifest.NotRead> notRead = new ArrayList<>();
        Set<String> small = new LinkedHashSet<>();
        for (String pattern : CaptureLayout.FILES) {
            small.addAll(expand(pattern, false));
        }
        small.addAll(plan.smallFiles());
        for (String p : small) {
            Optional<String> outside = root.leadsOutside(p, ALLOWED_TOPS);
            if (outside.isPresent()) {
                notRead.add(new CaptureManifest.NotRead(p, "not collected: " + outside.get()));
                continue;
            }
            Fact<byte[]> f = root.read(p, CaptureLayout.SMALL_CAP);
            if (f.known()) {
                sink.put(p, f.value());
                read.add(p);
            } else if (f.unknown().why() != Why.ABSENT) {
                notRead.add(new CaptureManifest.NotRead(p, reason(f.unknown())));
            }
        }
        StringBuilder links = new StringBuilder();
        Set<String> large = new LinkedHashSet<>(plan.images());
        large.addAll(plan.modules());
        for (String p : large) {
            Optional<String> outside = root.leadsOutside(p, ALLOWED_TOPS);
            if (outside.isPresent()) {
                notRead.add(new CaptureManifest.NotRead(p, "not collected: " + outside.get()));
                continue;
            }
            Fact<ByteSource> f = root.file(p);
            if (f.known() && f.value().size() <= CaptureLayout.IMAGE_CAP) {
                sink.put(p, f.value());
                read.add(p);
                // /var/lib/kdump/vmlinuz is a link to /boot/vmlinuz-RELEASE: keep where it pointed
                Fact<String> l = root.link(p);
                if (l.known() && l.value().indexOf('\n') < 0) {
                    links.append(p).append(" -> ").append(l.value()).append('\n');
                }
            } else if (f.known() || f.unknown().why() != Why.ABSENT || plan.images().contains(p)) {
                notRead.add(new CaptureManifest.NotRead(p, f.known() ? "too large" : reason(f.unknown())));
            }
        }
        for (String pattern : CaptureLayout.LINK_PATHS) {
            for (String p : expand(pattern, true)) {
                Fact<String> l = root.link(p);
                if (l.known() && l.value().indexOf('\n') < 0) {
                    links.append(p).append(" -> ").append(l.value()).append('\n');
                }
            }
        }
        StringBuilder dirs = new StringBuilder();
        for (String d : CaptureLayout.MARKER_DIRS) {
            if (root.isDirectory(d)) {
                dirs.append(d).append('\n');
            }
        }
        recorded(sink, CaptureLayout.LINKS, Fact.of(links.toString().getBytes(StandardCharsets.UTF_8), "readlink"), read, notRead);
        recorded(sink, CaptureLayout.DIRS, Fact.of(dirs.toString().getBytes(StandardCharsets.UTF_8), "stat"), read, notRead);
        recorded(sink, CaptureLayout.UNAME, utf8(calls.uname()), read, notRead);
        recorded(sink, CaptureLayout.KEXEC_VERSION, utf8(calls.kexecVersion()), read, notRead);
        recorded(sink, CaptureLayout.FB0_FIX, calls.fbFix(), read, notRead);
        recorded(sink, CaptureLayout.FB0_VAR, calls.fbVar(), read, notRead);
        recorded(sink, CaptureLayout.FBSET, utf8(calls.fbset()), read, notRead);
        CaptureManifest m = new CaptureManifest(CaptureLayout.FORMAT, collector, version,
                now.truncatedTo(ChronoUnit.SECONDS).toString(), uid, read, notRead, null);
        StringWriter w = new StringWriter();
        m.write(w);
        sink.put(CaptureLayout.MANIFEST, w.toString().getBytes(StandardCharsets.UTF_8));
        return new Result(null, read.size(), notRead);
    }

    private static Fact<byte[]> utf8(Fact<String> f) {
        return f.map(s -> s.getBytes(StandardCharsets.UTF_8));
    }

    private void recorded(Sink sink, String path, Fact<byte[]> f, List<String> read,
            List<CaptureManifest.NotRead> notRead) throws IOException {
        if (f.known()) {
            sink.put(path, f.value());
            read.add(path);
        } else {
            notRead.add(new CaptureManifest.NotRead(path, reason(f.unknown())));
        }
    }

    /**
     * Where the files a capture copies may really live: a link (e.g. /etc/default/kdump-tools made a
     * link to /root/notes) must not carry a file from elsewhere into the capture.
     */
    static final Set<String> ALLOWED_TOPS = Set.of("proc", "sys", "etc", "lib", "lib64", "usr", "run", "boot", "var");

    /** The manifest's reason words (capture format 1): absent, not permitted, too large, error: TEXT. */
    static String reason(Fact.Unknown u) {
        return switch (u.why()) {
            case ABSENT, NOT_PERMITTED, TOO_LARGE -> u.why().label();
            case NOT_COLLECTED -> "not collected: " + u.detail();
            default -> "error: " + u.detail();
        };
    }

    /** Paths matching a pattern whose '*' stands for one segment. */
    List<String> expand(String pattern, boolean links) {
        List<String> out = new ArrayList<>();
        expand("", pattern.split("/"), 0, out);
        return out;
    }

    private void expand(String prefix, String[] segs, int i, List<String> out) {
        if (i == segs.length) {
            out.add(prefix);
            return;
        }
        String seg = segs[i];
        String next = prefix.isEmpty() ? "" : prefix + "/";
        if (!seg.contains("*")) {
            expand(next + seg, segs, i + 1, out);
            return;
        }
        Fact<List<String>> names = root.list(prefix);
        if (!names.known()) {
            return;
        }
        String regex = java.util.regex.Pattern.quote(seg).replace("*", "\\E[^/]*\\Q");
        for (String n : names.value()) {
            if (n.matches(regex)) {
                expand(next + n, segs, i + 1, out);
            }
        }
    }

    private interface Sink {
        void put(String path, byte[] bytes) throws IOException;

        /** Copies exactly the file's size as it was handed out: a file that grows or shrinks meanwhile must not corrupt the output. */
        void put(String path, ByteSource file) throws IOException;
    }

    /** Writes a file's bytes in regions a ByteSource may hand out at once. */
    private static void copy(ByteSource file, OutputStream out) throws IOException {
        for (long off = 0; off < file.size(); ) {
            int n = (int) Math.min(ByteSource.MAX_READ, file.size() - off);
            try {
                out.write(file.read(off, n));
            } catch (FormatException e) {
                throw new IOException(file.name() + ": " + e.reason(), e);
            }
            off += n;
        }
    }

    private record DirSink(Path dir) implements Sink {
        @Override public void put(String path, byte[] bytes) throws IOException {
            Path p = target(path);
            Files.write(p, bytes);
        }

        @Override public void put(String path, ByteSource file) throws IOException {
            try (OutputStream out = Files.newOutputStream(target(path), StandardOpenOption.CREATE_NEW)) {
                copy(file, out);
            }
        }

        private Path target(String path) throws IOException {
            Path p = dir.resolve(Root.checkPath(path));
            Files.createDirectories(p.getParent());
            return p;
        }
    }

    private record TarSink(TarArchiveOutputStream tar, String prefix, Instant now) implements Sink {
        @Override public void put(String path, byte[] bytes) throws IOException {
            TarArchiveEntry e = entry(path, bytes.length);
            tar.putArchiveEntry(e);
            tar.write(bytes);
            tar.closeArchiveEntry();
        }

        @Override public void put(String path, ByteSource file) throws IOException {
            tar.putArchiveEntry(entry(path, file.size()));
            copy(file, tar);
            tar.closeArchiveEntry();
        }

        private TarArchiveEntry entry(String path, long size) {
            TarArchiveEntry e = new TarArchiveEntry(prefix + Root.checkPath(path));
            e.setSize(size);
            e.setMode(0644);
            e.setModTime(FileTime.from(now));
            return e;
        }
    }
}
