package org.kexecinspect.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kexecinspect.facts.SystemFacts;
import org.kexecinspect.model.loadpath.KexecSyscall;
import org.kexecinspect.model.mmio.HypervMmioModel;
import org.kexecinspect.model.mmio.MmioPrediction;
import org.kexecinspect.model.mmio.MmioPrediction.Range;

/**
 * The cases of the kdump kernel's screen_info (the rows of {@link TruthTableTest}, built as there)
 * carried through to the end: for each row what {@link Predictor#predict} says about the kdump kernel's
 * framebuffer reservation, where pci_hyperv's config window lands, whether it lands on the framebuffer,
 * and the verdict - for one stated kdump kernel, without and with 016a25e4b0df. Then the modifiers
 * (EFI_BOOT, CONFIG_SYSFB, probe order, Gen1) the same way.
 *
 * <p>The stated kdump kernel (as in cli/PredictionEndToEndTest, Ubuntu's case in the 016a25e4
 * message): the running kernel's release (the rows assume the kdump kernel is the same version),
 * CONFIG_HYPERV=y, pci-hyperv built in, hyperv_drm and hyperv_fb modules (so pci_hyperv probes first,
 * the "typical trigger" of the 016a25e4b0df message <20260507212838.448891-1-decui@microsoft.com>),
 * CONFIG_SYSFB=y, CONFIG_EFI=y, and 016a25e4b0df absent or present. The VM is gen2-local-x86
 * (native-fixtures/hyperv-captures/README.md): low MMIO from 0xf8000000 (x86 Gen2 local default of Dexuan
 * Cui's layouts <SA1PR21MB69218F955B62DFF62E3E88D2BF222@SA1PR21MB6921.namprd21.prod.outlook.com>), GOP
 * framebuffer B = 0xf8000000 (3 MiB; hyperv_drm's 8 MiB VRAM there in iomem), root on NVMe behind hv_pci,
 * so losing pci_hyperv's device loses the root (verdict will-fail).
 *
 * <p>Expected values, from drivers/hv/vmbus_drv.c vmbus_reserve_fb(): without the fix it reserves nothing
 * when lfb_base is 0 and max(lfb_size, 8 MiB) at lfb_base otherwise (Gen2 branch up to v6.7); with the
 * fix (016a25e4b0df) it starts at lfb_base, or at the low MMIO base when lfb_base is 0, with size
 * min((4 GiB - start)/2, 128 MiB) (64 MiB at 0xF8000000 on a local x86 Gen2 VM). The config window
 * (drivers/pci/controller/pci-hyperv.c hv_allocate_config_window()) is 0x2000 bytes, first-fit from the low
 * MMIO start around what is reserved (vmbus_allocate_mmio()); with nothing reserved it lands on the
 * framebuffer base and the host refuses D0 entry ("status c0370048",
 * <20260122020337.94967-1-decui@microsoft.com>).
 *
 * <p>EFI_BOOT on KEXEC_LOAD: the kdump kernel is EFI_BOOT only if its image has XLF_EFI_KEXEC (kexec-tools
 * kexec/arch/x86_64/kexec-bzImage64.c), which no fact and no --assume key states. The stated kernel has it
 * (EFI), so for KEXEC_LOAD rows {@link #outcome} also works the MMIO outcome and verdict out with the load
 * path's efiBoot set, through the same HypervMmioModel and Predictor.verdict that predict() uses; and it
 * checks that predict() itself, which must allow for a non-EFI kdump kernel (vmbus_reserve_fb() then takes
 * its Gen1 branch: nothing is reserved on Gen2), claims no more than that allows.
 */
class TruthTableOutcomeTest {

    @TempDir Path tmp;

    static final long MIB = 1L << 20;
    static final long FOUR_GIB = 1L << 32;
    /** B of gen2-local-x86 = its low MMIO base (README; Dexuan Cui's layouts). */
    static final long B = TruthTableTest.B;
    static final long LOW = 0xf8000000L;
    /** PCI_CONFIG_MMIO_LENGTH (drivers/pci/controller/pci-hyperv.c). */
    static final long WINDOW = 0x2000;
    /** Without the fix: max(lfb_size, 8 MiB); every lfb_size below is at most 8 MiB (in bytes or in 64 KiB units). */
    static final long OLD_SIZE = 8 * MIB;
    /** With the fix at the local default base: min((4 GiB - 0xF8000000)/2, 128 MiB) = 64 MiB (016a25e4b0df). */
    static final long FIX_SIZE = fixSize(LOW);

    static long fixSize(long start) {
        return Math.min((FOUR_GIB - start) / 2, 128 * MIB);
    }

