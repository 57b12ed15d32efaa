package org.kexecinspect.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kexecinspect.testing.LogTexts.console;
import static org.kexecinspect.testing.LogTexts.facts;
import static org.kexecinspect.testing.LogTexts.grep;
import static org.kexecinspect.testing.LogTexts.journal;
import static org.kexecinspect.testing.LogTexts.lines;
import static org.kexecinspect.testing.LogTexts.read;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kexecinspect.facts.SystemFacts;
import org.kexecinspect.model.fix.FbReserveFix;
import org.kexecinspect.model.fix.FbReserveFixDecision;
import org.kexecinspect.testing.Inputs;

/**
 * The model predict runs, on the facts of the two real QEMU consoles and the real Hyper-V journal:
 * it names what the log leaves unknown instead of guessing, and the assumptions a reader can check
 * against the log decide it. The expected lines are found in the files here.
 */
class LogFactsPredictTest {

    static final String QEMU_D13 = "d13-bochs-c.log";
    static final String QEMU_SID = "sid-efifb-s.log";

    static Finding finding(Prediction p, String code) {
        return p.findings().stream().filter(f -> f.code().equals(code)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + code + " in " + p.findings()));
    }

    static boolean anyReason(List<Reason> rs, String words) {
        return rs.stream().anyMatch(r -> r.text().contains(words));
    }

    @ParameterizedTest
    @ValueSource(strings = {QEMU_D13, QEMU_SID, "journal"})
    void aLogAloneLeavesTheVerdictUnknownAndNamesWhatIsMissing(String name) throws Exception {
        Path p = name.equals("journal") ? journal() : console(name);
        Prediction pr = Predictor.predict(facts(name, read(p)), Assumptions.NONE);
        assertEquals(Verdict.UNKNOWN, pr.verdict(), () -> pr.findings().toString());
        // no kdump service in a log: the load path is not guessed
        finding(pr, "load-path-unknown");
        Finding undecided = finding(pr, "cannot-decide");
        assertTrue(undecided.message().contains("the load path"), undecided.message());
        assertTrue(undecided.message().contains("the VMBus low MMIO range"), undecided.message());
        // and the reasons say why: what a kernel log does not show
        assertTrue(anyReason(pr.mmio().reasons(), "not collected"), () -> pr.mmio().reasons().toString());
        assertEquals(Tristate.UNKNOWN, pr.mmio().conflict());
        for (PathPrediction path : pr.paths()) {
            assertEquals(null, path.kdumpScreenInfo(), "no screen_info from a log");
        }
    }

    /** The QEMU runs' DMI line names QEMU: with that assumed as "not a Hyper-V guest", the answer is the model's "not-hyperv". */
    @ParameterizedTest
    @ValueSource(strings = {QEMU_D13, QEMU_SID})
    void aQemuConsoleAssumedNotHypervIsOk(String name) throws Exception {
        String raw = read(console(name));
        List<String> text = lines(raw);
        assertFalse(grep(text, "] DMI: QEMU Standard PC").isEmpty());
        assertTrue(grep(text, "Hyper-V").isEmpty() && grep(text, "hv_vmbus").isEmpty());
        Prediction pr = Predictor.predict(facts(name, raw), Assumptions.parse(List.of("hyperv.guest=false")));
        assertEquals(Verdict.OK, pr.verdict());
        finding(pr, "not-hyperv");
    }

    /**
     * The journal's VM has no pass-through device (no hv_pci line at all): a kdump kernel built without
     * pci_hyperv (its config assumed, the VMBus and hyperv_fb kept) allocates no config window, whatever
     * screen_info it gets.
     */
    @Test
    void theJournalWithAKdumpKernelWithoutPciHypervIsOk() throws Exception {
        String raw = read(journal());
        List<String> text = lines(raw);
        assertTrue(grep(text, "hv_pci").isEmpty());
        assertFalse(grep(text, "kernel: Hypervisor detected: Microsoft Hyper-V").isEmpty());
        Prediction pr = Predictor.predict(facts("journal.log", raw), Assumptions.parse(List.of(
                "kdumpKernel.config.CONFIG_HYPERV=y", "kdumpKernel.config.CONFIG_PCI_HYPERV=n",
                "kdumpKernel.config.CONFIG_DRM_HYPERV=n", "kdumpKernel.config.CONFIG_FB_HYPERV=m")));
        assertEquals(Verdict.OK, pr.verdict(), () -> pr.findings().toString());
        assertEquals(Tristate.NO, pr.mmio().conflict());
        assertTrue(anyReason(pr.mmio().reasons(), "no pci_hyperv"), () -> pr.mmio().reasons().toString());
        // the observed facts are the log's: a Gen2 guest by its lines
        assertTrue(pr.findings().stream().noneMatch(f -> f.code().equals("not-hyperv") || f.code().equals("gen1")));
    }

    /**
     * A real console with a real 016a25e4b0df line inserted into its kdump boot: the "hv_mmio=" info
     * line Dexuan Cui's first kernel printed on a Gen1 VM (real-world/decui-2026-gen1-local-7680x4320-
     * firstkernel.dmesg.txt, posted to linux-hyperv with the patch; the wording of drivers/hv/vmbus_drv.c
     * vmbus_reserve_fb() as 016a25e4b0df merged it, "hv_mmio=%pR,%pR fb=%pR"). The kdump kernel's fix
     * is then observed from what it printed, not looked up by its version.
     */
    @Test
    void theKdumpKernelsFixIsObservedFromTheLineItPrinted() throws Exception {
        String raw = read(console(QEMU_D13));
        String hvMmio = read(Inputs.captures().resolve("real-world").resolve("decui-2026-gen1-local-7680x4320-firstkernel.dmesg.txt"))
                .strip();
        assertTrue(hvMmio.contains("hv_vmbus: hv_mmio="), hvMmio);
        List<String> text = new ArrayList<>(lines(raw));
        long kdumpBanner = grep(text, "] Linux version ").get(1);
        long at = grep(text, "] PCI host bridge to bus 0000:00").stream().filter(n -> n > kdumpBanner).findFirst().orElseThrow();
        text.add((int) at, hvMmio);
        long inserted = at + 1;
        SystemFacts built = facts("built.log", String.join("\n", text) + "\n");

        FbReserveFix fix = FbReserveFixDecision.decide(built.kdumpKernel());
        assertEquals(Tristate.YES, fix.carried(), fix.evidence());
        assertEquals(FbReserveFix.Basis.CONTENT, fix.basis());
        assertEquals("built.log:" + inserted, fix.source());
        Prediction pr = Predictor.predict(built, Assumptions.NONE);
        Finding f = finding(pr, "fb-reserve-fix");
        assertEquals("built.log:" + inserted, f.evidence().get(0).evidence());

        // the same console as it is: the release table decides, by the kdump kernel's version
        FbReserveFix byTable = FbReserveFixDecision.decide(facts(QEMU_D13, raw).kdumpKernel());
        assertEquals(FbReserveFix.Basis.RELEASE_TABLE, byTable.basis());
        // and an assumption still overrides what the log shows
        FbReserveFix assumed = FbReserveFixDecision.decide(Assumptions.parse(List.of("kdumpKernel.hasFbReserveFix=false"))
                .apply(built).kdumpKernel());
        assertEquals(Tristate.NO, assumed.carried());
        assertEquals(FbReserveFix.Basis.ASSUMED, assumed.basis());
    }
}
