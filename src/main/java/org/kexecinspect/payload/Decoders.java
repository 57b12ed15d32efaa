package org.kexecinspect.payload;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.kexecinspect.format.Compression;
import org.tukaani.xz.LZMAInputStream;
import org.tukaani.xz.SingleXZInputStream;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;

/**
 * One streamed decoder per kernel payload format (domain.md 2.4), each the fastest we measured
 * on a real Debian payload (README, "Benchmarks"). Every decoder stops at the end of its first
 * stream, so the 4-byte size the kernel build appends after it is never read as data.
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
            case ZSTD -> zstd(compressed);
            case LZO -> new LzopInputStream(compressed);
            case NONE -> compressed;
            case UNKNOWN -> throw new PayloadException("unknown compression: no known magic at the payload's start");
        };
    }

    private static InputStream zstd(InputStream compressed) throws IOException {
        ZstdInputStreamNoFinalizer z;
        try {
            z = new ZstdInputStreamNoFinalizer(new ZstdFrameLimit(compressed));
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new PayloadException("zstd: cannot load zstd-jni's native decoder (" + e.getMessage()
                    + "); is java.io.tmpdir writable and executable?");
        }
        z.setLongMax(ZSTD_WINDOW_LOG_MAX);
        return z;
    }
}
