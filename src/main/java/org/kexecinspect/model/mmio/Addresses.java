package org.kexecinspect.model.mmio;

import java.util.Locale;

import org.kexecinspect.model.mmio.MmioPrediction.Range;

/** Units and the way the reasons print a range. */
final class Addresses {
    private Addresses() {}

    static final long MIB = 1L << 20;
    static final long FOUR_GIB = 1L << 32;

    static String hex(Range r) {
        return String.format(Locale.ROOT, "0x%x-0x%x", r.start(), r.end());
    }

    /** Null unless both ends are known. */
    static Range range(Long start, Long end) {
        return start != null && end != null ? new Range(start, end) : null;
    }

    static long alignUp(long x, long align) {
        return (x + align - 1) & -align;
    }
}
