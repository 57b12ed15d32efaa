package org.kexecinspect.model.fix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kexecinspect.facts.Collector;
import org.kexecinspect.facts.Captures;
import org.kexecinspect.facts.Root;
import org.kexecinspect.facts.SystemCalls;
import org.kexecinspect.facts.SystemFacts;
import org.kexecinspect.model.Assumptions;
import org.kexecinspect.model.Prediction;
import org.kexecinspect.model.Predictor;
import org.kexecinspect.model.Tristate;
import org.kexecinspect.model.Verdict;
import org.kexecinspect.testing.Inputs;

/**
 * "What if the kdump kernel were 7.0.13?" on the hand-made Azure Gen2 capture (its README: lfb_base
 * 0x40000000 at boot, hyperv_drm owns /dev/fb0 so kexec-tools passes lfb_base 0 on KEXEC_LOAD, low
 * MMIO at 0x40000000, two pass-through buses, NVMe root). Everything but the kdump kernel's version is
 * assumed so that only 016a25e4b0df decides: KEXEC_LOAD, an EFI kdump kernel, pci_hyperv built in and
 * hyperv_drm a module (pci_hyperv probes first), CONFIG_SYSFB=y. The stable announcement puts the
 * fix in 7.0.13, not 7.0.12.
 */
class FixWhatIfPredictTest {
    static SystemFacts azure;

    @BeforeAll
    static void collect() throws Exception {
        String name = "gen2-azure-x86";
        try (Root root = Captures.open(Inputs.projectDir().resolve("native-fixtures/hyperv-captures/" + name), name)) {
            azure = Collector.collect(root, SystemCalls.recorded(root));
        }
    }

    static List<String> onlyTheFixDecides(String version, String sysfb) {
        return new ArrayList<>(List.of("kdumpKernel.version=" + version, "kdumpService.loadPath=kexec_load",
                "kdumpKernel.efiKexec=true", "kdumpKernel.config.CONFIG_HYPERV=y", "kdumpKernel.config.CONFIG_SYSFB=" + sysfb,
                "kdumpKernel.config.CONFIG_PCI_HYPERV=y", "kdumpKernel.config.CONFIG_DRM_HYPERV=m",
                "kdumpKernel.config.CONFIG_FB_HYPERV=n"));
    }

    static Prediction predict(List<String> assume) {
        return Predictor.predict(azure, Assumptions.parse(assume));
    }

    @Test
    void aKdumpKernel7_0_13CarriesTheFixAnd7_0_12DoesNot() {
        Prediction fixed = predict(onlyTheFixDecides("7.0.13", "y"));
        Prediction unfixed = predict(onlyTheFixDecides("7.0.12", "y"));
        assertEquals(Tristate.NO, fixed.mmio().conflict(), fixed.mmio().reasons().toString());
        assertEquals(Verdict.OK, fixed.verdict());
        assertTrue(fixed.findings().stream().anyMatch(f -> f.code().equals("fb-reserve-fix")));
        assertEquals(Tristate.YES, unfixed.mmio().conflict(), unfixed.mmio().reasons().toString());
        assertEquals(Verdict.WILL_FAIL, unfixed.verdict(), "the NVMe root is behind hv_pci");
        assertTrue(unfixed.findings().stream().noneMatch(f -> f.code().equals("fb-reserve-fix")));
    }

    @Test
    void onAFixed7_0KernelTheSysfbTestStillDecides() {
        // 7.0.y's backport keeps IS_ENABLED(CONFIG_SYSFB): without it nothing is reserved
        Prediction p = predict(onlyTheFixDecides("7.0.13", "n"));
        assertEquals(Tristate.YES, p.mmio().conflict());
        assertEquals(Verdict.WILL_FAIL, p.verdict());
        // 6.1.y's backport has no such test: 6.1.177 reserves without CONFIG_SYSFB
        Prediction old = predict(onlyTheFixDecides("6.1.177", "n"));
        assertEquals(Tristate.NO, old.mmio().conflict(), old.mmio().reasons().toString());
    }

    @Test
    void assumingOneConfigOptionOfAnUnknownConfigLeavesTheOthersUnknownNotAbsent() {
        // the capture has no kdump kernel image, so no config: CONFIG_HYPERV must not turn "absent"
        Prediction p = predict(List.of("kdumpKernel.version=7.0.12", "kdumpService.loadPath=kexec_load",
                "kdumpKernel.efiKexec=true", "kdumpKernel.config.CONFIG_SYSFB=n"));
        assertTrue(p.mmio().reasons().stream().noneMatch(r -> r.text().contains("no CONFIG_HYPERV")),
                p.mmio().reasons().toString());
        assertTrue(p.verdict() != Verdict.OK, p.verdict() + ": " + p.mmio().reasons());
    }
}
