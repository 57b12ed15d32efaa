package org.kexecinspect.format.log;

/**
 * One line that matters: its kind, its 1-based line number in the file, its time in microseconds
 * since boot (-1 when the line has no {@code [ seconds]} stamp), its text without prefixes and
 * escapes, whether the line was cut at the length cap, and what it says parsed.
 */
public record LogEvent(EventCode code, long line, long micros, String text, boolean cut, EventDetail detail) {}
