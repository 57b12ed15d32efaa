package org.kexecinspect.knowledge;

import java.util.ArrayList;
import java.util.List;

/**
 * A dotted version compared numerically ("2.0.9" < "2.0.27", "6.1" < "6.1.192"); anything after
 * the leading dotted numbers ("-56-amd64", "-rc8") is kept as text and ignored by comparisons.
 */
public record Version(List<Integer> parts, String text) implements Comparable<Version> {
    /** No real version has more parts; caps a hostile string. */
    static final int MAX_PARTS = 6;

    public Version {
        parts = List.copyOf(parts);
    }

    /** The leading numbers of {@code s}, or null when it does not start with one. */
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
        return parts.isEmpty() ? null : new Version(parts, s);
    }

    public int part(int i) { return i < parts.size() ? parts.get(i) : 0; }

    @Override public int compareTo(Version o) {
        for (int i = 0; i < Math.max(parts.size(), o.parts.size()); i++) {
            int c = Integer.compare(part(i), o.part(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    public boolean atLeast(String other) { return compareTo(parse(other)) >= 0; }

    /** The dotted numbers only. */
    public String numbers() {
        StringBuilder b = new StringBuilder();
        for (int p : parts) {
            b.append(b.length() == 0 ? "" : ".").append(p);
        }
        return b.toString();
    }

    @Override public String toString() { return numbers(); }
}
