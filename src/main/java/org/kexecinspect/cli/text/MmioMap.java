package org.kexecinspect.cli.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.kexecinspect.model.mmio.MmioPrediction;
import org.kexecinspect.model.mmio.MmioPrediction.Range;

/**
 * The MMIO layout the kdump kernel will see, drawn to scale within each range in at most
 * {@link #MAX_LINES} lines: one bar per range (the VMBus low range up to 4 GiB with the vTPM hole, the
 * high range), and under it, on the same scale, the framebuffer the host uses, what the kdump kernel's
 * vmbus_reserve_fb() reserves, where each pci_hyperv config window lands, and the overlap.
 *
 * <pre>
 * MMIO map of the kdump kernel, to scale within each range:
 * low MMIO    |=================================TTTTTT| f8000000-ffffffff
 * framebuffer |FFF                                    | f8000000 8 MiB
 * reserved    |                                       | nothing reserved
 * config win  |X                                      | f8000000 8 KiB
 * X = config window f8000000-f8001fff on the framebuffer f8000000-f87fffff
 * = VMBus MMIO  T vTPM hole  F framebuffer  C config window  X overlap
 * </pre>
 *
 * <p>Plain ASCII, one letter per meaning, so the map reads the same without colour, pasted into a
 * ticket, or in a terminal without Unicode fonts; colour only repeats the letters. Every mark takes at
 * least one column, so an 8 KiB window stays visible next to a 128 MiB range.
 */
public final class MmioMap {
    private MmioMap() {}

    /** The most lines the map takes, the header and legend included. */
    public static final int MAX_LINES = 10;


    static final int LABEL = 11;
    static final int MIN_BAR = 16;
    static final int MAX_BAR = 64;
    /** Columns kept for the text after a bar: "f8000000-ffffffff", "fe0000000 128 MiB". */
    static final int NOTE = 24;

    public static final char RANGE = '=';
    public static final char HOLE = 'T';
    public static final char FRAMEBUFFER = 'F';
    public static final char RESERVED = 'R';
    public static final char WINDOW = 'C';
    public static final char OVERLAP = 'X';
    public static final char MAYBE = '?';

    /** One scale: a range of addresses drawn over {@code width} columns. */
    record Panel(String label, long start, long end, Range vmbus, Range hole) {
        boolean holds(Range r) {
            return r != null && Long.compareUnsigned(r.start(), start) >= 0 && Long.compareUnsigned(r.start(), end) <= 0;
        }
    }

    /** The bar width for a line of {@code width} columns. */
    public static int barWidth(int width) {
        return Math.max(MIN_BAR, Math.min(MAX_BAR, width - LABEL - 3 - NOTE - 1));
    }

    /** The column of {@code addr} in a bar of {@code w} columns over {@code p}. */
    static int col(Panel p, long addr, int w) {
        double span = (double) (p.end() - p.start()) + 1;
        int c = (int) Math.floor((double) (addr - p.start()) * w / span);
        return Math.max(0, Math.min(w - 1, c));
    }

