package org.kexecinspect.facts;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;

import org.kexecinspect.facts.Fact.Why;
import org.kexecinspect.format.ByteSource;
import org.kexecinspect.format.FormatException;
import org.kexecinspect.input.FileSource;

/**
 * A root over a real directory. Live ({@code /}, or a stand-in tree in tests) it follows symbolic
 * links as the kernel's own sysfs layout needs. As a capture it never leaves its directory: a path
 * that resolves outside it is refused, and links come from {@code kexec-inspect/links}.
 */
public final class DirectoryRoot implements Root {
    /** Cap on kexec-inspect/links: a few hundred lines on a real VM. */
    static final long LINKS_CAP = 1 << 20;
    /** Cap on a directory listing: sysfs directories have hundreds of entries, never this many. */
    static final int LIST_CAP = 10_000;

    private final String name;
    private final Path base;
    private final Path realBase;
    private final boolean live;
    private final List<String> notes;
    private final Map<String, String> links;
    /** A capture's recorded links by the directory they are in: the entries of directories such as sys/block/dm-0/slaves. */
    private final Map<String, List<String>> linksIn;
    private final java.util.Set<String> dirs;
    /** The files handed out by {@link #file}, closed with the root. */
    private final Queue<FileSource> opened = new ConcurrentLinkedQueue<>();

    private DirectoryRoot(String name, Path base, boolean live, List<String> notes) {
        this.name = name;
        this.base = base;
        this.live = live;
        this.notes = List.copyOf(notes);
        Path real;
        try {
            real = base.toRealPath();
        } catch (IOException e) {
            real = base.toAbsolutePath().normalize();
        }
        this.realBase = real;
        this.links = live ? Map.of() : readLinks();
        this.linksIn = linksByDirectory(links);
        this.dirs = live ? java.util.Set.of() : readDirs();
    }

    /** The running system's root (or, in tests, a tree laid out like one). */
    public static DirectoryRoot live(Path base) {
        return new DirectoryRoot(base.toString(), base, true, List.of());
    }

    /** A capture directory; {@code base} is where its mirrored paths start. */
    public static DirectoryRoot capture(String name, Path base, List<String> notes) {
        return new DirectoryRoot(name, base, false, notes);
    }

    @Override public String name() { return name; }

    @Override public boolean live() { return live; }

    @Override public List<String> notes() { return notes; }

    @Override public String source(String path) {
        return live ? base.resolve(path).toString() : name + ":" + path;
    }

    @Override public Fact<byte[]> read(String path, long cap) {
        Fact<Path> p = regularFile(path);
        if (!p.known()) {
            return p.cast();
        }
        try (InputStream in = Files.newInputStream(p.value())) {
            byte[] bytes = in.readNBytes((int) Math.min(cap + 1, Integer.MAX_VALUE - 8));
            if (bytes.length > cap) {
                return Fact.unknown(Why.TOO_LARGE, "larger than " + cap + " bytes", source(path));
            }
            return Fact.of(bytes, source(path));
        } catch (IOException e) {
            return failure(e, path);
        }
    }

    @Override public Fact<ByteSource> file(String path) {
        Fact<Path> p = regularFile(path);
        if (!p.known()) {
            return p.cast();
        }
        try {
            FileSource source = FileSource.openFile(p.value(), source(path));
            opened.add(source);
            return Fact.of(source, source(path));
        } catch (FormatException e) {
            return e.getCause() instanceof IOException io ? failure(io, path) : Fact.unknown(Why.ERROR, e.reason(), source(path));
        }
    }

