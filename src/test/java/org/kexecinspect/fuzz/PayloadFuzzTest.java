package org.kexecinspect.fuzz;

import static org.kexecinspect.fuzz.Fuzz.decodes;

import com.code_intelligence.jazzer.junit.FuzzTest;

import org.kexecinspect.format.ByteSource;
import org.kexecinspect.format.Compression;
import org.kexecinspect.payload.Payloads;

/**
 * Each kernel payload decoder through {@link Payloads}, as `inspect --deep` runs them, with a small
 * output cap so a decompression bomb ends in the cap's FormatException.
 */
class PayloadFuzzTest {

    static final long CAP = 1 << 20;

    static void scan(Compression format, byte[] data) {
        ByteSource src = ByteSource.of(format.jsonName() + "-payload", data);
        decodes(() -> Payloads.scan(src, 0, data.length, format, CAP));
        decodes(() -> Payloads.head(src, 0, data.length, format, 4096));
    }

    @FuzzTest void gzip(byte[] data) { scan(Compression.GZIP, data); }

    @FuzzTest void bzip2(byte[] data) { scan(Compression.BZIP2, data); }

    @FuzzTest void lzma(byte[] data) { scan(Compression.LZMA, data); }

    @FuzzTest void xz(byte[] data) { scan(Compression.XZ, data); }

    @FuzzTest void lz4Legacy(byte[] data) { scan(Compression.LZ4, data); }

    @FuzzTest void zstd(byte[] data) { scan(Compression.ZSTD, data); }

    @FuzzTest void lzo(byte[] data) { scan(Compression.LZO, data); }
}
