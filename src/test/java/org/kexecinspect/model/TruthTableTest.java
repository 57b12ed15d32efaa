package org.kexecinspect.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kexecinspect.format.x86.ScreenInfo;
import org.kexecinspect.format.x86.ScreenInfoLayout;
import org.kexecinspect.model.screeninfo.KexecLoadModel;
import org.kexecinspect.model.screeninfo.KexecFileLoadModel;

/**
 * One test per case of what the kdump kernel's screen_info will contain (rows numbered as the test
 * names), each built as a capture: a copy of a hand-made Hyper-V capture (native-fixtures/hyperv-captures)
 * with the facts of the row written into it, collected through Collector. Expected values follow kexec-tools
 * kexec/arch/i386/x86-linux-setup.c setup_linux_vesafb() (KEXEC_LOAD) and the kernel's
 * arch/x86/kernel/kexec-bzimage64.c (KEXEC_FILE_LOAD), with B and the boot-time bytes of the capture the
 * row is built from (that README:
 * gen2-local-x86 boots with type 0x70, lfb_base 0xf8000000, lfb_size 0x300000 bytes, capabilities 1;
 * its /dev/fb0 is hyperv_drm's, its kernel 6.8.0-52-generic, its kexec-tools 2.0.22).
 */
class TruthTableTest {

    @TempDir Path tmp;

    /** B: the boot-time framebuffer base of gen2-local-x86 (its README), and the boot-time lfb_size in bytes. */
    static final long B = 0xf8000000L;
    static final long BOOT_SIZE = 0x300000;
    static final long EFI = 0x70, VLFB = 0x23;
    static final String SYNTH_LINE = "f8000000-f87fffff : 5620e0c7-8062-4dce-aeb7-520c7ef76171";

    Path gen2() {
        return Trees.hyperv("gen2-local-x86", tmp);
    }

    static PathPrediction load(Path tree) throws Exception {
        return KexecLoadModel.predict(Trees.collect(tree));
    }

    static PathPrediction file(Path tree) throws Exception {
        return KexecFileLoadModel.predict(Trees.collect(tree));
    }

    static ScreenInfo si(PathPrediction p) {
        assertNotNull(p.kdumpScreenInfo(), () -> "no screen_info predicted: " + p.reasons());
        return p.kdumpScreenInfo();
    }

    static void expect(PathPrediction p, long isVga, long lfbBase, long lfbSize) {
        ScreenInfo s = si(p);
        assertEquals(isVga, s.videoTypeCode(), () -> "orig_video_isVGA; " + p.reasons());
        assertEquals(lfbBase, s.lfbAddress(), () -> "lfb base; " + p.reasons());
        assertEquals(lfbSize, s.lfbSize(), () -> "lfb_size; " + p.reasons());
        assertEquals(Tristate.of(lfbBase == 0), p.lfbBaseZero());
    }

    static void expectReason(PathPrediction p, String words) {
        assertTrue(p.reasons().stream().anyMatch(r -> r.text().contains(words)),
                () -> "a reason saying '" + words + "' among " + p.reasons());
    }

    static long ceil64k(long len) {
        return (len + 65535) / 65536;
    }

    /** The synthetic video's region moved: its line removed, the new one put after {@code after} (or at the end), in address order. */
    static void moveSyntheticVideo(Path tree, String newLine, String after) {
        String iomem = new String(Trees.read(tree, "proc/iomem"), StandardCharsets.UTF_8);
        assertTrue(iomem.contains(SYNTH_LINE + "\n"));
        iomem = iomem.replace(SYNTH_LINE + "\n", "");
        if (after == null) {
            iomem = iomem + newLine + "\n";
        } else {
            assertTrue(iomem.contains(after + "\n"));
            iomem = iomem.replaceFirst(java.util.regex.Pattern.quote(after + "\n"), after + "\n" + newLine + "\n");
        }
        Trees.write(tree, "proc/iomem", iomem);
    }

    // ---- KEXEC_LOAD, rows 1-11 -------------------------------------------------------------------