    @Override public Optional<String> leadsOutside(String path, Set<String> tops) {
        Fact<Path> f = regularFile(path);
        if (!live || !f.known()) {
            return Optional.empty(); // a capture checks containment itself; an unreadable file's read says why
        }
        try {
            Path real = f.value().toRealPath();
            Path realRoot = base.toRealPath();
            if (!real.startsWith(realRoot)) {
                return Optional.of("a link to " + real + ", outside the root");
            }
            Path rel = realRoot.relativize(real);
            String top = rel.getNameCount() == 0 ? "" : rel.getName(0).toString();
            return tops.contains(top) ? Optional.empty()
                    : Optional.of("a link to " + real + ", outside the trees a capture copies");
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A regular, readable file inside the root: never a fifo, socket or device. */
    private Fact<Path> regularFile(String path) {
        Fact<Path> p = resolve(path);
        if (!p.known()) {
            return p;
        }
        if (Files.isDirectory(p.value())) {
            return Fact.unknown(Why.NOT_APPLICABLE, "a directory, not a file", source(path));
        }
        if (!Files.isRegularFile(p.value())) {
            // never open a fifo, socket or device through a root: it could block or have side effects
            return Fact.unknown(Why.NOT_APPLICABLE, "not a regular file", source(path));
        }
        if (!Files.isReadable(p.value())) {
            return Fact.unknown(Why.NOT_PERMITTED, "not readable by this user", source(path));
        }
        return p;
    }

    /**
     * In a capture, a recorded link is a directory entry too: a directory that holds nothing but
     * links (sys/block/dm-0/slaves) lists their names, with its copied entries if it has any.
     */
    @Override public Fact<List<String>> list(String dir) {
        Fact<Path> p = resolve(dir);
        List<String> recorded = linksIn.getOrDefault(dir, List.of());
        if (!p.known()) {
            return recorded.isEmpty() || p.unknown().why() != Why.ABSENT ? p.cast()
                    : Fact.of(recorded, name + ":" + CaptureLayout.LINKS);
        }
        if (!recorded.isEmpty()) {
            Fact<List<String>> copied = listDirectory(dir, p.value());
            if (!copied.known()) {
                return copied;
            }
            java.util.TreeSet<String> all = new java.util.TreeSet<>(copied.value());
            all.addAll(recorded);
            return Fact.of(List.copyOf(all), copied.source());
        }
        return listDirectory(dir, p.value());
    }

    private Fact<List<String>> listDirectory(String dir, Path path) {
        Fact<Path> p = Fact.of(path, source(dir));
        try (Stream<Path> s = Files.list(p.value())) {
            List<String> names = new ArrayList<>();
            for (Path c : (Iterable<Path>) s.limit(LIST_CAP + 1)::iterator) {
                names.add(c.getFileName().toString());
            }
            if (names.size() > LIST_CAP) {
                return Fact.unknown(Why.TOO_LARGE, "more than " + LIST_CAP + " entries", source(dir));
            }
            names.sort(null);
            return Fact.of(List.copyOf(names), source(dir));
        } catch (IOException e) {
            return failure(e, dir);
        }
    }

    @Override public Fact<String> link(String path) {
        Root.checkPath(path);
        if (!live) {
            String target = links.get(path);
            return target != null ? Fact.of(target, name + ":kexec-inspect/links")
                    : Fact.unknown(Why.ABSENT, "not recorded in kexec-inspect/links", name + ":kexec-inspect/links");
        }
        try {
            return Fact.of(Files.readSymbolicLink(base.resolve(path)).toString(), source(path));
        } catch (IOException | UnsupportedOperationException e) {
            if (e instanceof java.nio.file.NotLinkException) {
                return Fact.unknown(Why.NOT_APPLICABLE, "not a symbolic link", source(path));
            }
            return e instanceof IOException io ? failure(io, path) : Fact.unknown(Why.ERROR, e.toString(), source(path));
        }
    }

    @Override public boolean isDirectory(String path) {
        Fact<Path> p = resolve(path);
        return p.known() && Files.isDirectory(p.value()) || dirs.contains(path);
    }

    /** Closes every file this root handed out. */
    @Override public void close() {
        for (FileSource f : opened) {
            f.close();
        }
        opened.clear();
    }

    /** The real path, checked to stay inside a capture. */
    private Fact<Path> resolve(String path) {
        Root.checkPath(path);
        Path p;
        try {
            p = base.resolve(path);
        } catch (java.nio.file.InvalidPathException e) {
            // a path built from captured text (a release, a module name) may hold a NUL: no such file
            return Fact.unknown(Why.MALFORMED, "not a possible file name: " + e.getReason(),
                    (live ? base + "/" : name + ":") + path.replace('\0', '?'));
        }
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !Files.exists(p)) {
            return Fact.unknown(Why.ABSENT, "does not exist", source(path));
        }
        if (!live) {
            try {
                if (!p.toRealPath().startsWith(realBase)) {
                    return Fact.unknown(Why.NOT_PERMITTED, "leads outside the capture", source(path));
                }
            } catch (IOException e) {
                return failure(e, path);
            }
        }
        return Fact.of(p, source(path));
    }

    private <T> Fact<T> failure(IOException e, String path) {
        if (e instanceof NoSuchFileException) {
            return Fact.unknown(Why.ABSENT, "does not exist", source(path));
        }
        if (e instanceof AccessDeniedException) {
            return Fact.unknown(Why.NOT_PERMITTED, "not readable by this user", source(path));
        }
        if (e instanceof NotDirectoryException) {
            return Fact.unknown(Why.NOT_APPLICABLE, "not a directory", source(path));
        }
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return Fact.unknown(Why.ERROR, msg, source(path));
    }

    /** kexec-inspect/dirs: directories that existed but whose files could not be copied. */
    private java.util.Set<String> readDirs() {
        Fact<byte[]> f = read(CaptureLayout.DIRS, LINKS_CAP);
        if (!f.known()) {
            return java.util.Set.of();
        }
        java.util.Set<String> s = new java.util.HashSet<>();
        for (String line : new String(f.value(), StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                s.add(line.strip());
            }
        }
        return java.util.Set.copyOf(s);
    }

    private static Map<String, List<String>> linksByDirectory(Map<String, String> links) {
        Map<String, java.util.TreeSet<String>> m = new HashMap<>();
        for (String path : links.keySet()) {
            int slash = path.lastIndexOf('/');
            if (slash > 0) {
                m.computeIfAbsent(path.substring(0, slash), k -> new java.util.TreeSet<>()).add(path.substring(slash + 1));
            }
        }
        Map<String, List<String>> out = new HashMap<>();
        m.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return Map.copyOf(out);
    }

    /** kexec-inspect/links: "PATH -> TARGET" per line (capture format 1). */
    private Map<String, String> readLinks() {
        Map<String, String> m = new HashMap<>();
        Fact<byte[]> f = read(CaptureLayout.LINKS, LINKS_CAP);
        if (f.known()) {
            for (String line : new String(f.value(), StandardCharsets.UTF_8).split("\n")) {
                int arrow = line.indexOf(" -> ");
                if (arrow > 0) {
                    m.put(line.substring(0, arrow), line.substring(arrow + 4));
                }
            }
        }
        return Map.copyOf(m);
    }
}
