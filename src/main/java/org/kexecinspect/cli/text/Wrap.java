package org.kexecinspect.cli.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Word wrapping for the text report: lines break at blanks only, never inside a word; a word longer
 * than the line (a path, a Message-ID) stands alone on its line, whole, rather than being cut.
 */
public final class Wrap {
    private Wrap() {}

    /** The width when COLUMNS does not say. */
    public static final int DEFAULT_WIDTH = 80;
    /** Narrower than this, a report is unreadable anyway: COLUMNS below it counts as this. */
    public static final int MIN_WIDTH = 40;

    /**
     * The terminal width: COLUMNS when it is a positive number (the shell sets it for the terminal it
     * runs in; POSIX names it for this), at least {@link #MIN_WIDTH}; else {@link #DEFAULT_WIDTH}.
     */
    public static int columns(Map<String, String> env) {
        String c = env.get("COLUMNS");
        if (c == null || c.isBlank()) {
            return DEFAULT_WIDTH;
        }
        try {
            int n = Integer.parseInt(c.strip());
            return n <= 0 ? DEFAULT_WIDTH : Math.max(MIN_WIDTH, n);
        } catch (NumberFormatException e) {
            return DEFAULT_WIDTH;
        }
    }

    /** {@code text} in lines of at most {@code width} characters, each starting with {@code indent}. */
    public static List<String> lines(String text, int width, String indent) {
        return lines(text, width, indent, indent);
    }

    /**
     * {@code text} in lines of at most {@code width} characters: the first starts with {@code first},
     * the others with {@code rest} (a hanging indent). Runs of blanks between words become one; a
     * line feed in the text starts a new line.
     */
    public static List<String> lines(String text, int width, String first, String rest) {
        List<String> out = new ArrayList<>();
        String indent = first;
        for (String paragraph : text.split("\n", -1)) {
            StringBuilder line = new StringBuilder(indent);
            boolean empty = true;
            for (String word : paragraph.split(" ")) {
                if (word.isEmpty()) {
                    continue;
                }
                if (!empty && line.length() + 1 + word.length() > width) {
                    out.add(line.toString());
                    indent = rest;
                    line = new StringBuilder(indent);
                    empty = true;
                }
                if (!empty) {
                    line.append(' ');
                }
                line.append(word);
                empty = false;
            }
            out.add(empty ? line.toString().stripTrailing() : line.toString());
            indent = rest;
        }
        return out;
    }
}
