package org.kexecinspect.format.log;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.kexecinspect.format.FormatException;

/**
 * A kernel log split into boots. {@code lines} and {@code bytes} are what was read; {@code cutLines}
 * counts lines cut at the length cap; {@code endsMidLine} says the last line had no line end (a
 * truncated capture); {@code droppedEvents} counts events beyond the cap, {@code droppedBoots} the oldest boots
 * dropped beyond the boot cap.
 */
public record KernelLog(String artifact, long lines, long bytes, long cutLines, boolean endsMidLine, long droppedEvents,
        long droppedBoots,
        List<Boot> boots) {
    public KernelLog {
        boots = List.copyOf(boots);
    }

    /**
     * Reads a log as a stream: the memory held is bounded by the limits, not by the log. Refuses
     * binary content (a NUL byte, or control bytes in most of its start) and a log over the line or
     * byte cap with one {@link FormatException} naming the byte offset.
     */
    public static KernelLog read(String artifact, InputStream in, LogLimits limits) throws FormatException {
        return read(artifact, in, limits, true);
    }

    /** With {@code prefilter} false every line takes the String path: what the byte-level fast path is tested against. */
    static KernelLog read(String artifact, InputStream in, LogLimits limits, boolean prefilter) throws FormatException {
        LineReader reader = new LineReader(artifact, in, limits);
        LogParser parser = new LogParser(reader, limits.maxEvents(), limits.maxLineLength(), prefilter);
        parser.maxBoots(limits.maxBoots());
        try {
            while (reader.next()) {
                parser.accept();
            }
        } catch (IOException e) {
            throw new FormatException(artifact, reader.offset(), "unreadable: " + (e instanceof java.io.EOFException
                    ? "the data ends early (a truncated file)" : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
        List<Boot> boots = parser.finish();
        return new KernelLog(artifact, reader.lines(), reader.offset(), reader.cutLines(), reader.endsMidLine(),
                parser.droppedEvents(), parser.droppedBoots(), boots);
    }

    /** {@link #read(String, InputStream, LogLimits)} on a text already in memory (encoded as UTF-8). */
    public static KernelLog read(String artifact, String text, LogLimits limits) throws FormatException {
        return read(artifact, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), limits);
    }
}
