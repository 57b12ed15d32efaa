package org.kexecinspect.format.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.kexecinspect.format.FormatException;

/**
 * The text of /proc/iomem as a tree of {@link IomemRegion}s.
 *
 * <p>What the kernel prints (kernel/resource.c r_show(), torvalds/linux @0092908d): one line per
 * resource, {@code "%*s%0*llx-%0*llx : %s\n"}, indented by two spaces per level below the root,
 * addresses in lower-case hex zero-padded to 8 digits for iomem (4 for ioports, whose root ends
 * below 0x10000), then the name. Two quirks shape this parser:
 * <ul>
 * <li>The indentation stops growing at MAX_IORES_LEVEL = 5: a resource nested deeper than five
 *     levels is printed at level five. Siblings in the kernel's tree never overlap, so a level-5
 *     line whose range lies inside an earlier level-5 (or deeper) line on the current path is that
 *     line's descendant; this parser puts it there.
 * <li>A reader without CAP_SYS_ADMIN in the initial user namespace gets every range printed as
 *     0-0. Such a text parses, with {@link #addressesHidden()} set; names and nesting stay
 *     meaningful, addresses do not, and the range checks below are skipped.
 * </ul>
 *
 * <p>Input checks: at most {@value #MAX_INPUT_BYTES} bytes (counted as UTF-8), lines of at most
 * {@value #MAX_LINE_LENGTH} bytes, at most {@value #MAX_LINES} lines, nesting at most
 * {@value #MAX_DEPTH} deep; each line must be {@code <indent><hex>-<hex> : <name>} with an even
 * indent at most one level deeper than the line before, 1 to 16 hex digits per address, the end
 * not below the start, and (when addresses are shown) each region inside the one it is nested
 * under and after its previous sibling, as the kernel's tree guarantees. Empty lines are skipped;
 * a CR before the LF is dropped.
 *
 * @param source the artifact's name, used in errors
 * @param addressesHidden every line read 0-0: the non-root view
 * @param regions the top-level regions (children of the kernel's iomem_resource root)
 */
public record ProcIomem(String source, boolean addressesHidden, List<IomemRegion> regions) {

    /** Largest text read; a large server's /proc/iomem is tens of KiB. */
    public static final int MAX_INPUT_BYTES = 4 << 20;
    /** Longest line in bytes, without its LF; names are short (PCI addresses, driver names, GUIDs). */
    public static final int MAX_LINE_LENGTH = 4 << 10;
    /** Most lines. */
    public static final int MAX_LINES = 100_000;
    /** Deepest nesting accepted (the kernel prints at most {@value #KERNEL_MAX_PRINTED_LEVEL} levels of indent). */
    public static final int MAX_DEPTH = 32;
    /** kernel/resource.c MAX_IORES_LEVEL: r_show() indents no deeper than this many levels. */
    public static final int KERNEL_MAX_PRINTED_LEVEL = 5;

    public ProcIomem {
        Objects.requireNonNull(source);
        regions = List.copyOf(regions);
    }

    /** Every region, parents before their children, in the order the kernel prints them. */
    public List<IomemRegion> allRegions() {
        List<IomemRegion> out = new ArrayList<>();
        addAll(regions, out);
        return out;
    }

    private static void addAll(List<IomemRegion> level, List<IomemRegion> out) {
        for (IomemRegion r : level) {
            out.add(r);
            addAll(r.children(), out);
        }
    }

    /** One parsed line before nesting. */
    private record Line(int level, long start, long end, String name, long offset, int number) {}

    /** A region under construction; turned into an immutable {@link IomemRegion} at the end. */
    private static final class Node {
        final Line line;
        final List<Node> children = new ArrayList<>();

        Node(Line line) {
            this.line = line;
        }

        IomemRegion freeze() {
            List<IomemRegion> frozen = new ArrayList<>(children.size());
            for (Node c : children) {
                frozen.add(c.freeze());
            }
            return new IomemRegion(line.start, line.end, line.name, frozen);
        }
    }

    /**
     * Parses the text of /proc/iomem (or /proc/ioports, which has the same format).
     *
     * @param text the whole file's text
     * @param sourceName names the input in errors
     * @throws FormatException naming {@code sourceName}, with the byte offset of the offending line
     *     and its line number, when the text breaks the format or a cap above
     */
    public static ProcIomem parse(String text, String sourceName) throws FormatException {
        Objects.requireNonNull(text);
        Objects.requireNonNull(sourceName);
        List<Line> lines = readLines(text, sourceName);
        boolean hidden = !lines.isEmpty() && lines.stream().allMatch(l -> l.start == 0 && l.end == 0);
        return new ProcIomem(sourceName, hidden, nest(lines, hidden, sourceName));
    }

    private static List<Line> readLines(String text, String source) throws FormatException {
        List<Line> lines = new ArrayList<>();
        long offset = 0;   // byte offset (UTF-8) of the current line
        int pos = 0;       // char index of the current line
        int number = 0;
        while (pos < text.length()) {
            number++;
            if (number > MAX_LINES) {
                throw new FormatException(source, offset, "line " + number + ": more than " + MAX_LINES
                        + " lines, too many for /proc/iomem");
            }
            // look for the LF no further than just past the longest line (+1 for a CR), so one huge line costs little
            int limit = (int) Math.min(text.length(), (long) pos + MAX_LINE_LENGTH + 2);
            int lf = pos;
            while (lf < limit && text.charAt(lf) != '\n') {
                lf++;
            }
            boolean hasLf = lf < text.length() && text.charAt(lf) == '\n';
            if (!hasLf && lf < text.length()) {
                throw new FormatException(source, offset, "line " + number + ": longer than " + MAX_LINE_LENGTH
                        + " bytes, not a /proc/iomem line");
            }
            String raw = text.substring(pos, lf);
            String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            if (utf8Length(line) > MAX_LINE_LENGTH) {
                throw new FormatException(source, offset, "line " + number + ": longer than " + MAX_LINE_LENGTH
                        + " bytes, not a /proc/iomem line");
            }
            long next = offset + utf8Length(raw) + (hasLf ? 1 : 0);
            if (next > MAX_INPUT_BYTES) {
                throw new FormatException(source, offset, "line " + number + ": input larger than "
                        + MAX_INPUT_BYTES + " bytes (4 MiB), too large for /proc/iomem");
            }
            if (!line.isEmpty()) {
                lines.add(parseLine(source, line, offset, number));
            }
            offset = next;
            pos = lf + (hasLf ? 1 : 0);
        }
        return lines;
    }