    Path gen2(String name) {
        return Trees.hyperv("gen2-local-x86", tmp.resolve(name));
    }

    /** The stated kdump kernel: see the class comment. */
    static List<String> kdumpKernel(String release, boolean fix, String... more) {
        List<String> a = new ArrayList<>(List.of("kdumpKernel.release=" + release,
                "kdumpKernel.config.CONFIG_HYPERV=y", "kdumpKernel.config.CONFIG_PCI_HYPERV=y",
                "kdumpKernel.config.CONFIG_DRM_HYPERV=m", "kdumpKernel.config.CONFIG_FB_HYPERV=m",
                "kdumpKernel.config.CONFIG_SYSFB=y", "kdumpKernel.config.CONFIG_EFI=y",
                "kdumpKernel.hasFbReserveFix=" + fix));
        a.addAll(List.of(more));
        return a;
    }

    /**
     * What predict() says, and the outcome for the stated kdump kernel: the same unless predict() cannot
     * tell EFI_BOOT on an x86 KEXEC_LOAD, in which case {@code mmio}/{@code verdict} are worked out with
     * EFI_BOOT (class comment) and {@code statedEfi} is true.
     */
    record Outcome(Prediction predicted, PathPrediction used, MmioPrediction mmio, Verdict verdict, boolean statedEfi) {
        @Override
        public String toString() {
            return "verdict " + verdict + (statedEfi ? " (EFI_BOOT stated; predict() says " + predicted.verdict() + ")" : "")
                    + "\nmmio " + mmio + "\nfindings " + predicted.findings();
        }
    }

    static Outcome outcome(Path tree, KexecSyscall loadPath, List<String> assume) throws Exception {
        List<String> all = new ArrayList<>(assume);
        all.add("kdumpService.loadPath=" + loadPath);
        Assumptions a = Assumptions.parse(all);
        SystemFacts raw = Trees.collect(tree);
        Prediction p = Predictor.predict(raw, a);
        PathPrediction used = p.paths().stream().filter(PathPrediction::used).findFirst()
                .orElseThrow(() -> new AssertionError("no path used: " + p));
        assertEquals(loadPath, used.loadPath());
        boolean x86 = p.arch() != null && p.arch().isX86();
        if (used.efiBoot().known() || !x86) {
            return new Outcome(p, used, p.mmio(), p.verdict(), false);
        }
        SystemFacts f = a.apply(raw);
        PathPrediction efi = new PathPrediction(used.loadPath(), true, used.kdumpScreenInfo(), used.lfbBaseZero(), Tristate.YES,
                used.available(), used.reasons());
        PathPrediction other = p.paths().stream().filter(x -> !x.used()).findFirst().orElseThrow();
        PathPrediction load = used.loadPath().equals(PathPrediction.KEXEC_LOAD) ? efi : other;
        PathPrediction file = used.loadPath().equals(PathPrediction.KEXEC_FILE_LOAD) ? efi : other;
        MmioPrediction m = HypervMmioModel.predict(f, efi);
        Verdict v = Predictor.verdict(f, efi, load, file, m, new ArrayList<>(), new ArrayList<>());
        return new Outcome(p, efi, m, v, true);
    }

    static Outcome load(Path tree, List<String> assume) throws Exception {
        return outcome(tree, PathPrediction.KEXEC_LOAD, assume);
    }

    static Outcome file(Path tree, List<String> assume) throws Exception {
        return outcome(tree, PathPrediction.KEXEC_FILE_LOAD, assume);
    }

    static Range range(long start, long size) {
        return new Range(start, start + size - 1);
    }

    /**
     * Nothing reserved, the config window at the low MMIO base (the framebuffer's), the host refuses it,
     * the NVMe root is lost (hv_allocate_config_window(), "c0370048"
     * <20260122020337.94967-1-decui@microsoft.com>).
     * On KEXEC_LOAD predict() must say the same: a non-EFI kdump kernel reserves nothing on Gen2 either
     * (vmbus_reserve_fb()'s Gen1 branch).
     */
    static void expectFails(Outcome o, long lowBase) {
        assertNull(o.mmio().framebufferReservation(), () -> "nothing reserved; " + o);
        assertNotNull(o.mmio().configWindow(), () -> "config window; " + o);
        assertEquals(range(lowBase, WINDOW), o.mmio().configWindow(), () -> "window at the low MMIO base; " + o);
        assertEquals(Tristate.YES, o.mmio().conflict(), () -> "conflict; " + o);
        assertEquals(Verdict.WILL_FAIL, o.verdict(), () -> o.toString());
        assertEquals(Verdict.WILL_FAIL, o.predicted().verdict(), () -> "predict() itself; " + o);
    }

