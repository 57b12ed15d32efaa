package org.kexecinspect.format.x86;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexecinspect.format.ByteSource;
import org.kexecinspect.format.FormatException;
import org.kexecinspect.testing.Cli;
import org.kexecinspect.testing.CountingSource;
import org.kexecinspect.testing.Inputs;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * inspect on the real bzImage of Debian's current amd64 kernel package, checked against readings
 * that do not go through our field tables: file(1)'s magic, raw little-endian reads at the offsets
 * of Documentation/arch/x86/boot.rst, and the native decompressor run over the payload we locate.
 */
class DebianKernelTest {

    static Path image;
    static ByteBuffer raw;
    static JsonNode record;

    @BeforeAll
    static void inspect() throws Exception {
        image = Inputs.debianAmd64Kernel();
        raw = ByteBuffer.wrap(Files.readAllBytes(image)).order(ByteOrder.LITTLE_ENDIAN);
        Cli.Result r = Cli.run("inspect", "--format", "json", image.toString());
        assertEquals(0, r.exit(), r.err());
        record = r.json().get("artifacts").get(0);
    }

    private static long u8(int off) { return raw.get(off) & 0xffL; }
    private static long u16(int off) { return raw.getShort(off) & 0xffffL; }
    private static long u32(int off) { return raw.getInt(off) & 0xffffffffL; }
    private static long u64(int off) { return raw.getLong(off); }

    @Test
    void isDetectedAsAnX86BzImageWithProtocolAtLeast212() {
        assertEquals("x86-bzimage", record.get("kind").asText());
        assertEquals("HdrS", new String(new byte[] {raw.get(0x202), raw.get(0x203), raw.get(0x204), raw.get(0x205)},
                StandardCharsets.US_ASCII));
        long v = u16(0x206);
        assertEquals((v >> 8) + "." + String.format("%02d", v & 0xff), record.get("bootProtocol").asText());
        assertTrue(v >= 0x020c);
    }

    @Test
    void agreesWithWhatFileOnePrintsForTheSameImage() {
        String file = Inputs.exec(null, "file", "-b", image.toString()).trim();
        Matcher m = Pattern.compile("version (.+?), (RO|RW)-rootFS, swap_dev 0[Xx]([0-9A-Fa-f]+), (Normal VGA|Extended VGA|Prompt for Videomode|Video mode (\\d+))")
                .matcher(file);
        assertTrue(m.find(), "unexpected file(1) output: " + file);
        assertEquals(m.group(1), record.get("kernelVersion").asText());
        JsonNode h = record.get("setupHeader");
        assertEquals(m.group(2).equals("RO") ? 1 : 0, h.get("rootFlags").asLong());
        // file(1) names the high half of syssize "swap_dev" (a leftover of the old header)
        assertEquals(Long.parseLong(m.group(3), 16), h.get("syssize").asLong() >> 16);
        if (m.group(4).equals("Normal VGA")) {
            assertEquals(0xffff, h.get("vidMode").asLong());
        }
    }

    @Test
    void everyHeaderFieldMatchesARawReadAtTheDocumentedOffset() {
        JsonNode h = record.get("setupHeader");
        Map<String, Long> documented = Map.ofEntries(
                Map.entry("setupSects", u8(0x1f1)), Map.entry("rootFlags", u16(0x1f2)), Map.entry("syssize", u32(0x1f4)),
                Map.entry("vidMode", u16(0x1fa)), Map.entry("bootFlag", u16(0x1fe)), Map.entry("jump", u16(0x200)),
                Map.entry("version", u16(0x206)), Map.entry("kernelVersion", u16(0x20e)),
                Map.entry("loadflags", u8(0x211)), Map.entry("code32Start", u32(0x214)),
                Map.entry("initrdAddrMax", u32(0x22c)), Map.entry("kernelAlignment", u32(0x230)),
                Map.entry("relocatableKernel", u8(0x234)), Map.entry("minAlignment", u8(0x235)),
                Map.entry("xloadflags", u16(0x236)), Map.entry("cmdlineSize", u32(0x238)),
                Map.entry("payloadOffset", u32(0x248)), Map.entry("payloadLength", u32(0x24c)),
                Map.entry("prefAddress", u64(0x258)), Map.entry("initSize", u32(0x260)),
                Map.entry("handoverOffset", u32(0x264)), Map.entry("kernelInfoOffset", u32(0x268)));
        documented.forEach((name, value) -> assertEquals(value.longValue(), h.get(name).asLong(), name));
        assertEquals(0xaa55, h.get("bootFlag").asLong());
    }

    @Test
    void findsThePayloadAndKernelInfoWhereTheProtectedModeCodeStarts() throws Exception {
        long setupSects = u8(0x1f1) == 0 ? 4 : u8(0x1f1);
        long realMode = (setupSects + 1) * 512;
        assertEquals(realMode, record.get("setupHeader").get("realModeSize").asLong());
        assertEquals(realMode + u32(0x248), record.get("payload").get("fileOffset").asLong());
        assertTrue(record.get("payload").get("withinFile").asBoolean());
        // kernel_info: "LToP" really sits at the protected-mode start + kernel_info_offset in this image
        int ki = (int) (realMode + u32(0x268));
        assertEquals(0x506f544cL, u32(ki));
        assertTrue(record.get("kernelInfo").get("magicFound").asBoolean());
        assertEquals(u32(ki + 12), record.get("kernelInfo").get("setupTypeMax").asLong());
    }

    @Test
    void theNativeDecompressorForTheDetectedFormatTurnsThePayloadIntoAnElfFile(@TempDir Path tmp) throws Exception {
        String compression = record.get("payload").get("compression").asText();
        Map<String, String> tools = Map.of("gzip", "gzip -dc", "xz", "xz -dc --single-stream", "lz4", "lz4 -dc",
                "zstd", "zstd -dc", "bzip2", "bzip2 -dc", "lzma", "xz --format=lzma -dc", "lzo", "lzop -dc");
        assertTrue(tools.containsKey(compression), "unexpected compression " + compression);
        int off = (int) record.get("payload").get("fileOffset").asLong();
        int len = (int) record.get("payload").get("length").asLong();
        Path payload = tmp.resolve("payload");
        Files.write(payload, java.util.Arrays.copyOfRange(raw.array(), off, off + len));
        Process p = new ProcessBuilder("sh", "-c", tools.get(compression) + " < '" + payload + "' 2>/dev/null | head -c 4")
                .start();
        byte[] head = p.getInputStream().readAllBytes();
        p.waitFor();
        assertArrayEquals(new byte[] {0x7f, 'E', 'L', 'F'}, head, "decompressed payload is not ELF");
    }

    @Test
    void bothKexecLoadersAcceptIt() {
        long xlf = u16(0x236);
        JsonNode l = record.get("loadability");
        assertTrue(l.get("kexecTools").get("accepted").asBoolean(), l.toString());
        assertTrue(l.get("kexecFileLoad").get("accepted").asBoolean(), l.toString());
        assertEquals((xlf & 0x10) != 0, l.get("efiKexec").asBoolean());
        assertEquals(0, record.get("warnings").size(), record.get("warnings").toString());
    }

    @Test
    void readsOnlyTheHeaderAreaNeverTheWholeImage() throws FormatException {
        ByteSource whole = ByteSource.of(image.toString(), raw.array());
        CountingSource counting = new CountingSource(whole);
        BzImage img = BzImage.read(counting);
        assertEquals(record.get("kernelVersion").asText(), img.kernelVersion());
        assertTrue(counting.requested() < 64 * 1024, "read " + counting.requested() + " bytes of a " + whole.size() + "-byte image");
    }
}
