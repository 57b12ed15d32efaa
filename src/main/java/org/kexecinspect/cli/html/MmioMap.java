package org.kexecinspect.cli.html;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.kexecinspect.format.text.HyperVIomem;
import org.kexecinspect.model.Tristate;
import org.kexecinspect.model.mmio.MmioPrediction;
import org.kexecinspect.model.mmio.MmioPrediction.Range;

/**
 * The MMIO map of a prediction as inline SVG: the VMBus low range and the high range as two bands,
 * each to scale within itself, with the vTPM hole, the host's framebuffer, what vmbus_reserve_fb()
 * reserves in the kdump kernel, pci_hyperv's config window and their overlap in lanes of their own.
 *
 * <p>The geometry is exact and checkable: every drawn range is a {@code rect} with {@code data-kind},
 * {@code data-band}, {@code data-start} and {@code data-end} (hex, inclusive end, as /proc/iomem
 * writes them), and in its band {@code x = BAND_LEFT + (start - bandStart) / bandSize * BAND_WIDTH},
 * {@code width = size / bandSize * BAND_WIDTH}, where the band is the {@code rect data-kind="band"}
 * with the same {@code data-band}. A range too narrow to see (a config window is 8 KiB of hundreds of
 * MiB) also gets a {@code rect class="marker"} MIN_MARK wide starting at its x, so it can be seen and
 * hovered; the exact rect stays. Every rect has a {@code title} child with the exact addresses.
 *
 * <p>What the prediction cannot tell is never drawn at a guessed place: it is a line of {@link
 * Result#notes()}, and an unknown band is an empty dashed outline saying so.
 */
public final class MmioMap {
    private MmioMap() {}

    /** The SVG's size in user units; the page shows it at 1 unit = 1 CSS pixel when it fits. */
    public static final int WIDTH = 1168;
    public static final int HEIGHT = 322;
    /** Where a band's axis begins and how wide it is. */
    public static final int BAND_LEFT = 12;
    public static final int BAND_WIDTH = WIDTH - 2 * BAND_LEFT;
    public static final int BAND_HEIGHT = 64;
    /** The top of the low band and of the high band. */
    public static final int LOW_TOP = 28;
    public static final int HIGH_TOP = 166;
    /** The least width a range is shown with (by its marker). */
    public static final double MIN_MARK = 6;

    /** The colours, one per kind; the overlap's is used by nothing else on a page. */
    public static final String RANGE_COLOUR = "#dce6f2";
    public static final String VTPM_COLOUR = "#a6a6a6";
    public static final String FRAMEBUFFER_COLOUR = "#1f77b4";
    public static final String RESERVATION_COLOUR = "#2ca02c";
    public static final String CONFIG_WINDOW_COLOUR = "#ff7f0e";
    public static final String OVERLAP_COLOUR = "#d62728";

    /** What a rect shows: its data-kind, its legend text, its colour, and its lane in the band (y offset, height). */
    public enum Kind {
        LOW_MMIO("low-mmio", "VMBus low MMIO", RANGE_COLOUR, 0, BAND_HEIGHT),
        HIGH_MMIO("high-mmio", "VMBus high MMIO", RANGE_COLOUR, 0, BAND_HEIGHT),
        VTPM_HOLE("vtpm-hole", "vTPM hole (not VMBus MMIO)", VTPM_COLOUR, 0, BAND_HEIGHT),
        FRAMEBUFFER("framebuffer", "the host's framebuffer", FRAMEBUFFER_COLOUR, 8, 14),
        RESERVATION("reservation", "reserved by vmbus_reserve_fb() in the kdump kernel", RESERVATION_COLOUR, 25, 14),
        CONFIG_WINDOW("config-window", "pci_hyperv's config window", CONFIG_WINDOW_COLOUR, 42, 14),
        OVERLAP("overlap", "OVERLAP: the config window on the framebuffer", OVERLAP_COLOUR, 3, BAND_HEIGHT - 6);

        private final String id;
        private final String what;
        private final String colour;
        private final int laneTop;
        private final int laneHeight;

        Kind(String id, String what, String colour, int laneTop, int laneHeight) {
            this.id = id;
            this.what = what;
            this.colour = colour;
            this.laneTop = laneTop;
            this.laneHeight = laneHeight;
        }

        /** The data-kind attribute. */
        public String id() { return id; }

        public String what() { return what; }

        public String colour() { return colour; }

