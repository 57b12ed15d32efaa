package org.kexecinspect.payload;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Finds where fixed ASCII strings first occur in a stream, in one pass with the same sliding window
 * as {@link PayloadScanner} (never the whole stream in memory) and the same {@link Pattern} matcher:
 * for log strings in a decompressed kernel or a kernel module.
 */
public final class PatternSearch {
    /** Longest string searched for; log format strings are far shorter. */
    public static final int MAX_PATTERN = 1024;
    /** Most strings in one pass. */
    public static final int MAX_PATTERNS = 64;

    private PatternSearch() {}

    /** The first occurrence of {@code pattern}, at {@code offset} bytes into the stream. */
    public record Hit(String pattern, long offset) {}

    /**
     * @param length bytes the stream held
     * @param hits the strings found, each once at its first offset, in the order they were asked for
     */
    public record Result(long length, List<Hit> hits) {
        public Result {
            hits = List.copyOf(hits);
        }

        public Optional<Hit> hit(String pattern) {
            return hits.stream().filter(h -> h.pattern().equals(pattern)).findFirst();
        }
    }

    /**
     * Reads {@code in} to its end (not closing it).
     *
     * @throws PayloadScanner.TooLargeException once more than {@code maxBytes} bytes come out
     * @throws IllegalArgumentException for an empty, non-ASCII or over-long pattern, or too many
     */
    public static Result scan(InputStream in, List<String> patterns, long maxBytes) throws IOException {
        if (patterns.size() > MAX_PATTERNS) {
            throw new IllegalArgumentException(patterns.size() + " patterns, at most " + MAX_PATTERNS);
        }
        Pattern[] compiled = new Pattern[patterns.size()];
        int longest = 1;
        for (int i = 0; i < compiled.length; i++) {
            String p = patterns.get(i);
            if (p.isEmpty() || p.length() > MAX_PATTERN || !p.chars().allMatch(c -> c < 0x80)) {
                throw new IllegalArgumentException("not a searchable ASCII string: " + p);
            }
            compiled[i] = new Pattern(p);
            longest = Math.max(longest, p.length());
        }
        // a match split across two reads still lies whole in the kept tail plus the next read
        int carryMax = longest - 1;
        byte[] buf = new byte[carryMax + PayloadScanner.CHUNK];
        long[] found = new long[compiled.length];
        Arrays.fill(found, -1);
        int missing = compiled.length;
        long total = 0;
        int carry = 0;
        while (true) {
            int n = in.readNBytes(buf, carry, PayloadScanner.CHUNK);
            if (n <= 0) {
                break;
            }
            total += n;
            if (total > maxBytes) {
                throw new PayloadScanner.TooLargeException(maxBytes);
            }
            long base = total - n - carry;      // stream offset of buf[0]
            int limit = carry + n;
            for (int i = 0; i < compiled.length && missing > 0; i++) {
                if (found[i] < 0) {
                    // the kept tail is shorter than the pattern, so a match starting there is new
                    int at = compiled[i].find(buf, 0, limit);
                    if (at >= 0) {
                        found[i] = base + at;
                        missing--;
                    }
                }
            }
            carry = Math.min(carryMax, limit);
            System.arraycopy(buf, limit - carry, buf, 0, carry);
        }
        List<Hit> hits = new ArrayList<>();
        for (int i = 0; i < compiled.length; i++) {
            if (found[i] >= 0) {
                hits.add(new Hit(patterns.get(i), found[i]));
            }
        }
        return new Result(total, hits);
    }
}
