package org.kexecinspect.payload;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;

import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * The kernel's legacy LZ4 framing (what `lz4 -l` writes and lib/decompress_unlz4.c reads): a
 * little-endian magic 0x184C2102, then blocks, each a u32 LE compressed length and an LZ4 block
 * that expands to at most 8 MiB. Not the modern LZ4 frame format.
 *
 * <p>Blocks go through lz4-java's <em>safe</em> decompressor (bounds-checked, native where the
 * library loads), because the input is untrusted.
 */
public final class LegacyLz4InputStream extends BlockInputStream {
    /** ARCHIVE_MAGICNUMBER in lib/decompress_unlz4.c; `lz4 -l` writes it first. */
    public static final int MAGIC = 0x184C2102;
    /** LZ4_DEFAULT_UNCOMPRESSED_CHUNK_SIZE (lib/decompress_unlz4.c): the legacy block size. */
    public static final int MAX_BLOCK = 8 << 20;
    /** LZ4_COMPRESSBOUND(MAX_BLOCK) (include/linux/lz4.h): no valid block is longer. */
    public static final int MAX_COMPRESSED_BLOCK = MAX_BLOCK + MAX_BLOCK / 255 + 16;

    private static final LZ4SafeDecompressor DECOMPRESSOR = LZ4Factory.fastestInstance().safeDecompressor();

    private final PushbackInputStream in;
    private byte[] compressed = new byte[0];
    private boolean done;

    public LegacyLz4InputStream(InputStream in) throws IOException {
        this.in = new PushbackInputStream(in, 1);
        Long magic = le32();
        if (magic == null || magic.intValue() != MAGIC) {
            throw new PayloadException("no legacy LZ4 magic 02 21 4C 18 at the start of the stream");
        }
    }

    /** A u32 LE, or null when fewer than 4 bytes are left (unlz4 ends there since 2c484419efc0, v5.14). */
    private Long le32() throws IOException {
        long v = 0;
        for (int i = 0; i < 4; i++) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            v |= (long) b << (8 * i);
        }
        return v;
    }

    @Override protected boolean nextBlock() throws IOException {
        while (!done) {
            Long length = le32();
            if (length == null || length == 0) {
                done = true;        // end of input, or zero padding after the stream (unlz4 likewise)
                return false;
            }
            if (length == MAGIC) {
                continue;           // concatenated legacy streams: unlz4 skips a repeated magic
            }
            int next = in.read();
            if (next < 0) {
                done = true;        // a length with nothing after it is the size the build appended
                return false;
            }
            in.unread(next);
            if (length > MAX_COMPRESSED_BLOCK) {
                throw new PayloadException("LZ4 block length " + length + " is above "
                        + MAX_COMPRESSED_BLOCK + " (LZ4_COMPRESSBOUND of an 8 MiB block)");
            }
            readBlock((int) (long) length);
            return true;
        }
        return false;
    }

    private void readBlock(int length) throws IOException {
        if (compressed.length < length) {
            compressed = new byte[Math.max(length, Math.min(MAX_COMPRESSED_BLOCK, compressed.length * 2))];
        }
        int got = in.readNBytes(compressed, 0, length);
        if (got < length) {
            throw new EOFException("LZ4 block of " + length + " bytes ends after " + got);
        }
        if (block.length == 0) {
            block = new byte[MAX_BLOCK];
        }
        try {
            blockLength = DECOMPRESSOR.decompress(compressed, 0, length, block, 0, MAX_BLOCK);
        } catch (LZ4Exception e) {
            throw new PayloadException("corrupt LZ4 block: " + e.getMessage());
        }
    }
}
