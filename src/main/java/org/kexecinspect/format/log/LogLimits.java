package org.kexecinspect.format.log;

/**
 * Caps on what one log may hold. A line longer than {@code maxLineLength} bytes is cut there and
 * marked; more than {@code maxLines} lines or {@code maxBytes} bytes is refused; events beyond
 * {@code maxEvents} are counted, not kept; beyond {@code maxBoots} boots the oldest are dropped and
 * counted (the last crash is what a post-mortem reads).
 */
public record LogLimits(int maxLineLength, long maxLines, long maxBytes, int maxEvents, int maxBoots) {
    /** Boots kept by default: far more than a console holds; each boot holds at most two capped lines and its signs. */
    public static final int DEFAULT_MAX_BOOTS = 10_000;

    /** Enough for a multi-GiB console read once; the memory held does not grow with the log. */
    public static final LogLimits DEFAULT = new LogLimits(4096, 50_000_000L, 4L << 30, 100_000, DEFAULT_MAX_BOOTS);

    public LogLimits {
        if (maxLineLength < 80 || maxLines < 1 || maxBytes < 1 || maxEvents < 0 || maxBoots < 1) {
            throw new IllegalArgumentException("bad log limits");
        }
    }

    /** The caps with the default boot cap. */
    public LogLimits(int maxLineLength, long maxLines, long maxBytes, int maxEvents) {
        this(maxLineLength, maxLines, maxBytes, maxEvents, DEFAULT_MAX_BOOTS);
    }
}