    /**
     * {@code reserved} is reserved, the config window lands first-fit at {@code window}, off the
     * framebuffer, verdict ok. On KEXEC_LOAD predict() cannot say ok: a non-EFI kdump kernel would reserve
     * nothing and fail (vmbus_reserve_fb()'s Gen1 branch), so it must leave the conflict open.
     */
    static void expectOk(Outcome o, Range reserved, long window) {
        assertEquals(reserved, o.mmio().framebufferReservation(), () -> "reservation; " + o);
        assertEquals(range(window, WINDOW), o.mmio().configWindow(), () -> "config window; " + o);
        assertEquals(Tristate.NO, o.mmio().conflict(), () -> "no conflict; " + o);
        assertEquals(Verdict.OK, o.verdict(), () -> o.toString());
        if (o.statedEfi()) {
            assertEquals(Tristate.UNKNOWN, o.predicted().mmio().conflict(), () -> "predict() cannot tell EFI_BOOT on KEXEC_LOAD; " + o);
            assertTrue(o.predicted().verdict() == Verdict.AT_RISK || o.predicted().verdict() == Verdict.UNKNOWN,
                    () -> "predict() must not say ok or will-fail while EFI_BOOT decides it; " + o);
        }
    }

    /** lfb_base B: 8 MiB at B, the window right above it; with the fix 64 MiB at B (= the low base), the window above. */
    static void expectReservedAtB(Outcome noFix, Outcome fix) {
        expectOk(noFix, range(B, OLD_SIZE), B + OLD_SIZE);
        expectFixed(fix);
    }

    /** With 016a25e4b0df on gen2-local-x86: min((4 GiB - 0xF8000000)/2, 128 MiB) = 64 MiB at 0xF8000000. */
    static void expectFixed(Outcome fix) {
        assertEquals(64 * MIB, FIX_SIZE);
        expectOk(fix, range(LOW, FIX_SIZE), LOW + FIX_SIZE);
    }

    // ---- KEXEC_LOAD, rows 1-11 (the running kernel 6.8.0-52-generic) ------------------------------

    static final String K68 = "6.8.0-52-generic";

    @ParameterizedTest(name = "kexec-tools {0}")
    @ValueSource(strings = {"2.0.18", "2.0.22", "E"})
    void row1_noFb0_bootTimeBaseIsReservedAndTheWindowGoesAbove(String version) throws Exception {
        Path t = gen2("r1" + version);
        TruthTableTest.classOf(t, version);
        Trees.noFb0(t);
        expectReservedAtB(load(t, kdumpKernel(K68, false)), load(t, kdumpKernel(K68, true)));
    }

    @Test
    void row2_classA_noFb0_lfbBaseZeroPutsTheWindowOnTheFramebufferUnlessFixed() throws Exception {
        Path t = gen2("r2");
        Trees.kexecTools(t, "2.0.16");
        Trees.noFb0(t);
        expectFails(load(t, kdumpKernel(K68, false)), LOW);
        expectFixed(load(t, kdumpKernel(K68, true)));
    }

    /** lfb_size is 48 (64 KiB units), which vmbus_reserve_fb() reads as bytes: the 8 MiB minimum rules (setup_linux_vesafb()). */
    @ParameterizedTest(name = "kexec-tools {0}")
    @ValueSource(strings = {"2.0.16", "2.0.22"})
    void row3_efifb_smemStartIsReservedAndTheWindowGoesAbove(String version) throws Exception {
        Path t = gen2("r3" + version);
        Trees.kexecTools(t, version);
        Trees.fb0(t, "EFI VGA", B, 0x300000);
        expectReservedAtB(load(t, kdumpKernel(K68, false)), load(t, kdumpKernel(K68, true)));
    }

    @Test
    void row4_vesafb_smemStartIsReservedAndTheWindowGoesAbove() throws Exception {
        Path t = gen2("r4");
        Trees.fb0(t, "VESA VGA", B, 0x300000);
        expectReservedAtB(load(t, kdumpKernel(K68, false)), load(t, kdumpKernel(K68, true)));
    }

    @ParameterizedTest(name = "fb0 {0}")
    @ValueSource(strings = {"hyperv_fb", "simple", "hyperv_drmdrmfb"})
    void row5_classA_otherId_lfbBaseZeroPutsTheWindowOnTheFramebufferUnlessFixed(String id) throws Exception {
        Path t = gen2("r5" + id);
        Trees.kexecTools(t, "2.0.16");
        Trees.fb0(t, id, id.endsWith("drmfb") ? 0 : B, 0x800000);
        expectFails(load(t, kdumpKernel(K68, false)), LOW);
        expectFixed(load(t, kdumpKernel(K68, true)));
    }

