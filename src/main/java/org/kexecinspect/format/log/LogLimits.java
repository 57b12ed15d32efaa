package org.kexecinspect.format.log;

/**
 * Caps on what one log may hold. A line longer than {@code maxLineLength} bytes is cut there and
 * marked; more than {@code maxLines} lines or {@code maxBytes} bytes is refused; events beyond
 * {@code maxEvents} are counted, not kept.
 */
public record LogLimits(int maxLineLength, long maxLines, long maxBytes, int maxEvents) {
    /** Enough for a multi-GiB console read once; the memory held does not grow with the log. */
    public static final LogLimits DEFAULT = new LogLimits(4096, 50_000_000L, 4L << 30, 100_000);

    public LogLimits {
        if (maxLineLength < 80 || maxLines < 1 || maxBytes < 1 || maxEvents < 0) {
            throw new IllegalArgumentException("bad log limits");
        }
    }
}
