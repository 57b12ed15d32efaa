package org.kexecinspect.cli.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.kexecinspect.cli.html.SvgMap.Rect;
import org.kexecinspect.model.Prediction;
import org.kexecinspect.model.Tristate;
import org.kexecinspect.model.mmio.MmioPrediction;
import org.kexecinspect.model.mmio.MmioPrediction.Range;
import org.kexecinspect.testing.Inputs;
import org.kexecinspect.testing.QemuCaptures;
import org.w3c.dom.Element;

/**
 * The SVG map's geometry, read back with an XML parser: each rect's x and width against the
 * addresses it stands for. The expected addresses are the captures' own (their README tables and
 * iomem), written out here, not taken from the tool: gen2-local-x86's low MMIO starts at 0xf8000000
 * and is cut at the vTPM (0xfed40000), so its band runs 128 MiB to 4 GiB and the 8 MiB framebuffer at
 * its base is exactly 1/16 of it; the QEMU/OVMF stage's GOP framebuffer is at 0xc0000000, a band of
 * 1 GiB.
 */
class MmioMapTest {
    static final Path HYPERV = Inputs.projectDir().resolve("native-fixtures/hyperv-captures");
    static final long MIB = 1L << 20;
    static final double W = MmioMap.BAND_WIDTH;
    static final double L = MmioMap.BAND_LEFT;
    static final double EPS = 0.0015;   // three decimals in the SVG

    @TempDir static Path tmp;

    static List<Rect> rects(Prediction p) {
        MmioMap.Result m = MmioMap.of(p.mmio());
        Element svg = SvgMap.svg(SvgMap.parse("<html><body>" + m.svg() + "</body></html>"));
        assertEquals(String.valueOf(MmioMap.WIDTH), svg.getAttribute("width"));
        assertEquals(String.valueOf(MmioMap.HEIGHT), svg.getAttribute("height"));
        return SvgMap.rects(svg);
    }

    static void at(Rect r, double x, double width) {
        assertEquals(x, r.x(), EPS, r.kind() + " x");
        assertEquals(width, r.width(), EPS, r.kind() + " width");
    }

    @Test
    void gen2LocalX86TheLowBandRunsFromTheLowBaseTo4GiBAndTheFramebufferIsItsFirstSixteenth() {
        List<Rect> rects = rects(SvgMap.predict(HYPERV.resolve("gen2-local-x86")));
        Rect band = SvgMap.one(rects, "band");
        assertEquals("low", band.band());
        assertEquals(0xf8000000L, band.start());
        assertEquals(0xffffffffL, band.end(), "the axis runs on through the vTPM hole to 4 GiB");
        at(band, L, W);
        assertEquals(MmioMap.LOW_TOP, band.y());

        Rect low = SvgMap.one(rects, "low-mmio");
        assertEquals(0xf8000000L, low.start());
        assertEquals(0xfed3ffffL, low.end(), "cut just below the vTPM (016a25e4b0df's cut; the kdump kernel is unknown)");
        at(low, L, W * (0xfed40000L - 0xf8000000L) / (128 * MIB));

        Rect hole = SvgMap.one(rects, "vtpm-hole");
        assertEquals(0xfed40000L, hole.start());
        assertEquals(0xffffffffL, hole.end());
        at(hole, L + W * 109.25 / 128, W * 18.75 / 128);

        Rect fb = SvgMap.one(rects, "framebuffer");
        assertEquals(0xf8000000L, fb.start());
        assertEquals(0xf87fffffL, fb.end(), "hyperv_drm's 8 MiB VMBus allocation (iomem f8000000-f87fffff)");
        at(fb, L, W / 16);
        assertTrue(fb.title().contains("0xf8000000-0xf87fffff"), fb.title());
        assertTrue(fb.title().contains("8 MiB"), fb.title());

        assertNull(SvgMap.one(rects, "high-mmio"), "no high range is known: nothing drawn");
        assertNull(SvgMap.one(rects, "config-window"), "the kdump kernel's probe order is unknown: no window drawn");
        assertNull(SvgMap.one(rects, "overlap"));
        MmioMap.Result m = MmioMap.of(SvgMap.predict(HYPERV.resolve("gen2-local-x86")).mmio());
        assertTrue(m.notes().stream().anyMatch(n -> n.contains("config window") && n.contains("cannot be told")), m.notes().toString());
        assertTrue(m.notes().stream().anyMatch(n -> n.startsWith("Overlap: whether") && n.contains("cannot be told")),
                m.notes().toString());
    }

