package org.kexecinspect.format;

import java.io.IOException;
import java.io.InputStream;

/** Small stream helpers shared by the decoders. */
public final class Streams {
    private Streams() {}

    /**
     * Skips by reading through {@code in}'s own read(), for filter streams whose skip() would
     * otherwise go to the stream underneath and bypass their checks and counts.
     */
    public static long skipByReading(InputStream in, long n) throws IOException {
        byte[] sink = new byte[(int) Math.max(0, Math.min(n, 8192))];
        long skipped = 0;
        while (skipped < n) {
            int k = in.read(sink, 0, (int) Math.min(sink.length, n - skipped));
            if (k < 0) {
                break;
            }
            skipped += k;
        }
        return skipped;
    }
}