        /** The lane's top, relative to the band's top. */
        public int laneTop() { return laneTop; }

        public int laneHeight() { return laneHeight; }
    }

    /** One range of the map, drawn ({@code band} "low" or "high") or not ({@code band} null). */
    public record Item(Kind kind, Range range, String band) {}

    /** The SVG, every range with where it is drawn, and the lines for what is not drawn. */
    public record Result(String svg, List<Item> items, List<String> notes) {
        public Result {
            items = List.copyOf(items);
            notes = List.copyOf(notes);
        }
    }

    /** One band: an axis [start, end] (inclusive) drawn from BAND_LEFT over BAND_WIDTH at {@code top}. */
    record Band(String id, long start, long end, int top) {
        double size() {
            return (double) (end - start) + 1;
        }

        double x(long address) {
            return BAND_LEFT + (address - start) / size() * BAND_WIDTH;
        }

        double width(Range r) {
            return r.size() / size() * BAND_WIDTH;
        }

        boolean holds(Range r) {
            return Long.compareUnsigned(r.start(), start) >= 0 && Long.compareUnsigned(r.end(), end) <= 0;
        }
    }

    /** The map of {@code m}. */
    public static Result of(MmioPrediction m) {
        List<Item> items = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        StringBuilder svg = new StringBuilder(8192);
        svg.append("<svg class=\"mmio-map\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" role=\"img\" aria-labelledby=\"mmio-map-title\" font-family=\"DejaVu Sans, Verdana, sans-serif\""
                        + " font-size=\"12\">\n");
        svg.append("<title id=\"mmio-map-title\">The VMBus MMIO ranges the kdump kernel walks, each band to scale</title>\n");

        Range low = m.lowMmio();
        Range hole = m.vtpmHole();
        Band lowBand = low == null ? null : new Band("low", low.start(), hole != null ? hole.end() : low.end(), LOW_TOP);
        Band highBand = m.highMmio() == null ? null : new Band("high", m.highMmio().start(), m.highMmio().end(), HIGH_TOP);

        band(svg, lowBand, "VMBus low MMIO", low, hole != null
                ? "; the axis runs on through the vTPM hole to 4 GiB" : "", LOW_TOP);
        if (lowBand != null) {
            item(svg, items, Kind.LOW_MMIO, low, lowBand, null);
            if (hole != null) {
                item(svg, items, Kind.VTPM_HOLE, hole, lowBand, Long.compareUnsigned(low.end(), HyperVIomem.VTPM_BASE) >= 0
                        ? "the kdump kernel's low range ends at 0x" + Long.toHexString(low.end()) + " inclusive, on the hole's"
                                + " first byte (the cut before 016a25e4b0df)" : null);
            }
        } else {
            notes.add("VMBus low MMIO: cannot be told, so nothing is drawn in it (the reasons below say why).");
        }
        band(svg, highBand, "VMBus high MMIO", m.highMmio(), "", HIGH_TOP);
        if (highBand != null) {
            item(svg, items, Kind.HIGH_MMIO, m.highMmio(), highBand, null);
        } else {
            notes.add("VMBus high MMIO: none, or cannot be told.");
        }

        place(svg, items, notes, Kind.FRAMEBUFFER, m.framebuffer(), lowBand, highBand,
                "The host's framebuffer: none (no synthetic video device, or a confidential VM), or cannot be told.");
        place(svg, items, notes, Kind.RESERVATION, m.framebufferReservation(), lowBand, highBand,
                "What vmbus_reserve_fb() reserves in the kdump kernel: nothing, or cannot be told (the reasons below say"
                        + " which).");
        place(svg, items, notes, Kind.CONFIG_WINDOW, m.configWindow(), lowBand, highBand,
                "pci_hyperv's config window: none (no pass-through device), or where it lands cannot be told (the reasons"
                        + " below say which).");
        // each further pass-through bus's window, in probe order (the first is configWindow)
        for (Range w : m.configWindows()) {
            if (!w.equals(m.configWindow())) {
                place(svg, items, notes, Kind.CONFIG_WINDOW, w, lowBand, highBand, "");
            }
        }

        Range overlap = m.conflict().isYes() && m.configWindow() != null && m.framebuffer() != null
                ? m.configWindow().intersection(m.framebuffer()) : null;
        if (overlap != null) {
            Band b = bandOf(overlap, lowBand, highBand);
            if (b != null) {
                Item drawn = item(svg, items, Kind.OVERLAP, overlap, b, "pci_hyperv's config window "
                        + hex(m.configWindow()) + " on the host's framebuffer " + hex(m.framebuffer())
                        + ": the host refuses D0 entry (c0370048)");
                overlapLabel(svg, drawn, b);
            } else {
                items.add(new Item(Kind.OVERLAP, overlap, null));
                notes.add("The config window lands on the framebuffer at " + hex(overlap)
                        + ", outside the drawn ranges.");
            }
        }
        notes.add(switch (m.conflict()) {
            case YES -> overlap != null
                    ? "Overlap: pci_hyperv's config window lands on the host's framebuffer at " + hex(overlap) + " (marked in "
                            + "red)."
                    : "Overlap: a config window lands on the host's framebuffer; where cannot be drawn from the prediction"
                            + " (the reasons below say where).";
            case NO -> "No overlap: the config window stays off the host's framebuffer.";
            case UNKNOWN -> "Overlap: whether the config window lands on the host's framebuffer cannot be told (the"
                    + " findings say what would decide it).";
        });
        legend(svg);
        svg.append("</svg>");
        return new Result(svg.toString(), items, notes);
    }

