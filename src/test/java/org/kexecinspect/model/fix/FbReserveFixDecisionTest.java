package org.kexecinspect.model.fix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kexecinspect.facts.Fact;
import org.kexecinspect.facts.FixStringSearch;
import org.kexecinspect.facts.FixStringSearch.Look;
import org.kexecinspect.facts.FixStringSearch.Outcome;
import org.kexecinspect.facts.FixStringSearch.Place;
import org.kexecinspect.facts.KdumpKernelFacts;
import org.kexecinspect.format.ByteSource;
import org.kexecinspect.kernel.FbReserveFixProbe;
import org.kexecinspect.model.Tristate;
import org.kexecinspect.testing.DebianInitramfs;

/**
 * The 016a25e4b0df decision. Expected releases are the stable announcements and the mainline merge
 * as issue 17 lists them (v7.1 final, not 7.1-rc7; 7.0.13, 6.18.37, 6.12.95, 6.6.144, 6.1.177,
 * 5.15.211, 5.10.260), typed in here, not read from knowledge.json.
 */
class FbReserveFixDecisionTest {
    static final String SRC = "test";

    static KdumpKernelFacts kernel(String version, FixStringSearch search, Fact<Boolean> assumed) {
        Fact<String> v = version == null ? Fact.unknown(Fact.Why.ABSENT, "no image in this test", SRC) : Fact.of(version, SRC);
        return new KdumpKernelFacts(Fact.of("/boot/vmlinuz", SRC), v, v, Fact.of(Map.<String, Optional<String>>of(), SRC),
                search, assumed, new KdumpKernelFacts.InitramfsFacts(Fact.of("/boot/initrd.img", SRC),
                        Fact.unknown(Fact.Why.ABSENT, "none", SRC), Fact.unknown(Fact.Why.ABSENT, "none", SRC),
                        Fact.unknown(Fact.Why.ABSENT, "none", SRC)), Fact.unknown(Fact.Why.ABSENT, "none", SRC),
                Fact.unknown(Fact.Why.ABSENT, "none", SRC));
    }

