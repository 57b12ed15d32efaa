package org.kexecinspect.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.kexecinspect.testing.Cli;
import org.kexecinspect.testing.Inputs;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The prediction in plain words: a headline a person who is no kernel engineer understands, and the
 * chain (load path, the kdump kernel's lfb_base, the config window, what is lost) in at most four
 * short lines, on every hand-made capture and on the reported will-fail case.
 */
class SummaryTest {
    static final Path CAPS = Inputs.projectDir().resolve("native-fixtures/hyperv-captures");

    private static JsonNode summary(String capture, String... more) {
        List<String> a = new ArrayList<>(List.of("predict", "--format", "json"));
        a.addAll(List.of(more));
        a.add(CAPS.resolve(capture).toString());
        Cli.Result r = Cli.run(a.toArray(new String[0]));
        assertTrue(r.exit() <= 4, r.err());
        return r.json().get("predictions").get(0).get("prediction").get("summary");
    }

    private static List<String> why(JsonNode s) {
        List<String> w = new ArrayList<>();
        s.get("why").forEach(n -> w.add(n.asText()));
        return w;
    }

    @Test
    void everyHandMadeCaptureHasAHeadlineAndAtMostFourShortLinesOfWhy() {
        for (String c : List.of("gen2-local-x86", "gen2-azure-x86", "gen2-local-arm64", "gen2-azure-cvm-x86", "gen1-local-x86")) {
            JsonNode s = summary(c);
            String h = s.get("headline").asText();
            assertTrue(h.startsWith("kdump will fail") || h.startsWith("kdump is at risk") || h.startsWith("kdump looks safe")
                    || h.startsWith("cannot tell"), c + ": " + h);
            assertTrue(h.length() <= 76, c + ": a headline longer than one line: " + h);
            List<String> why = why(s);
            assertTrue(!why.isEmpty() && why.size() <= Summary.MAX_WHY, c + ": " + why);
            for (String line : why) {
                assertTrue(line.length() <= 78, c + ": a why line longer than an 80-column line can hold: " + line);
            }
        }
    }

    /** The reported Ubuntu case's kdump kernel (PredictionEndToEndTest), with or without the fix. */
    static String[] ubuntuKdumpKernel(boolean fix) {
        return new String[] {"--assume", "kdumpKernel.release=6.8.0-52-generic", "--assume", "kdumpKernel.version=6.8.0",
            "--assume", "kdumpKernel.config.CONFIG_PCI_HYPERV=y", "--assume", "kdumpKernel.config.CONFIG_DRM_HYPERV=m",
            "--assume", "kdumpKernel.config.CONFIG_HYPERV=y", "--assume", "kdumpKernel.config.CONFIG_SYSFB=y",
            "--assume", "kdumpKernel.config.CONFIG_EFI=y", "--assume", "kdumpKernel.config.CONFIG_FB_HYPERV=n",
            "--assume", "modules.pci_hyperv.builtin=true", "--assume", "kdumpKernel.hasFbReserveFix=" + fix};
    }

    /** Decided cases too: the lines that say what stays and what is lost fit as well. */
    @Test
    void decidedCasesFitTooWithAndWithoutTheFix() {
        for (String c : List.of("gen2-local-x86", "gen2-azure-x86")) {
            for (boolean fix : new boolean[] {true, false}) {
                JsonNode s = summary(c, ubuntuKdumpKernel(fix));
                assertTrue(s.get("headline").asText().length() <= 76, s.toString());
                for (String line : why(s)) {
                    assertTrue(line.length() <= 78, c + " fix=" + fix + ": " + line);
                }
            }
        }
    }

    @Test
    void theAtRiskLocalVmSaysWhatItMayLoseAndWhy() {
        JsonNode s = summary("gen2-local-x86");
        assertEquals("kdump is at risk on this VM: the crash kernel may lose its NVMe root disk", s.get("headline").asText());
        assertEquals(List.of("kdump-tools uses kexec_load (no -s given; kexec-tools 2.0.22 defaults to -c)",
                "the crash kernel gets lfb_base 0: hyperv_drm hides the screen's address",
                "so pci_hyperv's config window may land on the framebuffer",
                "if so, the host refuses it and the NVMe root /dev/nvme0n1p1 is lost: no dump"), why(s));
    }

    @Test
    void theUndecidedAzureVmCountsTheMissingFacts() {
        JsonNode s = summary("gen2-azure-x86");
        int n = s.get("missing").size();
        assertTrue(n > 0);
        assertEquals("cannot tell whether kdump works here: " + n + " facts are missing", s.get("headline").asText());
        assertTrue(why(s).get(0).contains("Secure Boot is on, so it adds -s"), why(s).toString());
    }

    @Test
    void theReportedCaseWillFailAndLosesTheNvmeRoot() {
        JsonNode s = summary("gen2-local-x86", "--assume", "kdumpKernel.release=6.8.0-52-generic",
                "--assume", "kdumpKernel.version=6.8.0", "--assume", "kdumpKernel.config.CONFIG_PCI_HYPERV=y",
                "--assume", "kdumpKernel.config.CONFIG_DRM_HYPERV=m", "--assume", "kdumpKernel.config.CONFIG_HYPERV=y",
                "--assume", "kdumpKernel.config.CONFIG_SYSFB=y", "--assume", "kdumpKernel.config.CONFIG_EFI=y",
                "--assume", "kdumpKernel.config.CONFIG_FB_HYPERV=n", "--assume", "kdumpKernel.hasFbReserveFix=false");
        assertEquals("kdump will fail on this VM: the crash kernel will lose its NVMe root disk",
                s.get("headline").asText());
        List<String> why = why(s);
        assertEquals("nothing reserves the framebuffer: pci_hyperv's config window lands on it", why.get(2));
        assertEquals("the host refuses it, and the NVMe root /dev/nvme0n1p1 is lost: no dump", why.get(3));
        assertEquals(0, s.get("missing").size());
    }

    @Test
    void safeVmsSayWhyInPlainWords() {
        assertEquals("kdump looks safe here: Generation 1 VMs reserve the screen memory",
                summary("gen1-local-x86").get("headline").asText());
        assertEquals("kdump looks safe here: no pass-through device for the crash kernel to lose",
                summary("gen2-local-arm64").get("headline").asText());
        assertEquals("kdump looks safe here: not a Hyper-V VM, so this failure cannot happen",
                summary("gen2-local-x86", "--assume", "hyperv.guest=false").get("headline").asText());
    }
}