    private static Line parseLine(String source, String text, long offset, int number) throws FormatException {
        int i = 0;
        while (i < text.length() && text.charAt(i) == ' ') {
            i++;
        }
        if (i % 2 != 0) {
            throw malformed(source, offset, number, text, "indented by an odd number of spaces");
        }
        int level = i / 2;
        int dash = hexEnd(text, i);
        if (dash == i || dash - i > 16 || dash >= text.length() || text.charAt(dash) != '-') {
            throw malformed(source, offset, number, text, "not <start>-<end> : <name> (1 to 16 hex digits each)");
        }
        int afterEnd = hexEnd(text, dash + 1);
        if (afterEnd == dash + 1 || afterEnd - dash - 1 > 16) {
            throw malformed(source, offset, number, text, "not <start>-<end> : <name> (1 to 16 hex digits each)");
        }
        String name;
        if (text.startsWith(" : ", afterEnd)) {
            name = text.substring(afterEnd + 3);
        } else if (text.length() == afterEnd + 2 && text.startsWith(" :", afterEnd)) {
            name = "";   // an empty name whose trailing space was stripped
        } else {
            throw malformed(source, offset, number, text, "no \" : \" after the range");
        }
        long start = Long.parseUnsignedLong(text, i, dash, 16);
        long end = Long.parseUnsignedLong(text, dash + 1, afterEnd, 16);
        if (Long.compareUnsigned(end, start) < 0) {
            throw malformed(source, offset, number, text, "end below start");
        }
        return new Line(level, start, end, name, offset, number);
    }

    private static int hexEnd(String text, int from) {
        int j = from;
        while (j < text.length() && Character.digit(text.charAt(j), 16) >= 0 && text.charAt(j) < 0x80) {
            j++;
        }
        return j;
    }

    private static List<IomemRegion> nest(List<Line> lines, boolean hidden, String source) throws FormatException {
        List<Node> roots = new ArrayList<>();
        List<Node> path = new ArrayList<>();   // path.get(d) = the open node at depth d
        for (Line line : lines) {
            if (line.level > path.size()) {
                throw new FormatException(source, line.offset, "line " + line.number + ": indented "
                        + line.level + " levels, more than one below the line before");
            }
            int parentDepth = line.level - 1;   // -1: top level
            if (line.level == KERNEL_MAX_PRINTED_LEVEL && !hidden) {
                // r_show() printed it at level 5 whatever its depth; a range inside a level-5-or-deeper
                // node on the path can only be that node's descendant, since siblings never overlap
                for (int d = path.size() - 1; d >= KERNEL_MAX_PRINTED_LEVEL; d--) {
                    if (contains(path.get(d).line, line)) {
                        parentDepth = d;
                        break;
                    }
                }
            }
            int depth = parentDepth + 1;
            if (depth >= MAX_DEPTH) {
                throw new FormatException(source, line.offset, "line " + line.number + ": nested deeper than "
                        + MAX_DEPTH + " levels");
            }
            List<Node> siblings = parentDepth < 0 ? roots : path.get(parentDepth).children;
            if (!hidden) {
                if (parentDepth >= 0 && !contains(path.get(parentDepth).line, line)) {
                    throw new FormatException(source, line.offset, "line " + line.number + ": range "
                            + rangeText(line) + " not inside " + rangeText(path.get(parentDepth).line)
                            + ", the region it is nested under");
                }
                if (!siblings.isEmpty()) {
                    Line previous = siblings.get(siblings.size() - 1).line;
                    if (Long.compareUnsigned(line.start, previous.end) <= 0) {
                        throw new FormatException(source, line.offset, "line " + line.number + ": range "
                                + rangeText(line) + " overlaps or precedes " + rangeText(previous)
                                + ", the region before it at the same level");
                    }
                }
            }
            Node node = new Node(line);
            siblings.add(node);
            while (path.size() > depth) {
                path.remove(path.size() - 1);
            }
            path.add(node);
        }
        List<IomemRegion> out = new ArrayList<>(roots.size());
        for (Node n : roots) {
            out.add(n.freeze());
        }
        return out;
    }

    private static boolean contains(Line outer, Line inner) {
        return Long.compareUnsigned(inner.start, outer.start) >= 0 && Long.compareUnsigned(inner.end, outer.end) <= 0;
    }

    private static String rangeText(Line l) {
        return String.format("%x-%x", l.start, l.end);
    }

    /** Bytes the string takes in UTF-8 (an unpaired surrogate counts 3; it only feeds the caps and offsets). */
    private static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    private static FormatException malformed(String source, long offset, int number, String text, String what) {
        String shown = text.length() > 60 ? text.substring(0, 60) + "..." : text;
        shown = shown.replaceAll("[\\p{Cntrl}\\x7f-\\x{10ffff}]", "?");
        return new FormatException(source, offset, "line " + number + ": malformed: " + what + ": " + shown);
    }
}
