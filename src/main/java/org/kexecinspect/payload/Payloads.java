package org.kexecinspect.payload;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

import org.kexecinspect.format.ByteSource;
import org.kexecinspect.format.Compression;
import org.kexecinspect.format.FormatException;
import org.kexecinspect.format.RegionInputStream;
import org.tukaani.xz.MemoryLimitException;

/**
 * Decompresses a region of a file and scans it in one streamed pass, turning every way that can
 * fail into one FormatException naming the file, the offset the decoder had read to, and why.
 */
public final class Payloads {
    private Payloads() {}

    /** Default cap on decompressed size: far above any real kernel (Debian's vmlinux is ~66 MiB). */
    public static final long DEFAULT_MAX_OUTPUT = 1L << 30;

    /**
     * @param offset where the compressed stream starts in {@code source}
     * @param length bytes of the compressed stream, including anything appended after it
     */
    public static PayloadScan scan(ByteSource source, long offset, long length, Compression format, long maxOutput)
            throws FormatException {
        RegionInputStream region = new RegionInputStream(source, offset, length);
        String what = format.jsonName() + " payload at 0x" + Long.toHexString(offset) + ": ";
        try (InputStream decoded = Decoders.open(format, region)) {
            return PayloadScanner.scan(decoded, maxOutput);
        } catch (IOException | RuntimeException e) {
            throw failure(source.name(), region.position(), what, e);
        }
    }

    /**
     * The one way a failure while decoding a stream is reported: the error a stream of a
     * {@link ByteSource} carried through, or a FormatException naming the artifact, the offset the
     * decoder had read to, {@code what} was being decoded and why (a truncated stream, a header
     * asking for more decoder memory than {@link Decoders} allows, a cap, corrupt data in the
     * decoder's own words).
     *
     * @param what a prefix for the reason, e.g. "gzip payload at 0x4a3f: "
     */
    public static FormatException failure(String artifact, long offset, String what, Exception e) {
        if (e instanceof RegionInputStream.SourceException s) {
            return s.error();
        }
        if (e instanceof EOFException) {
            return new FormatException(artifact, offset,
                    what + "ends early: the compressed stream is truncated (" + detail(e) + ")", e);
        }
        if (e instanceof MemoryLimitException m) {
            return new FormatException(artifact, offset, what + "its header asks for "
                    + m.getMemoryNeeded() + " KiB of decoder memory, above the " + m.getMemoryLimit()
                    + " KiB limit (real kernels need at most 64 MiB)", e);
        }
        if (e instanceof PayloadException) {
            return new FormatException(artifact, offset, what + e.getMessage(), e);
        }
        // decoders report corrupt or truncated data in their own words; keep them
        return new FormatException(artifact, offset, what + "corrupt or truncated data (" + detail(e) + ")", e);
    }

    /**
     * The first {@code n} decompressed bytes (fewer if the stream is shorter), so a caller can
     * check what a payload is before paying for all of it.
     */
    public static byte[] head(ByteSource source, long offset, long length, Compression format, int n)
            throws FormatException {
        RegionInputStream region = new RegionInputStream(source, offset, length);
        String what = format.jsonName() + " payload at 0x" + Long.toHexString(offset) + ": ";
        try (InputStream decoded = Decoders.open(format, region)) {
            return decoded.readNBytes(n);
        } catch (IOException | RuntimeException e) {
            throw failure(source.name(), region.position(), what, e);
        }
    }

    private static String detail(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
