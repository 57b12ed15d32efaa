package org.kexecinspect.format.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kexecinspect.format.FormatException;
import org.kexecinspect.testing.Inputs;

/**
 * The parser on the config files of Debian's kernel packages, checked against grep's reading of
 * the same files, and on small texts for the syntax and the caps.
 */
class KernelConfigTest {

    // ---- real inputs: Debian's config-<release>, beside the vmlinuz debian-kernel.sh caches


    /** The config-* file beside the image of Debian's current amd64 or arm64 kernel package. */
    private static Path debianConfig(String flavour) {
        return Inputs.configBeside(Inputs.debianKernel(flavour));
    }

    private static KernelConfig parse(Path file) throws IOException, FormatException {
        try (InputStream in = Files.newInputStream(file)) {
            return KernelConfig.parse(file.toString(), in);
        }
    }

    /** grep's lines matching an extended regex; none is not a failure (grep exits 1 then). */
    private static List<String> grep(String regex, Path file) {
        String out = Inputs.exec(null, "sh", "-c", "grep -E \"$0\" \"$1\" || [ $? -eq 1 ]", regex, file.toString());
        return out.lines().toList();
    }

    /** Every option grep sees, valued by hand: strings lose their quotes and backslashes, "is not set" is n. */
    private static Map<String, String> grepOptions(Path file) {
        Map<String, String> expected = new HashMap<>();
        for (String l : grep("^CONFIG_[A-Za-z0-9_]+=", file)) {
            String name = l.substring(0, l.indexOf('='));
            String v = l.substring(l.indexOf('=') + 1);
            if (v.startsWith("\"")) {
                v = v.substring(1, v.length() - 1).replaceAll("\\\\(.)", "$1");
            }
            expected.put(name, v);
        }
        for (String l : grep("^# CONFIG_[A-Za-z0-9_]+ is not set$", file)) {
            expected.put(l.split(" ")[1], "n");
        }
        return expected;
    }

    @ParameterizedTest
    @ValueSource(strings = {"amd64", "arm64"})
    void everyOptionGrepFindsIsParsedWithTheSameValue(String flavour) throws Exception {
        Path file = debianConfig(flavour);
        KernelConfig config = parse(file);
        Map<String, String> expected = grepOptions(file);
        assertTrue(expected.size() > 5000, "a real config has thousands of options: " + expected.size());
        assertEquals(expected, new HashMap<>(config.options()));
        assertTrue(config.options().containsValue("y") && config.options().containsValue("m"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"amd64", "arm64"})
    void theDefaultSelectionAgreesWithGrep(String flavour) throws Exception {
        Path file = debianConfig(flavour);
        Map<String, Optional<String>> selected = KdumpConfigOptions.select(parse(file));
        assertEquals(KdumpConfigOptions.OPTIONS.stream().map(KdumpConfigOptions.Option::name).toList(),
                List.copyOf(selected.keySet()));
        Map<String, String> expected = grepOptions(file);
        selected.forEach((name, value) -> assertEquals(Optional.ofNullable(expected.get(name)), value, name));
        // Debian 6.1 sets neither HYPERV_VTL_MODE (added later) nor leaves it "not set": it must be absent
        assertTrue(grep("CONFIG_HYPERV_VTL_MODE[ =]", file).isEmpty());
        assertEquals(Optional.empty(), selected.get("CONFIG_HYPERV_VTL_MODE"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"amd64", "arm64"})
    void ikconfigIsNotSetOnDebian(String flavour) throws Exception {
        Path file = debianConfig(flavour);
        assertEquals(List.of("# CONFIG_IKCONFIG is not set"), grep("^# CONFIG_IKCONFIG is not set$", file));
        KernelConfig config = parse(file);
        assertEquals(Optional.of("n"), config.value("IKCONFIG"));
        assertFalse(config.isBuiltIn("CONFIG_IKCONFIG"));
    }

    @Test
    void debianAmd64IsXzCompressedAsGrepSays() throws Exception {
        Path file = debianConfig("amd64");
        List<String> grepped = grep("^CONFIG_KERNEL_(GZIP|BZIP2|LZMA|XZ|LZO|LZ4|ZSTD)=y$", file);
        assertEquals(List.of("CONFIG_KERNEL_XZ=y"), grepped);
        assertEquals(Optional.of("CONFIG_KERNEL_XZ"), KdumpConfigOptions.kernelCompression(parse(file)));
    }

    @Test
    void debianArm64HasNoCompressionChoice() throws Exception {
        Path file = debianConfig("arm64");
        assertTrue(grep("^CONFIG_KERNEL_(GZIP|BZIP2|LZMA|XZ|LZO|LZ4|ZSTD)=", file).isEmpty());
        assertEquals(Optional.empty(), KdumpConfigOptions.kernelCompression(parse(file)));
    }

    // ---- behaviour on small texts

    private static KernelConfig parse(String text) throws FormatException {
        return KernelConfig.parse("test.config", new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)));
    }