    @ParameterizedTest(name = "kexec-tools {0}")
    @ValueSource(strings = {"2.0.18", "2.0.19", "E"})
    void row6_hypervFbInPlace_itsMmioIsReservedAndTheWindowGoesAbove(String version) throws Exception {
        Path t = gen2("r6" + version);
        TruthTableTest.classOf(t, version);
        Trees.fb0(t, "hyperv_fb", B, 0x800000);
        expectReservedAtB(load(t, kdumpKernel(K68, false)), load(t, kdumpKernel(K68, true)));
    }

    /**
     * Row 6 with hyperv_fb relocated to B' = 0xf8900000 (its VMBus region moved in iomem too): lfb_base is
     * B', so the old rule reserves 8 MiB at B' and the fix min((4 GiB - B')/2, 128 MiB) at B' (lfb_base is
     * not 0 and not below the low base, so the low base is not used: 016a25e4b0df
     * <20260507212838.448891-1-decui@microsoft.com>). Either way the config window first-fits at the free
     * low MMIO base 0xf8000000, the boot-time framebuffer B the driver moved away from. Whether the host still
     * guards B after the move, no public source says: conflict and verdict are not asserted.
     */
    @Test
    void row6_hypervFbRelocated_reservesAtTheNewBaseAndTheWindowTakesTheOldOne() throws Exception {
        long moved = 0xf8900000L;
        for (boolean fix : new boolean[] {false, true}) {
            Path t = gen2("r6moved" + fix);
            Trees.kexecTools(t, "2.0.18");
            Trees.fb0(t, "hyperv_fb", moved, 0x800000);
            TruthTableTest.moveSyntheticVideo(t, "f8900000-f90fffff : 5620e0c7-8062-4dce-aeb7-520c7ef76171",
                    "f8800000-f8801fff : 8625029d-d7c3-5f52-9fa9-4d32f2e1c66f");
            Outcome o = load(t, kdumpKernel(K68, fix));
            assertEquals(range(moved, fix ? fixSize(moved) : OLD_SIZE), o.mmio().framebufferReservation(), () -> o.toString());
            assertEquals(range(LOW, WINDOW), o.mmio().configWindow(), () -> o.toString());
        }
    }

