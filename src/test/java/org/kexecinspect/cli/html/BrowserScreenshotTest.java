package org.kexecinspect.cli.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.kexecinspect.cli.html.SvgMap.Rect;
import org.kexecinspect.testing.Cli;
import org.kexecinspect.testing.Inputs;

/**
 * The pages in a real browser: Debian's chromium, headless, takes a 1200x900 screenshot of the
 * diagnose --html page of an at-risk capture (gen2-local-x86), an ok one (gen1-local-x86) and the
 * will-fail case (gen2-local-x86 with the reported Ubuntu kdump kernel stated by --assume, whose
 * config window lands on the framebuffer). The PNG must be 1200x900 and not blank, and the SVG's
 * rectangles must be drawn where the ranges say:
 *
 * <p>How a rect of the SVG is found in the PNG: the page draws a border of {@link
 * HtmlPage#MAP_FRAME_COLOUR}, a colour nothing else uses, {@link HtmlPage#MAP_FRAME_WIDTH} px wide
 * around the svg element. The bounding box of that colour's pixels gives the SVG's origin (its top
 * left plus the border) and its scale ((box width - 2 borders) / {@link MmioMap#WIDTH}; 1 at 1200 px).
 * A rect at SVG (x, y, w, h) is then at origin + scale * (x, y) in the PNG: the test parses the page,
 * takes each rect's x/width (which MmioMapTest checks against the addresses) and compares the pixels
 * inside it, and just past its right end, with the colours the kinds are drawn in.
 *
 * <p>Without chromium on PATH the test is skipped, unless CI_REQUIRE_CHROMIUM=1 (.ci/run sets it
 * after installing chromium), where a missing browser fails it. With
 * -Dkexecinspect.updateScreenshot=true the will-fail screenshot is copied to
 * docs/diagnose-gen2-local-x86.png (optipng'd when optipng is on PATH), the README's picture.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserScreenshotTest {
    static final Path CAPS = Inputs.projectDir().resolve("native-fixtures/hyperv-captures");
    static final Path README_PNG = Inputs.projectDir().resolve("docs/diagnose-gen2-local-x86.png");
    static final int WIDTH = 1200;
    static final int HEIGHT = 900;
    /** Per channel: the same colour after the browser's compositing (exact in practice). */
    static final int TOLERANCE = 6;

    @TempDir static Path tmp;

    /** chromium or chromium-browser on PATH, or the test is skipped (failed when CI_REQUIRE_CHROMIUM=1). */
    static String chromium() {
        for (String name : new String[] {"chromium", "chromium-browser"}) {
            if (Inputs.onPath(name)) {
                return name;
            }
        }
        String why = "neither chromium nor chromium-browser is on PATH (Debian: apt-get install chromium)";
        if ("1".equals(System.getenv("CI_REQUIRE_CHROMIUM"))) {
            fail("CI_REQUIRE_CHROMIUM=1 but " + why);
        }
        Assumptions.abort(why + ": the browser test is skipped");
        return null;
    }

    /** What one screenshot took and gave. */
    record Shot(Path page, Path png, BufferedImage image, long millis) {}

    /** A headless screenshot of {@code page}, as the issue asks (as root chromium needs --no-sandbox). */
    static Shot shoot(String browser, Path page, String name) throws IOException, InterruptedException {
        Path png = Inputs.buildDir().resolve("html-screenshots").resolve(name + ".png");
        Files.createDirectories(png.getParent());
        Files.deleteIfExists(png);
        Path log = tmp.resolve(name + ".chromium.log");
        List<String> cmd = List.of(browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                "--force-device-scale-factor=1",
                // no network at all: the page needs none, and a closed network makes these calls fail slowly
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--user-data-dir=" + tmp.resolve("profile-" + name),
                // let virtual time run out, and raster every tile before the capture: without the second flag,
                // one screenshot in a few here lacked the lower part of the page
                "--virtual-time-budget=2000", "--run-all-compositor-stages-before-draw", "--window-size=" + WIDTH + "," + HEIGHT, "--screenshot=" + png,
                page.toUri().toString());
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            fail("chromium did not finish within 120 s: " + String.join(" ", cmd) + "\n" + tail(log));
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(0, p.exitValue(), "chromium failed: " + String.join(" ", cmd) + "\n" + tail(log));
        assertTrue(Files.isRegularFile(png), "no screenshot written: " + tail(log));
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, "not a PNG ImageIO reads: " + png);
        System.out.println("BrowserScreenshotTest: " + name + ": " + millis + " ms, " + Files.size(png) + " bytes, " + png);
        return new Shot(page, png, image, millis);
    }

    private static String tail(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "";
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    /** diagnose --html of a capture, as a user in the project's directory writes it (the page shows the path given). */
    static Path page(String capture, String name, String... assume) {
        Path page = tmp.resolve(name + ".html");
        Path root = CAPS.resolve(capture);
        Path cwd = Path.of("").toAbsolutePath();
        String given = root.startsWith(cwd) ? cwd.relativize(root).toString() : root.toString();
        List<String> args = new ArrayList<>(List.of("diagnose", "--root", given, "--html", page.toString(), "--force"));
        args.addAll(SvgMap.assumeOptions(assume));
        Cli.Result r = Cli.run(args.toArray(new String[0]));
        assertTrue(r.exit() == 0 || r.exit() == 1, r.exit() + ": " + r.err());
        return page;
    }

    /** The screenshot is the viewport's size and shows a page, not one colour. */
    static void notBlank(Shot s) {
        BufferedImage im = s.image();
        assertEquals(WIDTH, im.getWidth(), "screenshot width");
        assertEquals(HEIGHT, im.getHeight(), "screenshot height");
        Set<Integer> colours = new HashSet<>();
        long nonWhite = 0;
        for (int y = 0; y < im.getHeight(); y++) {
            for (int x = 0; x < im.getWidth(); x++) {
                int rgb = im.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                if (rgb != 0xffffff) {
                    nonWhite++;
                }
            }
        }
        assertTrue(colours.size() >= 50, "only " + colours.size() + " colours: a blank page? " + s.png());
        assertTrue(nonWhite > (long) WIDTH * HEIGHT / 20, "only " + nonWhite + " non-white pixels: a blank page? " + s.png());
    }

    /** Where the SVG is in the screenshot: its origin and scale, from the frame colour's bounding box. */
    record Placement(double left, double top, double scale) {
        int px(double svgX) {
            return (int) Math.floor(left + svgX * scale);
        }

        int py(double svgY) {
            return (int) Math.floor(top + svgY * scale);
        }
    }

    static Placement place(Shot s) {
        int frame = Integer.parseInt(HtmlPage.MAP_FRAME_COLOUR.substring(1), 16);
        int minX = Integer.MAX_VALUE;
        int minY = Integer.MAX_VALUE;
        int maxX = -1;
        int maxY = -1;
        BufferedImage im = s.image();
        for (int y = 0; y < im.getHeight(); y++) {
            for (int x = 0; x < im.getWidth(); x++) {
                if (close(im.getRGB(x, y), frame, 2)) {
                    minX = Math.min(minX, x);
                    minY = Math.min(minY, y);
                    maxX = Math.max(maxX, x);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        assertTrue(maxX >= 0, "the map's frame (" + HtmlPage.MAP_FRAME_COLOUR + ") is not in the screenshot " + s.png());
        int b = HtmlPage.MAP_FRAME_WIDTH;
        double scale = (maxX - minX + 1 - 2.0 * b) / MmioMap.WIDTH;
        assertEquals(1.0, scale, 0.02, "the map is drawn at 1 unit = 1 px in a 1200 px window: " + s.png());
        assertEquals(MmioMap.HEIGHT * scale + 2 * b, maxY - minY + 1, 2,
                "the whole map, frame included, is within the 900 px screenshot: " + s.png());
        return new Placement(minX + b, minY + b, scale);
    }

    static boolean close(int argb, int rgb, int tolerance) {
        return Math.abs((argb >> 16 & 0xff) - (rgb >> 16 & 0xff)) <= tolerance
                && Math.abs((argb >> 8 & 0xff) - (rgb >> 8 & 0xff)) <= tolerance
                && Math.abs((argb & 0xff) - (rgb & 0xff)) <= tolerance;
    }

    static int colour(String hex) {
        return Integer.parseInt(hex.substring(1), 16);
    }

    /** The pixel at SVG (x, y) has the colour {@code hex}. */
    static void pixel(Shot s, Placement at, double x, double y, String hex, String what) {
        int px = at.px(x);
        int py = at.py(y);
        int got = s.image().getRGB(px, py) & 0xffffff;
        assertTrue(close(got, colour(hex), TOLERANCE), what + ": the pixel at (" + px + ", " + py + ") for SVG (" + x + ", " + y
                + ") is #" + String.format("%06x", got) + ", not " + hex + " (" + s.png() + ")");
    }

    /** Inside the rect: its colour; 2.5 units past its right end, in its lane: {@code after}. */
    static void drawnAt(Shot s, Placement at, Rect r, String colour, String after) {
        double mid = r.y() + r.height() / 2;
        pixel(s, at, r.x() + Math.min(2.5, r.width() / 2), mid, colour, r.kind() + " at its start");
        pixel(s, at, r.x() + r.width() / 2, mid, colour, r.kind() + " in its middle");
        pixel(s, at, r.x() + r.width() - Math.min(2.5, r.width() / 2), mid, colour, r.kind() + " at its end");
        if (after != null) {
            pixel(s, at, r.x() + r.width() + 2.5, mid, after, "just past the end of " + r.kind());
        }
    }

    static List<Rect> rects(Path page) throws IOException {
        return SvgMap.rects(SvgMap.svg(SvgMap.parse(Files.readString(page, StandardCharsets.UTF_8))));
    }

    @Test
    @Order(1)
    void atRiskPageGen2LocalX86() throws Exception {
        String browser = chromium();
        Path page = page("gen2-local-x86", "diagnose-gen2-local-x86-at-risk");
        Shot s = shoot(browser, page, "diagnose-gen2-local-x86-at-risk");
        notBlank(s);
        Placement at = place(s);
        List<Rect> rects = rects(page);
        Rect fb = SvgMap.one(rects, "framebuffer");
        assertEquals(MmioMap.BAND_WIDTH / 16.0, fb.width(), 0.002, "8 MiB of the 128 MiB band");
        drawnAt(s, at, fb, MmioMap.FRAMEBUFFER_COLOUR, MmioMap.RANGE_COLOUR);
        Rect hole = SvgMap.one(rects, "vtpm-hole");
        drawnAt(s, at, hole, MmioMap.VTPM_COLOUR, null);
        // the low range ends where the hole begins: its last pixels are the range's colour, the next the hole's
        Rect low = SvgMap.one(rects, "low-mmio");
        pixel(s, at, low.x() + low.width() - 2.5, low.y() + low.height() / 2, MmioMap.RANGE_COLOUR, "the low range's end");
        pixel(s, at, hole.x() + 2.5, hole.y() + hole.height() / 2, MmioMap.VTPM_COLOUR, "the vTPM hole's start");
        assertEquals(null, SvgMap.one(rects, "overlap"), "at-risk: whether there is an overlap cannot be told");
    }

    @Test
    @Order(2)
    void okPageGen1LocalX86() throws Exception {
        String browser = chromium();
        Path page = page("gen1-local-x86", "diagnose-gen1-local-x86-ok");
        Shot s = shoot(browser, page, "diagnose-gen1-local-x86-ok");
        notBlank(s);
        Placement at = place(s);
        List<Rect> rects = rects(page);
        Rect fb = SvgMap.one(rects, "framebuffer");
        assertEquals("high", fb.band());
        assertEquals(MmioMap.BAND_WIDTH / 4.0, fb.width(), 0.002, "128 MiB of the 512 MiB high band");
        drawnAt(s, at, fb, MmioMap.FRAMEBUFFER_COLOUR, MmioMap.RANGE_COLOUR);
        drawnAt(s, at, SvgMap.one(rects, "vtpm-hole"), MmioMap.VTPM_COLOUR, null);
    }

    @Test
    @Order(3)
    void willFailPageMarksTheOverlapInRed() throws Exception {
        String browser = chromium();
        Path page = page("gen2-local-x86", "diagnose-gen2-local-x86-will-fail", SvgMap.UBUNTU_KDUMP_KERNEL);
        Shot s = shoot(browser, page, "diagnose-gen2-local-x86-will-fail");
        notBlank(s);
        Placement at = place(s);
        List<Rect> rects = rects(page);
        Rect overlap = SvgMap.one(rects, "overlap");
        assertNotNull(overlap, "will-fail: the config window on the framebuffer");
        assertEquals(0xf8000000L, overlap.start());
        Rect mark = SvgMap.marker(rects, "overlap");
        assertNotNull(mark);
        drawnAt(s, at, mark, MmioMap.OVERLAP_COLOUR, MmioMap.RANGE_COLOUR);
        // the framebuffer's lane, right of the red mark: blue up to 1/16 of the band
        Rect fb = SvgMap.one(rects, "framebuffer");
        pixel(s, at, fb.x() + fb.width() - 2.5, fb.y() + fb.height() / 2, MmioMap.FRAMEBUFFER_COLOUR, "the framebuffer's end");
        pixel(s, at, fb.x() + fb.width() + 2.5, fb.y() + fb.height() / 2, MmioMap.RANGE_COLOUR, "past the framebuffer");
        // no red anywhere else in the bands: the overlap is the only thing drawn in its colour
        int red = colour(MmioMap.OVERLAP_COLOUR);
        for (double x = mark.x() + mark.width() + 3; x < MmioMap.BAND_LEFT + MmioMap.BAND_WIDTH; x += 1) {
            double y = MmioMap.LOW_TOP + MmioMap.BAND_HEIGHT / 2.0;
            assertTrue(!close(s.image().getRGB(at.px(x), at.py(y)), red, TOLERANCE), "red at SVG x " + x);
        }
        if (Boolean.getBoolean("kexecinspect.updateScreenshot")) {
            Files.createDirectories(README_PNG.getParent());
            Files.copy(s.png(), README_PNG, StandardCopyOption.REPLACE_EXISTING);
            if (Inputs.onPath("optipng")) {
                Inputs.exec(null, "optipng", "-quiet", "-o5", README_PNG.toString());
            }
            System.out.println("BrowserScreenshotTest: wrote " + README_PNG + " (" + Files.size(README_PNG) + " bytes)");
        }
    }

    /** The README's picture (made by the test above with -Dkexecinspect.updateScreenshot=true): there, a screenshot, small. */
    @Test
    @Order(4)
    void theReadmeScreenshotIsCommittedAndSmall() throws IOException {
        assertTrue(Files.isRegularFile(README_PNG), README_PNG + " is missing: run BrowserScreenshotTest with"
                + " -Dkexecinspect.updateScreenshot=true");
        BufferedImage im = ImageIO.read(README_PNG.toFile());
        assertNotNull(im, "not a PNG");
        assertEquals(WIDTH, im.getWidth());
        assertEquals(HEIGHT, im.getHeight());
        assertTrue(Files.size(README_PNG) < 200 * 1024, Files.size(README_PNG) + " bytes: keep it under 200 KB");
        String readme = Files.readString(Inputs.projectDir().resolve("README.md"), StandardCharsets.UTF_8);
        assertTrue(readme.contains("](docs/diagnose-gen2-local-x86.png)"), "the README shows it");
    }
}