    private static FormatException fails(String text) {
        return assertThrows(FormatException.class, () -> parse(text));
    }

    @Test
    void valuesAreKeptAsKbuildWritesThem() throws Exception {
        KernelConfig c = parse("#\n# Automatically generated file; DO NOT EDIT.\n#\n\n"
                + "CONFIG_A=y\nCONFIG_B=m\n# CONFIG_C is not set\nCONFIG_D=0x1000\nCONFIG_E=-1\nCONFIG_F=100\n"
                + "CONFIG_S=\"a \\\"q\\\" b\\\\c\"\nCONFIG_EMPTY=\"\"\n# CONFIG_G depends on something (a comment)\n"
                + "CONFIG_CRLF=y\r\nCONFIG_LAST=\"no newline\"");
        assertEquals(List.of("CONFIG_A", "CONFIG_B", "CONFIG_C", "CONFIG_D", "CONFIG_E", "CONFIG_F", "CONFIG_S",
                "CONFIG_EMPTY", "CONFIG_CRLF", "CONFIG_LAST"), List.copyOf(c.options().keySet()));
        assertEquals(Optional.of("0x1000"), c.value("D"));
        assertEquals(Optional.of("-1"), c.value("CONFIG_E"));
        assertEquals(Optional.of("a \"q\" b\\c"), c.value("S"));
        assertEquals(Optional.of(""), c.value("EMPTY"));
        assertEquals(Optional.of("y"), c.value("CRLF"));
        assertEquals(Optional.of("no newline"), c.value("LAST"));
        assertEquals(Optional.empty(), c.value("G"));
        assertEquals(Optional.of("m"), c.value("B"));
        assertEquals(Optional.of("n"), c.value("C"), "\"is not set\" is n");
        assertTrue(c.isBuiltIn("A"));
        assertFalse(c.isBuiltIn("B") || c.isBuiltIn("C") || c.isBuiltIn("F") || c.isBuiltIn("MISSING"));
        assertThrows(UnsupportedOperationException.class, () -> c.options().put("CONFIG_X", "y"));
    }

    @Test
    void theLastAssignmentWins() throws Exception {
        KernelConfig c = parse("CONFIG_A=y\nCONFIG_B=m\n# CONFIG_A is not set\nCONFIG_B=y\n");
        assertEquals(Map.of("CONFIG_A", "n", "CONFIG_B", "y"), c.options());
    }

    @ParameterizedTest
    @ValueSource(strings = {"CONFIG_X", "CONFIG_X-Y=y", "CONFIG_X=\"unterminated", "FOO=y", "CONFIG_X=\"a\" junk",
            "CONFIG_X=yes please", "CONFIG_X=", "CONFIG_=y", "  CONFIG_X=y", "hello world"})
    void aMalformedLineIsRefusedWithItsLineNumberAndOffset(String bad) {
        String before = "# header\nCONFIG_A=y\n";
        FormatException e = fails(before + bad + "\nCONFIG_B=y\n");
        assertEquals(before.length(), e.offset(), e.getMessage());
        assertTrue(e.getMessage().startsWith("test.config: "), e.getMessage());
        assertTrue(e.reason().startsWith("line 3: malformed"), e.getMessage());
        assertTrue(e.getMessage().contains("offset 0x" + Long.toHexString(before.length())), e.getMessage());
    }

    @Test
    void aNulByteIsRefusedAtItsOffset() {
        FormatException e = fails("CONFIG_A=y\nCONFIG_\0B=y\n");
        assertEquals(18, e.offset());
        assertTrue(e.reason().contains("line 2") && e.reason().contains("NUL"), e.getMessage());
    }

    @Test
    void aLineLongerThanTheCapIsRefused() throws Exception {
        String longest = "#" + "x".repeat(KernelConfig.MAX_LINE_LENGTH - 1);
        assertTrue(parse("CONFIG_A=y\n" + longest + "\n").isBuiltIn("A"));
        FormatException e = fails("CONFIG_A=y\n" + longest + "x\n");
        assertEquals(11, e.offset());
        assertTrue(e.reason().contains("line 2") && e.reason().contains("longer than"), e.getMessage());
    }

