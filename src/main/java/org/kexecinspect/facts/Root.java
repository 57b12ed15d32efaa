package org.kexecinspect.facts;

import java.nio.file.Path;
import java.util.List;

/**
 * A filesystem root that facts are read from: {@code /} on the live system, or a capture (a
 * directory or an unpacked archive mirroring the same paths). Live collection and capture reading
 * are the same code over two roots (DESIGN.md); only {@link SystemCalls} differs.
 *
 * <p>Paths are relative to the root and use '/' ("proc/iomem"); a path with an empty, "." or ".."
 * segment, or a leading '/', is refused. Every read says why it failed instead of throwing.
 */
public interface Root extends AutoCloseable {

    /** What the user named: "/" or the capture's path. */
    String name();

    /** True for the running system. */
    boolean live();

    /** Where a path's fact comes from, for a fact's {@code source}: "/proc/iomem" or "CAPTURE:proc/iomem". */
    String source(String path);

    /** A regular file's bytes, at most {@code cap}; larger files are unknown (too large), never truncated. */
    Fact<byte[]> read(String path, long cap);

    /** A regular file on disk that can be opened directly (kernel images, initramfs files). */
    Fact<Path> file(String path);

    /** The sorted names in a directory. */
    Fact<List<String>> list(String dir);

    /** A symbolic link's text as readlink(2) gives it; a capture records links in kexec-inspect/links. */
    Fact<String> link(String path);

    boolean isDirectory(String path);

    /** What the reader wants the user to know about the root itself (skipped archive entries...). */
    List<String> notes();

    @Override void close();

    /** Refuses paths that could leave the root. */
    static String checkPath(String path) {
        if (path.isEmpty() || path.startsWith("/") || path.endsWith("/")) {
            throw new IllegalArgumentException("not a relative root path: '" + path + "'");
        }
        for (String seg : path.split("/", -1)) {
            if (seg.isEmpty() || seg.equals(".") || seg.equals("..")) {
                throw new IllegalArgumentException("not a relative root path: '" + path + "'");
            }
        }
        return path;
    }
}