    @ParameterizedTest(name = "kexec-tools {0}")
    @ValueSource(strings = {"2.0.17", "2.0.18", "2.0.19", "2.0.20", "2.0.22", "2.0.32"})
    void row1_noFb0_copiesTheBootTimeScreenInfo(String version) throws Exception {
        Path t = gen2();
        Trees.kexecTools(t, version);
        Trees.noFb0(t);
        PathPrediction p = load(t);
        expect(p, EFI, B, BOOT_SIZE);
        assertEquals(1, si(p).capabilities(), "the boot-time capabilities come along");
    }

    @Test
    void row1_classE_noFb0_copiesTheBootTimeScreenInfo() throws Exception {
        Path t = gen2();
        Trees.kexecTools(t, "2.0.25");
        Trees.kexecArgs(t, "--reuse-video-type");
        Trees.noFb0(t);
        expect(load(t), EFI, B, BOOT_SIZE);
    }

    @Test
    void row2_classA_noFb0_keepsTheTextDefaults() throws Exception {
        Path t = gen2();
        Trees.kexecTools(t, "2.0.16");
        Trees.noFb0(t);
        PathPrediction p = load(t);
        expect(p, 1, 0, 0);
        // kexec-tools setup_linux_system_parameters(): the defaults are 80 columns, 25 lines, 16-pixel font
        assertEquals(80, si(p).view().get(ScreenInfoLayout.ORIG_VIDEO_COLS));
        assertEquals(25, si(p).view().get(ScreenInfoLayout.ORIG_VIDEO_LINES));
        assertEquals(16, si(p).view().get(ScreenInfoLayout.ORIG_VIDEO_POINTS));
    }

    @ParameterizedTest(name = "kexec-tools {0}")
    @ValueSource(strings = {"2.0.16", "2.0.18", "2.0.19", "2.0.22"})
    void row3_efifb_givesTypeEfiAndSmemStartIn64KiBUnits(String version) throws Exception {
        Path t = gen2();
        Trees.kexecTools(t, version);
        Trees.fb0(t, "EFI VGA", B, 0x300000);
        PathPrediction p = load(t);
        expect(p, EFI, B, ceil64k(0x300000));
        assertEquals(48, si(p).lfbSize(), "3 MiB in 64 KiB units");
        assertEquals(0x300000 / 4096, si(p).view().get(ScreenInfoLayout.PAGES));
        assertEquals(0, si(p).capabilities());
    }

    @ParameterizedTest(name = "kexec-tools {0}")
    @ValueSource(strings = {"2.0.19", "2.0.22"})
    void row3_efifbAbove4GiB_classesCtoE_setExtLfbBase(String version) throws Exception {
        Path t = gen2();
        Trees.kexecTools(t, version);
        Trees.fb0(t, "EFI VGA", 0xfe0000000L, 0x300000);
        PathPrediction p = load(t);
        expect(p, EFI, 0xfe0000000L, 48);
        assertEquals(0xe0000000L, si(p).lfbBase());
        assertEquals(0xf, si(p).extLfbBase());
        assertEquals(ScreenInfoLayout.VIDEO_CAPABILITY_64BIT_BASE, si(p).capabilities());
    }

    @ParameterizedTest(name = "kexec-tools {0}")
    @ValueSource(strings = {"2.0.16", "2.0.18"})
    void row3_efifbAbove4GiB_classesAandB_keepTheLow32Bits(String version) throws Exception {
        Path t = gen2();
        Trees.kexecTools(t, version);
        Trees.fb0(t, "EFI VGA", 0xfe0000000L, 0x300000);
        PathPrediction p = load(t);
        expect(p, EFI, 0xe0000000L, 48);
        assertEquals(0, si(p).extLfbBase());
    }

    @Test
    void row4_vesafb_givesTypeVlfb() throws Exception {
        Path t = gen2();
        Trees.fb0(t, "VESA VGA", B, 0x300000);
        expect(load(t), VLFB, B, ceil64k(0x300000));
    }

    @ParameterizedTest(name = "fb0 {0}")
    @ValueSource(strings = {"hyperv_fb", "simple", "hyperv_drmdrmfb"})
    void row5_classA_otherId_keepsTheTextDefaults(String id) throws Exception {
        Path t = gen2();
        Trees.kexecTools(t, "2.0.16");
        Trees.fb0(t, id, id.endsWith("drmfb") ? 0 : B, 0x800000);
        expect(load(t), 1, 0, 0);
    }

