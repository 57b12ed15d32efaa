package org.kexecinspect.format.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kexecinspect.format.FormatException;
import org.kexecinspect.testing.Inputs;

/**
 * The parser on real /proc/iomem texts (the README beside each says where it came from) and on
 * hostile ones. Expected values are read off the texts by eye, or taken from another real
 * artifact of the same machine; none comes from running the parser.
 */
class ProcIomemTest {

    static final Path OWN = Inputs.projectDir().resolve("src/test/resources/org/kexecinspect/format/text/iomem");

    static String text(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return fail("cannot read " + file + ": " + e.getMessage());
        }
    }

    static ProcIomem parse(Path file) {
        try {
            return ProcIomem.parse(text(file), file.getFileName().toString());
        } catch (FormatException e) {
            return fail("a real /proc/iomem must parse: " + e.getMessage());
        }
    }

    static Path firecrackerRoot() { return OWN.resolve("firecracker-6.18-root.iomem.txt"); }

    static Path firecrackerNonRoot() { return OWN.resolve("firecracker-6.18-nonroot.iomem.txt"); }

    static Path decuiGen1() { return Inputs.captures().resolve("real-world/decui-2026-gen1-local-7680x4320.iomem.txt"); }

    static Path qemu(String scenario, String stage) { return Inputs.qemuCapture(scenario, stage).resolve("iomem.txt"); }

    /** The lines of a text that are not blank, the count the kernel printed. */
    static long lineCount(String text) {
        return text.lines().filter(l -> !l.isEmpty()).count();
    }

    // ---- real texts

    @Test
    void everyLineOfEachRealTextBecomesOneRegion() {
        for (Path p : List.of(firecrackerRoot(), firecrackerNonRoot(), decuiGen1(), qemu("efifb-kexec_load", "first"),
                qemu("efifb-kexec_load", "kdump"), qemu("bochs-drm", "first"))) {
            assertEquals(lineCount(text(p)), parse(p).allRegions().size(), p.toString());
        }
    }

    @Test
    void rootViewOfThisMachineKeepsAddressesAndNesting() {
        ProcIomem iomem = parse(firecrackerRoot());
        assertFalse(iomem.addressesHidden());
        // by eye: nine lines start in column 0
        assertEquals(9, iomem.regions().size());
        IomemRegion reserved = iomem.regions().get(5);
        assertEquals("Reserved", reserved.name());
        assertEquals(0xeec00000L, reserved.start());
        assertEquals(0xfebfffffL, reserved.end());
        // "eec00000-eecfffff : PCI ECAM 0000 [bus 00-00]" with "PCI Bus 0000:00" two spaces further in
        IomemRegion ecam = reserved.children().get(0);
        assertEquals("PCI ECAM 0000 [bus 00-00]", ecam.name());
        assertEquals("PCI Bus 0000:00", ecam.children().get(0).name());
        IomemRegion high = iomem.regions().get(8);
        assertEquals(0x4000000000L, high.start());
        assertEquals(0x7fffffffffL, high.end());
        assertEquals(5, high.children().size());
    }

    @Test
    void nonRootViewIsFlaggedAndHasTheSameNamesAndShapeAsTheRootView() {
        ProcIomem hidden = parse(firecrackerNonRoot());
        ProcIomem shown = parse(firecrackerRoot());
        assertTrue(hidden.addressesHidden());
        assertFalse(shown.addressesHidden());
        assertEquals(shape(shown.regions()), shape(hidden.regions()));
        assertTrue(hidden.allRegions().stream().allMatch(r -> r.start() == 0 && r.end() == 0));
    }

    /** Names and nesting, without addresses. */
    static List<String> shape(List<IomemRegion> level) {
        List<String> out = new ArrayList<>();
        for (IomemRegion r : level) {
            out.add(r.name() + " {");
            out.addAll(shape(r.children()));
            out.add("}");
        }
        return out;
    }

    @Test
    void hyperVGen1TextParsesWithItsHighWindowAboveFourGiB() {
        ProcIomem iomem = parse(decuiGen1());
        IomemRegion last = iomem.regions().get(iomem.regions().size() - 1);
        // by eye: "fe0000000-fffffffff : PCI Bus 0000:00" with the hyperv_drm allocation in it
        assertEquals(0xfe0000000L, last.start());
        assertEquals(0xfffffffffL, last.end());
        assertEquals("5620e0c7-8062-4dce-aeb7-520c7ef76171", last.children().get(0).name());
        assertEquals(0xfe7ffffffL, last.children().get(0).end());
    }

    @Test
    void excerptsBetweenTheAuthorsElisionsParseOnTheirOwn() throws FormatException {
        for (String file : List.of("vkuznets-2022-gen1-hv_pci-before.iomem.txt", "vkuznets-2022-gen1-hv_pci-after.iomem.txt")) {
            for (String fragment : fragments(text(OWN.resolve(file)))) {
                ProcIomem iomem = ProcIomem.parse(fragment, file);
                assertEquals(1, iomem.regions().size(), fragment);
                assertEquals("PCI Bus 0000:00", iomem.regions().get(0).name());
            }
        }
    }

    /** The stretches of a posted excerpt between its "..." lines. */
    static List<String> fragments(String excerpt) {
        List<String> out = new ArrayList<>();
        for (String part : excerpt.split("(?m)^\\.\\.\\.\\n?")) {
            if (!part.isBlank()) {
                out.add(part);
            }
        }
        return out;
    }

    @Test
    void theRunningKernelsOwnIomemParses() throws IOException, FormatException {
        Path live = Path.of("/proc/iomem");
        Assumptions.assumeTrue(Files.isReadable(live), "no /proc/iomem here");
        String text = Files.readString(live, StandardCharsets.ISO_8859_1);
        ProcIomem iomem = ProcIomem.parse(text, live.toString());
        assertEquals(lineCount(text), iomem.allRegions().size());
        assertEquals(text.lines().allMatch(l -> l.trim().startsWith("00000000-00000000 ")), iomem.addressesHidden());
    }

    // ---- the format's rules, on small hand-written texts

    @Test
    void aLevelFiveLineInsideTheLevelFiveLineBeforeIsItsChild() throws FormatException {
        // r_show() never indents past five levels; the second "          " line lies inside the first
        String text = """
                00000000-ffffffff : a
                  00000000-0fffffff : b
                    00000000-00ffffff : c
                      00000000-000fffff : d
                        00000000-0000ffff : e
                          00000000-00000fff : f
                          00000000-000000ff : g
                          00001000-00001fff : h
                """;
        ProcIomem iomem = ProcIomem.parse(text, "t");
        IomemRegion e = iomem.regions().get(0).children().get(0).children().get(0).children().get(0).children().get(0);
        assertEquals(List.of("f", "h"), e.children().stream().map(IomemRegion::name).toList());
        assertEquals("g", e.children().get(0).children().get(0).name());
    }

    @Test
    void addressesAreUnsigned64Bit() throws FormatException {
        ProcIomem iomem = ProcIomem.parse("8000000000000000-ffffffffffffffff : top\n", "t");
        assertEquals(0x8000000000000000L, iomem.regions().get(0).start());
        assertEquals(-1L, iomem.regions().get(0).end());
    }

    @Test
    void anEmptyNameAndACrlfLineEndAreAccepted() throws FormatException {
        ProcIomem iomem = ProcIomem.parse("00000000-00000fff : \r\n00001000-00001fff : x\r\n", "t");
        assertEquals(List.of("", "x"), iomem.regions().stream().map(IomemRegion::name).toList());
    }

    @Test
    void malformedLineIsReportedAtItsByteOffsetAndLineNumber() {
        // the first name has accented letters, 2 bytes each in UTF-8: the byte offset is not the char index
        String first = "00000000-00000fff : Résérvé\n";
        String text = first + "00001000-0000zfff : System RAM\n";
        FormatException e = assertThrows(FormatException.class, () -> ProcIomem.parse(text, "t"));
        assertEquals(first.getBytes(StandardCharsets.UTF_8).length, e.offset());
        assertTrue(e.reason().startsWith("line 2:"), e.reason());
        assertTrue(e.getMessage().startsWith("t: "), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "00001000-00000fff : end below start\n",
        "00000000-00000fff : a\n    00000000-000000ff : skips a level\n",
        " 00000000-00000fff : odd indent\n",
        "\t00000000-00000fff : tab\n",
        "00000000-00000fff: no space before colon\n",
        "00000000 00000fff : no dash\n",
        "00000000-00000fff\n",
        "00000000000000000-00000fff : seventeen digits\n",
        "00000000-00000fff : a\n  00001000-00001fff : outside its parent\n",
        "00001000-00001fff : a\n00000000-00000fff : before its sibling\n",
        "00000000-00000fff : a\n00000800-00001fff : overlaps its sibling\n",
        "-00000fff : no start\n",
        "hello world\n",
    })
    void brokenLinesAreFormatExceptions(String text) {
        assertThrows(FormatException.class, () -> ProcIomem.parse(text, "t"));
    }

    // ---- hostile input: a FormatException or a clean result, never anything else, in bounded time

    static void formatExceptionOrClean(String text) {
        try {
            ProcIomem.parse(text, "hostile");
        } catch (FormatException expected) {
            // fine
        }
    }

    @Test
    void everyPrefixOfARealTextParsesOrFailsCleanly() {
        // a truncated read: cut at every character, including inside an address or the " : "
        for (Path p : List.of(decuiGen1(), qemu("bochs-drm", "first"), firecrackerRoot())) {
            String text = text(p);
            for (int i = 0; i <= text.length(); i++) {
                formatExceptionOrClean(text.substring(0, i));
            }
        }
    }

    @Test
    void aTruncatedLastLineInsideTheNameStillParses() throws FormatException {
        String text = text(decuiGen1());
        String cut = text.substring(0, text.lastIndexOf("ef76171"));   // end the GUID early, no LF
        ProcIomem iomem = ProcIomem.parse(cut, "cut");
        assertEquals(lineCount(text), iomem.allRegions().size());
    }

    @Test
    void hundredThousandNestedLinesStopAtTheDepthCap() {
        // each line at the kernel's deepest indent and inside the one before: nesting by containment
        StringBuilder b = new StringBuilder();
        String indent = "  ".repeat(5);
        b.append("00000000-ffffffffffffffff : 0\n").append("  ").append("00000000-ffffffffffffffff : 1\n");
        b.append("    00000000-ffffffffffffffff : 2\n      00000000-ffffffffffffffff : 3\n");
        b.append("        00000000-ffffffffffffffff : 4\n");
        for (int i = 5; i < 100_000; i++) {
            b.append(indent).append(String.format("%x-%x : \n", i, -1L - i));   // short, to stay under 4 MiB
        }
        String text = b.toString();
        FormatException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(FormatException.class, () -> ProcIomem.parse(text, "deep")));
        assertTrue(e.reason().contains("nested deeper than " + ProcIomem.MAX_DEPTH), e.reason());
    }

    @Test
    void linesIndentedOneLevelMoreEachTimeStopAtTheDepthCap() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 30_000; i++) {   // about 3 MiB, under the size cap
            b.append("  ".repeat(Math.min(i, 40))).append("00000000-ffffffff : x\n");
        }
        FormatException e = assertThrows(FormatException.class, () -> ProcIomem.parse(b.toString(), "deep"));
        assertTrue(e.reason().startsWith("line " + (ProcIomem.MAX_DEPTH + 1) + ":"), e.reason());
    }

    @Test
    void aHundredThousandLinesParseAndOneMoreIsRefused() throws FormatException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < ProcIomem.MAX_LINES; i++) {
            b.append(String.format("%08x-%08x : r\n", (long) i << 12, ((long) i << 12) + 0xfff));
        }
        String full = b.toString();
        ProcIomem iomem = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> ProcIomem.parse(full, "many"));
        assertEquals(ProcIomem.MAX_LINES, iomem.regions().size());
        String more = full + String.format("%08x-%08x : r\n", 1L << 40, (1L << 40) + 0xfff);
        FormatException e = assertThrows(FormatException.class, () -> ProcIomem.parse(more, "many"));
        assertTrue(e.reason().contains("more than " + ProcIomem.MAX_LINES + " lines"), e.reason());
    }

    @Test
    void aLineOfOneMebibyteIsRefusedAtItsOffset() {
        String first = "00000000-00000fff : Reserved\n";
        String text = first + "00001000-00001fff : " + "x".repeat(1 << 20) + "\n";
        FormatException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(FormatException.class, () -> ProcIomem.parse(text, "long")));
        assertEquals(first.length(), e.offset());
        assertTrue(e.reason().startsWith("line 2: longer than"), e.reason());
    }

    @Test
    void moreThanFourMebibytesIsRefused() {
        String line = "00000000-00000fff : " + "n".repeat(4000) + "\n";
        String text = line.repeat((ProcIomem.MAX_INPUT_BYTES / line.length()) + 1);
        FormatException e = assertThrows(FormatException.class, () -> ProcIomem.parse(text, "big"));
        assertTrue(e.reason().contains("larger than"), e.reason());
    }

    @Test
    void randomGarbageIsAFormatExceptionOrEmpty() {
        Random random = new Random(20261121);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (int trial = 0; trial < 2000; trial++) {
                byte[] bytes = new byte[random.nextInt(4096)];
                random.nextBytes(bytes);
                formatExceptionOrClean(new String(bytes, StandardCharsets.ISO_8859_1));
            }
        });
    }

    @Test
    void realTextsWithRandomByteFlipsParseOrFailCleanly() {
        Random random = new Random(42);
        String base = text(decuiGen1());
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (int trial = 0; trial < 5000; trial++) {
                char[] chars = base.toCharArray();
                for (int k = 0; k < 1 + random.nextInt(4); k++) {
                    chars[random.nextInt(chars.length)] = (char) random.nextInt(128);
                }
                formatExceptionOrClean(new String(chars));
            }
        });
    }
}
