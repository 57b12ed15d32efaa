package org.kexecinspect.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexecinspect.facts.SystemFacts;
import org.kexecinspect.format.ByteSource;
import org.kexecinspect.format.x86.ScreenInfo;
import org.kexecinspect.format.x86.ScreenInfoLayout;
import org.kexecinspect.testing.Inputs;
import org.kexecinspect.model.screeninfo.KexecLoadModel;
import org.kexecinspect.model.screeninfo.KexecFileLoadModel;

/**
 * The strongest check there is: real kernels. The QEMU/OVMF capture efifb-kexec_load ran Debian's
 * 6.1 kernel with efifb on /dev/fb0, loaded the same kernel with kexec-tools 2.0.25 through
 * KEXEC_LOAD (`kexec -p ... -c`), crashed, and the kdump kernel dumped the zero page it was given.
 * The model, fed only the first kernel's facts, must predict that zero page's screen_info.
 * Expected values are the capture tool's own decoding (fields.txt) of the real pages.
 */
class QemuKdumpTest {

    @TempDir Path tmp;

    private static final Pattern FIELD = Pattern.compile("^(\\w+)\\.(\\w+) = 0x([0-9a-f]+) \\((\\d+)\\)$");

    /** "prefix.field = 0x.. (dec)" lines of a stage's fields.txt. */
    static Map<String, Long> fields(Path stage, String prefix) throws Exception {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(stage.resolve("fields.txt"))) {
            Matcher m = FIELD.matcher(line.trim());
            if (m.matches() && m.group(1).equals(prefix)) {
                out.put(m.group(2), Long.parseUnsignedLong(m.group(4)));
            }
        }
        assertFalse(out.isEmpty(), "no " + prefix + " fields in " + stage);
        return out;
    }

    /**
     * Fields the kdump kernel itself changes before it exports its zero page: its decompressor prints
     * through the text console and moves the cursor (arch/x86/boot/compressed/misc.c __putstr keeps
     * orig_x/orig_y in boot_params), so the dump shows orig_y 9 where kexec-tools wrote 0.
     */
    static final Set<String> CHANGED_BY_THE_KDUMP_KERNEL = Set.of("orig_x", "orig_y");

    static void assertFields(Map<String, Long> expected, ScreenInfo s, Set<String> skip, String what) {
        int compared = 0;
        for (Map.Entry<String, Long> e : expected.entrySet()) {
            if (skip.contains(e.getKey())) {
                continue;
            }
            long actual = e.getKey().equals("full_lfb_base") ? s.lfbAddress()
                    : s.view().get(ScreenInfoLayout.LAYOUT.field(e.getKey()));
            assertEquals(e.getValue().longValue(), actual, what + ": " + e.getKey());
            compared++;
        }
        assertTrue(compared >= 25, "compared " + compared + " fields");
    }

    @Test
    void kexecLoadPredictsTheScreenInfoTheRealKdumpKernelGot() throws Exception {
        Path first = Inputs.qemuCapture("efifb-kexec_load", "first");
        Path kdump = Inputs.qemuCapture("efifb-kexec_load", "kdump");
        SystemFacts f = Trees.collect(Trees.qemu(first, tmp));

        PathPrediction p = KexecLoadModel.predict(f);

        assertEquals(PathPrediction.KEXEC_LOAD, p.loadPath());
        assertNotNull(p.kdumpScreenInfo(), p.reasons().toString());
        assertFields(fields(kdump, "screen_info"), p.kdumpScreenInfo(), CHANGED_BY_THE_KDUMP_KERNEL,
                "kdump kernel's real screen_info");
        // the README's summary of what changed: lfb_size 4096000 bytes became 63 (64 KiB units), capabilities 1 -> 0,
        // pages = ceil(smem_len / 4096) with smem_len 0x3e8000 (fbdump.txt)
        assertEquals(63, p.kdumpScreenInfo().lfbSize());
        assertEquals(0, p.kdumpScreenInfo().capabilities());
        assertEquals((0x3e8000 + 4095) / 4096, p.kdumpScreenInfo().view().get(ScreenInfoLayout.PAGES));
        assertEquals(Tristate.NO, p.lfbBaseZero());
    }

    /**
     * A first stage's capture tree whose kdump kernel (kdump-tools' KDUMP_KERNEL, /var/lib/kdump/vmlinuz)
     * is {@code image}; assumes that image has the setup_sects the real kdump page records at 0x1f1.
     */
    Path withKdumpImage(Path first, byte[] kdumpPage, Path image) throws Exception {
        Path tree = Trees.qemu(first, tmp);
        Trees.write(tree, "etc/default/kdump-tools", LoadPathWhatIfTest.resource("debian-12-kdump-tools-1.8.1.etc-default-kdump-tools"));
        byte[] bytes = Files.readAllBytes(image);
        org.junit.jupiter.api.Assumptions.assumeTrue(bytes[0x1f1] == kdumpPage[0x1f1],
                image + "'s setup_sects differs from the real kdump image's");
        Trees.write(tree, "var/lib/kdump/vmlinuz", bytes);
        return tree;
    }

    /**
     * All 64 bytes under KEXEC_LOAD, cl_magic and cl_offset included (kexec-tools
     * setup_linux_bootloader_parameters_high()): the first stage with Debian 12's kdump-tools file,
     * whose KDUMP_KERNEL is /var/lib/kdump/vmlinuz, and there the image of Debian's current 6.1
     * package, which has the setup_sects the real kdump kernel's image had (its page records them).
     * Only the cursor differs: the kdump kernel's decompressor printed and moved it (orig_y 9).
     */
    @Test
    void kexecLoadPredictsEverySixtyFourBytesButTheCursorTheDecompressorMoved() throws Exception {
        Path first = Inputs.qemuCapture("efifb-kexec_load", "first");
        byte[] kdumpPage = Files.readAllBytes(Inputs.qemuCapture("efifb-kexec_load", "kdump").resolve("boot_params.bin"));
        Path tree = withKdumpImage(first, kdumpPage, Inputs.debianAmd64Kernel());

        PathPrediction p = KexecLoadModel.predict(Trees.collect(tree));

        byte[] predicted = org.kexecinspect.format.x86.ScreenInfoEncoder.encode(p.kdumpScreenInfo());
        assertEquals(0xA33F, p.kdumpScreenInfo().view().get(ScreenInfoLayout.CL_MAGIC), p.reasons().toString());
        assertEquals(0x5000, p.kdumpScreenInfo().view().get(ScreenInfoLayout.CL_OFFSET), p.reasons().toString());
        for (int i = 0; i < 64; i++) {
            if (i == ScreenInfoLayout.ORIG_X.offset() || i == ScreenInfoLayout.ORIG_Y.offset()) {
                continue;
            }
            assertEquals(kdumpPage[i], predicted[i], String.format("screen_info byte 0x%02x", i));
        }
    }

    /** The real kdump page carries efi_info "EL64" with a memory map: the model must not claim it is not EFI_BOOT. */
    @Test
    void kexecLoadDoesNotDenyEfiBootTheRealKdumpKernelHad() throws Exception {
        Path first = Inputs.qemuCapture("efifb-kexec_load", "first");
        byte[] kdumpPage = Files.readAllBytes(Inputs.qemuCapture("efifb-kexec_load", "kdump").resolve("boot_params.bin"));
        assertTrue(org.kexecinspect.format.x86.BootParams.read(ByteSource.of("kdump", kdumpPage)).efiBoot());
        PathPrediction p = KexecLoadModel.predict(Trees.collect(Trees.qemu(first, tmp)));
        assertNotEquals(Tristate.NO, p.efiBoot(), p.reasons().toString());
        assertTrue(p.reasons().stream().anyMatch(r -> r.derived() && r.text().contains("EFI_BOOT")));
    }

    /**
     * KEXEC_FILE_LOAD on 6.1 copies the running kernel's global screen_info (afc18069a2cb). The
     * capture read that global through /proc/kcore (screen_info_global.bin): the prediction must equal
     * it in every video field.
     */
    @Test
    void kexecFileLoadPredictsTheRunningKernelsGlobalScreenInfo() throws Exception {
        Path first = Inputs.qemuCapture("efifb-kexec_load", "first");
        SystemFacts f = Trees.collect(Trees.qemu(first, tmp));

        PathPrediction p = KexecFileLoadModel.predict(f);

        assertNotNull(p.kdumpScreenInfo(), p.reasons().toString());
        Map<String, Long> global = fields(first, "kernel_global_screen_info");
        assertFields(global, p.kdumpScreenInfo(), Set.of(), "the first kernel's global screen_info");
        byte[] real = Files.readAllBytes(first.resolve("screen_info_global.bin"));
        ScreenInfo realGlobal = ScreenInfo.read(ByteSource.of("global", real), 0);
        assertEquals(realGlobal.lfbAddress(), p.kdumpScreenInfo().lfbAddress());
        assertEquals(realGlobal.lfbSize(), p.kdumpScreenInfo().lfbSize());
        assertEquals(0x70, p.kdumpScreenInfo().videoTypeCode());
    }

    /**
     * bochs-drm owns /dev/fb0 ("bochs-drmdrmfb", smem_start 0): with kexec-tools 2.0.25 (class D,
     * no --reuse-video-type) KEXEC_LOAD writes orig_video_isVGA 0 and no lfb fields (the DRM-fbdev case on
     * a real machine: kexec-tools setup_linux_vesafb() for an unknown fix.id since fb5a8792e6e4).
     */
    @Test
    void drmFbdevWithKexecTools2025GivesNoFramebufferOnKexecLoad() throws Exception {
        Path first = Inputs.qemuCapture("bochs-drm", "first");
        Path tree = Trees.qemu(first, tmp);
        // the stage's recorded command is `kexec ... -s`; the service configuration is what decides the
        // option, so give the tree Debian's kdump-tools file (its KDUMP_KEXEC_ARGS is commented out)
        Trees.write(tree, "etc/default/kdump-tools", Files.readAllBytes(
                Trees.HYPERV.resolve("sources/debian-kdump-tools-1.8.1.conf")));
        PathPrediction p = KexecLoadModel.predict(Trees.collect(tree));

        assertNotNull(p.kdumpScreenInfo(), p.reasons().toString());
        assertEquals(0, p.kdumpScreenInfo().videoTypeCode());
        assertEquals(0, p.kdumpScreenInfo().lfbBase());
        assertEquals(0, p.kdumpScreenInfo().lfbSize());
        assertEquals(Tristate.YES, p.lfbBaseZero());
    }

    /** The same machine through KEXEC_FILE_LOAD keeps the EFI framebuffer: no driver rewrote the global (row 16). */
    @Test
    void drmFbdevKeepsTheBootFramebufferOnKexecFileLoad() throws Exception {
        Path first = Inputs.qemuCapture("bochs-drm", "first");
        PathPrediction p = KexecFileLoadModel.predict(Trees.collect(Trees.qemu(first, tmp)));
        Map<String, Long> boot = fields(first, "screen_info");
        assertNotNull(p.kdumpScreenInfo(), p.reasons().toString());
        assertEquals(boot.get("orig_video_isVGA").longValue(), p.kdumpScreenInfo().videoTypeCode());
        assertEquals(boot.get("full_lfb_base").longValue(), p.kdumpScreenInfo().lfbAddress());
        assertEquals(boot.get("lfb_size").longValue(), p.kdumpScreenInfo().lfbSize());
        assertEquals(Tristate.NO, p.lfbBaseZero());
    }

    // ---- Debian 13 (6.12.117, kexec-tools 2.0.29) and unstable (7.2.13, kexec-tools 2.0.32):
    // native-fixtures/captures/qemu-debian-13-and-unstable, README there

    /** screen_info bytes 0..63 of a predicted screen_info equal the real kdump page's, the cursor excepted. */
    static void assertSixtyFourBytes(byte[] kdumpPage, ScreenInfo predicted, String what) {
        byte[] p = org.kexecinspect.format.x86.ScreenInfoEncoder.encode(predicted);
        for (int i = 0; i < 64; i++) {
            if (i == ScreenInfoLayout.ORIG_X.offset() || i == ScreenInfoLayout.ORIG_Y.offset()) {
                continue;
            }
            assertEquals(kdumpPage[i], p[i], String.format("%s: screen_info byte 0x%02x", what, i));
        }
    }

    /**
     * Debian 13: 6.12.117 with bochs DRM on /dev/fb0 ("bochs-drmdrmfb", smem_start hidden), kexec-tools
     * 2.0.29 loading with `kexec -p -c` (KEXEC_LOAD). The first stage's facts, and the KEXEC_LOAD
     * prediction equal to the page the kdump kernel received in all 64 bytes but the cursor: isVGA 0,
     * no lfb fields (setup_linux_vesafb() for an unknown fix.id), the text defaults 80x25x16, cl_magic
     * 0xA33F and cl_offset 0x5000. cl_offset needs the kdump image's setup_sects: the tree gets
     * Debian 13's own image of linux-image-6.12.117+deb13-amd64 (debian-kernel.sh amd64 trixie) at the
     * KDUMP_KERNEL of kdump-tools' shipped file (byte-identical in 1:1.8.1 and trixie's 1:1.10.7), when
     * its setup_sects equals the one the kdump page records at 0x1f1.
     */
    @Test
    void debian13KexecLoadWithBochsDrmPredictsEverySixtyFourBytes() throws Exception {
        Path first = Inputs.qemuRun("d13-bochs-c", "first");
        byte[] kdumpPage = Files.readAllBytes(Inputs.qemuRun("d13-bochs-c", "kdump").resolve("boot_params.bin"));
        Path tree = withKdumpImage(first, kdumpPage, Inputs.debianKernel("amd64", "trixie"));
        SystemFacts f = Trees.collect(tree);

        assertEquals("6.12.117+deb13-amd64", f.machine().kernelRelease().value());
        assertEquals("6.12.117", f.machine().upstreamVersion().value());
        assertEquals("2.0.29", f.kexecTools().version().value());
        assertEquals("bochs-drmdrmfb", f.framebuffer().id().value());
        assertEquals(0L, f.framebuffer().smemStart().value());
        assertEquals(0xc0000000L, f.bootParams().value().screenInfo().lfbAddress());
        assertEquals("6.12.117+deb13-amd64", f.kdumpKernel().release().value());

        PathPrediction p = KexecLoadModel.predict(f);

        assertNotNull(p.kdumpScreenInfo(), p.reasons().toString());
        assertSixtyFourBytes(kdumpPage, p.kdumpScreenInfo(), "Debian 13 KEXEC_LOAD");
        assertFields(fields(Inputs.qemuRun("d13-bochs-c", "kdump"), "screen_info"), p.kdumpScreenInfo(),
                CHANGED_BY_THE_KDUMP_KERNEL, "kdump kernel's real screen_info");
        assertEquals(0x5000, p.kdumpScreenInfo().view().get(ScreenInfoLayout.CL_OFFSET));
        assertEquals(Tristate.YES, p.lfbBaseZero());
    }

    /**
     * Debian unstable: 7.2.13 with efifb ("EFI VGA"), kexec-tools 2.0.32 loading with `kexec -p -s`
     * (KEXEC_FILE_LOAD). The running kernel copies its own 64 bytes (sysfb_primary_display.screen
     * since a41e0ab394e4, 7.0; the same bytes as screen_info): the prediction equals the kdump page in
     * all 64 bytes but the cursor, lfb_base 0xc0000000, lfb_size in bytes, capabilities 1, cl_magic and
     * cl_offset 0 as the EFI stub left them.
     */
    @Test
    void unstableKexecFileLoadWithEfifbPredictsEverySixtyFourBytes() throws Exception {
        Path first = Inputs.qemuRun("sid-efifb-s", "first");
        Path kdump = Inputs.qemuRun("sid-efifb-s", "kdump");
        byte[] kdumpPage = Files.readAllBytes(kdump.resolve("boot_params.bin"));
        SystemFacts f = Trees.collect(Trees.qemu(first, tmp));

        assertEquals("7.2.13+deb14-amd64", f.machine().kernelRelease().value());
        assertEquals("7.2.13", f.machine().upstreamVersion().value());
        assertEquals("2.0.32", f.kexecTools().version().value());
        assertEquals("EFI VGA", f.framebuffer().id().value());
        assertEquals(0xc0000000L, f.framebuffer().smemStart().value());

        PathPrediction p = KexecFileLoadModel.predict(f);

        assertEquals(PathPrediction.KEXEC_FILE_LOAD, p.loadPath());
        assertNotNull(p.kdumpScreenInfo(), p.reasons().toString());
        assertSixtyFourBytes(kdumpPage, p.kdumpScreenInfo(), "unstable KEXEC_FILE_LOAD");
        assertFields(fields(kdump, "screen_info"), p.kdumpScreenInfo(), CHANGED_BY_THE_KDUMP_KERNEL,
                "kdump kernel's real screen_info");
        // and it is the running kernel's global, read through /proc/kcore
        assertSixtyFourBytes(Files.readAllBytes(first.resolve("screen_info_global.bin")), p.kdumpScreenInfo(),
                "the first kernel's global");
        assertEquals(Tristate.NO, p.lfbBaseZero());
    }
}