    /** The reported Ubuntu kdump kernel: the 8 KiB config window at the low base, on the framebuffer. */
    @Test
    void gen2LocalX86WithTheUbuntuKdumpKernelMarksTheOverlapAtTheLowBase() {
        Prediction p = SvgMap.predict(HYPERV.resolve("gen2-local-x86"), SvgMap.UBUNTU_KDUMP_KERNEL);
        assertEquals(Tristate.YES, p.mmio().conflict());
        List<Rect> rects = rects(p);
        Rect low = SvgMap.one(rects, "low-mmio");
        assertEquals(0xfed40000L, low.end(), "without 016a25e4b0df the range ends on the vTPM's first byte, inclusive");
        at(low, L, W * (0xfed40001L - 0xf8000000L) / (128 * MIB));
        Rect window = SvgMap.one(rects, "config-window");
        assertEquals(0xf8000000L, window.start());
        assertEquals(0xf8001fffL, window.end(), "0x2000 bytes first-fit from the low MMIO start");
        double eightKiB = W * 8192 / (128 * MIB);
        at(window, L, eightKiB);
        Rect overlap = SvgMap.one(rects, "overlap");
        assertEquals(0xf8000000L, overlap.start());
        assertEquals(0xf8001fffL, overlap.end());
        at(overlap, L, eightKiB);
        assertEquals(MmioMap.OVERLAP_COLOUR, overlap.fill());
        assertTrue(eightKiB < MmioMap.MIN_MARK, "an 8 KiB window is " + eightKiB + " px: it needs a marker to be seen");
        Rect mark = SvgMap.marker(rects, "overlap");
        assertNotNull(mark, "the overlap gets a marker wide enough to see");
        at(mark, L, MmioMap.MIN_MARK);
        assertEquals(MmioMap.OVERLAP_COLOUR, mark.fill());
        assertNotNull(SvgMap.marker(rects, "config-window"));
        String svg = MmioMap.of(p.mmio()).svg();
        assertTrue(svg.contains(">\u25b2 OVERLAP 0xf8000000-0xf8001fff: the config window on the framebuffer</text>"), svg);
    }

    /** A real QEMU/OVMF first kernel: the GOP framebuffer at 0xc0000000 gives a 1 GiB low band (to 4 GiB). */
    @Test
    void qemuOvmfStageTheFramebufferIsTheFirst128thOfA1GiBBand() {
        Path tree = QemuCaptures.tree(Inputs.qemuCapture("efifb-kexec_load", "first"), tmp);
        List<Rect> rects = rects(SvgMap.predict(tree));
        Rect band = SvgMap.one(rects, "band");
        assertEquals(0xc0000000L, band.start());
        assertEquals(0xffffffffL, band.end());
        Rect fb = SvgMap.one(rects, "framebuffer");
        assertEquals(0xc0000000L, fb.start());
        assertEquals(0xc07fffffL, fb.end(), "the GOP framebuffer, taken as at least 8 MiB");
        at(fb, L, W / 128);
        Rect hole = SvgMap.one(rects, "vtpm-hole");
        at(hole, L + W * (0xfed40000L - 0xc0000000L) / (1L << 30), W * (0x100000000L - 0xfed40000L) / (1L << 30));
    }