    /** The map's lines. */
    public static List<String> lines(MmioPrediction m, int width, Style style) {
        List<Panel> panels = panels(m);
        List<String> out = new ArrayList<>();
        if (panels.isEmpty()) {
            out.add("MMIO map: no MMIO layout is known (--explain says why)");
            return out;
        }
        int w = barWidth(width);
        out.add("MMIO map of the kdump kernel, to scale within each range:");
        Range fb = m.framebuffer();
        Range res = m.framebufferReservation();
        List<Range> windows = m.configWindows().isEmpty() && m.configWindow() != null ? List.of(m.configWindow())
                : m.configWindows();
        List<Range> maybe = m.possibleConfigWindows();
        StringBuilder legendUsed = new StringBuilder();
        Panel fbPanel = find(panels, fb);
        Panel resPanel = res != null ? find(panels, res) : fbPanel != null ? fbPanel : panels.get(0);
        Panel winPanel = !windows.isEmpty() ? find(panels, windows.get(0)) : !maybe.isEmpty() ? find(panels, maybe.get(0))
                : fbPanel != null ? fbPanel : panels.get(0);
        List<Range> overlaps = new ArrayList<>();
        for (Panel p : panels) {
            char[] bar = blank(w);
            if (p.vmbus() != null) {
                mark(bar, p, p.vmbus(), RANGE, w);
                legendUsed.append(RANGE);
            }
            if (p.hole() != null) {
                mark(bar, p, p.hole(), HOLE, w);
                legendUsed.append(HOLE);
            }
            out.add(row(p.label(), bar, hex(p.start()) + "-" + hex(p.end()), style));
            if (p == fbPanel) {
                char[] b = blank(w);
                mark(b, p, fb, FRAMEBUFFER, w);
                legendUsed.append(FRAMEBUFFER);
                out.add(row("framebuffer", b, hex(fb.start()) + " " + size(fb.size()), style));
            }
            if (p == resPanel && (res != null || fb != null)) {
                char[] b = blank(w);
                String note;
                if (res != null) {
                    mark(b, p, res, RESERVED, w);
                    legendUsed.append(RESERVED);
                    note = hex(res.start()) + " " + size(res.size());
                } else {
                    note = switch (m.reserves()) {
                        case NOTHING -> "nothing reserved";
                        case AT_LOW_BASE -> "at the base, size?";
                        default -> "cannot tell";
                    };
                }
                out.add(row("reserved", b, note, style));
            }
            if (p == winPanel && (!windows.isEmpty() || !maybe.isEmpty() || fb != null)) {
                char[] b = blank(w);
                String note;
                if (!windows.isEmpty()) {
                    for (Range win : windows) {
                        boolean on = fb != null && win.overlaps(fb);
                        mark(b, p, win, on ? OVERLAP : WINDOW, w);
                        legendUsed.append(on ? OVERLAP : WINDOW);
                        if (on) {
                            overlaps.add(win);
                        }
                    }
                    note = windows.size() == 1 ? hex(windows.get(0).start()) + " " + size(windows.get(0).size())
                            : list(windows, ", ");
                } else if (!maybe.isEmpty()) {
                    for (Range win : maybe) {
                        mark(b, p, win, MAYBE, w);
                    }
                    legendUsed.append(MAYBE);
                    note = list(maybe, " ");
                } else {
                    note = m.conflict().isNo() ? "none" : "cannot tell";
                }
                out.add(row("config win", b, note, style));
            }
        }
        if (!overlaps.isEmpty()) {
            for (String l : Wrap.lines(OVERLAP + " = config window " + hexRange(overlaps.get(0)) + (overlaps.size() > 1
                    ? " and " + (overlaps.size() - 1) + " more" : "") + " on the framebuffer " + hexRange(fb), width, "", "    ")) {
                out.add(style.red(l));
            }
        } else if (!maybe.isEmpty() && fb != null && maybe.stream().anyMatch(r -> r.overlaps(fb))) {
            Range on = maybe.stream().filter(r -> r.overlaps(fb)).findFirst().get();
            for (String l : Wrap.lines(MAYBE + " = the first config window may land here; at " + hex(on.start())
                    + " it is on the framebuffer", width, "", "    ")) {
                out.add(style.yellow(l));
            }
        }
        out.addAll(legend(legendUsed.toString(), width, style));
        return out;
    }

    /** The low range reaches up to 4 GiB with the vTPM hole; the high range as it is. */
    static List<Panel> panels(MmioPrediction m) {
        List<Panel> ps = new ArrayList<>();
        Range low = m.lowMmio();
        if (low != null) {
            Range hole = m.vtpmHole();
            ps.add(new Panel("low MMIO", low.start(), hole != null ? hole.end() : low.end(),
                    hole != null ? new Range(low.start(), Math.min(low.end(), hole.start() - 1)) : low, hole));
        }
        Range high = m.highMmio();
        if (high != null) {
            ps.add(new Panel("high MMIO", high.start(), high.end(), high, null));
        }
        if (ps.isEmpty()) {
            // no range known: one scale over what is placed, so the places still compare
            List<Range> placed = new ArrayList<>();
            for (Range r : new Range[] {m.framebuffer(), m.framebufferReservation()}) {
                if (r != null) {
                    placed.add(r);
                }
            }
            placed.addAll(m.configWindows());
            placed.addAll(m.possibleConfigWindows());
            if (placed.isEmpty()) {
                return ps;
            }
            long s = placed.stream().mapToLong(Range::start).min().getAsLong();
            long e = placed.stream().mapToLong(Range::end).max().getAsLong();
            ps.add(new Panel("MMIO", s, e, null, null));
        }
        return ps;
    }

