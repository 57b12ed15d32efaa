package org.kexecinspect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexecinspect.testing.Cli;
import org.kexecinspect.testing.Inputs;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The reported cases, end to end through `predict` on the hand-made Hyper-V captures
 * (native-fixtures/hyperv-captures, README there), with the differences each case needs stated as
 * --assume or as files changed in a copy. Expected verdicts and remedies come from the issue and the
 * public sources (vmbus_drv.c vmbus_reserve_fb(), pci-hyperv.c hv_allocate_config_window(),
 * 016a25e4b0df), not from the tool.
 */
class PredictionEndToEndTest {
    static final Path CAPS = Inputs.projectDir().resolve("native-fixtures/hyperv-captures");
    @TempDir Path tmp;

    private static JsonNode predict(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "predict";
        all[1] = "--format";
        all[2] = "json";
        System.arraycopy(args, 0, all, 3, args.length);
        Cli.Result r = Cli.run(all);
        assertTrue(r.exit() == 0 || r.exit() == 1 || r.exit() == 4, r.exit() + " " + r.err());
        JsonNode p = r.json().get("predictions").get(0).get("prediction");
        assertEquals(p.get("verdict").asText().equals("ok") ? 0 : p.get("verdict").asText().equals("unknown") ? 4 : 1,
                r.exit(), "the exit status follows the verdict");
        return p;
    }

    /**
     * The kdump kernel of the reported Ubuntu case: the running 6.8 kernel itself, pci-hyperv built in,
     * hyperv_drm a module (so pci_hyperv probes first, 016a25e4 message), SYSFB on; with or without the fix.
     */
    private static String[] ubuntuKdumpKernel(String release, boolean fix, String... more) {
        List<String> a = new ArrayList<>(List.of(
                "--assume", "kdumpKernel.release=" + release, "--assume", "kdumpKernel.version=6.8.0",
                "--assume", "kdumpKernel.config.CONFIG_PCI_HYPERV=y", "--assume", "kdumpKernel.config.CONFIG_DRM_HYPERV=m",
                "--assume", "kdumpKernel.config.CONFIG_HYPERV=y", "--assume", "kdumpKernel.config.CONFIG_SYSFB=y",
                "--assume", "kdumpKernel.config.CONFIG_EFI=y", "--assume", "kdumpKernel.config.CONFIG_FB_HYPERV=n",
                "--assume", "modules.pci_hyperv.builtin=true", "--assume", "kdumpKernel.hasFbReserveFix=" + fix));
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }

    private static String remedies(JsonNode p) {
        StringBuilder b = new StringBuilder();
        p.get("findings").forEach(f -> b.append(f.get("remedy").asText("")).append('\n'));
        return b.toString();
    }

    /**
     * Ubuntu 22.04-like x86 Gen2: hyperv_drm owns /dev/fb0 (smem_start hidden), kexec-tools 2.0.22,
     * Secure Boot off (so kdump-tools uses KEXEC_LOAD), pci-hyperv built in, NVMe root, and a kdump
     * kernel without 016a25e4b0df: lfb_base 0, nothing reserved, the config window on the framebuffer.
     */
    @Test
    void ubuntu2204LikeGen2WithoutTheFixWillFailAndTheRemedyIsKexecFileLoad() {
        JsonNode p = predict(ubuntuKdumpKernel("6.8.0-52-generic", false, CAPS.resolve("gen2-local-x86").toString()));
        assertEquals("kexec_load", p.get("configuredLoadPath").asText());
        JsonNode load = p.get("paths").get(0);
        assertEquals("kexec_load", load.get("loadPath").asText());
        assertTrue(load.get("used").asBoolean());
        assertTrue(load.get("lfbBaseZero").asBoolean(), "row 9: kexec-tools >= 2.0.20, DRM fbdev");
        assertEquals(0, load.get("kdumpScreenInfo").get("lfbBase").asLong());
        assertEquals(0, load.get("kdumpScreenInfo").get("origVideoIsVGA").asLong());
        assertTrue(p.get("mmio").get("conflict").asBoolean(), p.get("mmio").toString());
        assertEquals("will-fail", p.get("verdict").asText());
        assertTrue(remedies(p).contains("-s"), remedies(p));
    }

    /** The same VM with Secure Boot on: kdump-tools adds -s, KEXEC_FILE_LOAD passes the boot-time base (row 16). */
    @Test
    void theSameWithSecureBootOnIsOk() {
        JsonNode p = predict(ubuntuKdumpKernel("6.8.0-52-generic", false, "--assume", "kdumpService.loadPath=kexec_file_load",
                CAPS.resolve("gen2-local-x86").toString()));
        JsonNode file = p.get("paths").get(1);
        assertEquals("kexec_file_load", file.get("loadPath").asText());
        assertTrue(file.get("used").asBoolean());
        assertEquals(0xf8000000L, file.get("kdumpScreenInfo").get("lfbBase").asLong(), "the boot-time GOP base");
        assertEquals("ok", p.get("verdict").asText(), p.toString());
    }

    /** The Azure capture has Secure Boot on itself: kdump-tools' own rule gives KEXEC_FILE_LOAD. */
    @Test
    void azureWithSecureBootTakesKexecFileLoadByItself() {
        JsonNode p = predict(ubuntuKdumpKernel("6.5.0-1025-azure", false, CAPS.resolve("gen2-azure-x86").toString()));
        assertEquals("kexec_file_load", p.get("configuredLoadPath").asText());
        assertEquals("ok", p.get("verdict").asText(), p.toString());
    }

    /** arm64 passes lfb_base 0 on both paths (rows 18, 19): only a kdump kernel with the fix helps. */
    @Test
    void arm64WithAnNvmeRootWillFailUntilTheKdumpKernelCarriesTheFix() {
        Path arm = armWithNvmeRoot();
        JsonNode p = predict(ubuntuKdumpKernel("6.8.0-52-generic", false, arm.toString()));
        assertTrue(p.get("paths").get(0).get("lfbBaseZero").asBoolean());
        assertTrue(p.get("paths").get(1).get("lfbBaseZero").asBoolean());
        assertEquals("will-fail", p.get("verdict").asText(), p.toString());
        assertTrue(remedies(p).contains("016a25e4b0df"), remedies(p));
        assertTrue(!remedies(p).contains("-s\""), "no KEXEC_FILE_LOAD remedy on arm64: " + remedies(p));

        JsonNode fixed = predict(ubuntuKdumpKernel("6.8.0-52-generic", true, arm.toString()));
        assertEquals("ok", fixed.get("verdict").asText(), fixed.toString());
        assertTrue(fixed.get("mmio").get("framebufferReservation").get("start").asLong() == 0xe0000000L,
                "016a25e4b0df: 128 MiB at 0xE0000000 on a default arm64 VM: " + fixed.get("mmio"));
        assertEquals(128L << 20, fixed.get("mmio").get("framebufferReservation").get("size").asLong());
    }

    /** Not exposed: Gen1 reserves from the PCI BAR; a CVM has no framebuffer. */
    @Test
    void gen1AndCvmAreNotThisProblem() {
        assertEquals("ok", predict(CAPS.resolve("gen1-local-x86").toString()).get("verdict").asText());
        assertEquals("ok", predict(CAPS.resolve("gen2-azure-cvm-x86").toString()).get("verdict").asText());
    }

    /** gen2-local-arm64 with the NVMe root of gen2-local-x86 (model.Trees says how). */
    private Path armWithNvmeRoot() {
        return org.kexecinspect.model.Trees.armWithNvmeRoot(tmp);
    }
}