    @Test
    void moreOptionsThanTheCapAreRefused() throws Exception {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < KernelConfig.MAX_OPTIONS; i++) {
            s.append("CONFIG_O").append(i).append("=y\n");
        }
        assertEquals(KernelConfig.MAX_OPTIONS, parse(s + "CONFIG_O0=m\n").options().size());
        int offset = s.length();
        FormatException e = fails(s + "CONFIG_ONE_TOO_MANY=y\n");
        assertEquals(offset, e.offset());
        assertTrue(e.reason().contains("line " + (KernelConfig.MAX_OPTIONS + 1)) && e.reason().contains("options"),
                e.getMessage());
    }

    /** Comment lines without end, produced on demand, counting what the parser takes. */
    private static final class EndlessComments extends InputStream {
        private static final byte[] LINE = "# padding padding padding padding\n".getBytes(StandardCharsets.US_ASCII);
        long delivered;

        @Override public int read() {
            return LINE[(int) (delivered++ % LINE.length)];
        }

        @Override public int read(byte[] b, int off, int len) {
            for (int i = 0; i < len; i++) {
                b[off + i] = (byte) read();
            }
            return len;
        }
    }

    @Test
    void anInputLargerThanTheCapIsRefusedWithoutReadingOn() {
        EndlessComments in = new EndlessComments();
        FormatException e = assertThrows(FormatException.class, () -> KernelConfig.parse("endless", in));
        assertTrue(e.reason().contains("larger than"), e.getMessage());
        assertTrue(in.delivered > KernelConfig.MAX_INPUT_SIZE, "stopped before the cap: " + in.delivered);
        assertTrue(in.delivered <= KernelConfig.MAX_INPUT_SIZE + 64 * 1024, "read on to " + in.delivered);
        long lineStart = KernelConfig.MAX_INPUT_SIZE / EndlessComments.LINE.length * EndlessComments.LINE.length;
        assertEquals(lineStart, e.offset());
    }

    @Test
    void aReadErrorBecomesAFormatException() {
        InputStream broken = new InputStream() {
            @Override public int read() throws IOException { throw new IOException("disk on fire"); }
        };
        FormatException e = assertThrows(FormatException.class, () -> KernelConfig.parse("broken", broken));
        assertTrue(e.reason().contains("disk on fire"));
    }

    @Test
    void theSelectionTellsAbsentFromNotSet() throws Exception {
        KernelConfig c = parse("CONFIG_SYSFB=y\n# CONFIG_FB_HYPERV is not set\nCONFIG_KERNEL_ZSTD=y\n# CONFIG_KERNEL_XZ is not set\n");
        Map<String, Optional<String>> s = KdumpConfigOptions.select(c);
        assertEquals(KdumpConfigOptions.OPTIONS.size(), s.size());
        assertEquals(Optional.of("y"), s.get("CONFIG_SYSFB"));
        assertEquals(Optional.of("n"), s.get("CONFIG_FB_HYPERV"));
        assertEquals(Optional.empty(), s.get("CONFIG_DRM_HYPERV"));
        assertEquals(Optional.of("CONFIG_KERNEL_ZSTD"), KdumpConfigOptions.kernelCompression(c));
        assertEquals(Optional.empty(), KdumpConfigOptions.kernelCompression(parse("CONFIG_KERNEL_GZIP=m\n")));
    }

    @Test
    void theNameCheckAcceptsExactlyWhatKbuildsNamePatternDoes() {
        java.util.regex.Pattern kbuild = java.util.regex.Pattern.compile("CONFIG_[A-Za-z0-9_]+");
        for (String n : new String[] {"CONFIG_X", "CONFIG_SYSFB", "CONFIG_64BIT", "CONFIG__", "CONFIG_a_b9", "CONFIG_",
                "CONFIG", "config_X", "CONFIG_X-Y", "CONFIG_X Y", "CONFIG_\u00e9", "XCONFIG_A", "CONFIG_A=", "CONFIG_[", "CONFIG_`"}) {
            assertEquals(kbuild.matcher(n).matches(), KernelConfig.isName(n), n);
        }
    }

    @Test
    void theNotSetCheckAcceptsExactlyWhatTheNotSetPatternDoes() throws Exception {
        java.util.regex.Pattern notSet = java.util.regex.Pattern.compile("# (CONFIG_[A-Za-z0-9_]+) is not set[ \\t]*");
        List<String> lines = new java.util.ArrayList<>(List.of("# CONFIG_X is not set", "# CONFIG_X is not set  \t",
                "# CONFIG_X is not set yet", "# CONFIG_X  is not set", "#  CONFIG_X is not set", "# CONFIG_ is not set",
                "# CONFIG_X\tis not set", "# CONFIG_X-Y is not set", "# CONFIG_X is not", "# CONFIG_X", "# CONFIG_",
                "#CONFIG_X is not set", "# config_X is not set", "# CONFIG_X is not set\u00a0", "# CONFIG_X is not setx",
                "# CONFIG_X=y is not set", "# CONFIG_X is not set # CONFIG_Y is not set", "# Automatically generated file"));
        // and every comment line of Debian's configs
        for (String flavour : new String[] {"amd64", "arm64"}) {
            Files.readAllLines(debianConfig(flavour), StandardCharsets.ISO_8859_1).stream()
                    .filter(l -> l.startsWith("#")).forEach(lines::add);
        }
        for (String l : lines) {
            java.util.regex.Matcher m = notSet.matcher(l);
            assertEquals(m.matches() ? m.group(1) : null, KernelConfig.notSetName(l), l);
        }
        assertTrue(lines.size() > 2000, "the Debian configs' comment lines were read: " + lines.size());
    }
}
