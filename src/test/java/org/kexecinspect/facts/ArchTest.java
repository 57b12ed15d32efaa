package org.kexecinspect.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The architecture by the machine name uname prints: its family, and the name back for JSON and text. */
class ArchTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({"x86_64, X86_64", "i686, X86_32", "i586, X86_32", "i386, X86_32", "aarch64, ARM64",
            "armv7l, OTHER", "ppc64le, OTHER", "s390x, OTHER", "riscv64, OTHER", "i786, OTHER", "x86_64x, OTHER"})
    void theMachineNameGivesTheFamily(String machine, Arch.Family family) {
        Arch a = Arch.of(machine);
        assertEquals(family, a.family());
        assertEquals(machine, a.machine());
        assertEquals(machine, a.toString(), "JSON and text print the uname name");
        assertEquals(family == Arch.Family.X86_64 || family == Arch.Family.X86_32, a.isX86());
        assertEquals(family == Arch.Family.ARM64, a.isArm64());
    }

    @Test
    void equalByNameAndAFamilyThatDisagreesWithTheNameIsRefused() {
        assertEquals(Arch.of("aarch64"), new Arch("aarch64", Arch.Family.ARM64));
        assertThrows(IllegalArgumentException.class, () -> new Arch("aarch64", Arch.Family.X86_64));
        assertThrows(NullPointerException.class, () -> Arch.of(null));
    }

    @Test
    void theMachineNameComesFromUnameA() {
        Fact<Arch> arch = Fact.of("Linux vm 6.1.0-56-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-05-01) x86_64 GNU/Linux",
                "uname -a").map(Machine::archOf).map(Arch::of);
        assertTrue(arch.known() && arch.value().isX86() && !arch.value().isArm64());
        assertFalse(Fact.of("Linux vm 6.1.0 #1 SMP sparc64 GNU/Linux", "uname -a").map(Machine::archOf).known(),
                "a machine name uname(1) is not listed for stays unknown");
    }
}
