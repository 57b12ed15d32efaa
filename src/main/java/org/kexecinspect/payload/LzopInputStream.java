package org.kexecinspect.payload;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.Adler32;
import java.util.zip.CRC32;
import java.util.zip.Checksum;

import io.airlift.compress.MalformedInputException;
import io.airlift.compress.lzo.LzoDecompressor;

/**
 * The lzop file format, as `lzop -9` writes a kernel payload and lib/decompress_unlzo.c reads it:
 * a header, then blocks of (u32 BE uncompressed length, u32 BE compressed length, checksums, data)
 * ending with an uncompressed length of 0. LZO1X blocks are decoded by aircompressor; the framing
 * is read here because aircompressor's own lzop reader refuses method 3 (LZO1X-999), which is what
 * `lzop -9` writes. Field order from lzop's p_lzo.c/lzop.c header writer, as lib/decompress_unlzo.c
 * parses it.
 */
public final class LzopInputStream extends BlockInputStream {
    /** lzop's magic: 89 4C 5A 4F 00 0D 0A 1A 0A. */
    static final byte[] MAGIC = {(byte) 0x89, 'L', 'Z', 'O', 0, 0x0d, 0x0a, 0x1a, 0x0a};
    /** LZO_BLOCK_SIZE in lib/decompress_unlzo.c: the kernel refuses longer blocks, and so do we. */
    public static final int MAX_BLOCK = 256 * 1024;

    // header flags (lzop's conf.h F_*)
    private static final int F_ADLER32_D = 0x1;
    private static final int F_ADLER32_C = 0x2;
    private static final int F_H_EXTRA_FIELD = 0x40;
    private static final int F_CRC32_D = 0x100;
    private static final int F_CRC32_C = 0x200;
    private static final int F_H_FILTER = 0x800;
    /** Header layout grew version_needed, level and mtime_high at lzop version 0x0940. */
    private static final int VERSION_0940 = 0x0940;
    /** Methods M_LZO1X_1, M_LZO1X_1_15, M_LZO1X_999: all decode with lzo1x_decompress. */
    private static final int MIN_METHOD = 1;
    private static final int MAX_METHOD = 3;
    private static final int MAX_EXTRA_FIELD = 64 * 1024;

    private final DataInputStream in;
    private final int flags;
    private final LzoDecompressor decompressor = new LzoDecompressor();
    private final byte[] compressed = new byte[MAX_BLOCK];
    private boolean done;

    public LzopInputStream(InputStream raw) throws IOException {
        in = new DataInputStream(raw);
        byte[] magic = new byte[MAGIC.length];
        in.readFully(magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new PayloadException("no lzop magic 89 4C 5A 4F at the start of the stream");
        }
        int version = in.readUnsignedShort();
        in.readUnsignedShort();                             // lib_version
        if (version >= VERSION_0940) {
            in.readUnsignedShort();                         // version_needed_to_extract
        }
        int method = in.readUnsignedByte();
        if (method < MIN_METHOD || method > MAX_METHOD) {
            throw new PayloadException("lzop method " + method + " is not LZO1X (1..3)");
        }
        if (version >= VERSION_0940) {
            in.readUnsignedByte();                          // level
        }
        flags = in.readInt();
        if ((flags & F_H_FILTER) != 0) {
            in.readInt();                                   // filter (unlzo refuses these too)
            throw new PayloadException("lzop filters are not supported (the kernel refuses them too)");
        }
        in.readInt();                                       // mode
        in.readInt();                                       // mtime_low
        if (version >= VERSION_0940) {
            in.readInt();                                   // mtime_high
        }
        int nameLength = in.readUnsignedByte();
        in.skipNBytes(nameLength);
        in.readInt();                                       // header checksum
        if ((flags & F_H_EXTRA_FIELD) != 0) {
            long extra = in.readInt() & 0xffffffffL;
            if (extra > MAX_EXTRA_FIELD) {
                throw new PayloadException("lzop extra field of " + extra + " bytes");
            }
            in.skipNBytes(extra + 4);                       // data and its checksum
        }
    }

    @Override protected boolean nextBlock() throws IOException {
        if (done) {
            return false;
        }
        if (block.length == 0) {
            block = new byte[MAX_BLOCK];
        }
        long uncompressed = in.readInt() & 0xffffffffL;
        if (uncompressed == 0) {
            done = true;                                    // the end marker
            return false;
        }
        long length = in.readInt() & 0xffffffffL;
        if (uncompressed > MAX_BLOCK || length > uncompressed) {
            throw new PayloadException("lzop block of " + length + " bytes expanding to " + uncompressed
                    + ": lengths must satisfy compressed <= uncompressed <= " + MAX_BLOCK);
        }
        Long adlerD = (flags & F_ADLER32_D) != 0 ? in.readInt() & 0xffffffffL : null;
        Long crcD = (flags & F_CRC32_D) != 0 ? in.readInt() & 0xffffffffL : null;
        if (length < uncompressed) {
            // checksums of the compressed data are present only for compressed blocks
            if ((flags & F_ADLER32_C) != 0) {
                in.readInt();
            }
            if ((flags & F_CRC32_C) != 0) {
                in.readInt();
            }
        }
        in.readFully(compressed, 0, (int) length);
        if (length == uncompressed) {
            System.arraycopy(compressed, 0, block, 0, (int) length);    // stored as is
            blockLength = (int) length;
        } else {
            try {
                blockLength = decompressor.decompress(compressed, 0, (int) length, block, 0, (int) uncompressed);
            } catch (MalformedInputException e) {
                throw new PayloadException("corrupt LZO block: " + e.getMessage());
            }
            if (blockLength != uncompressed) {
                throw new PayloadException("LZO block expanded to " + blockLength + " bytes, its header says "
                        + uncompressed);
            }
        }
        verify(adlerD, new Adler32(), "Adler-32");
        verify(crcD, new CRC32(), "CRC-32");
        return true;
    }

    private void verify(Long expected, Checksum sum, String name) throws PayloadException {
        if (expected == null) {
            return;
        }
        sum.update(block, 0, blockLength);
        if (sum.getValue() != expected) {
            throw new PayloadException("lzop block " + name + " mismatch: data says 0x"
                    + Long.toHexString(sum.getValue()) + ", header says 0x" + Long.toHexString(expected));
        }
    }
}
