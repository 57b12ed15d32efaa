package org.kexecinspect.initramfs;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import org.kexecinspect.payload.PayloadException;

/**
 * A buffered stream that knows the offset of the next byte it hands out, can look ahead without
 * consuming, and refuses to read more than a cap from its source. The decoders that must stop
 * exactly where their compressed stream ends (gzip's reader rewinds through mark/reset) read from
 * it, so after a segment its position is where the next segment starts.
 */
final class PositionedInput extends BufferedInputStream {
    private final Counter counter;

    /** @param over the reason when more than {@code limit} bytes would be read */
    PositionedInput(InputStream in, long limit, String over) {
        this(new Counter(in, limit, over));
    }

    private PositionedInput(Counter counter) {
        super(counter, 1 << 16);
        this.counter = counter;
    }

    /** Offset of the next byte read. */
    long position() {
        return counter.count - (count - pos);
    }

    /** Up to {@code n} next bytes, left unread; fewer only at the end of the stream. */
    byte[] peek(int n) throws IOException {
        mark(n);
        byte[] b = readNBytes(n);
        reset();
        return b;
    }

    /** The next byte, left unread, or -1 at the end. */
    int peek() throws IOException {
        mark(1);
        int b = read();
        reset();
        return b;
    }

    /** Reads past NUL bytes; returns how many. */
    long skipZeros() throws IOException {
        long n = 0;
        while (true) {
            if (pos >= count && peek() < 0) {
                return n;
            }
            if (buf[pos] != 0) {
                return n;
            }
            pos++;
            n++;
        }
    }

    /** A view of this stream whose close() does nothing: decoders close what they read from. */
    InputStream unclosable() {
        return new FilterInputStream(this) {
            @Override public void close() {}
        };
    }

    private static final class Counter extends FilterInputStream {
        final long limit;
        final String over;
        long count;

        Counter(InputStream in, long limit, String over) {
            super(in);
            this.limit = limit;
            this.over = over;
        }

        private int counted(long n) throws PayloadException {
            if (n > 0) {
                count += n;
                if (count > limit) {
                    throw new PayloadException(over);
                }
            }
            return (int) n;
        }

        @Override public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            // never read more than one byte past the cap, so an endless stream is not drained
            long room = limit - count;
            int want = room >= len ? len : (int) Math.max(1, room + 1);
            return counted(in.read(b, off, want));
        }

        @Override public long skip(long n) throws IOException {
            long k = in.skip(Math.min(n, Math.max(1, limit - count)));
            counted(k);
            return k;
        }

        @Override public boolean markSupported() { return false; }
    }
}
