package org.kexecinspect.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Writes a blob whole or not at all: a temporary file in the target's directory, fsync, rename.
 * Never over an input, a device node or anything but a regular file, and over an existing file only
 * when asked.
 */
final class BlobFile {
    private BlobFile() {}

    /**
     * Whether {@code target} may be written, before any work is done: the refusals of {@link #write},
     * as an IOException whose message says why; the target's absolute path when it may.
     */
    static Path check(Path target, boolean force, List<Path> inputs) throws IOException {
        Path abs = target.toAbsolutePath().normalize();
        if (Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isRegularFile(abs, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException("not a regular file (a device, directory or link): refusing to write over it");
            }
            for (Path in : inputs) {
                if (Files.exists(in) && Files.isSameFile(in, abs)) {
                    throw new IOException("is an input of this run: refusing to write over it");
                }
            }
            if (!force) {
                throw new IOException("exists: refusing to overwrite it without --force");
            }
        }
        Path dir = abs.getParent();
        if (!Files.isDirectory(dir)) {
            throw new IOException("its directory " + dir + " does not exist");
        }
        return abs;
    }

    static void write(Path target, byte[] bytes, boolean force, List<Path> inputs) throws IOException {
        Path abs = check(target, force, inputs);
        Path dir = abs.getParent();
        Path temp;
        try {
            temp = Files.createTempFile(dir, "." + abs.getFileName(), ".part");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new IOException("cannot create a file in " + dir + ": permission denied", e);
        }
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.move(temp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }
}
