package org.kexecinspect.input;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Arrays;

import org.kexecinspect.format.ByteSource;
import org.kexecinspect.format.FormatException;

/**
 * Opens what a user names on the command line. Only regular files and directories are read:
 * device nodes, FIFOs and sockets are refused before they are opened (a FIFO would block, a
 * device could be anything). Every length is capped.
 */
public final class Inputs {
    private Inputs() {}

    /** What a path is, decided without opening it. */
    public enum Type { REGULAR, DIRECTORY }

    public static Type typeOf(Path path, String name) throws FormatException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (IOException e) {
            throw ioError(name, -1, e);
        }
        if (a.isDirectory()) {
            return Type.DIRECTORY;
        }
        if (a.isRegularFile()) {
            return Type.REGULAR;
        }
        throw new FormatException(name, -1, "not a regular file or directory (" + describeSpecial(path) + ")");
    }

    private static String describeSpecial(Path path) {
        try {
            PosixFileAttributes p = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (p.isSymbolicLink()) {
                return "a link to something that is not a file";
            }
        } catch (IOException | UnsupportedOperationException ignored) {
            // fall through to the generic answer
        }
        try {
            Object mode = Files.getAttribute(path, "unix:mode");
            int type = ((Integer) mode) & 0170000;
            return switch (type) {
                case 0020000 -> "a character device";
                case 0060000 -> "a block device";
                case 0010000 -> "a FIFO";
                case 0140000 -> "a socket";
                default -> "a special file";
            };
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "a special file";
        }
    }

    /**
     * A whole small regular file, refused when larger than {@code cap}. Reads until end of file
     * rather than trusting the size stat reports (sysfs and procfs report a page or 0).
     */
    public static ByteSource readSmallFile(Path path, String name, int cap) throws FormatException {
        if (typeOf(path, name) != Type.REGULAR) {
            throw new FormatException(name, -1, "is a directory, expected a file");
        }
        byte[] buf = new byte[Math.min(cap, 8192) + 1];
        int n = 0;
        try (InputStream in = Files.newInputStream(path)) {
            while (true) {
                if (n == buf.length) {
                    if (buf.length > cap) {
                        throw new FormatException(name, cap, "larger than the " + cap + " bytes expected here");
                    }
                    buf = Arrays.copyOf(buf, Math.min(cap + 1, buf.length * 2));
                }
                int r = in.read(buf, n, buf.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
        } catch (IOException e) {
            throw ioError(name, n, e);
        }
        return ByteSource.of(name, Arrays.copyOf(buf, n));
    }

    /** One line for an I/O failure: what the system said, without a stack trace. */
    static FormatException ioError(String name, long offset, IOException e) {
        String reason;
        if (e instanceof NoSuchFileException) {
            reason = "no such file or directory";
        } else if (e instanceof AccessDeniedException) {
            reason = "permission denied";
        } else if (e.getMessage() != null && !e.getMessage().isBlank()) {
            reason = "cannot read: " + e.getMessage();
        } else {
            reason = "cannot read: " + e.getClass().getSimpleName();
        }
        return new FormatException(name, offset, reason, e);
    }
}
