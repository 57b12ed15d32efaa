package org.kexecinspect.cli.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.kexecinspect.model.Tristate;
import org.kexecinspect.model.mmio.MmioPrediction;
import org.kexecinspect.model.mmio.MmioPrediction.Range;
import org.kexecinspect.model.mmio.MmioPrediction.Reserves;

/**
 * The map, read back as a person reads it: each row's marks are parsed out of the drawn bar and their
 * columns compared with the addresses, on the scale the range row states (its start-end note).
 */
class MmioMapTest {
    /** x86 Gen2 local default: low MMIO 0xf8000000 cut at the vTPM, high 0xfe0000000 (Dexuan Cui's layouts). */
    static final Range LOW = new Range(0xf8000000L, 0xfed3ffffL);
    static final Range HIGH = new Range(0xfe0000000L, 0xfffffffffL);
    static final Range FB = new Range(0xf8000000L, 0xf87fffffL);

    static MmioPrediction prediction(Range res, List<Range> windows, List<Range> maybe, Tristate conflict) {
        return new MmioPrediction(LOW, HIGH, FB, res, windows.isEmpty() ? null : windows.get(0), conflict, Tristate.YES,
                List.of(), windows, maybe, List.of(), res != null ? Reserves.RANGE : Reserves.NOTHING);
    }

    /** A drawn row: its label, its bar and the note after it. */
    record Row(String label, String bar, String note) {
        int first(char c) { return bar.indexOf(c); }
        int last(char c) { return bar.lastIndexOf(c); }
    }

    static List<Row> rows(List<String> lines) {
        List<Row> rows = new ArrayList<>();
        for (String l : lines) {
            int a = l.indexOf('|');
            int b = a < 0 ? -1 : l.indexOf('|', a + 1);
            if (a > 0 && b > a) {
                rows.add(new Row(l.substring(0, a).strip(), l.substring(a + 1, b), l.substring(b + 1).strip()));
            }
        }
        return rows;
    }

    static Row row(List<Row> rows, String label) {
        return rows.stream().filter(r -> r.label().equals(label)).findFirst().orElse(null);
    }

    /** The column where ADDR falls on a bar of W columns over START..END (inclusive), as a ruler would put it. */
    static int expectedColumn(long addr, long start, long end, int w) {
        return (int) Math.min(w - 1, (addr - start) * (long) w / (end - start + 1));
    }

    static void assertDrawnAt(Row scale, Row row, char mark, Range r) {
        assertDrawnAt(scale, row, mark, List.of(r));
    }

    /**
     * Every range starts and ends where the scale puts its addresses (within a column: a mark takes at
     * least one), and the row has the mark nowhere else.
     */
    static void assertDrawnAt(Row scale, Row row, char mark, List<Range> rs) {
        String[] span = scale.note().split("-");
        long start = Long.parseUnsignedLong(span[0], 16);
        long end = Long.parseUnsignedLong(span[1], 16);
        int w = scale.bar().length();
        assertEquals(w, row.bar().length(), "one scale: " + row);
        boolean[] expected = new boolean[w];
        for (Range r : rs) {
            int c0 = expectedColumn(r.start(), start, end, w);
            int c1 = Math.max(c0, expectedColumn(r.end(), start, end, w));
            for (int c = c0; c <= c1; c++) {
                expected[c] = true;
            }
            assertTrue(near(row, mark, c0), row + ": no " + mark + " at column " + c0 + " for 0x" + Long.toHexString(r.start()));
            assertTrue(near(row, mark, c1), row + ": no " + mark + " at column " + c1 + " for 0x" + Long.toHexString(r.end()));
        }
        for (int c = 0; c < w; c++) {
            if (row.bar().charAt(c) == mark) {
                boolean close = expected[c] || c > 0 && expected[c - 1] || c < w - 1 && expected[c + 1];
                assertTrue(close, row + ": " + mark + " at column " + c + ", where no range of it is");
            }
        }
    }

    private static boolean near(Row row, char mark, int c) {
        for (int d = -1; d <= 1; d++) {
            if (c + d >= 0 && c + d < row.bar().length() && row.bar().charAt(c + d) == mark) {
                return true;
            }
        }
        return false;
    }

    static void assertFits(List<String> lines, int width) {
        assertTrue(lines.size() <= MmioMap.MAX_LINES, lines.size() + " lines:\n" + String.join("\n", lines));
        for (String l : lines) {
            assertTrue(l.length() <= width, "wider than " + width + ": " + l);
            assertTrue(l.chars().allMatch(c -> c >= 0x20 && c < 0x7f), "plain ASCII: " + l);
        }
    }

    @Test
    void theReservationAndAWindowAboveItAreDrawnToScale() {
        Range res = new Range(0xf8000000L, 0xfbffffffL);           // 016a25e4b0df: 64 MiB at the base
        Range win = new Range(0xfc000000L, 0xfc001fffL);
        List<String> lines = MmioMap.lines(prediction(res, List.of(win), List.of(), Tristate.NO), 80, Style.OFF);
        assertFits(lines, 80);
        List<Row> rows = rows(lines);
        Row low = row(rows, "low MMIO");
        assertEquals("f8000000-ffffffff", low.note(), "the low bar reaches 4 GiB, the vTPM hole drawn in it");
        assertDrawnAt(low, low, MmioMap.RANGE, new Range(0xf8000000L, 0xfed3ffffL));
        assertDrawnAt(low, low, MmioMap.HOLE, new Range(0xfed40000L, 0xffffffffL));
        assertDrawnAt(low, row(rows, "framebuffer"), MmioMap.FRAMEBUFFER, FB);
        assertDrawnAt(low, row(rows, "reserved"), MmioMap.RESERVED, res);
        assertDrawnAt(low, row(rows, "config win"), MmioMap.WINDOW, win);
        Row high = row(rows, "high MMIO");
        assertEquals("fe0000000-fffffffff", high.note());
        assertDrawnAt(high, high, MmioMap.RANGE, HIGH);
        assertFalse(String.join("\n", lines).contains("X"), "no overlap drawn where there is none");
    }

