package org.kexecinspect.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The modifiers that act on a load path: EFI_BOOT in the kdump kernel (KEXEC_LOAD: --noefi, no
 * runtime-map, memory descriptor version, as kexec-tools x86-linux-setup.c setup_efi_info() decides;
 * KEXEC_FILE_LOAD: no EFI runtime services, arch/x86/kernel/kexec-bzimage64.c; both: a BIOS-booted first
 * kernel), and what makes a path unavailable (kexec-tools kexec/kexec.c -c/-s/-a).
 * The EFI_BOOT rules are derived from code, not observed, so every such answer must say so.
 * (The CONFIG_SYSFB and 016a25e4b0df modifiers act in the kdump kernel's vmbus_reserve_fb(), the
 * MMIO model's part, not on the screen_info a load path hands over.)
 */
class ModifiersTest {

    @TempDir Path tmp;

    Path gen2() {
        return Trees.hyperv("gen2-local-x86", tmp);
    }

    static void derivedReason(PathPrediction p, String words) {
        assertTrue(p.reasons().stream().anyMatch(r -> r.derived() && r.text().contains(words)),
                () -> "a derived reason saying '" + words + "' among " + p.reasons());
    }

    // ---- EFI_BOOT, KEXEC_LOAD --------------------------------------------------------------------

    @Test
    void noefiMeansTheKdumpKernelIsNotEfiBoot() throws Exception {
        Path t = gen2();
        Trees.kexecArgs(t, "--noefi");
        PathPrediction p = TruthTableTest.load(t);
        assertEquals(Tristate.NO, p.efiBoot());
        derivedReason(p, "--noefi");
    }

    @Test
    void noRuntimeMapMeansTheKdumpKernelIsNotEfiBoot() throws Exception {
        Path t = gen2();
        Trees.delete(t, "sys/firmware/efi/runtime-map");
        String dirs = new String(Trees.read(t, "kexec-inspect/dirs"), StandardCharsets.UTF_8);
        Trees.write(t, "kexec-inspect/dirs", dirs.replace("sys/firmware/efi/runtime-map\n", ""));
        PathPrediction p = TruthTableTest.load(t);
        assertEquals(Tristate.NO, p.efiBoot());
        derivedReason(p, "runtime-map");
    }

    /** setup_efi_info() zeroes efi_info for a memory descriptor version other than 1 (kexec-tools x86-linux-setup.c). */
    @Test
    void aMemoryDescriptorVersionOtherThanOneMeansNotEfiBoot() throws Exception {
        Path t = gen2();
        Trees.patch(t, "sys/kernel/boot_params/data", 0x1cc, 4, 2); // efi_memdesc_version (asm/bootparam.h)
        assertEquals(Tristate.NO, TruthTableTest.load(t).efiBoot());
    }

    /** XLF_EFI_KEXEC of the kdump image is not among the facts: KEXEC_LOAD never claims EFI_BOOT. */
    @Test
    void withEverythingElseInPlaceKexecLoadStillCannotTellEfiBoot() throws Exception {
        PathPrediction p = TruthTableTest.load(gen2());
        assertEquals(Tristate.UNKNOWN, p.efiBoot());
        derivedReason(p, "XLF_EFI_KEXEC");
    }

    // ---- EFI_BOOT, KEXEC_FILE_LOAD ---------------------------------------------------------------

    @Test
    void efiNoruntimeMeansTheKdumpKernelIsNotEfiBoot() throws Exception {
        Path t = gen2();
        String cmdline = new String(Trees.read(t, "proc/cmdline"), StandardCharsets.UTF_8).strip();
        Trees.write(t, "proc/cmdline", cmdline + " efi=noruntime\n");
        PathPrediction p = TruthTableTest.file(t);
        assertEquals(Tristate.NO, p.efiBoot());
        derivedReason(p, "efi=noruntime");
    }

    @Test
    void anEfiBootWithRuntimeServicesPassesEfiInfoOnKexecFileLoad() throws Exception {
        PathPrediction p = TruthTableTest.file(gen2());
        assertEquals(Tristate.YES, p.efiBoot());
        derivedReason(p, "EFI_BOOT");
    }

    @Test
    void anEmptyEfiMemoryMapMeansNotEfiBootOnKexecFileLoad() throws Exception {
        Path t = gen2();
        Trees.patch(t, "sys/kernel/boot_params/data", 0x1d4, 4, 0); // efi_memmap_size (asm/bootparam.h)
        assertEquals(Tristate.NO, TruthTableTest.file(t).efiBoot());
    }

    // ---- EFI_BOOT, both: Gen1 (BIOS) -------------------------------------------------------------

    @Test
    void aBiosBootedFirstKernelGivesNoEfiBootOnEitherPath() throws Exception {
        Path t = Trees.hyperv("gen1-local-x86", tmp);
        PathPrediction l = TruthTableTest.load(t);
        PathPrediction f = TruthTableTest.file(t);
        assertEquals(Tristate.NO, l.efiBoot());
        assertEquals(Tristate.NO, f.efiBoot());
        derivedReason(l, "not booted through EFI");
        derivedReason(f, "not booted through EFI");
    }

    // ---- availability and the path used ----------------------------------------------------------

    /** gen2-azure-x86 runs with lockdown integrity (its README): the kernel refuses KEXEC_LOAD. */
    @Test
    void lockdownRefusesKexecLoadAndLeavesKexecFileLoadToTheSignature() throws Exception {
        Path t = Trees.hyperv("gen2-azure-x86", tmp);
        PathPrediction l = TruthTableTest.load(t);
        PathPrediction f = TruthTableTest.file(t);
        assertEquals(Tristate.NO, l.available());
        assertEquals(Tristate.UNKNOWN, f.available());
        TruthTableTest.expectReason(f, "signed");
    }

    @Test
    void theRunningKernelsConfigMakesBothPathsAvailable() throws Exception {
        Path t = gen2();
        Trees.write(t, "boot/config-6.8.0-52-generic", "CONFIG_KEXEC=y\nCONFIG_KEXEC_FILE=y\nCONFIG_CRASH_DUMP=y\n");
        assertEquals(Tristate.YES, TruthTableTest.load(t).available());
        assertEquals(Tristate.YES, TruthTableTest.file(t).available());
    }

    /** -a falls back to KEXEC_LOAD on ENOSYS, which a kernel without CONFIG_KEXEC_FILE returns (kexec-tools kexec/kexec.c main(), 4f77da6340356). */
    @Test
    void withoutKexecFileAutoFallsBackToKexecLoad() throws Exception {
        Path t = gen2();
        Trees.write(t, "boot/config-6.8.0-52-generic", "CONFIG_KEXEC=y\n# CONFIG_KEXEC_FILE is not set\n");
        Trees.kexecArgs(t, "-a");
        Prediction p = Predictor.predict(Trees.collect(t), Assumptions.NONE);
        PathPrediction l = p.paths().get(0);
        PathPrediction f = p.paths().get(1);
        assertEquals(Tristate.NO, f.available());
        assertFalse(f.used(), f.reasons().toString());
        assertTrue(l.used(), l.reasons().toString());
        TruthTableTest.expectReason(l, "falls back");
    }

    @Test
    void kexecLoadDisabledOnTheCommandLineDisablesBothPaths() throws Exception {
        Path t = gen2();
        String cmdline = new String(Trees.read(t, "proc/cmdline"), StandardCharsets.UTF_8).strip();
        Trees.write(t, "proc/cmdline", cmdline + " sysctl.kernel.kexec_load_disabled=1\n");
        assertEquals(Tristate.NO, TruthTableTest.load(t).available());
        assertEquals(Tristate.NO, TruthTableTest.file(t).available());
    }
}