    /** Draws {@code r} in the band that holds it, or says why it is not drawn. */
    private static void place(StringBuilder svg, List<Item> items, List<String> notes, Kind kind, Range r, Band low,
            Band high, String whenNull) {
        if (r == null) {
            notes.add(whenNull);
            return;
        }
        Band b = bandOf(r, low, high);
        if (b == null) {
            items.add(new Item(kind, r, null));
            notes.add("Not drawn: " + kind.what() + " " + hex(r) + ", which lies outside the known MMIO ranges"
                    + (low == null ? " (the low range cannot be told)" : "") + ".");
            return;
        }
        item(svg, items, kind, r, b, null);
    }

    private static Band bandOf(Range r, Band low, Band high) {
        if (low != null && low.holds(r)) {
            return low;
        }
        return high != null && high.holds(r) ? high : null;
    }

    /** The band's title, and its axis rect (or, unknown, an empty dashed outline). */
    private static void band(StringBuilder svg, Band b, String name, Range range, String more, int top) {
        svg.append("<text x=\"").append(BAND_LEFT).append("\" y=\"").append(top - 8).append("\" font-weight=\"bold\">")
                .append(Html.text(range == null ? name + ": none, or cannot be told; nothing drawn"
                        : name + " " + hex(range) + " (" + human(range.size()) + "), to scale" + more))
                .append("</text>\n");
        if (b == null) {
            svg.append("<rect x=\"").append(BAND_LEFT).append("\" y=\"").append(top).append("\" width=\"").append(BAND_WIDTH)
                    .append("\" height=\"").append(BAND_HEIGHT)
                    .append("\" fill=\"none\" stroke=\"#bbbbbb\" stroke-dasharray=\"6 4\"/>\n");
            return;
        }
        svg.append("<rect data-kind=\"band\" data-band=\"").append(b.id()).append("\" data-start=\"").append(hex(b.start()))
                .append("\" data-end=\"").append(hex(b.end())).append("\" x=\"").append(BAND_LEFT).append("\" y=\"").append(top)
                .append("\" width=\"").append(BAND_WIDTH).append("\" height=\"").append(BAND_HEIGHT)
                .append("\" fill=\"#ffffff\" stroke=\"#6c86a8\"><title>")
                .append(Html.text("axis " + hex(new Range(b.start(), b.end())) + ", " + human((long) b.size()) + " over "
                        + BAND_WIDTH + " px"))
                .append("</title></rect>\n");
        svg.append("<text x=\"").append(BAND_LEFT).append("\" y=\"").append(top + BAND_HEIGHT + 15).append("\" fill=\"#444444\">")
                .append(hex(b.start())).append("</text>\n");
        svg.append("<text x=\"").append(BAND_LEFT + BAND_WIDTH).append("\" y=\"").append(top + BAND_HEIGHT + 15)
                .append("\" text-anchor=\"end\" fill=\"#444444\">").append(hex(b.end())).append("</text>\n");
    }