    @Test
    void aWindowOnTheFramebufferIsTheOverlapNamedBelowTheBars() {
        Range win = new Range(0xf8000000L, 0xf8001fffL);
        List<String> lines = MmioMap.lines(prediction(null, List.of(win), List.of(), Tristate.YES), 80, Style.OFF);
        assertFits(lines, 80);
        List<Row> rows = rows(lines);
        assertDrawnAt(row(rows, "low MMIO"), row(rows, "config win"), MmioMap.OVERLAP, win);
        assertEquals("nothing reserved", row(rows, "reserved").note());
        assertTrue(lines.contains("X = config window f8000000-f8001fff on the framebuffer f8000000-f87fffff"), lines.toString());
        assertTrue(lines.get(lines.size() - 1).contains("X overlap"), "the legend names the mark");
    }

    @Test
    void everyBusWindowAndEveryPossiblePlaceIsMarked() {
        // the Azure layout: 3 GiB from 0x40000000, two pass-through buses above a 128 MiB reservation
        Range low = new Range(0x40000000L, 0xfed3ffffL);
        Range fb = new Range(0x40000000L, 0x407fffffL);
        Range res = new Range(0x40000000L, 0x47ffffffL);
        List<Range> wins = List.of(new Range(0x48000000L, 0x48001fffL), new Range(0x48002000L, 0x48003fffL));
        MmioPrediction m = new MmioPrediction(low, null, fb, res, wins.get(0), Tristate.NO, Tristate.YES, List.of(), wins,
                List.of(), List.of(), Reserves.RANGE);
        List<Row> rows = rows(MmioMap.lines(m, 80, Style.OFF));
        Row win = row(rows, "config win");
        assertEquals("48000000, 48002000", win.note());
        assertDrawnAt(row(rows, "low MMIO"), win, MmioMap.WINDOW, wins);
        List<Range> maybe = List.of(new Range(0xf8000000L, 0xf8001fffL), new Range(0xf8800000L, 0xf8801fffL),
                new Range(0xfc000000L, 0xfc001fffL));
        List<String> open = MmioMap.lines(new MmioPrediction(LOW, null, FB, null, null, Tristate.UNKNOWN, Tristate.UNKNOWN,
                List.of(), List.of(), maybe, List.of("EFI_BOOT in the kdump kernel"), Reserves.UNKNOWN), 80, Style.OFF);
        assertFits(open, 80);
        List<Row> openRows = rows(open);
        Row q = row(openRows, "config win");
        assertEquals(3, q.bar().chars().filter(c -> c == MmioMap.MAYBE).count(), q.toString());
        assertDrawnAt(row(openRows, "low MMIO"), q, MmioMap.MAYBE, maybe);
        assertEquals("cannot tell", row(openRows, "reserved").note());
        assertTrue(open.stream().anyMatch(l -> l.startsWith("? = ") && l.contains("f8000000") && l.contains("framebuffer")),
                open.toString());
    }

    @Test
    void wideTerminalsGetWiderBarsOnTheSameScale() {
        Range win = new Range(0xfc000000L, 0xfc001fffL);
        MmioPrediction m = prediction(new Range(0xf8000000L, 0xfbffffffL), List.of(win), List.of(), Tristate.NO);
        for (int width : new int[] {60, 80, 100, 132}) {
            List<String> lines = MmioMap.lines(m, width, Style.OFF);
            assertFits(lines, width);
            List<Row> rows = rows(lines);
            assertEquals(MmioMap.barWidth(width), row(rows, "low MMIO").bar().length());
            assertDrawnAt(row(rows, "low MMIO"), row(rows, "config win"), MmioMap.WINDOW, win);
        }
    }

    @Test
    void colourRepeatsTheLettersAndLeavesThemInPlace() {
        Range win = new Range(0xf8000000L, 0xf8001fffL);
        MmioPrediction m = prediction(null, List.of(win), List.of(), Tristate.YES);
        List<String> plain = MmioMap.lines(m, 80, Style.OFF);
        List<String> coloured = MmioMap.lines(m, 80, Style.ON);
        assertEquals(plain, coloured.stream().map(Style::plain).toList());
        String x = coloured.stream().filter(l -> l.startsWith("config win")).findFirst().orElseThrow();
        assertTrue(x.contains("\033[1;31mX\033[0m"), "the overlap in bold red: " + x);
        assertFalse(String.join("", plain).contains("\033"));
    }

    @Test
    void withoutAnyRangeItSaysSoInOneLine() {
        List<String> lines = MmioMap.lines(new MmioPrediction(null, null, null, null, null, Tristate.NO, Tristate.UNKNOWN,
                List.of()), 80, Style.OFF);
        assertEquals(1, lines.size());
        assertNotNull(lines.get(0));
        assertTrue(lines.get(0).contains("no MMIO layout"), lines.get(0));
    }
}