    @ParameterizedTest(name = "kexec-tools {0}")
    @ValueSource(strings = {"2.0.18", "2.0.19", "E"})
    void row6_hypervFb_classesBCE_bootTypeAndTheCurrentMmio(String version) throws Exception {
        for (long base : new long[] {B, 0xf8900000L}) { // in place, and relocated to B'
            Path t = Trees.hyperv("gen2-local-x86", tmp.resolve(version + "-" + Long.toHexString(base)));
            classOf(t, version);
            Trees.fb0(t, "hyperv_fb", base, 0x800000);
            expect(load(t), EFI, base, ceil64k(0x800000));
        }
    }

    @Test
    void row7_hypervFb_classD_noFramebuffer() throws Exception {
        Path t = gen2();
        Trees.fb0(t, "hyperv_fb", B, 0x800000);
        expect(load(t), 0, 0, 0);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hyperv_drmdrmfb", "simpledrmdrmfb", "efidrmdrmfb"})
    void row8_drmFbdev_classesBCE_bootTypeButLfbBaseZero(String id) throws Exception {
        for (String version : new String[] {"2.0.18", "2.0.19", "E"}) {
            Path t = Trees.hyperv("gen2-local-x86", tmp.resolve(id + version));
            classOf(t, version);
            Trees.fb0(t, id, 0, 0x300000);
            PathPrediction p = load(t);
            expect(p, EFI, 0, ceil64k(0x300000));
            expectReason(p, "hides smem_start");
        }
    }

    @Test
    void row9_drmFbdev_classD_noFramebuffer_asTheCaptureStands() throws Exception {
        expect(load(gen2()), 0, 0, 0); // hyperv_drmdrmfb, kexec-tools 2.0.22, no KDUMP_KEXEC_ARGS
    }

    @ParameterizedTest(name = "kexec-tools {0}")
    @ValueSource(strings = {"2.0.18", "2.0.19", "E"})
    void row10_simplefb_classesBCE_bootTypeAndB(String version) throws Exception {
        Path t = gen2();
        classOf(t, version);
        Trees.fb0(t, "simple", B, 0x300000);
        expect(load(t), EFI, B, ceil64k(0x300000));
    }

    @Test
    void row11_simplefb_classD_noFramebuffer() throws Exception {
        Path t = gen2();
        Trees.fb0(t, "simple", B, 0x300000);
        expect(load(t), 0, 0, 0);
    }

    /** Class E is kexec-tools 2.0.20 or later run with --reuse-video-type. */
    static void classOf(Path t, String version) {
        if (version.equals("E")) {
            Trees.kexecTools(t, "2.0.25");
            Trees.kexecArgs(t, "--reuse-video-type");
        } else {
            Trees.kexecTools(t, version);
        }
    }

    // ---- KEXEC_FILE_LOAD, rows 12-17 -------------------------------------------------------------

    @ParameterizedTest(name = "fb0 {0}")
    @ValueSource(strings = {"hyperv_fb", "EFI VGA", "hyperv_drmdrmfb"})
    void row12_before510_theBootParamsCopy(String id) throws Exception {
        Path t = gen2();
        Trees.kernel(t, "5.4.0-1109-azure", "x86_64");
        Trees.fb0(t, id, id.endsWith("drmfb") ? 0 : B, 0x800000);
        expect(file(t), EFI, B, BOOT_SIZE);
    }

    @ParameterizedTest(name = "Linux {0}")
    @ValueSource(strings = {"5.10.0-28-amd64", "5.15.0-91-generic", "6.5.0-1025-azure", "6.7.12"})
    void row13_hypervFb_510to68_clearedOnGen2(String release) throws Exception {
        Path t = gen2();
        Trees.kernel(t, release, "x86_64");
        Trees.fb0(t, "hyperv_fb", 0xf8900000L, 0x800000);
        PathPrediction p = file(t);
        expect(p, 0, 0, 0);
        assertEquals(1024, si(p).view().get(ScreenInfoLayout.LFB_WIDTH), "only isVGA, lfb_base and lfb_size are cleared");
    }

    @Test
    void row14_hypervFb_68to614_relocated_staleB() throws Exception {
        Path t = gen2(); // Linux 6.8.0-52-generic
        Trees.fb0(t, "hyperv_fb", 0xf8900000L, 0x800000);
        moveSyntheticVideo(t, "f8900000-f90fffff : 5620e0c7-8062-4dce-aeb7-520c7ef76171",
                "f8800000-f8801fff : 8625029d-d7c3-5f52-9fa9-4d32f2e1c66f");
        PathPrediction p = file(t);
        expect(p, EFI, B, BOOT_SIZE);
        expectReason(p, "stale");
    }

    @Test
    void row15_hypervFb_614to70_notRelocated_B() throws Exception {
        Path t = gen2();
        Trees.kernel(t, "6.14.0-15-generic", "x86_64");
        Trees.fb0(t, "hyperv_fb", B, 0x800000);
        PathPrediction p = file(t);
        expect(p, EFI, B, BOOT_SIZE);
        expectReason(p, "not relocated");
    }

    @Test
    void row16_hypervDrm_notRelocated_B_asTheCaptureStands() throws Exception {
        PathPrediction p = file(gen2());
        expect(p, EFI, B, BOOT_SIZE);
        expectReason(p, "not relocated");
    }

    @ParameterizedTest(name = "fb0 {0}")
    @ValueSource(strings = {"EFI VGA", "simpledrmdrmfb", "none"})
    void row16_efifbSimpledrmOrNone_B(String id) throws Exception {
        Path t = gen2();
        Trees.kernel(t, "6.1.0-56-amd64", "x86_64");
        if (id.equals("none")) {
            Trees.noFb0(t);
        } else {
            Trees.fb0(t, id, id.endsWith("drmfb") ? 0 : B, 0x300000);
        }
        expect(file(t), EFI, B, BOOT_SIZE);
    }

    @Test
    void row17_hypervDrm_relocated_staleB() throws Exception {
        Path t = gen2();
        moveSyntheticVideo(t, "fe8000000-fefffffff : 5620e0c7-8062-4dce-aeb7-520c7ef76171", null);
        PathPrediction p = file(t);
        expect(p, EFI, B, BOOT_SIZE);
        expectReason(p, "stale");
    }

    // ---- arm64 and CVM, rows 18-20 ---------------------------------------------------------------

    @Test
    void row18_arm64_kexecLoad_zero() throws Exception {
        PathPrediction p = load(Trees.hyperv("gen2-local-arm64", tmp));
        expect(p, 0, 0, 0);
        assertEquals(PathPrediction.KEXEC_LOAD, p.loadPath());
    }

    @Test
    void row19_arm64_kexecFileLoad_zero() throws Exception {
        PathPrediction p = file(Trees.hyperv("gen2-local-arm64", tmp));
        expect(p, 0, 0, 0);
        assertEquals(PathPrediction.KEXEC_FILE_LOAD, p.loadPath());
    }

    @Test
    void row20_cvm_zeroOnBothPaths() throws Exception {
        Path t = Trees.hyperv("gen2-azure-cvm-x86", tmp);
        PathPrediction l = load(t);
        PathPrediction f = file(t);
        expect(l, 0, 0, 0);
        expect(f, 0, 0, 0);
        expectReason(l, "confidential VM");
        expectReason(f, "confidential VM");
    }

    /** Row 20's other case: a Gen2 VM with no synthetic video device and no framebuffer at all. */
    @Test
    void row20_gen2WithoutAnyFramebuffer_lfbBaseZeroEvenWhenTheBootPageIsUnknown() throws Exception {
        Path t = gen2();
        Trees.delete(t, "sys/bus/vmbus/devices/5620e0c7-8062-4dce-aeb7-520c7ef76171");
        Trees.noFb0(t);
        Trees.delete(t, "sys/kernel/boot_params");
        PathPrediction l = load(t);
        assertEquals(null, l.kdumpScreenInfo());
        assertEquals(Tristate.YES, l.lfbBaseZero(), l.reasons().toString());
        assertTrue(l.reasons().stream().anyMatch(r -> r.derived() && r.text().contains("without any framebuffer")));
    }

    @Test
    void row20_cvm_lfbBaseZeroEvenWhenTheBootPageIsUnknown() throws Exception {
        Path t = Trees.hyperv("gen2-azure-cvm-x86", tmp);
        Trees.delete(t, "sys/kernel/boot_params");
        PathPrediction l = load(t);
        assertEquals(null, l.kdumpScreenInfo());
        assertEquals(Tristate.YES, l.lfbBaseZero(), l.reasons().toString());
    }
}
