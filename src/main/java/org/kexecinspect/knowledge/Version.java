package org.kexecinspect.knowledge;

import java.util.ArrayList;
import java.util.List;

/**
 * A dotted version compared numerically ("2.0.9" < "2.0.27", "6.1" < "6.1.192"); a release
 * candidate right after the numbers ("7.1-rc7", "7.1.0-rc7-amd64", Debian's "7.1~rc7") sorts
 * before its final release (Linux tags v7.1-rc7 before v7.1: the top-level Makefile's
 * EXTRAVERSION). Any other text after the numbers ("-56-amd64", "+deb13-amd64") is kept and
 * ignored by comparisons.
 *
 * @param rc the release-candidate number, 0 for a final release
 */
public record Version(List<Integer> parts, int rc, String text) implements Comparable<Version> {
    /** No real version has more parts; caps a hostile string. */
    static final int MAX_PARTS = 6;

    public Version {
        parts = List.copyOf(parts);
    }

    /** The leading numbers of {@code s} and a release-candidate suffix, or null when it does not start with a number. */
    public static Version parse(String s) {
        if (s == null) {
            return null;
        }
        List<Integer> parts = new ArrayList<>();
        int i = 0;
        while (i < s.length() && parts.size() < MAX_PARTS) {
            int start = i;
            while (i < s.length() && i - start < 9 && Character.isDigit(s.charAt(i))) {
                i++;
            }
            if (i == start) {
                break;
            }
            parts.add(Integer.parseInt(s.substring(start, i)));
            if (i < s.length() && s.charAt(i) == '.' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1))) {
                i++;
            } else {
                break;
            }
        }
        return parts.isEmpty() ? null : new Version(parts, releaseCandidate(s, i), s);
    }

    /** N of "-rcN" or "~rcN" at {@code at}, else 0. */
    private static int releaseCandidate(String s, int at) {
        if (at + 3 >= s.length() || (s.charAt(at) != '-' && s.charAt(at) != '~') || !s.startsWith("rc", at + 1)) {
            return 0;
        }
        int i = at + 3;
        int start = i;
        while (i < s.length() && i - start < 9 && Character.isDigit(s.charAt(i))) {
            i++;
        }
        return i == start ? 0 : Integer.parseInt(s.substring(start, i));
    }

    public int part(int i) { return i < parts.size() ? parts.get(i) : 0; }

    @Override public int compareTo(Version o) {
        for (int i = 0; i < Math.max(parts.size(), o.parts.size()); i++) {
            int c = Integer.compare(part(i), o.part(i));
            if (c != 0) {
                return c;
            }
        }
        // a final release (rc 0) comes after every one of its release candidates
        return Integer.compare(rc == 0 ? Integer.MAX_VALUE : rc, o.rc == 0 ? Integer.MAX_VALUE : o.rc);
    }

    /** The dotted numbers only. */
    public String numbers() {
        StringBuilder b = new StringBuilder();
        for (int p : parts) {
            b.append(b.length() == 0 ? "" : ".").append(p);
        }
        return b.toString();
    }

    /** The numbers and the release candidate: "7.1-rc7", "6.1.192". */
    @Override public String toString() { return numbers() + (rc > 0 ? "-rc" + rc : ""); }
}
