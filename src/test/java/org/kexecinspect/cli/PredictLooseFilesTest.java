package org.kexecinspect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.kexecinspect.testing.Cli;
import org.kexecinspect.testing.Inputs;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * predict from a few loose files: the real QEMU/OVMF first stage (efifb owns /dev/fb0, Debian's
 * kexec-tools 2.0.25 loads with -c) against the screen_info its real kdump kernel received
 * (native-fixtures/captures/qemu-ovmf-debian-6.1/efifb-kexec_load/kdump/fields.txt).
 */
class PredictLooseFilesTest {
    static final Path FIRST = Inputs.qemuCapture("efifb-kexec_load", "first");

    @Test
    void theRealKdumpKernelsScreenInfoFromTheFirstKernelsLooseFiles() {
        Cli.Result r = Cli.run("predict", "--format", "json",
                "--boot-params", FIRST.resolve("boot_params.bin").toString(),
                "--fb-fix", FIRST.resolve("fb_fix.bin").toString(),
                "--fb-var", FIRST.resolve("fb_var.bin").toString(),
                "--iomem", FIRST.resolve("iomem.txt").toString(),
                "--kexec-tools-version", "2.0.25", "--kexec-args", "-p -c",
                "--arch", "x86_64", "--kernel-release", "6.1.0-56-amd64",
                "--assume", "hyperv.guest=false");   // loose files cannot show it; QEMU is not Hyper-V
        assertEquals(0, r.exit(), r.err());
        JsonNode p = r.json().get("predictions").get(0).get("prediction");
        assertEquals("kexec_load", p.get("configuredLoadPath").asText(), "-c in the kexec arguments");
        JsonNode load = p.get("paths").get(0);
        assertTrue(load.get("used").asBoolean());
        JsonNode si = load.get("kdumpScreenInfo");
        // the values the real kdump kernel printed (kdump/fields.txt)
        assertEquals(0x70, si.get("origVideoIsVGA").asInt());
        assertEquals(0xc0000000L, si.get("lfbBase").asLong());
        assertEquals(63, si.get("lfbSize").asInt());
        assertEquals(1000, si.get("pages").asInt());
        assertEquals(0, si.get("capabilities").asInt());
        assertEquals(5120, si.get("lfbLinelength").asInt());
        assertEquals(1280, si.get("lfbWidth").asInt());
        assertEquals(16, si.get("redPos").asInt());
        assertTrue(p.get("findings").get(0).get("code").asText().equals("not-hyperv"), "QEMU is not Hyper-V");
        assertEquals("ok", p.get("verdict").asText());
    }

    @Test
    void withoutCapturesOrLooseFilesItIsAUsageError() {
        Cli.Result r = Cli.run("predict");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("CAPTURE"), r.err());
    }

    @Test
    void aBadAssumptionIsAUsageErrorNamingTheKey() {
        Cli.Result r = Cli.run("predict", "--assume", "kdumpKernel.hasFbReserveFix=maybe", FIRST.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("kdumpKernel.hasFbReserveFix"), r.err());
    }
}
