package org.kexecinspect.payload;

import java.io.IOException;
import java.io.InputStream;

/**
 * A decoder for a format made of independently compressed blocks (legacy LZ4, lzop): subclasses
 * decode one block into {@link #block} at a time; reading hands it out.
 */
abstract class BlockInputStream extends InputStream {
    protected byte[] block = new byte[0];
    protected int blockLength;
    private int blockPos;

    /** Decodes the next block into {@link #block} and {@link #blockLength}; false at the end of the stream. */
    protected abstract boolean nextBlock() throws IOException;

    @Override public final int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override public final int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (blockPos >= blockLength) {
            if (!nextBlock()) {
                return -1;
            }
            blockPos = 0;
        }
        int n = Math.min(len, blockLength - blockPos);
        System.arraycopy(block, blockPos, b, off, n);
        blockPos += n;
        return n;
    }
}
