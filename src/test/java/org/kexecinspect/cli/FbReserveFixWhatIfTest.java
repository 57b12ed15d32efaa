package org.kexecinspect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexecinspect.testing.Cli;
import org.kexecinspect.testing.DebianInitramfs;
import org.kexecinspect.testing.Inputs;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The 016a25e4b0df what-ifs through the command line, on the hand-made Azure Gen2 capture
 * (native-fixtures/hyperv-captures/gen2-azure-x86) and on copies of it given a real Debian kernel
 * as kdump kernel (its config: CONFIG_HYPERV=m, CONFIG_SYSFB=y) and a real hv_vmbus.ko from before
 * or after Debian's 6.1.177 (the first 6.1.y with the fix, per its stable announcement).
 */
class FbReserveFixWhatIfTest {
    static final Path AZURE = Inputs.projectDir().resolve("native-fixtures/hyperv-captures/gen2-azure-x86");
    @TempDir Path tmp;

    static JsonNode json(String command, String... args) {
        List<String> all = new ArrayList<>(List.of(command, "--format", "json"));
        all.addAll(List.of(args));
        Cli.Result r = Cli.run(all.toArray(new String[0]));
        assertTrue(r.exit() <= 4, r.exit() + " " + r.err());
        return r.json();
    }

    static JsonNode predict(String... args) {
        return json("predict", args).get("predictions").get(0).get("prediction");
    }

    static String[] args(Path capture, String... assume) {
        List<String> a = new ArrayList<>();
        for (String s : assume) {
            a.add("--assume");
            a.add(s);
        }
        a.add(capture.toString());
        return a.toArray(new String[0]);
    }

    /** Everything assumed but the kdump kernel's version (and CONFIG_SYSFB), so that only the fix decides. */
    static String[] onlyTheFixDecides(Path capture, String version, String... more) {
        List<String> a = new ArrayList<>(List.of("kdumpKernel.version=" + version, "kdumpService.loadPath=kexec_load",
                "kdumpKernel.efiKexec=true", "kdumpKernel.config.CONFIG_HYPERV=y", "kdumpKernel.config.CONFIG_SYSFB=y",
                "kdumpKernel.config.CONFIG_PCI_HYPERV=y", "kdumpKernel.config.CONFIG_DRM_HYPERV=m",
                "kdumpKernel.config.CONFIG_FB_HYPERV=n"));
        a.addAll(List.of(more));
        return args(capture, a.toArray(new String[0]));
    }

    @Test
    void whatIfTheKdumpKernelWere7_0_13() {
        JsonNode fixed = predict(onlyTheFixDecides(AZURE, "7.0.13"));
        JsonNode unfixed = predict(onlyTheFixDecides(AZURE, "7.0.12"));
        assertEquals("ok", fixed.get("verdict").asText(), fixed.get("mmio").toString());
        assertFalse(fixed.get("mmio").get("conflict").asBoolean());
        assertFalse(fixed.toString().contains("carries 016a25e4b0df is unknown"), fixed.toString());
        assertEquals("will-fail", unfixed.get("verdict").asText(), "at risk, and the NVMe root is behind hv_pci");
        assertTrue(unfixed.get("mmio").get("conflict").asBoolean());
    }

    /** A copy of the Azure capture whose kdump kernel is the real Debian amd64 kernel with its config. */
    Path withRealKdumpKernel(Path vmbusModule) throws IOException {
        Path cap = tmp.resolve("azure");
        Inputs.copyTree(AZURE, cap);
        Path kernel = Inputs.debianAmd64Kernel();
        String release = kernel.getFileName().toString().replaceFirst("^vmlinuz-", "");
        Files.createDirectories(cap.resolve("var/lib/kdump"));
        Files.copy(kernel, cap.resolve("var/lib/kdump/vmlinuz"));
        Files.createDirectories(cap.resolve("boot"));
        Files.copy(Inputs.configBeside(kernel), cap.resolve("boot/config-" + release));
        if (vmbusModule != null) {
            Path dst = cap.resolve("lib/modules/" + release + "/kernel/drivers/hv/hv_vmbus.ko");
            Files.createDirectories(dst.getParent());
            Files.copy(vmbusModule, dst);
        }
        return cap;
    }

