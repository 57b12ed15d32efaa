package org.kexecinspect.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.kexecinspect.facts.Captures;
import org.kexecinspect.facts.Collector;
import org.kexecinspect.facts.Fact;
import org.kexecinspect.facts.Hyperv;
import org.kexecinspect.facts.Hyperv.PciDevice;
import org.kexecinspect.facts.IomemFacts;
import org.kexecinspect.facts.KdumpKernelFacts;
import org.kexecinspect.facts.Root;
import org.kexecinspect.facts.SystemCalls;
import org.kexecinspect.facts.SystemFacts;
import org.kexecinspect.format.ByteSource;
import org.kexecinspect.format.text.ProcIomem;
import org.kexecinspect.format.x86.ScreenInfo;
import org.kexecinspect.knowledge.Knowledge;
import org.kexecinspect.model.mmio.AssumedLowMmio;
import org.kexecinspect.model.mmio.ExposureKind;
import org.kexecinspect.model.mmio.HypervMmioModel;
import org.kexecinspect.model.mmio.MmioPrediction;
import org.kexecinspect.model.mmio.MmioPrediction.Range;
import org.kexecinspect.testing.Inputs;

/**
 * The Hyper-V MMIO model on Dexuan Cui's low/high MMIO layouts
 * (<SA1PR21MB69218F955B62DFF62E3E88D2BF222@SA1PR21MB6921.namprd21.prod.outlook.com>), with the facts of the
 * hand-made captures of native-fixtures/hyperv-captures (their README: the Gen1 /proc/iomem is Dexuan Cui's
 * real one, the Gen2 ones are built from those layouts) and kdump-kernel facts and load-path predictions
 * written here by hand. Every expected address and size is worked out from the public sources
 * (drivers/hv/vmbus_drv.c: vmbus_walk_resources()'s vTPM cut, vmbus_reserve_fb()'s rules and 016a25e4b0df's
 * sizes; drivers/pci/controller/pci-hyperv.c hv_allocate_config_window(): 0x2000 bytes 0x1000-aligned;
 * the layouts' bases), never read off the model's output.
 */
class HypervMmioModelTest {

    static final Path CAPTURES = Inputs.projectDir().resolve("native-fixtures/hyperv-captures");
    static final long MIB = 1L << 20;
    /** vmbus_walk_resources(): a range reaching the vTPM at 0xfed40000 ends just below it (016a25e4b0df). */
    static final long LOW_END = 0xfed3ffffL;

    private static final Map<String, SystemFacts> FACTS = new HashMap<>();

    static synchronized SystemFacts capture(String name) {
        return FACTS.computeIfAbsent(name, n -> {
            try (Root root = Captures.open(CAPTURES.resolve(n), n)) {
                return Collector.collect(root, SystemCalls.recorded(root));
            } catch (Exception e) {
                throw new AssertionError("cannot collect " + n, e);
            }
        });
    }

    // ---- hand-made inputs ---------------------------------------------------------------------

    /** A kdump kernel as the kdump kernel reader would describe it. */
    static KdumpKernelFacts kdump(String version, Boolean fix, Map<String, String> config, Map<String, Boolean> initramfs,
            List<String> blacklisted) {
        String src = "test: kdump kernel";
        Fact<Map<String, Optional<String>>> cfg;
        if (config == null) {
            cfg = Fact.unknown(Fact.Why.ABSENT, "no config in this test", src);
        } else {
            Map<String, Optional<String>> m = new LinkedHashMap<>();
            config.forEach((k, v) -> m.put(k, Optional.ofNullable(v)));
            cfg = Fact.of(m, src);
        }
        return new KdumpKernelFacts(Fact.of("/var/lib/kdump/vmlinuz", src),
                version == null ? Fact.unknown(Fact.Why.ABSENT, "not known in this test", src) : Fact.of(version + "-test", src),
                version == null ? Fact.unknown(Fact.Why.ABSENT, "not known in this test", src) : Fact.of(version, src),
                cfg,
                org.kexecinspect.facts.FixStringSearch.NONE,
                fix == null ? KdumpKernelFacts.notAssumed(src) : Fact.of(fix, src),
                new KdumpKernelFacts.InitramfsFacts(Fact.of("/var/lib/kdump/initrd.img", src),
                        initramfs == null ? Fact.unknown(Fact.Why.ABSENT, "no initramfs in this test", src) : Fact.of(initramfs, src),
                        blacklisted == null ? Fact.unknown(Fact.Why.ABSENT, "no initramfs in this test", src) : Fact.of(blacklisted, src),
                        Fact.unknown(Fact.Why.ABSENT, "no initramfs in this test", src)),
                Fact.unknown(Fact.Why.ABSENT, "no image in this test", src),
                Fact.unknown(Fact.Why.ABSENT, "no image in this test", src));
    }

