package org.kexecinspect.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexecinspect.testing.Cli;
import org.kexecinspect.testing.Inputs;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A zero page written by `synthesize`, read through the system's own struct boot_params
 * (native-fixtures/read-blob.c), shows the same screen_info and header members as `inspect` reads:
 * the blob is what the kernel's headers say it is, not only what our tables say.
 */
class SynthesizedBlobNativeTest {
    @TempDir Path dir;

    @Test
    void aSynthesizedZeroPageReadsTheSameThroughTheKernelHeaders() throws Exception {
        Path out = dir.resolve("bp.bin");
        Cli.Result w = Cli.run("synthesize", "--root",
                Inputs.projectDir().resolve("native-fixtures/hyperv-captures/gen2-local-x86").toString(),
                "--kernel", Inputs.debianAmd64Kernel().toString(), "--lfb-base", "0xfe0000000", "-o", out.toString());
        assertEquals(0, w.exit(), w.err());
        Map<String, Long> c = new HashMap<>();
        for (String line : NativeStructs.run(NativeStructs.build("read-blob"), out.toString())) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 2 && f[1].matches("\\d+")) {
                c.put(f[0], Long.parseLong(f[1]));
            }
        }
        JsonNode bp = Cli.run("inspect", "--format", "json", out.toString()).json().get("artifacts").get(0);
        JsonNode si = bp.get("screenInfo");
        int compared = 0;
        for (Map.Entry<String, Long> e : c.entrySet()) {
            if (e.getKey().startsWith("screen_info.") && !e.getKey().contains("[")) {
                String camel = Layout.camelCase(e.getKey().substring("screen_info.".length())); // the JSON names inspect uses
                assertTrue(si.has(camel), "inspect shows " + camel);
                assertEquals(e.getValue().longValue(), si.get(camel).asLong(), e.getKey());
                compared++;
            }
        }
        assertTrue(compared >= 30, "every screen_info member compared: " + compared);
        assertEquals(0xe0000000L, c.get("screen_info.lfb_base"));
        assertEquals(0xfL, c.get("screen_info.ext_lfb_base"));
        assertEquals(0xd0L, c.get("hdr.type_of_loader"));
        assertEquals(bp.get("setupHeader").get("version").asLong(), c.get("hdr.version"));
        assertEquals(bp.get("acpiRsdpAddr").asLong(), c.get("acpi_rsdp_addr"));
    }

}