    @Test
    void assumingCONFIG_SYSFBKeepsTheRestOfTheConfig() throws IOException {
        Path cap = withRealKdumpKernel(null);
        JsonNode off = predict(args(cap, "kdumpKernel.version=7.0.13", "kdumpService.loadPath=kexec_load",
                "kdumpKernel.config.CONFIG_PCI_HYPERV=y", "kdumpKernel.config.CONFIG_SYSFB=n"));
        JsonNode on = predict(args(cap, "kdumpKernel.version=7.0.13", "kdumpService.loadPath=kexec_load",
                "kdumpKernel.config.CONFIG_PCI_HYPERV=y", "kdumpKernel.config.CONFIG_SYSFB=y"));
        String offReasons = off.get("mmio").get("reasons").toString();
        assertFalse(offReasons.contains("no CONFIG_HYPERV"), "the config's CONFIG_HYPERV=m stays: " + offReasons);
        assertTrue(offReasons.contains("without CONFIG_SYSFB"), offReasons);
        assertEquals("will-fail", off.get("verdict").asText(), "7.0.y keeps the CONFIG_SYSFB test: nothing reserved");
        assertEquals("ok", on.get("verdict").asText(), on.get("mmio").toString());
        JsonNode facts = kdumpKernel(cap).get("config");
        assertEquals("y", facts.get("CONFIG_SYSFB").asText(), "as read, before the assumption");
        assertEquals("m", facts.get("CONFIG_HYPERV").asText());
    }

    /** The kdump kernel's facts as read (inspect takes no assumptions). */
    static JsonNode kdumpKernel(Path cap) {
        return json("inspect", cap.toString()).get("artifacts").get(0).get("facts").get("kdumpKernel");
    }

    /** What the MMIO model says about the fix, after the assumptions. */
    static String fixReason(Path cap, String... assume) {
        for (JsonNode r : predict(args(cap, assume)).get("mmio").get("reasons")) {
            if (r.get("text").asText().startsWith("the kdump kernel carries 016a25e4b0df")
                    || r.get("text").asText().startsWith("the kdump kernel lacks 016a25e4b0df")) {
                return r.get("text").asText() + " | " + r.get("evidence").asText();
            }
        }
        throw new AssertionError("no fix decision among the reasons");
    }

    @Test
    void theStringsInHvVmbusBeatTheVersion() throws IOException {
        Path withFix = DebianInitramfs.module(DebianInitramfs.modules("amd64", DebianInitramfs.listedVersion("amd64", true)),
                "drivers/hv/hv_vmbus.ko");
        String r = fixReason(withRealKdumpKernel(withFix), "kdumpKernel.version=6.1.176");
        assertTrue(r.startsWith("the kdump kernel carries 016a25e4b0df (the low-MMIO fallback's warning"), r);
        assertTrue(r.endsWith("hv_vmbus.ko"), "decided by the module, not by 6.1.176: " + r);
    }

    @Test
    void anOldHvVmbusBeatsANewVersion() throws IOException {
        Path old = DebianInitramfs.module(DebianInitramfs.modules("amd64", DebianInitramfs.listedVersion("amd64", false)),
                "drivers/hv/hv_vmbus.ko");
        Path cap = withRealKdumpKernel(old);
        String r = fixReason(cap, "kdumpKernel.version=7.0.13");
        assertTrue(r.startsWith("the kdump kernel lacks 016a25e4b0df (vmbus_reserve_fb() is there"), r);
        assertFalse(kdumpKernel(cap).get("hasFbReserveFix").asBoolean());
        // an explicit override wins over both, and says it was assumed
        String o = fixReason(cap, "kdumpKernel.hasFbReserveFix=true");
        assertTrue(o.startsWith("the kdump kernel carries 016a25e4b0df (assumed"), o);
        assertTrue(o.endsWith("--assume kdumpKernel.hasFbReserveFix=true"), o);
    }
}
