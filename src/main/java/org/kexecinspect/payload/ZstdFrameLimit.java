package org.kexecinspect.payload;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Passes through exactly one zstd frame and then reports end of stream, by following the frame's
 * own structure (RFC 8878 section 3.1.1: frame header, blocks with 3-byte headers, optional
 * checksum). zstd decoders read on after a frame looking for the next one; a kernel payload is
 * followed by the 4-byte size the build appends, which would read as a corrupt frame.
 */
final class ZstdFrameLimit extends FilterInputStream {
    private static final int MAGIC = 0xFD2FB528;
    private static final int HEADER_MAX = 4 + 1 + 1 + 4 + 8;    // magic, descriptor, window, dict id, size

    /** Bytes still to pass before the next structural element. */
    private long segment;
    private State state = State.HEADER;
    private boolean checksum;

    private enum State { HEADER, BLOCK_HEADER, BLOCK, CHECKSUM, DONE }

    private final byte[] pending = new byte[HEADER_MAX];
    private int pendingLength;
    private int pendingPos;

    ZstdFrameLimit(InputStream in) {
        super(in);
    }

    private int readFully(byte[] b, int off, int len) throws IOException {
        int n = in.readNBytes(b, off, len);
        if (n < len) {
            throw new java.io.EOFException("zstd frame ends inside a header");
        }
        return n;
    }

    /** Reads the next structural header into {@code pending}, to be handed on before the data it announces. */
    private void advance() throws IOException {
        switch (state) {
            case HEADER -> {
                readFully(pending, 0, 5);
                int magic = (pending[0] & 0xff) | (pending[1] & 0xff) << 8 | (pending[2] & 0xff) << 16
                        | (pending[3] & 0xff) << 24;
                if (magic != MAGIC) {
                    throw new PayloadException("no zstd frame magic 28 B5 2F FD");
                }
                int fhd = pending[4] & 0xff;
                int fcsFlag = fhd >>> 6;
                boolean singleSegment = (fhd & 0x20) != 0;
                checksum = (fhd & 0x04) != 0;
                int dictIdSize = new int[] {0, 1, 2, 4}[fhd & 3];
                int fcsSize = new int[] {singleSegment ? 1 : 0, 2, 4, 8}[fcsFlag];
                int rest = (singleSegment ? 0 : 1) + dictIdSize + fcsSize;
                readFully(pending, 5, rest);
                pendingLength = 5 + rest;
                state = State.BLOCK_HEADER;
            }
            case BLOCK_HEADER -> {
                readFully(pending, 0, 3);
                pendingLength = 3;
                int h = (pending[0] & 0xff) | (pending[1] & 0xff) << 8 | (pending[2] & 0xff) << 16;
                boolean last = (h & 1) != 0;
                int type = (h >>> 1) & 3;
                long size = h >>> 3;
                if (type == 3) {
                    throw new PayloadException("zstd block of reserved type 3");
                }
                segment = type == 1 ? 1 : size;     // an RLE block carries one byte
                state = State.BLOCK;
                lastBlock = last;
            }
            case BLOCK -> {
                state = lastBlock ? (checksum ? State.CHECKSUM : State.DONE) : State.BLOCK_HEADER;
                if (state == State.CHECKSUM) {
                    segment = 4;
                }
                pendingLength = 0;
            }
            case CHECKSUM -> {
                state = State.DONE;
                pendingLength = 0;
            }
            case DONE -> pendingLength = 0;
        }
        pendingPos = 0;
    }

    private boolean lastBlock;

    @Override public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (true) {
            if (pendingPos < pendingLength) {
                int n = Math.min(len, pendingLength - pendingPos);
                System.arraycopy(pending, pendingPos, b, off, n);
                pendingPos += n;
                return n;
            }
            if ((state == State.BLOCK || state == State.CHECKSUM) && segment > 0) {
                int n = in.read(b, off, (int) Math.min(len, segment));
                if (n < 0) {
                    return -1;          // truncated: the decoder reports it
                }
                segment -= n;
                return n;
            }
            if (state == State.DONE) {
                return -1;
            }
            advance();
        }
    }

    /** Only the header bytes already held are sure to come without blocking or passing the frame's end. */
    @Override public int available() {
        return pendingLength - pendingPos;
    }

    @Override public long skip(long n) throws IOException {
        return org.kexecinspect.format.Streams.skipByReading(this, n);
    }

    @Override public boolean markSupported() { return false; }
}
