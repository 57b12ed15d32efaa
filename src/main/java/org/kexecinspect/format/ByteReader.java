package org.kexecinspect.format;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Bounds-checked little-endian reads over one region of an artifact. Offsets passed in are
 * relative to the region; offsets in errors are absolute in the artifact, so a message always
 * points at the byte a user can find with a hex dump.
 */
public final class ByteReader {
    private final String artifact;
    private final long base;
    private final byte[] bytes;

    private ByteReader(String artifact, long base, byte[] bytes) {
        this.artifact = artifact;
        this.base = base;
        this.bytes = bytes;
    }

    /** Reads {@code length} bytes at {@code offset} of the source and reads within them. */
    public static ByteReader of(ByteSource source, long offset, int length) throws FormatException {
        return new ByteReader(source.name(), offset, source.read(offset, length));
    }

    public int length() { return bytes.length; }

    private void check(int offset, int size) throws FormatException {
        if (offset < 0 || size < 0 || offset > bytes.length - size) {
            throw new FormatException(artifact, base + Math.max(0, Math.min(offset, bytes.length)),
                    "truncated: needs " + size + " bytes at offset 0x" + Long.toHexString(base + offset)
                            + ", region ends at 0x" + Long.toHexString(base + bytes.length));
        }
    }

    public int u8(int offset) throws FormatException {
        check(offset, 1);
        return bytes[offset] & 0xff;
    }

    public int u16(int offset) throws FormatException {
        check(offset, 2);
        return (bytes[offset] & 0xff) | (bytes[offset + 1] & 0xff) << 8;
    }

    public long u32(int offset) throws FormatException {
        check(offset, 4);
        return (u16(offset) | (long) u16(offset + 2) << 16) & 0xffffffffL;
    }

    /** The 64 bits as a Java long (values above 2^63 come out negative; print them unsigned). */
    public long u64(int offset) throws FormatException {
        check(offset, 8);
        return u32(offset) | u32(offset + 4) << 32;
    }

    public byte[] bytes(int offset, int length) throws FormatException {
        check(offset, length);
        return Arrays.copyOfRange(bytes, offset, offset + length);
    }

    /**
     * A NUL-terminated string of at most {@code max} bytes (Latin-1, so every byte maps to one
     * character), or null when no NUL comes within {@code max} bytes or before the region ends.
     */
    public String cString(int offset, int max) throws FormatException {
        check(offset, 0);
        int end = Math.min(bytes.length, offset + Math.max(0, max));
        for (int i = offset; i < end; i++) {
            if (bytes[i] == 0) {
                return new String(bytes, offset, i - offset, StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }
}
