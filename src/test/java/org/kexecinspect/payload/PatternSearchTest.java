package org.kexecinspect.payload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Where strings fall across the window's read boundaries; the first of several occurrences. */
class PatternSearchTest {

    static byte[] stream(int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) ('a' + i % 7);        // "abcdefg..." holds none of the patterns below
        }
        return b;
    }

    static void put(byte[] b, int at, String s) {
        byte[] p = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(p, 0, b, at, p.length);
    }

    @Test
    void findsEveryStringWhereverItFallsAcrossAReadBoundary() throws IOException {
        String a = "Unexpected low mmio base ";
        String b = "fb_range";
        int boundary = PayloadScanner.CHUNK;
        for (int at = boundary - a.length() - 1; at <= boundary + 1; at++) {
            byte[] s = stream(3 * boundary);
            put(s, at, a);
            put(s, 2 * boundary - 3, b);
            PatternSearch.Result r = PatternSearch.scan(new ByteArrayInputStream(s), List.of(a, b), Long.MAX_VALUE);
            assertEquals(List.of(new PatternSearch.Hit(a, at), new PatternSearch.Hit(b, 2L * boundary - 3)), r.hits(),
                    "at " + at);
            assertEquals(3L * boundary, r.length());
        }
    }

    @Test
    void reportsTheFirstOccurrenceAndNothingForAbsentStrings() throws IOException {
        byte[] s = stream(5 * PayloadScanner.CHUNK);
        put(s, 10, "hv_vmbus: ");
        put(s, 4 * PayloadScanner.CHUNK, "hv_vmbus: ");
        PatternSearch.Result r = PatternSearch.scan(new ByteArrayInputStream(s), List.of("hv_vmbus: ", "absent"),
                Long.MAX_VALUE);
        assertEquals(List.of(new PatternSearch.Hit("hv_vmbus: ", 10)), r.hits());
        assertTrue(r.hit("absent").isEmpty());
    }

    @Test
    void stopsAtTheCap() {
        byte[] s = stream(3 * PayloadScanner.CHUNK);
        assertThrows(PayloadScanner.TooLargeException.class,
                () -> PatternSearch.scan(new ByteArrayInputStream(s), List.of("x"), PayloadScanner.CHUNK));
    }

    @Test
    void refusesStringsItCannotSearchFor() {
        assertThrows(IllegalArgumentException.class,
                () -> PatternSearch.scan(new ByteArrayInputStream(new byte[0]), List.of(""), 1));
        assertThrows(IllegalArgumentException.class,
                () -> PatternSearch.scan(new ByteArrayInputStream(new byte[0]), List.of("caf\u00e9"), 1));
    }
}