    /** gen1-local-x86: the framebuffer hyperv_drm moved high (fe0000000, 128 MiB) is drawn in the 512 MiB high band. */
    @Test
    void gen1LocalX86DrawsTheMovedFramebufferInTheHighBand() {
        List<Rect> rects = rects(SvgMap.predict(HYPERV.resolve("gen1-local-x86")));
        Rect high = SvgMap.one(rects, "high-mmio");
        assertEquals(0xfe0000000L, high.start());
        assertEquals(0xfffffffffL, high.end());
        Rect fb = SvgMap.one(rects, "framebuffer");
        assertEquals("high", fb.band());
        assertEquals(0xfe0000000L, fb.start());
        assertEquals(MmioMap.HIGH_TOP + MmioMap.Kind.FRAMEBUFFER.laneTop(), fb.y());
        at(fb, L, W / 4);
    }

    /** Every capture here: each rect where its addresses say in its band, and those addresses the prediction's. */
    @TestFactory
    Stream<DynamicTest> everyRectSitsWhereItsAddressesSayOnEveryCapture() throws IOException {
        List<Path> all = new ArrayList<>();
        try (Stream<Path> s = Files.list(HYPERV)) {
            s.filter(Files::isDirectory).filter(d -> !d.getFileName().toString().equals("sources")).sorted().forEach(all::add);
        }
        for (Path stage : QemuCaptures.stages()) {
            all.add(QemuCaptures.tree(stage, tmp));
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (Path c : all) {
            tests.add(DynamicTest.dynamicTest(c.getFileName().toString(), () -> consistent(SvgMap.predict(c).mmio())));
        }
        tests.add(DynamicTest.dynamicTest("gen2-local-x86 with the Ubuntu kdump kernel",
                () -> consistent(SvgMap.predict(HYPERV.resolve("gen2-local-x86"), SvgMap.UBUNTU_KDUMP_KERNEL).mmio())));
        tests.add(DynamicTest.dynamicTest("gen2-azure-x86 with the Ubuntu kdump kernel",
                () -> consistent(SvgMap.predict(HYPERV.resolve("gen2-azure-x86"), SvgMap.UBUNTU_KDUMP_KERNEL).mmio())));
        return tests.stream();
    }

    static void consistent(MmioPrediction m) {
        MmioMap.Result result = MmioMap.of(m);
        Element svg = SvgMap.svg(SvgMap.parse("<x>" + result.svg() + "</x>"));
        List<Rect> rects = SvgMap.rects(svg);
        Map<String, Range> expected = new java.util.HashMap<>();
        put(expected, "low-mmio", m.lowMmio());
        put(expected, "high-mmio", m.highMmio());
        put(expected, "framebuffer", m.framebuffer());
        put(expected, "reservation", m.framebufferReservation());
        put(expected, "config-window", m.configWindow());
        for (Rect r : rects) {
            if (r.marker() || r.kind().equals("band")) {
                continue;
            }
            Rect band = null;
            for (Rect b : rects) {
                if (b.kind().equals("band") && b.band().equals(r.band())) {
                    band = b;
                }
            }
            assertNotNull(band, r.kind() + " is drawn in band '" + r.band() + "', which has no axis rect");
            double size = band.end() - band.start() + 1.0;
            at(r, band.x() + (r.start() - band.start()) / size * band.width(), (r.end() - r.start() + 1.0) / size * band.width());
            assertTrue(r.x() >= band.x() - EPS && r.x() + r.width() <= band.x() + band.width() + EPS, r.toString());
            assertTrue(r.title() != null && r.title().contains(MmioMap.hex(r.start()) + "-" + MmioMap.hex(r.end())),
                    "the hover title has the exact addresses: " + r.title());
            Range want = expected.get(r.kind());
            if (r.kind().equals("config-window")) {
                // one rect per config window, in probe order: each is one of the prediction's windows
                assertTrue(m.configWindows().stream().anyMatch(w -> w.start() == r.start() && w.end() == r.end())
                        || want != null && want.start() == r.start() && want.end() == r.end(), r.toString());
            } else if (want != null) {
                assertEquals(want.start(), r.start(), r.kind());
                assertEquals(want.end(), r.end(), r.kind());
            }
            if (r.width() < MmioMap.MIN_MARK) {
                // a marker of its kind covers it (several config windows have one each)
                Rect mark = rects.stream().filter(k -> k.marker() && k.markerFor().equals(r.kind())
                        && k.x() <= r.x() + EPS && k.x() + k.width() >= r.x() + r.width() - EPS).findFirst().orElse(null);
                assertNotNull(mark, r.kind() + " is " + r.width() + " px wide and no marker covers it");
                assertEquals(MmioMap.MIN_MARK, mark.width(), EPS);
            }
        }
        // a range the prediction has is drawn, or said not to be
        for (Map.Entry<String, Range> e : expected.entrySet()) {
            boolean drawn = rects.stream().anyMatch(r -> !r.marker() && r.kind().equals(e.getKey()));
            boolean said = result.items().stream().anyMatch(i -> i.kind().id().equals(e.getKey()) && i.band() == null);
            assertTrue(drawn ^ said, e.getKey() + " drawn " + drawn + ", listed as not drawn " + said);
        }
        assertFalse(result.notes().isEmpty(), "the overlap answer is always a note");
    }

    private static void put(Map<String, Range> m, String k, Range r) {
        if (r != null) {
            m.put(k, r);
        }
    }

    /** A confidential VM: no framebuffer and no low base to tell; nothing is drawn at a guessed place. */
    @Test
    void aConfidentialVmDrawsNoBandAndSaysWhatCannotBeTold() {
        MmioMap.Result m = MmioMap.of(SvgMap.predict(HYPERV.resolve("gen2-azure-cvm-x86")).mmio());
        List<Rect> rects = SvgMap.rects(SvgMap.svg(SvgMap.parse("<x>" + m.svg() + "</x>")));
        assertEquals(List.of(), rects, "nothing the prediction cannot tell is drawn");
        assertTrue(m.notes().stream().anyMatch(n -> n.startsWith("VMBus low MMIO: cannot be told")), m.notes().toString());
        assertTrue(m.svg().contains("VMBus low MMIO: none, or cannot be told; nothing drawn"), m.svg());
    }

    /** A range outside both bands is listed, never drawn; an overlap is the intersection, red, with a label. */
    @Test
    void aRangeOutsideTheKnownBandsIsListedNotDrawn() {
        Range low = new Range(0xf8000000L, 0xfed3ffffL);
        Range fb = new Range(0xc0000000L, 0xc07fffffL);
        Range window = new Range(0xc0100000L, 0xc0101fffL);
        MmioPrediction m = new MmioPrediction(low, null, fb, null, window, Tristate.YES, Tristate.YES, List.of());
        MmioMap.Result r = MmioMap.of(m);
        List<Rect> rects = SvgMap.rects(SvgMap.svg(SvgMap.parse("<x>" + r.svg() + "</x>")));
        assertNull(SvgMap.one(rects, "framebuffer"));
        assertNull(SvgMap.one(rects, "config-window"));
        assertNull(SvgMap.one(rects, "overlap"));
        assertTrue(r.notes().contains("Not drawn: the host's framebuffer 0xc0000000-0xc07fffff, which lies outside the known"
                + " MMIO ranges."), r.notes().toString());
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("outside the drawn ranges")), r.notes().toString());

        MmioPrediction inside = new MmioPrediction(low, null, new Range(0xf8000000L, 0xf87fffffL), null,
                new Range(0xf8400000L, 0xf8401fffL), Tristate.YES, Tristate.YES, List.of());
        List<Rect> in = SvgMap.rects(SvgMap.svg(SvgMap.parse("<x>" + MmioMap.of(inside).svg() + "</x>")));
        Rect overlap = SvgMap.one(in, "overlap");
        assertEquals(0xf8400000L, overlap.start());
        assertEquals(0xf8401fffL, overlap.end());
        at(overlap, L + W * 4 / 128, W * 8192 / (128 * MIB));
    }
}
