package org.kexecinspect.format;

import java.io.IOException;
import java.io.InputStream;

/**
 * A region of a {@link ByteSource} as a stream, read in {@link #CHUNK}-sized positional reads, so a
 * streamed decoder never needs the whole region in memory. It knows where it is, so an error in a
 * decoder can name the file offset it had reached.
 */
public final class RegionInputStream extends InputStream {
    /** Size of each read from the source. */
    public static final int CHUNK = 1 << 16;

    private final ByteSource source;
    private final long end;
    private long next;
    private byte[] buffer = new byte[0];
    private int bufferPos;

    /** Thrown through the stream API when the source itself fails; carries the source's error. */
    public static final class SourceException extends IOException {
        private static final long serialVersionUID = 1L;
        private final transient FormatException error;

        SourceException(FormatException error) {
            super(error.getMessage(), error);
            this.error = error;
        }

        public FormatException error() { return error; }
    }

    public RegionInputStream(ByteSource source, long offset, long length) throws FormatException {
        if (offset < 0 || length < 0 || offset > source.size() || length > source.size() - offset) {
            throw new FormatException(source.name(), Math.max(0, Math.min(offset, source.size())),
                    "region of " + length + " bytes at 0x" + Long.toHexString(offset)
                            + " lies outside the " + source.size() + "-byte file");
        }
        this.source = source;
        this.end = offset + length;
        this.next = offset;
    }

    /** The file offset of the next byte a reader would get. */
    public long position() { return next - (buffer.length - bufferPos); }

    private boolean fill() throws SourceException {
        if (bufferPos < buffer.length) {
            return true;
        }
        if (next >= end) {
            return false;
        }
        int n = (int) Math.min(CHUNK, end - next);
        try {
            buffer = source.read(next, n);
        } catch (FormatException e) {
            throw new SourceException(e);
        }
        bufferPos = 0;
        next += n;
        return true;
    }

    @Override public int read() throws IOException {
        return fill() ? buffer[bufferPos++] & 0xff : -1;
    }

    @Override public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, buffer.length - bufferPos);
        System.arraycopy(buffer, bufferPos, b, off, n);
        bufferPos += n;
        return n;
    }

    @Override public int available() {
        return (int) Math.min(Integer.MAX_VALUE, end - position());
    }

    @Override public long skip(long n) throws IOException {
        long skipped = 0;
        while (skipped < n && fill()) {
            int k = (int) Math.min(n - skipped, buffer.length - bufferPos);
            bufferPos += k;
            skipped += k;
        }
        return skipped;
    }
}
