package org.kexecinspect.format.fb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.kexecinspect.format.FormatException;
import org.kexecinspect.testing.Inputs;

class FbsetTextTest {

    static String fixture(String name) {
        return Captures.text(Inputs.projectDir().resolve("native-fixtures/fbset").resolve(name));
    }

    static String realWorld(String name) {
        return Captures.text(Inputs.projectDir().resolve("src/test/resources/org/kexecinspect/fb").resolve(name));
    }

    @Test
    void readsTheRealEfifbOutputLineByLine() throws Exception {
        FbsetInfo info = FbsetText.parse(fixture("efifb-qemu.txt"), "efifb");
        FbsetMode m = info.mode().orElseThrow();
        assertEquals("1280x800-76", m.name());
        assertEquals(1280, m.xres());
        assertEquals(800, m.yresVirtual());
        assertEquals(32, m.bitsPerPixel());
        assertEquals(new FbsetMode.Timings(9765, 160, 32, 16, 4, 160, 4), m.timings().orElseThrow());
        assertEquals(new FbsetMode.Channel(8, 16), m.rgba().orElseThrow().red());
        assertEquals(new FbsetMode.Channel(8, 24), m.rgba().orElseThrow().transp());
        assertFalse(m.accelFlagsSet());
        FbsetDevice d = info.device();
        assertEquals("EFI VGA", d.id());
        assertEquals(0xc000_0000L, d.smemStart());
        assertEquals(4_096_000, d.smemLen());
        assertEquals(0, d.type());
        assertEquals(OptionalLong.empty(), d.typeAux());
        assertEquals("PACKED PIXELS", d.typeText());
        assertEquals(2, d.visual());
        assertEquals(5120, d.lineLength());
        assertEquals(OptionalLong.empty(), d.mmioStart());
        assertEquals(0, d.mmioLen());
        assertEquals(OptionalLong.of(0), d.accel());
    }

    @Test
    void allThreeAddressSpellingsMeanTheSameNumber() throws Exception {
        assertEquals(0, FbsetText.parse(fixture("bochs-drm-qemu.txt"), "debian").device().smemStart());   // "0"
        FbsetInfo nil = FbsetText.parse(realWorld("ssd130x-lkml-2023.fbset-i.txt"), "lkml");
        assertEquals(0, nil.device().smemStart());   // "(nil)"
        assertEquals("ssd130xdrmfb", nil.device().id());
        assertEquals(1, nil.device().visual());   // MONO10
        assertEquals(0x40_0000_0000L, FbsetText.parse(fixture("efifb-above-4g.txt"), "high").device().smemStart());
        String upper = fixture("hyperv_fb.txt").replace("0xf8000000", "0XF8000000");
        assertEquals(0xf800_0000L, FbsetText.parse(upper, "upper").device().smemStart());
    }

    @Test
    void numbersPrintedWithPercentDComeBackAsTheirU32() throws Exception {
        FbsetInfo odd = FbsetText.parse(fixture("odd-interleaved.txt"), "odd");
        assertEquals(0x8000_0000L, odd.device().smemLen());   // "Size : -2147483648"
        assertEquals(0xffff_ffffL, FbsetText.parse(fixture("odd-text.txt"), "t").mode().orElseThrow().xresVirtual());   // "-1"
    }

    @Test
    void rareLinesOfRealFbsetOutputAreRead() throws Exception {
        FbsetInfo odd = FbsetText.parse(fixture("odd-interleaved.txt"), "odd");
        FbsetDevice d = odd.device();
        assertEquals(2, d.type());
        assertEquals(OptionalLong.of(2), d.typeAux());
        assertEquals(OptionalLong.of(0xfe00_0000L), d.mmioStart());
        assertEquals(0x4000, d.mmioLen());
        assertEquals(OptionalLong.of(999), d.accel());
        FbsetMode m = odd.mode().orElseThrow();
        assertEquals(0x13f, m.sync());   // six named flags plus Debian's "sync 0x100"
        assertTrue(m.interlaced() && m.accelFlagsSet() && m.grayscaleSet());
        assertEquals(1, m.nonstd());

        FbsetDevice text = FbsetText.parse(fixture("odd-text.txt"), "t").device();
        assertEquals(3, text.type());
        assertEquals(OptionalLong.of(1), text.typeAux());   // "CGA/EGA/VGA Color text"
        assertEquals(9, text.visual());   // "9 (UNKNOWN)"
        assertEquals(OptionalLong.empty(), text.accel());   // a name: not mapped back
        assertEquals("Atari Blitter", text.accelerator());

        FbsetDevice unknown = FbsetText.parse(fixture("odd-unknown-type.txt"), "u").device();
        assertEquals(7, unknown.type());
        assertEquals(OptionalLong.of(5), unknown.typeAux());   // the Type_aux line
        assertEquals("abcdefghijklmno", unknown.id());
    }