    static FbReserveFix byVersion(String version) {
        return FbReserveFixDecision.decide(kernel(version, FixStringSearch.NONE, KdumpKernelFacts.notAssumed(SRC)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
            "7.0.12, NO", "7.0.13, YES",
            "6.18.36, NO", "6.18.37, YES",
            "6.12.94, NO", "6.12.95, YES",
            "6.6.143, NO", "6.6.144, YES",
            "6.1.176, NO", "6.1.177, YES",
            "5.15.210, NO", "5.15.211, YES",
            "5.10.259, NO", "5.10.260, YES",
            "7.1-rc7, NO", "7.1.0-rc7, NO", "7.1-rc1, NO", "7.1, YES", "7.1.0, YES", "7.1.3, YES",
            "7.2-rc1, YES", "7.2, YES"})
    void everyBoundaryOfTheReleaseTable(String version, Tristate expected) {
        FbReserveFix f = byVersion(version);
        assertEquals(expected, f.carried(), f.evidence());
        assertEquals(FbReserveFix.Basis.RELEASE_TABLE, f.basis());
        assertTrue(f.source().startsWith("knowledge.json: 016a25e4b0df"), f.source());
        assertTrue(!f.evidence().contains("unverified") && !f.source().contains("rc8"), f.evidence() + " / " + f.source());
    }

    @ParameterizedTest(name = "{0} keeps the CONFIG_SYSFB test: {1}")
    @CsvSource({"7.2, true", "7.1, true", "7.0.13, true", "6.18.37, true", "6.12.95, true",
            "6.6.144, false", "6.1.177, false", "5.15.211, false", "5.10.260, false"})
    void the67BasedSeriesKeepTheSysfbTestTheOlderBackportsDropIt(String version, boolean keeps) {
        assertEquals(Tristate.of(keeps), byVersion(version).keepsSysfbTest());
    }

    @Test
    void aSeriesWithoutAnEntryBelowMainlineCannotBeTold() {
        FbReserveFix f = byVersion("6.8.12");
        assertEquals(Tristate.UNKNOWN, f.carried());
        assertEquals(Tristate.UNKNOWN, byVersion("6.8.12").keepsSysfbTest());
        assertEquals(Tristate.UNKNOWN, FbReserveFixDecision.decide(kernel(null, FixStringSearch.NONE,
                KdumpKernelFacts.notAssumed(SRC))).carried());
    }

    /** A look at a real Debian hv_vmbus.ko, as the kdump kernel reader records it. */
    static Look realLook(boolean withFix) throws Exception {
        String version = DebianInitramfs.listedVersion("amd64", withFix);
        Path ko = DebianInitramfs.module(DebianInitramfs.modules("amd64", version), "drivers/hv/hv_vmbus.ko");
        FbReserveFixProbe.Result r = FbReserveFixProbe.scanModule(ByteSource.of(ko.toString(), Files.readAllBytes(ko)));
        return new Look(Place.LIB_MODULES, ko.toString(), Outcome.SCANNED, r.fixStringNames(), r.markerNames(), "");
    }

    @Test
    void theStringsInHvVmbusBeatTheReleaseTable() throws Exception {
        // a kernel that says 6.1.176 (before the 6.1.y backport) whose hv_vmbus has the fix's strings
        FbReserveFix yes = FbReserveFixDecision.decide(kernel("6.1.176", new FixStringSearch(List.of(realLook(true))),
                KdumpKernelFacts.notAssumed(SRC)));
        assertEquals(Tristate.YES, yes.carried(), yes.evidence());
        assertEquals(FbReserveFix.Basis.CONTENT, yes.basis());
        assertTrue(yes.evidence().contains("Unexpected low mmio base"), yes.evidence());
        assertTrue(yes.source().endsWith("hv_vmbus.ko"), yes.source());
        assertEquals(Tristate.NO, yes.keepsSysfbTest(), "6.1.y's backport has no CONFIG_SYSFB test");
        // and the other way round: 6.1.192 by its version, with an hv_vmbus from before the fix
        FbReserveFix no = FbReserveFixDecision.decide(kernel("6.1.192", new FixStringSearch(List.of(realLook(false))),
                KdumpKernelFacts.notAssumed(SRC)));
        assertEquals(Tristate.NO, no.carried(), no.evidence());
        assertEquals(FbReserveFix.Basis.CONTENT, no.basis());
    }

    @Test
    void placesThatCannotTellAreNamedAndTheReleaseTableDecides() {
        FixStringSearch search = new FixStringSearch(List.of(
                new Look(Place.INITRAMFS, "initrd.img", Outcome.NOT_THERE, List.of(), List.of(), "no hv_vmbus module in the initramfs"),
                // a reworded backport: the info line and the markers, not the fallback's warning
                new Look(Place.LIB_MODULES, "hv_vmbus.ko", Outcome.SCANNED, List.of(FbReserveFixProbe.RESERVATION_INFO),
                        FbReserveFixProbe.MARKERS, "")));
        FbReserveFix f = FbReserveFixDecision.decide(kernel("6.1.177", search, KdumpKernelFacts.notAssumed(SRC)));
        assertEquals(Tristate.YES, f.carried());
        assertEquals(FbReserveFix.Basis.RELEASE_TABLE, f.basis());
        assertTrue(f.evidence().startsWith("no hv_vmbus module in the initramfs; hv_vmbus.ko: only 1 of the fix's 3 strings"),
                f.evidence());
    }

    @Test
    void anAssumptionOverridesContentAndReleaseTableAndSaysSo() throws Exception {
        FbReserveFix f = FbReserveFixDecision.decide(kernel("6.1.192", new FixStringSearch(List.of(realLook(true))),
                Fact.of(false, "--assume kdumpKernel.hasFbReserveFix=false")));
        assertEquals(Tristate.NO, f.carried());
        assertEquals(FbReserveFix.Basis.ASSUMED, f.basis());
        assertEquals("--assume kdumpKernel.hasFbReserveFix=false", f.source());
    }

    /**
     * The kdump kernel's own lines in a kernel log: one printed message of the commit is its code
     * running (the function printed nothing before it), where the same single string found in compiled
     * code is only "a changed backport?"; a log showing none of them leaves the release table to decide.
     */
    @Test
    void aMessageTheKdumpKernelPrintedIsContentEvidenceAndNoneProvesNothing() {
        Look printed = new Look(Place.KERNEL_LOG, "console.log:812", Outcome.SCANNED,
                List.of(FbReserveFixProbe.ZERO_BASE_WARNING), List.of(), "");
        FbReserveFix yes = FbReserveFixDecision.decide(kernel("6.1.176", new FixStringSearch(List.of(printed)),
                KdumpKernelFacts.notAssumed(SRC)));
        assertEquals(Tristate.YES, yes.carried(), yes.evidence());
        assertEquals(FbReserveFix.Basis.CONTENT, yes.basis());
        assertEquals("console.log:812", yes.source());
        assertTrue(yes.evidence().contains(FbReserveFixProbe.ZERO_BASE_WARNING), yes.evidence());

        Look inCode = new Look(Place.KERNEL_IMAGE, "vmlinuz", Outcome.SCANNED, List.of(FbReserveFixProbe.ZERO_BASE_WARNING),
                List.copyOf(FbReserveFixProbe.MARKERS), "");
        assertEquals(Tristate.UNKNOWN, ContentEvidence.judge(inCode).carried());

        Look none = new Look(Place.KERNEL_LOG, "console.log:458-852", Outcome.SCANNED, List.of(), List.of(), "");
        FbReserveFix byTable = FbReserveFixDecision.decide(kernel("6.1.176", new FixStringSearch(List.of(none)),
                KdumpKernelFacts.notAssumed(SRC)));
        assertEquals(Tristate.NO, byTable.carried(), byTable.evidence()); // 6.1.177 is the first 6.1.y with it
        assertEquals(FbReserveFix.Basis.RELEASE_TABLE, byTable.basis());
        assertTrue(byTable.evidence().contains("console.log:458-852"), byTable.evidence());
    }
}
