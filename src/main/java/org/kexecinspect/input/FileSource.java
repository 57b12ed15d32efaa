package org.kexecinspect.input;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.kexecinspect.format.ByteSource;
import org.kexecinspect.format.FormatException;

/**
 * A regular file read by positional reads of just the regions a parser asks for; a 14 MiB kernel
 * costs a few KiB of I/O for its header facts. The size is taken once at open, so a file that
 * changes underneath reads as truncated, never as garbage past its end.
 */
public final class FileSource implements ByteSource, AutoCloseable {
    private final String name;
    private final FileChannel channel;
    private final long size;

    private FileSource(String name, FileChannel channel, long size) {
        this.name = name;
        this.channel = channel;
        this.size = size;
    }

    /** Opens a regular file read-only, for readers outside this package (a root's files). */
    public static FileSource openFile(Path path, String name) throws FormatException {
        return open(path, name);
    }

    /** Opens a regular file read-only; callers have checked it is one with {@link Inputs#typeOf}. */
    static FileSource open(Path path, String name) throws FormatException {
        try {
            FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
            return new FileSource(name, ch, ch.size());
        } catch (IOException e) {
            throw Inputs.ioError(name, -1, e);
        }
    }

    @Override public String name() { return name; }

    @Override public long size() { return size; }

    @Override public byte[] read(long offset, int length) throws FormatException {
        checkRegion(offset, length);
        ByteBuffer buf = ByteBuffer.allocate(length);
        try {
            while (buf.hasRemaining()) {
                int n = channel.read(buf, offset + buf.position());
                if (n < 0) {
                    throw new FormatException(name, offset + buf.position(),
                            "file ended early (it shrank while being read?)");
                }
            }
        } catch (IOException e) {
            throw Inputs.ioError(name, offset, e);
        }
        return buf.array();
    }

    @Override public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // read-only: nothing is lost
        }
    }
}
