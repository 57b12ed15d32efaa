package org.kexecinspect.input;

import java.io.BufferedInputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

import org.apache.commons.compress.MemoryLimitException;
import org.kexecinspect.format.Compression;
import org.kexecinspect.format.FormatException;
import org.kexecinspect.format.log.KernelLog;
import org.kexecinspect.format.log.LogLimits;
import org.kexecinspect.payload.Decoders;

/**
 * Opens a kernel log a user names: a file, {@code -} for standard input, or a pipe (a shell's
 * {@code <(journalctl -k -b -1)}); plain, or gzip, xz or zstd compressed (rotated logs, saved consoles),
 * told by the content. Read once as a stream: the memory held does not grow with the log.
 */
public final class LogFiles {
    private LogFiles() {}

    /** The name standard input goes by on the command line. */
    public static final String STDIN = "-";

    /** Bytes looked at for a compression magic. */
    private static final int HEAD = 16;

    /** Reads the log {@code name} (or {@code stdin} when the name is {@link #STDIN}). */
    public static KernelLog read(String name, InputStream stdin, LogLimits limits) throws FormatException {
        if (name.equals(STDIN)) {
            return decode("(standard input)", stdin, limits);
        }
        Path path = Path.of(name);
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (IOException e) {
            throw Inputs.ioError(name, -1, e);
        }
        if (a.isDirectory()) {
            throw new FormatException(name, -1, "is a directory, expected a log file");
        }
        // a pipe is a log's natural carrier (journalctl -k | ..., <(...)); a device could be anything
        if (!a.isRegularFile() && !isFifo(path)) {
            throw new FormatException(name, -1, "not a regular file or pipe");
        }
        // FileInputStream, not Files.newInputStream: the latter's available() seeks, which a pipe refuses
        try (InputStream in = new FileInputStream(path.toFile())) {
            return decode(name, in, limits);
        } catch (IOException e) {
            throw Inputs.ioError(name, -1, e);
        }
    }

    private static boolean isFifo(Path path) {
        try {
            return ((Integer) Files.getAttribute(path, "unix:mode") & 0170000) == 0010000;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    private static KernelLog decode(String name, InputStream raw, LogLimits limits) throws FormatException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        Compression c;
        try {
            in.mark(HEAD);
            byte[] head = in.readNBytes(HEAD);
            in.reset();
            c = Decoders.archiveCompression(head);
        } catch (IOException e) {
            throw Inputs.ioError(name, 0, e);
        }
        if (c == Compression.NONE) {
            return KernelLog.read(name, in, limits);
        }
        try (InputStream plain = Decoders.openArchive(c, in)) {
            try {
                return KernelLog.read(name, plain, limits);
            } catch (FormatException e) {
                throw new FormatException(name, e.offset(), e.reason() + " (the offset counts " + c.jsonName()
                        + "-decompressed bytes)", e);
            }
        } catch (MemoryLimitException e) {
            throw new FormatException(name, 0, c.jsonName() + ": needs more memory than the "
                    + Decoders.LZMA_MEMORY_LIMIT_KIB + " KiB a log may use", e);
        } catch (IOException e) {
            throw new FormatException(name, 0, c.jsonName() + ": " + e.getMessage(), e);
        }
    }
}
