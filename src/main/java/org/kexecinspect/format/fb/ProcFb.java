package org.kexecinspect.format.fb;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.kexecinspect.format.FormatException;
import org.kexecinspect.format.TextInput;

/**
 * /proc/fb: one line per registered framebuffer, the minor number and fix.id separated by one
 * space (drivers/video/fbdev/core fb_seq_show(): "%d %s\n" of fb_info.node and fix.id). The id
 * runs to the end of the line and may contain spaces ("0 EFI VGA"). An empty file means that no
 * framebuffer is registered.
 *
 * @param source the artifact's name, used in errors
 * @param entries in file order
 */
public record ProcFb(String source, List<Entry> entries) {

    /** FB_MAX of include/uapi/linux/fb.h: framebuffer minors are 0..31. */
    public static final int FB_MAX = 32;
    /** Largest file accepted; 32 lines of at most 19 characters make about 640 bytes. */
    public static final int MAX_TEXT_LENGTH = 4096;
    /** Longest line accepted; a real one is at most 2 digits, a space and 16 characters of id. */
    public static final int MAX_LINE_LENGTH = 64;

    private static final Pattern LINE = Pattern.compile("([0-9]{1,2}) (.*)");

    /** One framebuffer: /dev/fb{node} with its fix.id. */
    public record Entry(int node, String id) {
        public Entry {
            Objects.requireNonNull(id, "id");
            if (node < 0 || node >= FB_MAX) {
                throw new IllegalArgumentException("fb node " + node + " outside 0.." + (FB_MAX - 1));
            }
        }
    }

    public ProcFb {
        Objects.requireNonNull(source, "source");
        entries = List.copyOf(entries);
    }

    /**
     * Parses /proc/fb.
     *
     * @throws FormatException when a line is not "N id" with N below 32, when a node repeats, when
     *     an id is longer than 16 characters, or when the text exceeds a cap
     */
    public static ProcFb parse(String text, String sourceName) throws FormatException {
        List<Entry> entries = new ArrayList<>();
        boolean[] seen = new boolean[FB_MAX];
        // FB_MAX lines at most, plus blank ones
        for (TextInput.Line l : TextInput.lines(text, sourceName, MAX_TEXT_LENGTH, MAX_LINE_LENGTH, 4 * FB_MAX, "/proc/fb")) {
            String line = l.text();
            int offset = l.offset();
            int number = l.number();
            if (line.isEmpty()) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new FormatException(sourceName, offset, "line " + number
                        + ": not \"<minor> <fix.id>\": " + TextInput.shown(line));
            }
            int node = Integer.parseInt(m.group(1));
            String id = m.group(2);
            if (node >= FB_MAX) {
                throw new FormatException(sourceName, offset, "line " + number + ": minor " + node
                        + " is not below FB_MAX (" + FB_MAX + ")");
            }
            if (id.length() > 16 || id.indexOf('\0') >= 0) {
                throw new FormatException(sourceName, offset, "line " + number
                        + ": id is not a fix.id (at most 16 characters, no NUL): " + TextInput.shown(id));
            }
            if (seen[node]) {
                throw new FormatException(sourceName, offset, "line " + number + ": framebuffer " + node
                        + " is listed twice");
            }
            seen[node] = true;
            entries.add(new Entry(node, id));
        }
        return new ProcFb(sourceName, entries);
    }

    /** The framebuffer with this minor, if registered. */
    public Optional<Entry> node(int node) {
        return entries.stream().filter(e -> e.node() == node).findFirst();
    }

    /** /dev/fb0, the only framebuffer kexec-tools consults. */
    public Optional<Entry> fb0() { return node(0); }
}
