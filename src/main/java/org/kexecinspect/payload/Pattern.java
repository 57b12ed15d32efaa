package org.kexecinspect.payload;

import java.nio.charset.StandardCharsets;

/** A byte string searched for with Boyer-Moore-Horspool: most bytes of a kernel are skipped, not compared. */
final class Pattern {
    private final byte[] needle;
    private final int[] shift = new int[256];

    Pattern(String ascii) {
        needle = ascii.getBytes(StandardCharsets.US_ASCII);
        java.util.Arrays.fill(shift, needle.length);
        for (int i = 0; i < needle.length - 1; i++) {
            shift[needle[i] & 0xff] = needle.length - 1 - i;
        }
    }

    int length() { return needle.length; }

    /** Index of the first occurrence starting in [from, to - length], or -1. */
    int find(byte[] hay, int from, int to) {
        int last = needle.length - 1;
        int i = Math.max(from, 0);
        while (i + last < to) {
            byte b = hay[i + last];
            if (b == needle[last]) {
                int j = last - 1;
                while (j >= 0 && hay[i + j] == needle[j]) {
                    j--;
                }
                if (j < 0) {
                    return i;
                }
            }
            i += shift[b & 0xff];
        }
        return -1;
    }
}
