package org.kexecinspect.format;

import java.util.ArrayList;
import java.util.List;


/**
 * The checks every small text parser here starts with, and its line splitter. Offsets in errors
 * are character indexes into the text, which equal byte offsets when the caller decoded the file
 * as ISO-8859-1 (one byte, one character), as the collectors do.
 */
public final class TextInput {
    private TextInput() {}

    /** One line of a text, without its line end; {@code offset} is the index of its first character. */
    public record Line(int number, int offset, String text) {}

    /** Refuses a text longer than {@code maxChars} or holding a NUL (binary data, not a text file). */
    public static void check(String text, String source, int maxChars, String what) throws FormatException {
        if (text.length() > maxChars) {
            throw new FormatException(source, maxChars, "longer than " + maxChars + " characters, too large for " + what);
        }
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            throw new FormatException(source, nul, "NUL byte: binary data, not " + what);
        }
    }

    /**
     * The lines of {@code text} (LF ends a line; a CR before it is dropped; a last line without
     * LF counts), after {@link #check}. Refuses a line longer than {@code maxLineLength} or more
     * than {@code maxLines} lines.
     */
    public static List<Line> lines(String text, String source, int maxChars, int maxLineLength, int maxLines, String what)
            throws FormatException {
        check(text, source, maxChars, what);
        List<Line> lines = new ArrayList<>();
        int start = 0;
        int number = 1;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            int stop = end < 0 ? text.length() : end;
            if (stop - start > maxLineLength) {
                throw new FormatException(source, start, "line " + number + ": longer than " + maxLineLength
                        + " characters, not " + what);
            }
            if (lines.size() == maxLines) {
                throw new FormatException(source, start, "more than " + maxLines + " lines, too many for " + what);
            }
            String line = text.substring(start, stop);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            lines.add(new Line(number, start, line));
            number++;
            start = end < 0 ? text.length() : end + 1;
        }
        return lines;
    }

    /** A line cut to 60 characters with control and non-ASCII characters shown as '?', for error messages. */
    public static String shown(String text) {
        String s = text.length() > 60 ? text.substring(0, 60) + "..." : text;
        return s.replaceAll("[\\p{Cntrl}\\x7f-\\x{10ffff}]", "?");
    }
}
