package org.kexecinspect.facts;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.kexecinspect.format.ByteSource;

/**
 * A filesystem root that facts are read from: {@code /} on the live system, or a capture (a
 * directory or an unpacked archive mirroring the same paths). Live collection and capture reading
 * are the same code over two roots; only {@link SystemCalls} differs. Readers get bytes, never a
 * file name to open, so every read goes through the root and its checks.
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

    /**
     * A regular file for positional reads of just the regions a parser asks for (kernel images,
     * initramfs files): read-only, its size fixed when handed out, open until the root closes.
     */
    Fact<ByteSource> file(String path);

    /**
     * Why a live file must not be copied into a capture: it is a link that leads out of the root or
     * out of the top-level directories {@code tops}; empty when it may be copied. A capture checks
     * containment itself, so it never says no.
     */
    default Optional<String> leadsOutside(String path, Set<String> tops) {
        return Optional.empty();
    }

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
