package org.kexecinspect.initramfs;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import org.kexecinspect.payload.PayloadException;

/**
 * Stands between a decoder and the cpio reader: marks every failure of the decoder as such (so it
 * is reported as the compressed stream's fault, not the cpio data's) and stops the decoder once it
 * has produced more than the bytes left in the budget.
 */
final class DecodeGuard extends FilterInputStream {
    private final long budget;
    private final long cap;
    private long produced;

    /** A decoder's failure, carried through the cpio reader unchanged. */
    static final class DecodeError extends IOException {
        private static final long serialVersionUID = 1L;
        private final transient Exception failure;

        DecodeError(Exception failure) {
            super(failure.getMessage(), failure);
            this.failure = failure;
        }

        Exception failure() { return failure; }
    }

    /**
     * @param budget bytes this decoder may still produce
     * @param cap the whole cap, for the message
     */
    DecodeGuard(InputStream decoder, long budget, long cap) {
        super(decoder);
        this.budget = budget;
        this.cap = cap;
    }

    private int counted(int n) throws DecodeError {
        if (n > 0) {
            produced += n;
            if (produced > budget) {
                throw new DecodeError(new PayloadException("expands past the " + cap
                        + "-byte cap on the initramfs's uncompressed size (a decompression bomb?)"));
            }
        }
        return n;
    }

    @Override public int read() throws IOException {
        try {
            int b = in.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        } catch (DecodeError e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new DecodeError(e);
        }
    }

    @Override public int read(byte[] b, int off, int len) throws IOException {
        try {
            return counted(in.read(b, off, len));
        } catch (DecodeError e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new DecodeError(e);
        }
    }

    @Override public long skip(long n) throws IOException {
        return org.kexecinspect.format.Streams.skipByReading(this, n);
    }

    @Override public boolean markSupported() { return false; }
}