    private static Panel find(List<Panel> panels, Range r) {
        if (r == null) {
            return null;
        }
        for (Panel p : panels) {
            if (p.holds(r)) {
                return p;
            }
        }
        return panels.get(0);   // outside every range: shown on the first scale, clipped, with its address
    }

    private static char[] blank(int w) {
        char[] b = new char[w];
        java.util.Arrays.fill(b, ' ');
        return b;
    }

    /** Marks {@code r}'s columns, at least one; what lies outside the panel is clipped. */
    private static void mark(char[] bar, Panel p, Range r, char c, int w) {
        if (Long.compareUnsigned(r.end(), p.start()) < 0 || Long.compareUnsigned(r.start(), p.end()) > 0) {
            return;
        }
        long s = Long.compareUnsigned(r.start(), p.start()) < 0 ? p.start() : r.start();
        long e = Long.compareUnsigned(r.end(), p.end()) > 0 ? p.end() : r.end();
        int c0 = col(p, s, w);
        int c1 = Math.max(c0, col(p, e, w));
        for (int i = c0; i <= c1; i++) {
            bar[i] = c;
        }
    }

    private static String row(String label, char[] bar, String note, Style style) {
        StringBuilder b = new StringBuilder();
        b.append(label);
        while (b.length() < LABEL) {
            b.append(' ');
        }
        b.append(" |").append(paint(new String(bar), style)).append("| ").append(note);
        return b.toString();
    }

    /** The bar with each letter's colour; runs of one letter share one sequence. */
    static String paint(String bar, Style style) {
        if (!style.on()) {
            return bar;
        }
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (i < bar.length()) {
            int j = i;
            while (j < bar.length() && bar.charAt(j) == bar.charAt(i)) {
                j++;
            }
            String run = bar.substring(i, j);
            b.append(switch (bar.charAt(i)) {
                case HOLE -> style.dim(run);
                case FRAMEBUFFER -> style.yellow(run);
                case RESERVED -> style.green(run);
                case WINDOW -> style.cyan(run);
                case OVERLAP -> style.red(run);
                case MAYBE -> style.magenta(run);
                default -> run;
            });
            i = j;
        }
        return b.toString();
    }

    /** The letters used, each with its meaning, wrapped between entries; coloured as in the bars. */
    private static List<String> legend(String used, int width, Style style) {
        String[][] all = {{"=", "VMBus MMIO"}, {"T", "vTPM hole"}, {"F", "framebuffer"}, {"R", "reserved"},
                {"C", "config window"}, {"X", "overlap"}, {"?", "may land"}};
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        StringBuilder plain = new StringBuilder();
        for (String[] a : all) {
            if (used.indexOf(a[0].charAt(0)) < 0) {
                continue;
            }
            String entry = a[0] + " " + a[1];
            if (plain.length() > 0 && plain.length() + 2 + entry.length() > width) {
                out.add(line.toString());
                line.setLength(0);
                plain.setLength(0);
            }
            if (plain.length() > 0) {
                line.append("  ");
                plain.append("  ");
            }
            line.append(paint(a[0], style)).append(' ').append(a[1]);
            plain.append(entry);
        }
        out.add(line.toString());
        return out;
    }

    /** The starts, as many as fit in the note's columns, then "+N" for the rest. */
    private static String list(List<Range> rs, String sep) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < rs.size(); i++) {
            String h = (i == 0 ? "" : sep) + hex(rs.get(i).start());
            String more = i < rs.size() - 1 ? sep + "+" + (rs.size() - i - 1) : "";
            if (i > 0 && b.length() + h.length() + more.length() > NOTE) {
                return b + sep + "+" + (rs.size() - i);
            }
            b.append(h);
        }
        return b.toString();
    }

    static String hex(long a) {
        return Long.toHexString(a);
    }

    static String hexRange(Range r) {
        return hex(r.start()) + "-" + hex(r.end());
    }

    static String size(long size) {
        if (size >= 1L << 30 && size % (1L << 30) == 0) {
            return (size >> 30) + " GiB";
        }
        if (size >= 1L << 20) {
            return String.format(Locale.ROOT, "%d MiB", size >> 20);
        }
        return (size >> 10) + " KiB";
    }
}