    /** The config of a Hyper-V kernel with pci_hyperv built in and hyperv_drm a module: the typical trigger (016a25e4b0df message). */
    static Map<String, String> config(String sysfb, String pciHyperv, String drmHyperv) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("CONFIG_HYPERV", "m");
        c.put("CONFIG_SYSFB", sysfb);
        c.put("CONFIG_PCI_HYPERV", pciHyperv);
        c.put("CONFIG_DRM_HYPERV", drmHyperv);
        c.put("CONFIG_FB_HYPERV", null);
        return c;
    }

    static Map<String, String> typical(String sysfb) {
        return config(sysfb, "y", "m");
    }

    static SystemFacts with(SystemFacts f, KdumpKernelFacts k) {
        return new SystemFacts(f.root(), f.live(), f.manifest(), f.notes(), f.machine(), f.firmware(), f.hyperv(),
                f.bootParams(), f.framebuffer(), f.iomem(), f.modules(), f.kexecTools(), f.kdumpService(), k, f.rootDevice());
    }

    static SystemFacts withIomem(SystemFacts f, String iomemText) throws Exception {
        IomemFacts io = IomemFacts.from(Fact.of(ProcIomem.parse(iomemText, "test iomem"), "test iomem"));
        return new SystemFacts(f.root(), f.live(), f.manifest(), f.notes(), f.machine(), f.firmware(), f.hyperv(),
                f.bootParams(), f.framebuffer(), io, f.modules(), f.kexecTools(), f.kdumpService(), f.kdumpKernel(), f.rootDevice());
    }

    static SystemFacts withHyperv(SystemFacts f, Hyperv h) {
        return new SystemFacts(f.root(), f.live(), f.manifest(), f.notes(), f.machine(), f.firmware(), h,
                f.bootParams(), f.framebuffer(), f.iomem(), f.modules(), f.kexecTools(), f.kdumpService(), f.kdumpKernel(), f.rootDevice());
    }

    /** A 64-byte screen_info (include/uapi/linux/screen_info.h): type at 0x0f, lfb_base at 0x18, lfb_size at 0x1c. */
    static ScreenInfo screenInfo(int type, long lfbBase, long lfbSize) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(0x40).order(ByteOrder.LITTLE_ENDIAN);
        b.put(0x0f, (byte) type);
        b.putInt(0x18, (int) lfbBase);
        b.putInt(0x1c, (int) lfbSize);
        return ScreenInfo.read(ByteSource.of("test screen_info", b.array()), 0);
    }

    /** KEXEC_LOAD with a DRM fbdev and kexec-tools ≥ 2.0.20 (setup_linux_vesafb(), fb5a8792e6e4): type 0, lfb_base 0. */
    static PathPrediction lfbZero(Tristate efiBoot) throws Exception {
        return new PathPrediction(PathPrediction.KEXEC_LOAD, true, screenInfo(0, 0, 0), Tristate.YES, efiBoot,
                Tristate.YES, List.of());
    }

    /** KEXEC_FILE_LOAD copies the boot-time screen_info (kexec-bzimage64.c): type 0x70, lfb_base B, lfb_size bytes. */
    static PathPrediction lfbAt(long base, long sizeBytes, Tristate efiBoot) throws Exception {
        return new PathPrediction(PathPrediction.KEXEC_FILE_LOAD, true, screenInfo(0x70, base, sizeBytes), Tristate.NO,
                efiBoot, Tristate.YES, List.of());
    }

    static void range(Range r, long start, long end) {
        assertNotNull(r, "a range is expected");
        assertEquals(start, r.start(), String.format("start 0x%x of 0x%x-0x%x", start, r.start(), r.end()));
        assertEquals(end, r.end(), String.format("end 0x%x of 0x%x-0x%x", end, r.start(), r.end()));
    }

    static boolean mentions(MmioPrediction m, String text) {
        return m.reasons().stream().anyMatch(r -> r.text().contains(text) || r.evidence().contains(text));
    }

    // ---- the fix present: 016a25e4b0df's numbers -------------------------------------------------

    @Test
    void localX86DefaultWithTheFixReserves64MiBAtTheLowBaseAndTheWindowLandsAboveIt() throws Exception {
        SystemFacts f = with(capture("gen2-local-x86"), kdump("6.1.177", true, typical("y"), null, null));
        MmioPrediction m = HypervMmioModel.predict(f, lfbZero(Tristate.YES));
        // layouts: base 0xF8000000, 128 MiB up to 4 GiB, cut at the vTPM (vmbus_walk_resources())
        range(m.lowMmio(), 0xF8000000L, LOW_END);
        // 016a25e4b0df: min((4 GiB - 0xF8000000)/2, 128 MiB) = 64 MiB = 0x4000000 at 0xF8000000
        range(m.framebufferReservation(), 0xF8000000L, 0xF8000000L + 64 * MIB - 1);
        // hv_allocate_config_window(): first 0x1000-aligned 0x2000 slot above the reservation
        range(m.configWindow(), 0xFC000000L, 0xFC001FFFL);
        assertEquals(Tristate.NO, m.conflict());
        assertEquals(Tristate.YES, m.pciHypervFirst());
        // the capture's hyperv_drm VRAM: f8000000-f87fffff (README table)
        range(m.framebuffer(), 0xF8000000L, 0xF87FFFFFL);
        assertTrue(m.reasons().stream().anyMatch(r -> r.derived() && r.evidence().contains("SA1PR21MB69218F955B62DFF62E3E88D2BF222")),
                "the Gen2 base is derived from the framebuffer, and says so: " + m.reasons());
    }

    @Test
    void azureX86WithTheFixReserves128MiBAtOneGiBAndEachBusGetsAWindowAbove() throws Exception {
        SystemFacts f = with(capture("gen2-azure-x86"), kdump("6.1.177", true, typical("y"), null, null));
        MmioPrediction m = HypervMmioModel.predict(f, lfbZero(Tristate.YES));
        range(m.lowMmio(), 0x40000000L, LOW_END);
        // 016a25e4b0df: 128 MiB at 0x40000000 on Azure x86
        range(m.framebufferReservation(), 0x40000000L, 0x40000000L + 128 * MIB - 1);
        range(m.configWindow(), 0x48000000L, 0x48001FFFL);
        assertEquals(Tristate.NO, m.conflict());
        assertTrue(mentions(m, "0x48002000-0x48003fff"), "the second hv_pci bus takes the next slot: " + m.reasons());
    }

    @Test
    void arm64LocalWithTheFixReserves128MiBAtTheLowBaseEvenWithoutAnEfiBootAnswer() throws Exception {
        SystemFacts f = with(capture("gen2-local-arm64"), kdump("6.1.177", true, typical("y"), null, null));
        // arm64 passes lfb_base 0 on both paths (no arm64 kexec path carries screen_info:
        // <SA1PR21MB692176C1BC53BFC9EAE5CF8EBF51A@SA1PR21MB6921.namprd21.prod.outlook.com>);
        // the load-path model may leave EFI_BOOT open
        PathPrediction used = new PathPrediction(PathPrediction.KEXEC_FILE_LOAD, true, null, Tristate.YES, Tristate.UNKNOWN,
                Tristate.YES, List.of());
        MmioPrediction m = HypervMmioModel.predict(f, used);
        range(m.lowMmio(), 0xE0000000L, LOW_END);
        // 016a25e4b0df: 128 MiB at 0xE0000000 on default arm64 (min(512 MiB / 2, 128 MiB))
        range(m.framebufferReservation(), 0xE0000000L, 0xE0000000L + 128 * MIB - 1);
        // the capture has no pass-through device: no config window at all
        assertNull(m.configWindow());
        assertEquals(Tristate.NO, m.conflict());
    }

    /** No arm64 Azure capture exists; this iomem is written from Dexuan Cui's layout (hyperv_drm's 8 MiB at the low base). */
    static final String ARM64_AZURE_IOMEM = """
            00000000-3fffffff : System RAM
              00200000-0177ffff : Kernel code
            40000000-407fffff : 5620e0c7-8062-4dce-aeb7-520c7ef76171
            100000000-3ffffffff : System RAM
            """;

    @Test
    void arm64AzureWithTheFixReserves128MiBAtOneGiB() throws Exception {
        SystemFacts f = with(withIomem(capture("gen2-local-arm64"), ARM64_AZURE_IOMEM),
                kdump("6.18.37", true, typical("y"), null, null));
        MmioPrediction m = HypervMmioModel.predict(f, lfbZero(Tristate.YES));
        range(m.lowMmio(), 0x40000000L, LOW_END);
        range(m.framebufferReservation(), 0x40000000L, 0x40000000L + 128 * MIB - 1);
    }

    // ---- the fix absent ----------------------------------------------------------------------

    @Test
    void withoutTheFixLfbBaseZeroReservesNothingAndTheWindowLandsOnTheFramebuffer() throws Exception {
        SystemFacts f = with(capture("gen2-local-x86"), kdump("6.8.0", false, typical("y"), null, null));
        MmioPrediction m = HypervMmioModel.predict(f, lfbZero(Tristate.YES));
        assertNull(m.framebufferReservation());
        // hv_allocate_config_window(): first fit from the low MMIO start = the framebuffer base
        range(m.configWindow(), 0xF8000000L, 0xF8001FFFL);
        assertEquals(Tristate.YES, m.conflict());
        assertEquals(Tristate.YES, m.pciHypervFirst());
        assertTrue(mentions(m, "c0370048"), m.reasons().toString());
        assertTrue(m.reasons().stream().anyMatch(r -> r.text().contains("32-bit BARs")), "residual risk named");
        // without 016a25e4b0df the kdump kernel's old vTPM cut ends the range on 0xfed40000 itself (vmbus_walk_resources())
        range(m.lowMmio(), 0xF8000000L, 0xFED40000L);
    }

    @Test
    void azureWithoutTheFixPutsTheFirstWindowOnTheFramebufferAtOneGiB() throws Exception {
        SystemFacts f = with(capture("gen2-azure-x86"), kdump("6.5.0", false, typical("y"), null, null));
        MmioPrediction m = HypervMmioModel.predict(f, lfbZero(Tristate.YES));
        assertNull(m.framebufferReservation());
        range(m.configWindow(), 0x40000000L, 0x40001FFFL);
        assertEquals(Tristate.YES, m.conflict());
    }

    @Test
    void lfbBaseKeptWithoutTheFixReservesAtLeast8MiBAndTheWindowGoesJustAbove() throws Exception {
        SystemFacts f = with(capture("gen2-local-x86"), kdump("6.8.0", false, typical("y"), null, null));
        // KEXEC_FILE_LOAD: the boot-time 3 MiB in bytes; max(3 MiB, 8 MiB) = 8 MiB (vmbus_reserve_fb())
        MmioPrediction m = HypervMmioModel.predict(f, lfbAt(0xF8000000L, 0x300000, Tristate.YES));
        range(m.framebufferReservation(), 0xF8000000L, 0xF87FFFFFL);
        range(m.configWindow(), 0xF8800000L, 0xF8801FFFL);
        assertEquals(Tristate.NO, m.conflict());
    }

    @Test
    void kexecLoadSizeIn64KiBUnitsIsReadAsBytesAndThe8MiBMinimumAbsorbsIt() throws Exception {
        SystemFacts f = with(capture("gen2-local-x86"), kdump("6.8.0", false, typical("y"), null, null));
        // efifb "EFI VGA" through KEXEC_LOAD (setup_linux_vesafb()): type 0x70, lfb_size = ceil(3 MiB / 64 KiB) = 48
        PathPrediction used = new PathPrediction(PathPrediction.KEXEC_LOAD, true, screenInfo(0x70, 0xF8000000L, 48),
                Tristate.NO, Tristate.YES, Tristate.YES, List.of());
        MmioPrediction m = HypervMmioModel.predict(f, used);
        range(m.framebufferReservation(), 0xF8000000L, 0xF87FFFFFL);
        assertEquals(Tristate.NO, m.conflict());
    }

    @Test
    void aLargerLfbSizeIsReservedWhole() throws Exception {
        SystemFacts f = with(capture("gen2-local-x86"), kdump("6.8.0", false, typical("y"), null, null));
        MmioPrediction m = HypervMmioModel.predict(f, lfbAt(0xF8000000L, 32 * MIB, Tristate.YES));
        range(m.framebufferReservation(), 0xF8000000L, 0xF8000000L + 32 * MIB - 1);
        range(m.configWindow(), 0xFA000000L, 0xFA001FFFL);
    }

    @Test
    void aRequestPastTheLowMmioEndIsHalvedUntilItFits() throws Exception {
        SystemFacts f = with(capture("gen2-local-x86"), kdump("6.8.0", false, typical("y"), null, null));
        // vmbus_reserve_fb(): 64 MiB at 0xFC000000 would end at 0xFFFFFFFF, past the vTPM cut; halved once: 32 MiB
        MmioPrediction m = HypervMmioModel.predict(f, lfbAt(0xFC000000L, 64 * MIB, Tristate.YES));
        range(m.framebufferReservation(), 0xFC000000L, 0xFC000000L + 32 * MIB - 1);
    }

    @Test
    void withTheFixAnLfbBaseBelowTheLowBaseKeepsTheOldRuleAndTheRequestFails() throws Exception {
        SystemFacts f = with(capture("gen2-local-x86"), kdump("6.1.177", true, typical("y"), null, null));
        // 016a25e4b0df: lfb_base non-zero but below the low MMIO base: "Unexpected low mmio base", old values kept;
        // a region below the range cannot be requested in it
        MmioPrediction m = HypervMmioModel.predict(f, lfbAt(0x40000000L, 0x300000, Tristate.YES));
        assertNull(m.framebufferReservation());
        assertTrue(mentions(m, "Unexpected low mmio base"), m.reasons().toString());
        range(m.configWindow(), 0xF8000000L, 0xF8001FFFL);
        assertEquals(Tristate.YES, m.conflict());
    }

    // ---- the modifiers -----------------------------------------------------------------------

    @Test
    void notEfiBootedReservesNothingEvenWithTheFixAndAKeptLfbBase() throws Exception {
        SystemFacts f = with(capture("gen2-local-x86"), kdump("6.1.177", true, typical("y"), null, null));
        MmioPrediction m = HypervMmioModel.predict(f, lfbAt(0xF8000000L, 0x300000, Tristate.NO));
        assertNull(m.framebufferReservation());
        range(m.configWindow(), 0xF8000000L, 0xF8001FFFL);
        assertEquals(Tristate.YES, m.conflict());
        assertTrue(m.reasons().stream().anyMatch(r -> r.derived() && r.text().contains("not EFI-booted")),
                "the EFI_BOOT modifier is a code-path inference and says so");
    }

    @Test
    void notEfiBootedBefore60StillReservesFromLfbBaseWith64MiBMinimum() throws Exception {
        // vmbus_reserve_fb() before 2a8a8afba0c3 (v6.0): the non-EFI branch used lfb_base with a 64 MiB minimum
        SystemFacts f = with(capture("gen2-local-x86"), kdump("5.15.100", false, typical("y"), null, null));
        MmioPrediction m = HypervMmioModel.predict(f, lfbAt(0xF8000000L, 0x300000, Tristate.NO));
        range(m.framebufferReservation(), 0xF8000000L, 0xF8000000L + 64 * MIB - 1);
        assertEquals(Tristate.NO, m.conflict());
    }

    @Test
    void sysfbOffIn67To615ReservesNothingWhateverLfbBaseSays() throws Exception {
        SystemFacts f = with(capture("gen2-local-x86"), kdump("6.8.0", true, typical("n"), null, null));
        MmioPrediction m = HypervMmioModel.predict(f, lfbAt(0xF8000000L, 0x300000, Tristate.YES));
        assertNull(m.framebufferReservation());
        range(m.configWindow(), 0xF8000000L, 0xF8001FFFL);
        assertEquals(Tristate.YES, m.conflict());
    }

    @Test
    void sysfbOffBefore67DoesNotMatter() throws Exception {
        SystemFacts f = with(capture("gen2-local-x86"), kdump("6.1.100", false, typical("n"), null, null));
        MmioPrediction m = HypervMmioModel.predict(f, lfbAt(0xF8000000L, 0x300000, Tristate.YES));
        range(m.framebufferReservation(), 0xF8000000L, 0xF87FFFFFL);
    }

    @Test
    void sysfbUnknownFrom616IsTakenAsSelectedAndSaysSo() throws Exception {
        SystemFacts f = with(capture("gen2-local-x86"), kdump("6.16.1", true, null, null, null));
        MmioPrediction m = HypervMmioModel.predict(f, lfbZero(Tristate.YES));
        range(m.framebufferReservation(), 0xF8000000L, 0xF8000000L + 64 * MIB - 1);
        assertTrue(m.reasons().stream().anyMatch(r -> r.derived() && r.text().contains("CONFIG_SYSFB taken as y")));
    }

    // ---- probe order -------------------------------------------------------------------------

    @Test
    void hyperVDrmBuiltInProbesFirstSoNoConflictEvenWithoutAReservation() throws Exception {
        SystemFacts f = with(capture("gen2-local-x86"), kdump("6.8.0", false, config("y", "m", "y"), null, null));
        MmioPrediction m = HypervMmioModel.predict(f, lfbZero(Tristate.YES));
        assertNull(m.framebufferReservation());
        assertEquals(Tristate.NO, m.pciHypervFirst());
        // hyperv_drm takes its 8 MiB at the low base (1 MiB aligned, hyperv_setup_vram()) and the window goes after it
        range(m.configWindow(), 0xF8800000L, 0xF8801FFFL);
        assertEquals(Tristate.NO, m.conflict());
    }

    @Test
    void bothModulesWithHyperVDrmBlacklistedInTheInitramfsPutPciHypervFirst() throws Exception {
        Map<String, Boolean> mods = Map.of("hv_vmbus", true, "pci_hyperv", true, "hyperv_drm", true, "hyperv_fb", false, "nvme", true);
        SystemFacts f = with(capture("gen2-local-x86"), kdump("6.8.0", false, config("y", "m", "m"), mods, List.of("hyperv_drm")));
        MmioPrediction m = HypervMmioModel.predict(f, lfbZero(Tristate.YES));
        assertEquals(Tristate.YES, m.pciHypervFirst());
        assertEquals(Tristate.YES, m.conflict());
    }

    @Test
    void bothModulesInTheInitramfsLeaveTheOrderAndTheConflictUnknown() throws Exception {
        Map<String, Boolean> mods = Map.of("hv_vmbus", true, "pci_hyperv", true, "hyperv_drm", true, "hyperv_fb", false, "nvme", true);
        SystemFacts f = with(capture("gen2-local-x86"), kdump("6.8.0", false, config("y", "m", "m"), mods, List.of()));
        MmioPrediction m = HypervMmioModel.predict(f, lfbZero(Tristate.YES));
        assertEquals(Tristate.UNKNOWN, m.pciHypervFirst());
        assertEquals(Tristate.UNKNOWN, m.conflict());
        assertNull(m.configWindow());
        assertTrue(m.reasons().stream().anyMatch(r -> r.text().contains("turns on pci_hyperv probes before")), m.reasons().toString());
    }

    @Test
    void withTheFixProbeOrderDoesNotMatter() throws Exception {
        Map<String, Boolean> mods = Map.of("hv_vmbus", true, "pci_hyperv", true, "hyperv_drm", true, "hyperv_fb", false, "nvme", true);
        SystemFacts f = with(capture("gen2-local-x86"), kdump("6.1.177", true, config("y", "m", "m"), mods, List.of()));
        MmioPrediction m = HypervMmioModel.predict(f, lfbZero(Tristate.YES));
        assertEquals(Tristate.UNKNOWN, m.pciHypervFirst());
        // hyperv_drm's 8 MiB fits in the 64 MiB reservation either way (fb_overlap_ok, hyperv_setup_vram())
        range(m.configWindow(), 0xFC000000L, 0xFC001FFFL);
        assertEquals(Tristate.NO, m.conflict());
    }

    // ---- unknowns stay unknown ----------------------------------------------------------------

    @Test
    void anUnknownFixWithLfbBaseZeroLeavesTheAnswerOpenAndNamesTheFix() throws Exception {
        SystemFacts f = with(capture("gen2-local-x86"), kdump("6.8.0", null, typical("y"), null, null));
        MmioPrediction m = HypervMmioModel.predict(f, lfbZero(Tristate.YES));
        assertNull(m.framebufferReservation());
        assertEquals(Tristate.UNKNOWN, m.conflict());
        assertTrue(m.reasons().stream().anyMatch(r -> r.text().contains("turns on 016a25e4b0df")), m.reasons().toString());
    }

    @Test
    void theCapturesOwnUnknownKdumpKernelLeavesTheConflictOpen() throws Exception {
        MmioPrediction m = HypervMmioModel.predict(capture("gen2-local-x86"), lfbZero(Tristate.YES));
        assertEquals(Tristate.UNKNOWN, m.conflict());
        range(m.lowMmio(), 0xF8000000L, LOW_END);
    }

    // ---- Gen1, with the real iomem -------------------------------------------------------------

    @Test
    void gen1ReservesTheLegacyVideoBarWhateverScreenInfoSays() throws Exception {
        SystemFacts f = with(capture("gen1-local-x86"), kdump("6.8.0", false, typical("y"), null, null));
        for (PathPrediction used : List.of(lfbZero(Tristate.UNKNOWN), lfbAt(0xF8000000L, 0x300000, Tristate.NO))) {
            MmioPrediction m = HypervMmioModel.predict(f, used);
            // real iomem: "f8000000-fffbffff : PCI Bus 0000:00" cut at the vTPM; the kernel lacks the fix, so 0xfed40000 inclusive
            range(m.lowMmio(), 0xF8000000L, 0xFED40000L);
            range(m.highMmio(), 0xFE0000000L, 0xFFFFFFFFFL);
            // real iomem: "f8000000-fbffffff : 0000:00:08.0", the 1414:5353 BAR (Gen1 layout: 64 MiB at 0xF8000000)
            range(m.framebufferReservation(), 0xF8000000L, 0xFBFFFFFFL);
            // no pass-through device on this VM
            assertNull(m.configWindow());
            assertEquals(Tristate.NO, m.conflict());
        }
    }

    @Test
    void gen1WithAPassThroughDevicePutsTheWindowAboveTheBar() throws Exception {
        SystemFacts base = capture("gen1-local-x86");
        Hyperv h = base.hyperv();
        List<PciDevice> devs = new ArrayList<>(h.pciDevices().value());
        // an Azure accelerated-networking VF (Mellanox 15b3:1016) behind hv_pci; added for this test
        devs.add(new PciDevice("0001:00:02.0", 0x15b3, 0x1016, 0x020000, "mlx5_core", true));
        Hyperv h2 = new Hyperv(h.guest(), h.generation(), h.cvm(), h.syntheticVideo(), Fact.of(devs, "test"));
        SystemFacts f = with(withHyperv(base, h2), kdump("6.8.0", true, typical("y"), null, null));
        MmioPrediction m = HypervMmioModel.predict(f, lfbZero(Tristate.UNKNOWN));
        range(m.framebufferReservation(), 0xF8000000L, 0xFBFFFFFFL);
        range(m.configWindow(), 0xFC000000L, 0xFC001FFFL);
        assertEquals(Tristate.NO, m.conflict());
        assertEquals(ExposureKind.GEN1, HypervMmioModel.exposure(f, m).kind());
    }

    // ---- CVM and the assumed override ----------------------------------------------------------

    @Test
    void aConfidentialVmHasNoFramebufferSoNoConflictAndNoBase() throws Exception {
        SystemFacts f = with(capture("gen2-azure-cvm-x86"), kdump("6.8.0", false, typical("y"), null, null));
        MmioPrediction m = HypervMmioModel.predict(f, lfbZero(Tristate.YES));
        assertNull(m.lowMmio());
        assertNull(m.framebuffer());
        assertEquals(Tristate.NO, m.conflict());
    }

    @Test
    void anAssumedLowMmioIsUsedAndMarkedAsAnAssumption() throws Exception {
        SystemFacts f = with(capture("gen2-azure-cvm-x86"), kdump("6.18.37", true, typical("y"), null, null));
        // Azure CVM layout: 0xC0000000, 1 GiB; the fix reserves min((4 GiB - 3 GiB)/2, 128 MiB) = 128 MiB there
        MmioPrediction m = HypervMmioModel.predict(f, lfbZero(Tristate.YES),
                new AssumedLowMmio(0xC0000000L, LOW_END, "Azure CVM layout <SA1PR21MB69218F955B62DFF62E3E88D2BF222@SA1PR21MB6921.namprd21.prod.outlook.com>"));
        range(m.lowMmio(), 0xC0000000L, LOW_END);
        range(m.framebufferReservation(), 0xC0000000L, 0xC0000000L + 128 * MIB - 1);
        assertTrue(m.reasons().stream().anyMatch(r -> r.derived() && r.text().contains("assumed")));
    }

    // ---- exposure ----------------------------------------------------------------------------

    @Test
    void exposureFollowsTheRootDiskAndThePassThroughDevices() throws Exception {
        MmioPrediction none = new MmioPrediction(null, null, null, null, null, Tristate.UNKNOWN, Tristate.UNKNOWN, List.of());
        // README table: local and Azure roots are NVMe behind hv_pci, the dump goes to /var/crash on the root
        var local = HypervMmioModel.exposure(capture("gen2-local-x86"), none);
        assertEquals(ExposureKind.NVME_ROOT_AT_RISK, local.kind());
        assertTrue(local.reasons().stream().anyMatch(r -> r.text().contains("is on the root file system")));
        assertEquals(ExposureKind.NVME_ROOT_AT_RISK, HypervMmioModel.exposure(capture("gen2-azure-x86"), none).kind());
        assertEquals(ExposureKind.NO_PASSTHROUGH, HypervMmioModel.exposure(capture("gen2-local-arm64"), none).kind());
        assertEquals(ExposureKind.NO_PASSTHROUGH, HypervMmioModel.exposure(capture("gen2-azure-cvm-x86"), none).kind());
        assertEquals(ExposureKind.GEN1, HypervMmioModel.exposure(capture("gen1-local-x86"), none).kind());
    }

    @Test
    void exposureOfAPassThroughDeviceBesideAScsiRoot() throws Exception {
        SystemFacts base = capture("gen2-local-arm64");
        Hyperv h = base.hyperv();
        Hyperv h2 = new Hyperv(h.guest(), h.generation(), h.cvm(), h.syntheticVideo(),
                Fact.of(List.of(new PciDevice("0b9d:00:00.0", 0x15b3, 0x101a, 0x020000, "mlx5_core", true)), "test"));
        assertEquals(ExposureKind.PASSTHROUGH_NOT_ROOT, HypervMmioModel.exposure(withHyperv(base, h2), null).kind());
    }

    @Test
    void notAHyperVGuestIsNotExposedAndHasNoWindow() throws Exception {
        SystemFacts base = capture("gen2-local-x86");
        Hyperv h = base.hyperv();
        SystemFacts f = withHyperv(base, new Hyperv(Fact.of(false, "test"), h.generation(), h.cvm(), h.syntheticVideo(),
                h.pciDevices()));
        MmioPrediction m = HypervMmioModel.predict(f, lfbZero(Tristate.YES));
        assertEquals(Tristate.NO, m.conflict());
        assertNull(m.configWindow());
        assertEquals(ExposureKind.NOT_HYPERV, HypervMmioModel.exposure(f, m).kind());
    }

    // ---- knowledge ---------------------------------------------------------------------------

    @Test
    void theKnowledgeFileDatesTheVmbusReserveFbChanges() {
        Knowledge k = Knowledge.get();
        // hyperv-fixes for v6.0-rc6 (2a8a8afba0c3), tty-6.7-rc1 (a07b50d80ab6), 6.16 (96959283a58d)
        assertEquals("6.0", k.reserveFbChange(Knowledge.GEN1_PCI_BAR).from().numbers());
        assertEquals("2a8a8afba0c3", k.reserveFbChange(Knowledge.GEN1_PCI_BAR).commit());
        assertEquals("6.7", k.reserveFbChange(Knowledge.SYSFB_GATE).from().numbers());
        assertEquals("a07b50d80ab6", k.reserveFbChange(Knowledge.SYSFB_GATE).commit());
        assertEquals("6.16", k.reserveFbChange(Knowledge.SYSFB_SELECTED).from().numbers());
        assertNull(k.reserveFbChange(Knowledge.LOW_MMIO_FALLBACK).from());
        assertEquals("016a25e4b0df", k.reserveFbChange(Knowledge.LOW_MMIO_FALLBACK).commit());
        assertFalse(k.reserveFbChange(Knowledge.LOW_MMIO_FALLBACK).inRelease(org.kexecinspect.knowledge.Version.parse("7.1")));
        // vmbus_reserve_fb(): 8 MiB (0x800000), 64 MiB (0x4000000, Gen1), 1 MiB floor, 128 MiB cap (016a25e4b0df)
        assertEquals(0x800000L, k.reserveFbSizes().gen2Minimum());
        assertEquals(0x4000000L, k.reserveFbSizes().gen1Minimum());
        assertEquals(0x100000L, k.reserveFbSizes().smallestRequest());
        assertEquals(128 * MIB, k.reserveFbSizes().fallbackCap());
        for (var c : k.reserveFbChanges()) {
            assertFalse(c.source().isBlank(), c.id());
        }
    }
}
