package org.kexecinspect.format.fb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.kexecinspect.testing.Inputs;

/**
 * The committed output of Debian's real fbset (native-fixtures/fbset, made by fbset-fixtures.sh
 * through the LD_PRELOAD shim) states the same facts as the raw structs it was made from. If a
 * .txt, .fix or .var is changed by hand, or if the parser stops agreeing with fbset, this test
 * fails. fbset itself is not run here.
 */
class FbsetFixturesTest {

    static Path dir() {
        return Inputs.projectDir().resolve("native-fixtures").resolve("fbset");
    }

    static List<String> cases() throws IOException {
        try (Stream<Path> s = Files.list(dir())) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".fix"))
                    .map(n -> n.substring(0, n.length() - 4)).sorted().toList();
        }
    }

    @Test
    void everyCaseTheReadmeNamesIsThereWithAllThreeFiles() throws IOException {
        Set<String> expected = new TreeSet<>(List.of("efifb-qemu", "bochs-drm-qemu", "hyperv_fb", "hyperv_drm",
                "vesafb-16bpp", "efifb-above-4g", "odd-interleaved", "odd-text", "odd-unknown-type", "odd-vga-planes"));
        assertEquals(expected, new TreeSet<>(cases()));
        for (String c : cases()) {
            for (String ext : List.of(".fix", ".var", ".txt")) {
                assertTrue(Files.isRegularFile(dir().resolve(c + ext)), c + ext);
            }
        }
        assertEquals("fbset 2.1-33 amd64", Files.readString(dir().resolve("fbset-version.txt")).trim());
    }

    @Test
    void theRealCaptureCasesAreUnchangedCopiesOfTheCaptures() throws IOException {
        assertEquals(-1, Files.mismatch(dir().resolve("efifb-qemu.fix"),
                Inputs.qemuCapture("efifb-kexec_load", "first").resolve("fb_fix.bin")));
        assertEquals(-1, Files.mismatch(dir().resolve("efifb-qemu.var"),
                Inputs.qemuCapture("efifb-kexec_load", "first").resolve("fb_var.bin")));
        assertEquals(-1, Files.mismatch(dir().resolve("bochs-drm-qemu.fix"),
                Inputs.qemuCapture("bochs-drm", "first").resolve("fb_fix.bin")));
        assertEquals(-1, Files.mismatch(dir().resolve("bochs-drm-qemu.var"),
                Inputs.qemuCapture("bochs-drm", "first").resolve("fb_var.bin")));
    }

    @Test
    void eachFbsetTextStatesTheSameFactsAsItsRawStructs() throws Exception {
        List<String> problems = new ArrayList<>();
        for (String c : cases()) {
            FbFix fix = FbFix.read(Captures.source(dir().resolve(c + ".fix")));
            FbVar var = FbVar.read(Captures.source(dir().resolve(c + ".var")));
            FbsetInfo info = FbsetText.parse(Captures.text(dir().resolve(c + ".txt")), c + ".txt");
            compare(c, fix, var, info, problems);
        }
        assertEquals(List.of(), problems, String.join("\n", problems));
    }

    static void check(List<String> problems, String where, String what, Object fromStruct, Object fromText) {
        if (!fromStruct.equals(fromText)) {
            problems.add(where + ": " + what + ": struct says " + fromStruct + ", fbset text says " + fromText);
        }
    }

    /** Every fact both sources carry, compared; facts fbset does not print must be absent from the text's record. */
    static void compare(String c, FbFix fix, FbVar var, FbsetInfo info, List<String> p) {
        FbsetDevice d = info.device();
        check(p, c, "id", fix.id(), d.id());
        check(p, c, "smem_start", fix.smemStart(), d.smemStart());
        check(p, c, "smem_len", fix.smemLen(), d.smemLen());
        check(p, c, "type", fix.type(), d.type());
        if (d.typeAux().isPresent()) {
            check(p, c, "type_aux", fix.typeAux(), d.typeAux().getAsLong());
        } else {
            check(p, c, "type_aux absent only for packed pixels and planes", true, fix.type() <= 1);
        }
        check(p, c, "visual", fix.visual(), d.visual());
        check(p, c, "xpanstep", fix.xpanstep(), d.xpanstep());
        check(p, c, "ypanstep", fix.ypanstep(), d.ypanstep());
        check(p, c, "ywrapstep", fix.ywrapstep(), d.ywrapstep());
        check(p, c, "line_length", fix.lineLength(), d.lineLength());
        check(p, c, "mmio_len", fix.mmioLen(), d.mmioLen());
        check(p, c, "mmio_start shown exactly when mmio_len != 0", fix.mmioLen() != 0, d.mmioStart().isPresent());
        d.mmioStart().ifPresent(v -> check(p, c, "mmio_start", fix.mmioStart(), v));
        if (d.accel().isPresent()) {
            check(p, c, "accel", fix.accel(), d.accel().getAsLong());
        } else {
            check(p, c, "a named accelerator is not FB_ACCEL_NONE", true, fix.accel() != 0 && !d.accelerator().equals("No"));
        }

        if (info.mode().isEmpty()) {
            p.add(c + ": fbset -i always prints a mode block, the parser found none");
            return;
        }
        FbsetMode m = info.mode().get();
        check(p, c, "xres", var.xres(), m.xres());
        check(p, c, "yres", var.yres(), m.yres());
        check(p, c, "xres_virtual", var.xresVirtual(), m.xresVirtual());
        check(p, c, "yres_virtual", var.yresVirtual(), m.yresVirtual());
        check(p, c, "bits_per_pixel", var.bitsPerPixel(), m.bitsPerPixel());
        String size = var.xres() + "x" + var.yres();
        check(p, c, "mode name starts with the resolution", true, m.name().equals(size) || m.name().startsWith(size + "-"));
        check(p, c, "a refresh suffix exactly when pixclock != 0", var.pixclock() != 0, m.name().contains("-"));
        FbsetMode.Timings t = m.timings().orElse(null);
        if (t == null) {
            p.add(c + ": no timings line");
        } else {
            check(p, c, "pixclock", var.pixclock(), t.pixclock());
            check(p, c, "left_margin", var.leftMargin(), t.leftMargin());
            check(p, c, "right_margin", var.rightMargin(), t.rightMargin());
            check(p, c, "upper_margin", var.upperMargin(), t.upperMargin());
            check(p, c, "lower_margin", var.lowerMargin(), t.lowerMargin());
            check(p, c, "hsync_len", var.hsyncLen(), t.hsyncLen());
            check(p, c, "vsync_len", var.vsyncLen(), t.vsyncLen());
        }
        check(p, c, "sync", var.sync(), m.sync());
        check(p, c, "interlaced", (var.vmode() & FbVar.FB_VMODE_MASK) == FbVar.FB_VMODE_INTERLACED, m.interlaced());
        check(p, c, "double scan", (var.vmode() & FbVar.FB_VMODE_MASK) == FbVar.FB_VMODE_DOUBLE, m.doubleScan());
        check(p, c, "nonstd", var.nonstd(), m.nonstd());
        check(p, c, "accel_flags != 0", var.accelFlags() != 0, m.accelFlagsSet());
        check(p, c, "grayscale != 0", var.grayscale() != 0, m.grayscaleSet());
        FbsetMode.Rgba rgba = m.rgba().orElse(null);
        if (rgba == null) {
            p.add(c + ": no rgba line");
        } else {
            check(p, c, "red", true, same(rgba.red(), var.red()));
            check(p, c, "green", true, same(rgba.green(), var.green()));
            check(p, c, "blue", true, same(rgba.blue(), var.blue()));
            check(p, c, "transp", true, same(rgba.transp(), var.transp()));
        }
    }

    /** Same length and offset as the struct's channel (msb_right is not compared: fbset does not show it). */
    private static boolean same(FbsetMode.Channel shown, FbBitfield b) {
        return shown.length() == b.length() && shown.offset() == b.offset();
    }

    /** Guards the comparison itself: a text whose facts differ from the structs must be caught. */
    @Test
    void theComparisonNoticesAChangedFact() throws Exception {
        String c = "efifb-qemu";
        FbFix fix = FbFix.read(Captures.source(dir().resolve(c + ".fix")));
        FbVar var = FbVar.read(Captures.source(dir().resolve(c + ".var")));
        String text = Captures.text(dir().resolve(c + ".txt"));
        for (String[] edit : new String[][] {
            {"0xc0000000", "0xc0001000"}, {"4096000", "4096001"}, {"5120", "5121"}, {"8/16,", "8/8,"},
            {"geometry 1280 800 1280 800 32", "geometry 1280 800 1280 1600 32"}, {"timings 9765", "timings 9766"},
            {"endmode", "    laced true\nendmode"}, {"endmode", "    sync 0x40\nendmode"}, {"Accelerator : No", "Accelerator : Unknown (3)"},
        }) {
            String changed = text.replace(edit[0], edit[1]);
            assertFalse(changed.equals(text), edit[0]);
            List<String> problems = new ArrayList<>();
            compare(c, fix, var, FbsetText.parse(changed, c), problems);
            assertFalse(problems.isEmpty(), "changing " + edit[0] + " went unnoticed");
        }
    }
}
