package org.kexecinspect.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.kexecinspect.format.FormatException;

/**
 * What every fuzz harness shares. A decoder given any bytes either returns or raises
 * {@link FormatException} naming the artifact, the offset and the reason (the one error type,
 * which every command maps to exit 3: README, exit codes). Anything else escaping is a bug, and Jazzer
 * reports it.
 */
final class Fuzz {
    private Fuzz() {}

    /** One decode step; may throw anything, and the harness judges what it threw. */
    @FunctionalInterface
    interface Decode {
        void run() throws Exception;
    }

    /** Runs {@code decode}, tolerating only a well-formed FormatException. */
    static void decodes(Decode decode) {
        try {
            decode.run();
        } catch (FormatException e) {
            if (e.getMessage().startsWith("null: ") || e.reason() == null || e.reason().isBlank() || e.offset() < -1) {
                throw new AssertionError("a FormatException without artifact, offset or reason: " + e, e);
            }
        } catch (RuntimeException | Error e) {
            throw e;   // Jazzer reports it with its stack trace
        } catch (Exception e) {
            throw new AssertionError("a checked " + e.getClass().getName() + " escaped instead of a FormatException: " + e, e);
        }
    }

    /** Text as the CLI reads it: ISO-8859-1, one char per byte. */
    static String text(byte[] data) {
        return new String(data, StandardCharsets.ISO_8859_1);
    }

    /** A fresh, empty scratch directory for one fuzz input (the previous input's tree is removed). */
    static Path scratch(String what) {
        try {
            Path dir = base().resolve(what);
            delete(dir);
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code data} as the file {@code name} in a fresh scratch directory. */
    static Path file(String what, String name, byte[] data) {
        try {
            return Files.write(scratch(what).resolve(name), data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path base;

    private static synchronized Path base() throws IOException {
        if (base == null) {
            Path build = Path.of(System.getProperty("kexecinspect.buildDir", "target"));
            base = Files.createDirectories(build.resolve("fuzz-scratch"));
        }
        return base;
    }

    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
