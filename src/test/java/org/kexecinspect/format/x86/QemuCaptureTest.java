package org.kexecinspect.format.x86;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kexecinspect.testing.Names;
import org.kexecinspect.testing.Cli;
import org.kexecinspect.testing.Inputs;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The real captures of a Debian 6.1 kernel under QEMU/OVMF (shared/fixtures/qemu-ovmf-debian-6.1):
 * inspect's reading of each boot_params page and global screen_info must equal the capture's own
 * decoded fields.txt, written by the capture tool that ran inside those kernels.
 */
class QemuCaptureTest {

    private static final Pattern FIELD = Pattern.compile("^(\\w+)\\.(\\w+) = 0x([0-9a-f]+) \\((\\d+)\\)$");

    /** "prefix.field = 0x.. (dec)" lines of fields.txt for one prefix. */
    static Map<String, Long> fields(Path capture, String prefix) throws Exception {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(capture.resolve("fields.txt"))) {
            Matcher m = FIELD.matcher(line.trim());
            if (m.matches() && m.group(1).equals(prefix)) {
                out.put(m.group(2), Long.parseUnsignedLong(m.group(4)));
            }
        }
        assertFalse(out.isEmpty(), "no " + prefix + " fields in " + capture);
        return out;
    }

    static void assertScreenInfoMatches(Map<String, Long> expected, JsonNode si, String what) {
        expected.forEach((name, value) -> {
            String key = name.equals("full_lfb_base") ? "lfbAddress" : Names.json(name);
            assertTrue(si.has(key), what + ": no " + key);
            assertEquals(value.longValue(), si.get(key).asLong(), what + " " + name);
        });
    }

    @ParameterizedTest(name = "{0}/{1}")
    @CsvSource({"efifb-kexec_load,first", "efifb-kexec_load,kdump", "bochs-drm,first"})
    void bootParamsScreenInfoEqualsTheCapturesOwnDecoding(String scenario, String stage) throws Exception {
        assertFileMatchesFields(scenario, stage, "boot_params.bin", "boot-params", "screen_info");
    }

    @ParameterizedTest(name = "{0}/{1}")
    @CsvSource({"efifb-kexec_load,first", "efifb-kexec_load,kdump", "bochs-drm,first"})
    void theKernelsGlobalScreenInfoReadsAsAScreenInfoBlob(String scenario, String stage) throws Exception {
        assertFileMatchesFields(scenario, stage, "screen_info_global.bin", "screen-info", "kernel_global_screen_info");
    }

    /** FILE of a capture stage decodes as KIND, and its screenInfo equals fields.txt's PREFIX lines. */
    private static void assertFileMatchesFields(String scenario, String stage, String file, String kind, String prefix)
            throws Exception {
        Path capture = Inputs.qemuCapture(scenario, stage);
        JsonNode rec = record(capture.resolve(file));
        assertEquals(kind, rec.get("kind").asText());
        assertScreenInfoMatches(fields(capture, prefix), rec.get("screenInfo"), scenario + "/" + stage + "/" + file);
    }

    @Test
    void theFirstKernelGotTheEfiStubsFramebufferInBytes() throws Exception {
        JsonNode si = inspect("efifb-kexec_load", "first").get("screenInfo");
        assertEquals("efi", si.get("videoType").asText());
        assertEquals(0xc0000000L, si.get("lfbAddress").asLong());
        assertEquals(4096000, si.get("lfbSizeBytes").asLong());   // 1280 x 800 x 4: bytes for VIDEO_TYPE_EFI
    }

    @Test
    void theKdumpKernelGotKexecToolsSixtyFourKibUnitsUnderAnEfiType() throws Exception {
        // kexec-tools 2.0.25 wrote ceil(smem_len / 64 KiB) = 63 although the type says bytes (setup_linux_vesafb())
        JsonNode si = inspect("efifb-kexec_load", "kdump").get("screenInfo");
        assertEquals("efi", si.get("videoType").asText());
        assertEquals(63, si.get("lfbSize").asLong());
        assertEquals(63, si.get("lfbSizeBytes").asLong());
        assertEquals(0xc0000000L, si.get("lfbAddress").asLong());
    }

    @Test
    void theEfiStubsZeroPageIsEfiBootedWithoutACopiedSetupHeader() throws Exception {
        JsonNode rec = inspect("efifb-kexec_load", "first");
        assertTrue(rec.get("efiInfo").get("efiBoot").asBoolean());
        assertEquals("EL64", rec.get("efiInfo").get("loaderSignature").asText());
        assertEquals(2, rec.get("secureBoot").asLong());   // efi_secureboot_mode_disabled
        // the version sysfs file of the capture says 0x0000: the stub did not copy the header
        String version = Files.readString(Inputs.qemuCapture("efifb-kexec_load", "first").resolve("boot_params_version.txt")).trim();
        assertEquals(Long.decode(version).longValue(), rec.get("setupHeader").get("version").asLong());
        assertEquals(0, rec.get("setupHeader").get("header").asLong());
        assertEquals(0x21, rec.get("setupHeader").get("typeOfLoader").asLong());
        assertEquals(rec.get("e820Entries").asLong(), rec.get("e820").size());
    }

    @Test
    void theE820TableMatchesTheFirmwareMapTheKernelLogged() throws Exception {
        // dmesg_fb.txt keeps some "BIOS-e820: [mem A-B] type" lines; each must be a row of the table
        Path capture = Inputs.qemuCapture("efifb-kexec_load", "first");
        JsonNode e820 = inspect("efifb-kexec_load", "first").get("e820");
        Pattern p = Pattern.compile("BIOS-e820: \\[mem 0x([0-9a-f]+)-0x([0-9a-f]+)\\] (.+)$");
        int checked = 0;
        for (String line : Files.readAllLines(capture.resolve("dmesg_fb.txt"))) {
            Matcher m = p.matcher(line);
            if (!m.find()) {
                continue;
            }
            long start = Long.parseUnsignedLong(m.group(1), 16);
            long end = Long.parseUnsignedLong(m.group(2), 16);
            boolean found = false;
            for (JsonNode row : e820) {
                found |= row.get("addr").asLong() == start && row.get("size").asLong() == end - start + 1;
            }
            assertTrue(found, "no e820 row for " + line);
            checked++;
        }
        assertTrue(checked >= 4, "only " + checked + " BIOS-e820 lines checked");
    }

    private static JsonNode inspect(String scenario, String stage) {
        return record(Inputs.qemuCapture(scenario, stage).resolve("boot_params.bin"));
    }

    /** inspect's JSON record of one file, which must decode. */
    private static JsonNode record(Path file) {
        Cli.Result r = Cli.run("inspect", "--format", "json", file.toString());
        assertEquals(0, r.exit(), r.err());
        return r.json().get("artifacts").get(0);
    }

}
