package org.kexecinspect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexecinspect.testing.Cli;
import org.kexecinspect.testing.Inputs;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * diagnose and preflight as their users meet them: a person reading a report on a VM, and kdump-tools
 * running preflight before every load (quiet when ok, one line per finding otherwise, the exit status).
 */
class DiagnosePreflightTest {
    static final Path LOCAL = Inputs.projectDir().resolve("native-fixtures/hyperv-captures/gen2-local-x86");
    @TempDir Path tmp;

    /** The reported Ubuntu 22.04 case (PredictionEndToEndTest): without the fix, it will fail. */
    static List<String> withArgs(String command, String... more) {
        List<String> a = new ArrayList<>(List.of(command, "--root", LOCAL.toString(),
                "--assume", "kdumpKernel.release=6.8.0-52-generic", "--assume", "kdumpKernel.version=6.8.0",
                "--assume", "kdumpKernel.config.CONFIG_PCI_HYPERV=y", "--assume", "kdumpKernel.config.CONFIG_DRM_HYPERV=m",
                "--assume", "kdumpKernel.config.CONFIG_HYPERV=y", "--assume", "kdumpKernel.config.CONFIG_SYSFB=y",
                "--assume", "kdumpKernel.config.CONFIG_EFI=y", "--assume", "kdumpKernel.config.CONFIG_FB_HYPERV=n"));
        a.addAll(List.of(more));
        return a;
    }

    @Test
    void diagnoseLeadsWithTheVerdictAndTheRemedyThenDrawsTheOverlap() {
        Cli.Result r = Cli.run(withArgs("diagnose", "--assume", "kdumpKernel.hasFbReserveFix=false").toArray(new String[0]));
        assertEquals(1, r.exit(), r.err());
        List<String> lines = List.of(r.out().split("\n"));
        int verdict = lines.indexOf("kdump will fail on this VM: the crash kernel will lose its NVMe root disk");
        assertTrue(verdict == 1 || verdict == 2, "after the title: " + r.out());
        assertEquals("  1. Set KDUMP_KEXEC_ARGS=\"-s\" in /etc/default/kdump-tools", lines.get(verdict + 2), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("config win  |X")), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("low MMIO    |")), r.out());
    }

    @Test
    void diagnoseJsonCarriesThePredictionAndEveryFactWithItsSource() {
        // through KEXEC_FILE_LOAD the kdump kernel is EFI_BOOT (KEXEC_LOAD's depends on the image's XLF_EFI_KEXEC)
        Cli.Result r = Cli.run(withArgs("diagnose", "--format", "json", "--assume", "kdumpKernel.hasFbReserveFix=true",
                "--assume", "kdumpService.loadPath=kexec_file_load").toArray(new String[0]));
        assertEquals(0, r.exit(), r.err());
        JsonNode rec = r.json().get("diagnoses").get(0);
        assertEquals("ok", rec.get("prediction").get("verdict").asText());
        assertEquals(0xf8000000L, rec.get("prediction").get("mmio").get("framebufferReservation").get("start").asLong());
        assertEquals(64L << 20, rec.get("prediction").get("mmio").get("framebufferReservation").get("size").asLong(),
                "016a25e4b0df: 64 MiB at 0xF8000000 on a default local x86 Gen2 VM");
        assertTrue(rec.get("facts").get("firmware").get("source").get("efi").asText().endsWith("sys/firmware/efi"));
    }

    @Test
    void preflightIsQuietWhenOkAndOneLinePerFindingOtherwise() {
        Cli.Result ok = Cli.run(withArgs("preflight", "--assume", "kdumpKernel.hasFbReserveFix=true",
                "--assume", "kdumpService.loadPath=kexec_file_load").toArray(new String[0]));
        assertEquals(0, ok.exit(), ok.err());
        assertEquals("", ok.out());
        assertEquals("", ok.err());

        Cli.Result bad = Cli.run(withArgs("preflight", "--assume", "kdumpKernel.hasFbReserveFix=false").toArray(new String[0]));
        assertEquals(1, bad.exit());
        assertEquals("", bad.out());
        for (String line : bad.errLines()) {
            assertTrue(line.matches("kexec-inspect: (verdict|info|warning|error): .*"), line);
        }
        assertTrue(bad.err().contains("kexec-inspect: verdict: will-fail"), bad.err());
        assertTrue(bad.err().contains("kexec-inspect: error: "), bad.err());
    }

    @Test
    void preflightOnThisMachineSaysWhatItIs() {
        Cli.Result r = Cli.run("preflight", "--verbose");
        // this build machine is not a Hyper-V guest: not this problem
        if (!Files.isDirectory(Path.of("/sys/bus/vmbus"))) {
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.err().contains("kexec-inspect: info: Not a Hyper-V guest"), r.err());
        } else {
            assertTrue(r.exit() == 0 || r.exit() == 1 || r.exit() == 4, r.err());
        }
    }

    @Test
    void diagnoseSaveWritesTheCaptureBeside() {
        Path save = tmp.resolve("vm.tar.gz");
        Cli.Result r = Cli.run("diagnose", "--save", save.toString());
        assertTrue(r.exit() == 0 || r.exit() == 1 || r.exit() == 4, r.err());
        assertTrue(Files.isRegularFile(save));
        Cli.Result again = Cli.run("diagnose", "--root", save.toString(), "--format", "json");
        assertEquals(r.exit(), again.exit(), "the same verdict from the saved capture");
    }

    @Test
    void aBrokenRootIsOneLineAndExitThree() throws Exception {
        Path cut = tmp.resolve("cut.tar.gz");
        Files.write(cut, new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0});
        Cli.Result r = Cli.run("diagnose", "--root", cut.toString());
        assertEquals(3, r.exit());
        assertEquals(1, r.errLines().length, r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }
}
