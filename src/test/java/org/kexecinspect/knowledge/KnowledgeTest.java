package org.kexecinspect.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The release entries of knowledge.json the load-path models use, against the kexec-tools history of setup_linux_vesafb() and the kernel commits afc18069a2cb, 3cb73bc3fa2a, c25a19afb81c. */
class KnowledgeTest {

    /** kexec-tools 060eee589dd1 (v2.0.17), a98b4da4fd4f (v2.0.19), fb5a8792e6e4 (v2.0.20): A up to 2.0.16, B 2.0.17-2.0.18, C 2.0.19, D from 2.0.20 (E = D with --reuse-video-type). */
    @ParameterizedTest(name = "kexec-tools {0} is class {1}")
    @CsvSource({"2.0.9,A", "2.0.16,A", "2.0.17,B", "2.0.18,B", "2.0.19,C", "2.0.20,D", "2.0.25,D", "2.0.32,D"})
    void kexecToolsClasses(String version, String expected) {
        Knowledge.VesafbRule r = Knowledge.get().setupLinuxVesafb(Version.parse(version));
        assertEquals(expected, r.kexecToolsClass());
        assertEquals(!expected.equals("A"), r.fallback(), "the fallback came with 2.0.17");
        assertEquals(expected.equals("C") || expected.equals("D"), r.ext64(), "ext_lfb_base came with 2.0.19");
        assertEquals(expected.equals("D"), r.reuseVideoTypeOption());
    }

    @Test
    void theKexecFileCopyOfTheLiveScreenInfoIsInMainline510() {
        Knowledge.KernelChange c = Knowledge.get().kernelChange("kexecFileCopiesLiveScreenInfo");
        assertEquals("afc18069a2cb", c.commit());
        assertEquals(Boolean.TRUE, c.carriedBy(Version.parse("5.10"), null).carries());
        assertEquals(Boolean.TRUE, c.carriedBy(Version.parse("6.8"), null).carries());
        // 5.9.7's announcement lists it
        assertEquals(Boolean.TRUE, c.carriedBy(Version.parse("5.9"), Version.parse("5.9.7")).carries());
        assertEquals(Boolean.FALSE, c.carriedBy(Version.parse("5.9"), Version.parse("5.9.6")).carries());
        assertNull(c.carriedBy(Version.parse("5.9"), null).carries(), "a hidden sublevel cannot be placed");
        assertNull(c.carriedBy(Version.parse("5.4"), Version.parse("5.4.200")).carries(), "5.4.y release unknown");
        // 5.7 was no longer maintained in November 2020: no queue took it
        assertEquals(Boolean.FALSE, c.carriedBy(Version.parse("5.7"), Version.parse("5.7.19")).carries());
    }

    @Test
    void hypervFbClearedFrom510Until68() {
        Knowledge k = Knowledge.get();
        Knowledge.KernelChange clears = k.kernelChange("hypervFbClearsScreenInfo");
        Knowledge.KernelChange keeps = k.kernelChange("hypervFbKeepsScreenInfo");
        assertEquals("3cb73bc3fa2a", clears.commit());
        assertEquals("c25a19afb81c", keeps.commit());
        assertTrue(clears.carriedBy(Version.parse("5.15"), null).carries());
        assertFalse(keeps.carriedBy(Version.parse("6.7"), null).carries());
        assertTrue(keeps.carriedBy(Version.parse("6.8"), null).carries());
        Knowledge.Carried old = clears.carriedBy(Version.parse("5.4"), null);
        assertFalse(old.carries());
        assertFalse(old.verified(), "the list of stable series that took it is not known to be complete");
    }
}