    @Test
    void row7_hypervFb_classD_lfbBaseZeroPutsTheWindowOnTheFramebufferUnlessFixed() throws Exception {
        Path t = gen2("r7");
        Trees.fb0(t, "hyperv_fb", B, 0x800000);
        expectFails(load(t, kdumpKernel(K68, false)), LOW);
        expectFixed(load(t, kdumpKernel(K68, true)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hyperv_drmdrmfb", "simpledrmdrmfb", "efidrmdrmfb"})
    void row8_drmFbdev_classesBCE_lfbBaseZeroPutsTheWindowOnTheFramebufferUnlessFixed(String id) throws Exception {
        for (String version : new String[] {"2.0.18", "E"}) {
            Path t = gen2("r8" + id + version);
            TruthTableTest.classOf(t, version);
            Trees.fb0(t, id, 0, 0x300000);
            expectFails(load(t, kdumpKernel(K68, false)), LOW);
            expectFixed(load(t, kdumpKernel(K68, true)));
        }
    }

    /** The reported Ubuntu 22.04 case (016a25e4 message): the capture as it stands. */
    @Test
    void row9_drmFbdev_classD_lfbBaseZeroPutsTheWindowOnTheFramebufferUnlessFixed() throws Exception {
        Path t = gen2("r9");
        expectFails(load(t, kdumpKernel(K68, false)), LOW);
        expectFixed(load(t, kdumpKernel(K68, true)));
    }

    @ParameterizedTest(name = "kexec-tools {0}")
    @ValueSource(strings = {"2.0.18", "2.0.19", "E"})
    void row10_simplefb_classesBCE_bIsReservedAndTheWindowGoesAbove(String version) throws Exception {
        Path t = gen2("r10" + version);
        TruthTableTest.classOf(t, version);
        Trees.fb0(t, "simple", B, 0x300000);
        expectReservedAtB(load(t, kdumpKernel(K68, false)), load(t, kdumpKernel(K68, true)));
    }

    @Test
    void row11_simplefb_classD_lfbBaseZeroPutsTheWindowOnTheFramebufferUnlessFixed() throws Exception {
        Path t = gen2("r11");
        Trees.fb0(t, "simple", B, 0x300000);
        expectFails(load(t, kdumpKernel(K68, false)), LOW);
        expectFixed(load(t, kdumpKernel(K68, true)));
    }

    // ---- KEXEC_FILE_LOAD, rows 12-17 (the kdump kernel is the row's running release) -------------

    /**
     * K < 5.10 passes the boot-time B and 3 MiB in bytes: 8 MiB at B (vmbus_reserve_fb()'s
     * max(lfb_size, 8 MiB)). The fix on a 5.4 kernel is a what-if (no 5.4.y backport is known).
     */
    @Test
    void row12_before510_bootTimeBaseIsReservedAndTheWindowGoesAbove() throws Exception {
        String k = "5.4.0-1109-azure";
        Path t = gen2("r12");
        Trees.kernel(t, k, "x86_64");
        Trees.fb0(t, "hyperv_fb", B, 0x800000);
        expectReservedAtB(file(t, kdumpKernel(k, false)), file(t, kdumpKernel(k, true)));
    }

    /** hyperv_fb left in place at B (the row holds "any"; a relocated one would leave the host's use of B open, as in row 6). */
    @ParameterizedTest(name = "Linux {0}")
    @ValueSource(strings = {"5.15.0-91-generic", "6.5.0-1025-azure", "6.7.12"})
    void row13_hypervFb_510to68_clearedLfbBasePutsTheWindowOnTheFramebufferUnlessFixed(String k) throws Exception {
        Path t = gen2("r13" + k);
        Trees.kernel(t, k, "x86_64");
        Trees.fb0(t, "hyperv_fb", B, 0x800000);
        expectFails(file(t, kdumpKernel(k, false)), LOW);
        expectFixed(file(t, kdumpKernel(k, true)));
    }

    /**
     * Row 14: hyperv_fb relocated to B' = 0xf8900000, screen_info still says B. The MMIO part: 8 MiB at
     * the stale B (with the fix 64 MiB at B, covering B'), the window above the reservation, on neither
     * the host's framebuffer B' nor the 8 MiB at B. But efifb in the kdump kernel hangs on the stale B
     * (commit messages of 304386373007 "Fix hang in kdump kernel when on Hyper-V Gen 2 VMs" and of
     * kexec-tools fb5a8792e6e4),
     * whatever vmbus_reserve_fb() does, so the dump is not taken: the verdict may not be ok, with or
     * without 016a25e4b0df (which does not touch that). Stated: the kdump kernel has CONFIG_FB_EFI=y.
     */
    @Test
    void row14_hypervFb_68to614_relocated_staleBHangsTheKdumpKernel() throws Exception {
        Path t = gen2("r14");
        Trees.fb0(t, "hyperv_fb", 0xf8900000L, 0x800000);
        TruthTableTest.moveSyntheticVideo(t, "f8900000-f90fffff : 5620e0c7-8062-4dce-aeb7-520c7ef76171",
                "f8800000-f8801fff : 8625029d-d7c3-5f52-9fa9-4d32f2e1c66f");
        Outcome noFix = file(t, kdumpKernel(K68, false, "kdumpKernel.config.CONFIG_FB_EFI=y"));
        Outcome fix = file(t, kdumpKernel(K68, true, "kdumpKernel.config.CONFIG_FB_EFI=y"));
        assertEquals(range(B, OLD_SIZE), noFix.mmio().framebufferReservation(), () -> noFix.toString());
        assertEquals(range(B + OLD_SIZE, WINDOW), noFix.mmio().configWindow(), () -> noFix.toString());
        assertEquals(Tristate.NO, noFix.mmio().conflict(), () -> noFix.toString());
        assertEquals(range(LOW, FIX_SIZE), fix.mmio().framebufferReservation(), () -> fix.toString());
        assertEquals(range(LOW + FIX_SIZE, WINDOW), fix.mmio().configWindow(), () -> fix.toString());
        assertEquals(Tristate.NO, fix.mmio().conflict(), () -> fix.toString());
        assertNotEquals(Verdict.OK, noFix.verdict(), () -> "304386373007: efifb in the kdump kernel hangs; " + noFix);
        assertNotEquals(Verdict.OK, fix.verdict(), () -> "304386373007: efifb in the kdump kernel hangs; " + fix);
    }

    @Test
    void row15_hypervFb_614to70_bIsReservedAndTheWindowGoesAbove() throws Exception {
        String k = "6.14.0-15-generic";
        Path t = gen2("r15");
        Trees.kernel(t, k, "x86_64");
        Trees.fb0(t, "hyperv_fb", B, 0x800000);
        expectReservedAtB(file(t, kdumpKernel(k, false)), file(t, kdumpKernel(k, true)));
    }

    /** The capture as it stands (hyperv_drm, 6.8): the reported "-s works" case (kexec-bzimage64.c). */
    @Test
    void row16_hypervDrm_bIsReservedAndTheWindowGoesAbove() throws Exception {
        Path t = gen2("r16");
        expectReservedAtB(file(t, kdumpKernel(K68, false)), file(t, kdumpKernel(K68, true)));
    }

    @ParameterizedTest(name = "fb0 {0}")
    @ValueSource(strings = {"EFI VGA", "simpledrmdrmfb", "none"})
    void row16_efifbSimpledrmOrNone_bIsReservedAndTheWindowGoesAbove(String id) throws Exception {
        String k = "6.1.0-56-amd64";
        Path t = gen2("r16" + id);
        Trees.kernel(t, k, "x86_64");
        if (id.equals("none")) {
            Trees.noFb0(t);
        } else {
            Trees.fb0(t, id, id.endsWith("drmfb") ? 0 : B, 0x300000);
        }
        expectReservedAtB(file(t, kdumpKernel(k, false)), file(t, kdumpKernel(k, true)));
    }

    /**
     * Row 17: hyperv_drm moved its VRAM high (0xfe8000000, 128 MiB) and told the host (hyperv_drm_drv.c
     * hyperv_setup_vram()); the stale B gets 8 MiB (64 MiB with the fix) and the window goes above, clear of
     * the host's framebuffer. The verdict is not asserted: the sources say only that B is stale here
     * (<SA1PR21MB692176C1BC53BFC9EAE5CF8EBF51A@SA1PR21MB6921.namprd21.prod.outlook.com>), not whether a firmware
     * framebuffer driver in the kdump kernel hangs on it as in row 14.
     */
    @Test
    void row17_hypervDrmRelocated_staleBIsReservedAndTheWindowGoesAbove() throws Exception {
        for (boolean fix : new boolean[] {false, true}) {
            Path t = gen2("r17" + fix);
            TruthTableTest.moveSyntheticVideo(t, "fe8000000-fefffffff : 5620e0c7-8062-4dce-aeb7-520c7ef76171", null);
            Outcome o = file(t, kdumpKernel(K68, fix));
            long size = fix ? FIX_SIZE : OLD_SIZE;
            assertEquals(range(B, size), o.mmio().framebufferReservation(), () -> o.toString());
            assertEquals(range(B + size, WINDOW), o.mmio().configWindow(), () -> o.toString());
            assertEquals(Tristate.NO, o.mmio().conflict(), () -> o.toString());
        }
    }

    // ---- arm64 and CVM, rows 18-20 ---------------------------------------------------------------

    /** arm64 local default: low MMIO and framebuffer at 0xE0000000; with the fix 128 MiB there (layouts; 016a25e4b0df). */
    static final long ARM_LOW = 0xe0000000L;

    static void expectArm(Outcome noFix, Outcome fix) {
        expectFails(noFix, ARM_LOW);
        assertEquals(128 * MIB, fixSize(ARM_LOW));
        expectOk(fix, range(ARM_LOW, 128 * MIB), ARM_LOW + 128 * MIB);
    }

    @Test
    void row18_arm64_kexecLoad_lfbBaseZeroPutsTheWindowOnTheFramebufferUnlessFixed() throws Exception {
        Path t = Trees.armWithNvmeRoot(tmp.resolve("r18"));
        expectArm(load(t, kdumpKernel(K68, false)), load(t, kdumpKernel(K68, true)));
    }

    @Test
    void row19_arm64_kexecFileLoad_lfbBaseZeroPutsTheWindowOnTheFramebufferUnlessFixed() throws Exception {
        Path t = Trees.armWithNvmeRoot(tmp.resolve("r19"));
        expectArm(file(t, kdumpKernel(K68, false)), file(t, kdumpKernel(K68, true)));
    }

    /**
     * A CVM has no framebuffer and (in this capture) no pass-through device: nothing to collide, ok on
     * either path. With the fix the kdump kernel still reserves at the low base (016a25e4b0df, v3, also on
     * CVMs <20260507212838.448891-1-decui@microsoft.com>): 128 MiB at 0xC0000000 (CVM low MMIO 0xC0000000,
     * 1 GiB, in the layouts), stated here as iomem.lowMmio since nothing in the capture shows the base. The
     * kdump kernel is the running 6.5 Azure kernel.
     */
    @Test
    void row20_cvm_notExposedOnEitherPath() throws Exception {
        String k = "6.5.0-1025-azure";
        Path t = Trees.hyperv("gen2-azure-cvm-x86", tmp.resolve("r20"));
        for (KexecSyscall path : new KexecSyscall[] {PathPrediction.KEXEC_LOAD, PathPrediction.KEXEC_FILE_LOAD}) {
            for (boolean fix : new boolean[] {false, true}) {
                Outcome o = outcome(t, path, kdumpKernel(k, fix));
                assertEquals(Verdict.OK, o.verdict(), () -> path + " fix " + fix + ": " + o);
                assertEquals(Verdict.OK, o.predicted().verdict(), () -> path + " fix " + fix + ": " + o);
                assertNotEquals(Tristate.YES, o.mmio().conflict(), () -> o.toString());
            }
        }
        Outcome fixed = file(t, kdumpKernel(k, true, "iomem.lowMmio=c0000000-fed3ffff"));
        assertEquals(range(0xc0000000L, 128 * MIB), fixed.mmio().framebufferReservation(), () -> fixed.toString());
        assertEquals(Verdict.OK, fixed.verdict(), () -> fixed.toString());
        Outcome old = file(t, kdumpKernel(k, false, "iomem.lowMmio=c0000000-fed3ffff"));
        assertNull(old.mmio().framebufferReservation(), () -> "lfb_base 0 without the fix: nothing; " + old);
    }

    // ---- modifiers ---------------------------------------------------------------------------------

    /**
     * !EFI_BOOT in the kdump kernel: vmbus_reserve_fb() takes the Gen1 branch, finds no PCI 1414:5353 on
     * Gen2 and reserves nothing whatever lfb_base says, even with the v7.1 fix (vmbus_reserve_fb(): the fix
     * changes only the efi_enabled(EFI_BOOT) branch); with nothing reserved the window lands on the framebuffer
     * (hv_allocate_config_window()): will-fail even with the fix. lfb_base is B in every case below.
     */
    @Test
    void modifierNoEfiBoot_kexecLoadNoefi_nothingReservedEvenWithTheFix() throws Exception {
        Path t = gen2("noefi");
        Trees.kexecTools(t, "2.0.22");
        Trees.kexecArgs(t, "--noefi");
        Trees.fb0(t, "EFI VGA", B, 0x300000); // row 3: lfb_base B
        for (boolean fix : new boolean[] {false, true}) {
            Outcome o = load(t, kdumpKernel(K68, fix));
            assertEquals(Tristate.NO, o.used().efiBoot(), () -> o.toString());
            expectFails(o, LOW);
        }
    }

    @Test
    void modifierNoEfiBoot_kexecLoadWithoutRuntimeMap_nothingReservedEvenWithTheFix() throws Exception {
        Path t = gen2("nomap");
        Trees.delete(t, "sys/firmware/efi/runtime-map");
        String dirs = new String(Trees.read(t, "kexec-inspect/dirs"), java.nio.charset.StandardCharsets.UTF_8);
        Trees.write(t, "kexec-inspect/dirs", dirs.replace("sys/firmware/efi/runtime-map\n", ""));
        Trees.fb0(t, "EFI VGA", B, 0x300000);
        for (boolean fix : new boolean[] {false, true}) {
            Outcome o = load(t, kdumpKernel(K68, fix));
            assertEquals(Tristate.NO, o.used().efiBoot(), () -> o.toString());
            expectFails(o, LOW);
        }
    }

    /** KEXEC_FILE_LOAD when the first kernel runs without EFI runtime services (efi=noruntime): row 16's B is passed, in vain. */
    @Test
    void modifierNoEfiBoot_kexecFileLoadWithoutRuntimeServices_nothingReservedEvenWithTheFix() throws Exception {
        Path t = gen2("noruntime");
        String cmdline = new String(Trees.read(t, "proc/cmdline"), java.nio.charset.StandardCharsets.UTF_8).strip();
        Trees.write(t, "proc/cmdline", cmdline + " efi=noruntime\n");
        for (boolean fix : new boolean[] {false, true}) {
            Outcome o = file(t, kdumpKernel(K68, fix));
            assertEquals(Tristate.NO, o.used().efiBoot(), () -> o.toString());
            assertEquals(B, o.used().kdumpScreenInfo().lfbAddress());
            expectFails(o, LOW);
        }
    }

    /**
     * CONFIG_SYSFB=n in a 6.7 <= K < 6.16 kdump kernel: the Gen2 branch ignores lfb_base (a07b50d80ab6
     * <20231009211845.3136536-9-arnd@kernel.org>; 96959283a58d selects SYSFB from 6.16), so row 16's B is not
     * reserved and the window lands on the framebuffer. With the fix as well: not asserted - 016a25e4b0df keeps
     * the CONFIG_SYSFB test in 7.x, and its backports to older trees drop the CONFIG_SYSFB wrapper
     * (<20260616224646.3561132-1-sashal@kernel.org>); what a 6.7-6.15 kernel carrying the fix does without
     * SYSFB, no public source settles (no such backport is listed).
     */
    @ParameterizedTest(name = "Linux {0}")
    @ValueSource(strings = {"6.8.0-52-generic", "6.14.0-15-generic"})
    void modifierSysfbOff_67to615_bIsNotReserved(String k) throws Exception {
        Path t = gen2("nosysfb" + k);
        Trees.kernel(t, k, "x86_64");
        expectFails(file(t, kdumpKernel(k, false, "kdumpKernel.config.CONFIG_SYSFB=n")), LOW);
    }

    /** Before 6.7 the Gen2 branch does not look at CONFIG_SYSFB (before a07b50d80ab6): B is reserved without it. */
    @Test
    void modifierSysfbOff_before67_bIsStillReserved() throws Exception {
        String k = "6.6.0-1-amd64";
        Path t = gen2("nosysfb66");
        Trees.kernel(t, k, "x86_64");
        expectOk(file(t, kdumpKernel(k, false, "kdumpKernel.config.CONFIG_SYSFB=n")), range(B, OLD_SIZE), B + OLD_SIZE);
    }

    /**
     * The fix on Azure x86 (low MMIO and framebuffer at 0x40000000, Dexuan Cui's layouts): lfb_base 0 (row 13:
     * hyperv_fb under the capture's own 6.5 kernel, KEXEC_FILE_LOAD as its Secure Boot makes kdump-tools
     * use) gives 128 MiB at 0x40000000 (016a25e4b0df), the window above; without the fix the window lands on
     * the framebuffer at 0x40000000 and the NVMe OS disk behind hv_pci is lost.
     */
    @Test
    void modifierFix_azure_128MiBAtTheLowBase() throws Exception {
        String k = "6.5.0-1025-azure";
        long azure = 0x40000000L;
        Path t = Trees.hyperv("gen2-azure-x86", tmp.resolve("azure"));
        Trees.fb0(t, "hyperv_fb", azure, 0x800000);
        expectFails(file(t, kdumpKernel(k, false)), azure);
        assertEquals(128 * MIB, fixSize(azure));
        expectOk(file(t, kdumpKernel(k, true)), range(azure, 128 * MIB), azure + 128 * MIB);
    }

    /**
     * The failure needs pci-hyperv to probe before hyperv_drm (016a25e4b0df message). With pci-hyperv a module
     * and the video driver built in, the video driver takes its VRAM at the framebuffer first and tells the host
     * (hyperv_drm_drv.c hyperv_setup_vram()), and the window goes beside it: no conflict even with lfb_base 0
     * (row 13) and no fix. Where exactly the window lands depends on the VRAM size (mmio_megabytes from the
     * VMBus offer, unknown on x86): not asserted.
     */
    @Test
    void probeOrder_videoDriverFirst_noConflictEvenWithLfbBaseZero() throws Exception {
        String k = "6.5.0-1025-azure";
        Path t = gen2("videofirst");
        Trees.kernel(t, k, "x86_64");
        Trees.fb0(t, "hyperv_fb", B, 0x800000);
        Outcome o = file(t, kdumpKernel(k, false, "kdumpKernel.config.CONFIG_PCI_HYPERV=m",
                "kdumpKernel.config.CONFIG_FB_HYPERV=y"));
        assertNull(o.mmio().framebufferReservation(), () -> o.toString());
        assertEquals(Tristate.NO, o.mmio().pciHypervFirst(), () -> o.toString());
        assertEquals(Tristate.NO, o.mmio().conflict(), () -> o.toString());
        assertEquals(Verdict.OK, o.verdict(), () -> o.toString());
    }

    /**
     * Gen1: vmbus_reserve_fb() reserves BAR 0 of PCI 1414:5353 (since 2a8a8afba0c3, v6.0), here
     * f8000000-fbffffff in the real iomem, with or without the fix; verdict ok. (This capture's hyperv_drm
     * moved a 128 MiB framebuffer high, the case Dexuan Cui calls unfixable
     * <SA1PR21MB69213486F821CA5A2C793C81BF342@SA1PR21MB6921.namprd21.prod.outlook.com>; it has no
     * pass-through device, so there is nothing for a config window to cost.)
     */
    @Test
    void modifierGen1_legacyBarIsReservedAndItIsOk() throws Exception {
        Path t = Trees.hyperv("gen1-local-x86", tmp.resolve("gen1"));
        for (boolean fix : new boolean[] {false, true}) {
            Outcome o = load(t, kdumpKernel(K68, fix));
            assertEquals(new Range(0xf8000000L, 0xfbffffffL), o.mmio().framebufferReservation(), () -> o.toString());
            assertEquals(Verdict.OK, o.verdict(), () -> o.toString());
            assertEquals(Verdict.OK, o.predicted().verdict(), () -> o.toString());
        }
    }
}
