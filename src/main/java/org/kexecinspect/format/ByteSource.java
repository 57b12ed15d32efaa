package org.kexecinspect.format;

import java.util.Arrays;
import java.util.Objects;

/**
 * The one input seam of every parser: random access to the bytes of one artifact, over an array
 * or a file. Parsers ask only for the regions they decode, so header-only work never reads a
 * kernel's payload.
 */
public interface ByteSource {

    /** Largest region one read may ask for; parsers never need more at once. */
    int MAX_READ = 1 << 20;

    /** The artifact's name as the user gave it; used in every error. */
    String name();

    long size();

    /**
     * Reads exactly {@code length} bytes at {@code offset}.
     *
     * @throws FormatException naming this artifact and the offset when the region lies outside
     *     the artifact, is larger than {@link #MAX_READ}, or cannot be read
     */
    byte[] read(long offset, int length) throws FormatException;

    /** Fails unless [offset, offset+length) lies inside this artifact and length is sane. */
    default void checkRegion(long offset, long length) throws FormatException {
        if (offset < 0 || length < 0) {
            throw new FormatException(name(), offset, "negative offset or length " + length);
        }
        if (length > MAX_READ) {
            throw new FormatException(name(), offset,
                    "refusing to read " + length + " bytes at once (limit " + MAX_READ + ")");
        }
        if (offset > size() || length > size() - offset) {
            throw new FormatException(name(), Math.min(offset, size()),
                    "truncated: needs " + length + " bytes at offset 0x" + Long.toHexString(offset)
                            + ", but the artifact is " + size() + " bytes long");
        }
    }

    static ByteSource of(String name, byte[] bytes) {
        return new ArraySource(name, bytes);
    }

    /** A source over an array the caller no longer changes. */
    final class ArraySource implements ByteSource {
        private final String name;
        private final byte[] bytes;

        ArraySource(String name, byte[] bytes) {
            this.name = Objects.requireNonNull(name);
            this.bytes = Objects.requireNonNull(bytes);
        }

        @Override public String name() { return name; }

        @Override public long size() { return bytes.length; }

        @Override public byte[] read(long offset, int length) throws FormatException {
            checkRegion(offset, length);
            return Arrays.copyOfRange(bytes, (int) offset, (int) offset + length);
        }
    }
}