    /** The exact rect of {@code r} in {@code b} (and a marker when it is too narrow to see). */
    private static Item item(StringBuilder svg, List<Item> items, Kind kind, Range r, Band b, String more) {
        double x = b.x(r.start());
        double w = b.width(r);
        int y = b.top() + kind.laneTop();
        String title = kind.what() + ": " + hex(r) + " (" + human(r.size()) + ")" + (more == null ? "" : "; " + more);
        svg.append("<rect data-kind=\"").append(kind.id()).append("\" data-band=\"").append(b.id()).append("\" data-start=\"")
                .append(hex(r.start())).append("\" data-end=\"").append(hex(r.end())).append("\" x=\"").append(num(x))
                .append("\" y=\"").append(y).append("\" width=\"").append(num(w)).append("\" height=\"").append(kind.laneHeight())
                .append("\" fill=\"").append(kind.colour()).append('"')
                .append(kind == Kind.LOW_MMIO || kind == Kind.HIGH_MMIO ? " stroke=\"#6c86a8\"" : "")
                .append("><title>").append(Html.text(title)).append("</title></rect>\n");
        if (w < MIN_MARK) {
            double mx = Math.min(x, BAND_LEFT + BAND_WIDTH - MIN_MARK);
            svg.append("<rect class=\"marker\" data-marker-for=\"").append(kind.id()).append("\" x=\"").append(num(mx))
                    .append("\" y=\"").append(y).append("\" width=\"").append(num(MIN_MARK)).append("\" height=\"")
                    .append(kind.laneHeight()).append("\" fill=\"").append(kind.colour()).append("\"><title>")
                    .append(Html.text(title + "; drawn " + num(MIN_MARK) + " px wide to be seen, to scale it is " + num(w)
                            + " px"))
                    .append("</title></rect>\n");
        }
        Item it = new Item(kind, r, b.id());
        items.add(it);
        return it;
    }

    /** The overlap's label under its band, a triangle pointing up at the mark. */
    private static void overlapLabel(StringBuilder svg, Item overlap, Band b) {
        double x = b.x(overlap.range().start());
        boolean right = x > BAND_LEFT + BAND_WIDTH / 2.0;
        String text = "OVERLAP " + hex(overlap.range()) + ": the config window on the framebuffer";
        svg.append("<text x=\"").append(num(right ? x + MIN_MARK + 4 : Math.max(x - 4, 0))).append("\" y=\"")
                .append(b.top() + BAND_HEIGHT + 33).append("\" font-weight=\"bold\" fill=\"").append(OVERLAP_COLOUR).append('"')
                .append(right ? " text-anchor=\"end\"" : "").append('>')
                .append(Html.text(right ? text + " \u25b2" : "\u25b2 " + text)).append("</text>\n");
    }

    private static void legend(StringBuilder svg) {
        Kind[] kinds = {Kind.LOW_MMIO, Kind.VTPM_HOLE, Kind.FRAMEBUFFER, Kind.RESERVATION, Kind.CONFIG_WINDOW, Kind.OVERLAP};
        String[] texts = {"VMBus MMIO range (low or high)", "vTPM hole (not VMBus MMIO)", "the host's framebuffer",
            "reserved by vmbus_reserve_fb() in the kdump kernel", "pci_hyperv's config window",
            "overlap: the config window on the framebuffer"};
        for (int i = 0; i < kinds.length; i++) {
            int x = BAND_LEFT + (i % 3) * 384;
            int y = HEIGHT - 40 + (i / 3) * 22;
            svg.append("<g class=\"legend\"><rect x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"14\" height=\"14\""
                    + " fill=\"").append(kinds[i].colour()).append("\" stroke=\"#6c86a8\"/><text x=\"").append(x + 20)
                    .append("\" y=\"").append(y + 12).append("\">").append(Html.text(texts[i])).append("</text></g>\n");
        }
    }

    /** Three decimals, a dot whatever the locale. */
    static String num(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    public static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    public static String hex(Range r) {
        return hex(r.start()) + "-" + hex(r.end());
    }

    /** 8 KiB, 109 MiB, 32 GiB; bytes below 1 KiB. */
    public static String human(long size) {
        if (size >= 1L << 30 && size % (1L << 30) == 0) {
            return (size >> 30) + " GiB";
        }
        if (size >= 1L << 20) {
            return (size % (1L << 20) == 0 ? "" : "~") + (size >> 20) + " MiB";
        }
        if (size >= 1L << 10) {
            return (size % (1L << 10) == 0 ? "" : "~") + (size >> 10) + " KiB";
        }
        return size + " bytes";
    }
}
