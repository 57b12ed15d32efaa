package org.kexecinspect.model.loadpath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kexecinspect.facts.Arch;
import org.kexecinspect.facts.Fact;
import org.kexecinspect.format.text.KexecInvocation.Syscall;
import org.kexecinspect.format.text.KexecToolsVersion;
import org.kexecinspect.model.Reason;
import org.kexecinspect.model.Tristate;

/**
 * kexec-tools' own choice, each rule at its boundary: kexec/kexec.c main() (the last of -c/-s/-a
 * wins), 29fe5067ed07 (-a the default from v2.0.27), 4f77da6340356 (-a's fallback from v2.0.21).
 */
class KexecToolsRulesTest {

    static Fact<String> version(String v) {
        return Fact.of(v, "kexec --version");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "-c -s|FILE_LOAD", "-s -c|LOAD", "-c -a|AUTO", "-a -s -c|LOAD", "-s -d -a|AUTO", "-p -d|"})
    void theLastOfDashCSAWins(String words, Syscall expected) {
        assertEquals(Optional.ofNullable(expected), KexecToolsRules.requested(List.of(words.split(" "))));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "2.0.18|LOAD", "2.0.25|LOAD", "2.0.26|LOAD", "2.0.27|AUTO", "2.0.27.git|AUTO", "2.0.32|AUTO"})
    void theDefaultByRelease(String v, Syscall expected) {
        List<Reason> r = new ArrayList<>();
        assertEquals(Optional.of(expected), KexecToolsRules.defaultSyscall(version(v), r));
        assertTrue(r.get(0).evidence().contains(expected == Syscall.AUTO ? "29fe5067ed07" : "v2.0.26"), r.toString());
    }

    /** The exact strings kexec --version prints reach the same table through the parser. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "kexec-tools 2.0.26|kexec_load", "kexec-tools 2.0.27|auto",
            "kexec-tools 2.0.28 (Ubuntu 2.0.28-0ubuntu3)|auto", "2.0.18|kexec_load"})
    void theDefaultOfPrintedVersions(String printed, String expected) throws Exception {
        String v = KexecToolsVersion.parse(printed, "v").toString();
        assertEquals(expected, LoadPaths.defaultSyscall(version(v)).value());
    }

    @Test
    void unknownVersionHasNoDefaultAndSaysWhereTheDefaultChanged() {
        List<Reason> r = new ArrayList<>();
        assertTrue(KexecToolsRules.defaultSyscall(Fact.unknown(Fact.Why.ABSENT, "no kexec", "kexec --version"), r).isEmpty());
        assertTrue(r.get(0).text().contains("2.0.27"), "the release comes from the knowledge file: " + r);
    }

    @Test
    void dashAWithoutTheFallbackStaysOnFileLoadUntil2021() {
        List<Reason> r = new ArrayList<>();
        assertEquals(Optional.of(KexecSyscall.KEXEC_FILE_LOAD), KexecToolsRules.auto(Tristate.NO, false, version("2.0.20"), r));
        assertTrue(r.get(0).text().contains("does not fall back"), r.toString());
        assertEquals(Optional.of(KexecSyscall.KEXEC_LOAD), KexecToolsRules.auto(Tristate.NO, false, version("2.0.21"), r));
        assertEquals(Optional.of(KexecSyscall.KEXEC_FILE_LOAD), KexecToolsRules.auto(Tristate.YES, false, version("2.0.20"), r));
        assertEquals(Optional.empty(), KexecToolsRules.auto(Tristate.UNKNOWN, false, version("2.0.32"), r));
        assertEquals(Optional.empty(), KexecToolsRules.auto(Tristate.NO, false, Fact.unknown(Fact.Why.ABSENT, "x", "y"), r));
    }

    @Test
    void anArchitectureWithoutFileLoadTakesKexecLoadInEveryRelease() {
        List<Reason> r = new ArrayList<>();
        assertEquals(Optional.of(KexecSyscall.KEXEC_LOAD), KexecToolsRules.auto(Tristate.NO, true, version("2.0.17"), r));
        assertTrue(Availability.archLacksFileLoad(Arch.of("i686")));
        assertTrue(!Availability.archLacksFileLoad(Arch.of("x86_64")) && !Availability.archLacksFileLoad(Arch.of("aarch64")));
    }

    @Test
    void xenForcesKexecLoadFrom2029() {
        List<Reason> r = new ArrayList<>();
        KexecToolsRules.xenNote(version("2.0.28"), r);
        assertTrue(r.isEmpty());
        KexecToolsRules.xenNote(version("2.0.29"), r);
        assertTrue(r.get(0).evidence().contains("94fbe64fb22d"), r.toString());
    }
}
