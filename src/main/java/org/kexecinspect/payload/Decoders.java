package org.kexecinspect.payload;

import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.kexecinspect.format.Compression;
import org.tukaani.xz.LZMAInputStream;
import org.tukaani.xz.SingleXZInputStream;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;

/**
 * One streamed decoder per kernel payload format (the magic table of lib/decompress.c;
 * Documentation/arch/x86/boot.rst), each the fastest we measured on a real Debian payload (README,
 * "Benchmarks"). Every payload decoder stops at the end of its first stream, so the 4-byte size the
 * kernel build appends after it is never read as data; {@link #openArchive} reads a whole
 * compressed file (a capture archive) with the same memory caps.
 */
public final class Decoders {
    private Decoders() {}

    /**
     * Dictionary memory the LZMA-family decoders may allocate. The kernel builds xz payloads with
     * a 32 MiB dictionary (scripts/xz_wrap.sh) and lzma ones with `lzma -9` (64 MiB); a header
     * asking for more is refused instead of allocated.
     */
    public static final int LZMA_MEMORY_LIMIT_KIB = 80 * 1024;
    /** zstd window: 2^27, zstd's own default limit and what `zstd -22 --ultra` (the kernel's) uses. */
    public static final int ZSTD_WINDOW_LOG_MAX = 27;

    private static final int GZIP_BUFFER = 1 << 16;

    /** A stream of the decompressed bytes of {@code compressed}. */
    public static InputStream open(Compression format, InputStream compressed) throws IOException {
        return switch (format) {
            case GZIP -> new GZIPInputStream(compressed, GZIP_BUFFER);
            case BZIP2 -> new BZip2CompressorInputStream(compressed, false);
            case LZMA -> new LZMAInputStream(compressed, LZMA_MEMORY_LIMIT_KIB);
            case XZ -> new SingleXZInputStream(compressed, LZMA_MEMORY_LIMIT_KIB);
            case LZ4 -> new LegacyLz4InputStream(compressed);
            case ZSTD -> zstdPayload(compressed);
            case LZO -> new LzopInputStream(compressed);
            case NONE -> compressed;
            case UNKNOWN -> throw new PayloadException("unknown compression: no known magic at the payload's start");
        };
    }

    /** The formats a compressed archive comes in: what tar -z, -J and --zstd write. */
    public static final Set<Compression> ARCHIVE_FORMATS = Set.of(Compression.GZIP, Compression.XZ, Compression.ZSTD);

    /** The compression a whole file starts with, among {@link #ARCHIVE_FORMATS}; {@link Compression#NONE} for any other start. */
    public static Compression archiveCompression(byte[] head) {
        Compression c = Compression.detect(head);
        return ARCHIVE_FORMATS.contains(c) ? c : Compression.NONE;
    }

    /**
     * A stream of all the decompressed bytes of a compressed file in one of {@link #ARCHIVE_FORMATS}:
     * every gzip member, xz stream and zstd frame, as the tools may write several, with the payload
     * decoders' caps (xz dictionary memory, zstd window). An xz stream asking for more memory fails
     * with commons-compress's {@link org.apache.commons.compress.MemoryLimitException}.
     */
    public static InputStream openArchive(Compression format, InputStream compressed) throws IOException {
        return switch (format) {
            case GZIP -> new GzipCompressorInputStream(compressed, true);
            case XZ -> new XZCompressorInputStream(compressed, true, LZMA_MEMORY_LIMIT_KIB);
            case ZSTD -> zstd(compressed);
            case NONE -> compressed;
            default -> throw new PayloadException(format.jsonName() + " is not an archive compression");
        };
    }

    private static InputStream zstdPayload(InputStream compressed) throws IOException {
        return zstd(new ZstdFrameLimit(compressed));
    }

    private static InputStream zstd(InputStream compressed) throws IOException {
        ZstdInputStreamNoFinalizer z;
        try {
            z = new ZstdInputStreamNoFinalizer(compressed);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new PayloadException("zstd: cannot load zstd-jni's native decoder (" + e.getMessage()
                    + "); is java.io.tmpdir writable and executable?");
        }
        z.setLongMax(ZSTD_WINDOW_LOG_MAX);
        return z;
    }
}