    @Test
    void unknownLinesCommentsAndCrlfChangeNothing() throws Exception {
        String text = fixture("vesafb-16bpp.txt");
        FbsetInfo plain = FbsetText.parse(text, "x");
        String noisy = "fbset: some banner\n" + text
                .replace("    geometry", "    # a comment\n    frobnicate 1 2 3\n    geometry")
                .replace("    Accelerator", "    Colour depth: whatever\n    \u0001\u0002 binary : \u00ff\n    Accelerator")
                + "\ntrailing words\n";
        assertEquals(plain, FbsetText.parse(noisy, "x"));
        assertEquals(plain, FbsetText.parse(text.replace("\n", "\r\n"), "x"));
    }

    @Test
    void theDeviceBlockIsRequired() {
        String full = fixture("efifb-qemu.txt");
        String modeOnly = full.substring(0, full.indexOf(FbsetText.DEVICE_HEADER));   // what fbset -s prints
        FormatException e = assertThrows(FormatException.class, () -> FbsetText.parse(modeOnly, "s.txt"));
        assertTrue(e.getMessage().startsWith("s.txt: "), e.getMessage());
        assertTrue(e.reason().contains("no \"Frame buffer device information:\" block"), e.getMessage());
        assertThrows(FormatException.class, () -> FbsetText.parse("", "empty"));
    }

    @Test
    void aDeviceBlockWithoutTheModeBlockIsEnough() throws Exception {
        String text = fixture("hyperv_fb.txt");
        FbsetInfo info = FbsetText.parse(text.substring(text.indexOf(FbsetText.DEVICE_HEADER)), "dev");
        assertTrue(info.mode().isEmpty());
        assertEquals("hyperv_fb", info.device().id());
    }

    @Test
    void aTruncatedOrRepeatedOrMalformedBlockIsRefused() {
        String text = fixture("efifb-qemu.txt");
        String[] bad = {
            text.substring(0, text.indexOf("    Accelerator")),   // cut before the last line
            text + text,   // two outputs glued together
            text.replace("    LineLength  : 5120\n", "    LineLength  : 5120\n    LineLength  : 5120\n"),
            text.replace("endmode\n", ""),
            text.replace("geometry 1280 800 1280 800 32", "geometry 1280 800 1280 800"),
            text.replace("geometry 1280 800 1280 800 32", "geometry 1280 800 x 800 32"),
            text.replace("timings 9765", "timings 99999999999"),
            text.replace("rgba 8/16,8/8,8/0,8/24", "rgba 8/16,8/8,8/0"),
            text.replace("0xc0000000", "0xc0000000zz"),
            text.replace("0xc0000000", "0x123456789abcdef01"),
            text.replace("4096000", "4294967296"),
            text.replace("PACKED PIXELS", "SOMETHING ELSE"),
            text.replace("TRUECOLOR", "ULTRACOLOR"),
            text.replace("XPanStep    : 0", "XPanStep    : 65536"),
            text.replace("Name        : EFI VGA", "Name        : 0123456789abcdefXYZ"),
            text.replace("    Accelerator", "    MMIO Size   : 4096\n    Accelerator"),
            text.replace("    Visual", "    Type_aux    : 3\n    Visual"),
        };
        for (int i = 0; i < bad.length; i++) {
            String input = bad[i];
            assertThrows(FormatException.class, () -> FbsetText.parse(input, "bad"), "case " + i);
        }
    }

    @Test
    void capsOnSizeLineLengthAndLineCountHold() {
        String ok = fixture("efifb-qemu.txt");
        String huge = ok + "x".repeat(FbsetText.MAX_TEXT_LENGTH);
        FormatException e = assertThrows(FormatException.class, () -> FbsetText.parse(huge, "huge"));
        assertTrue(e.reason().contains("longer than"), e.getMessage());
        String longLine = "#" + "a".repeat(FbsetText.MAX_LINE_LENGTH + 5) + "\n" + ok;
        e = assertThrows(FormatException.class, () -> FbsetText.parse(longLine, "line"));
        assertEquals(0, e.offset());
        String manyLines = "\n".repeat(FbsetText.MAX_LINES + 1) + ok;
        e = assertThrows(FormatException.class, () -> FbsetText.parse(manyLines, "lines"));
        assertTrue(e.reason().contains("lines"), e.getMessage());
    }

    @Test
    void binaryGarbageAndMutatedTextGiveAResultOrAFormatExceptionNeverAnotherException() {
        Random random = new Random(20260721);
        String ok = fixture("odd-interleaved.txt");
        for (int round = 0; round < 3000; round++) {
            String input;
            if (round % 3 == 0) {
                byte[] b = new byte[random.nextInt(4096)];
                random.nextBytes(b);
                input = new String(b, StandardCharsets.ISO_8859_1);
            } else {
                char[] c = ok.toCharArray();
                for (int k = 0, n = 1 + random.nextInt(8); k < n; k++) {
                    c[random.nextInt(c.length)] = (char) (round % 3 == 1 ? random.nextInt(256) : " \n:-0x9()/,\"".charAt(random.nextInt(12)));
                }
                input = new String(c);
            }
            try {
                FbsetText.parse(input, "fuzz");
            } catch (FormatException expected) {
                // fine
            } catch (RuntimeException e) {
                fail("round " + round + ": " + e, e);
            }
        }
    }
}
