package org.kexecinspect.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexecinspect.facts.CaptureWriter;
import org.kexecinspect.facts.Collector;
import org.kexecinspect.facts.SystemFacts;
import org.kexecinspect.model.mmio.HypervMmioModel;
import org.kexecinspect.model.mmio.MmioPrediction;
import org.kexecinspect.testing.Inputs;

/**
 * Where Debian's newer kernels are, and what their real configs decide. Debian unstable's 7.x
 * packages ship the image as usr/lib/modules/REL/vmlinuz (linux-binary-REL) and the config as
 * usr/lib/modules/REL/config (linux-base-REL), nothing under /boot; Debian 13's 6.12 still uses
 * /boot. The packages are the ones debian-kernel.sh fetches for trixie and sid (the versions the
 * QEMU runs of native-fixtures/captures/qemu-debian-13-and-unstable used, or newer ones, whose
 * layout and Hyper-V options the fixtures' README states for the runs' versions).
 */
class DebianNewerKernelsTest {

    @TempDir Path tmp;

    static Path sidImage() {
        return Inputs.debianKernel("amd64", "sid");
    }

    static String release(Path moduleImage) {
        return moduleImage.getParent().getFileName().toString();
    }

    /** The sid run's first stage with kdump-tools' file, KDUMP_KERNEL unset, and the package's files where it puts them. */
    Path sidTree(boolean withConfig) throws Exception {
        Path image = sidImage();
        String rel = release(image);
        Path tree = Trees.qemu(Inputs.qemuRun("sid-efifb-s", "first"), tmp);
        Trees.write(tree, "proc/sys/kernel/osrelease", rel + "\n");
        Trees.write(tree, "etc/default/kdump-tools", "USE_KDUMP=1\nKDUMP_COREDIR=\"/var/crash\"\n");
        Trees.write(tree, "usr/lib/modules/" + rel + "/vmlinuz", Files.readAllBytes(image));
        if (withConfig) {
            Trees.write(tree, "usr/lib/modules/" + rel + "/config", Files.readAllBytes(Inputs.configBeside(image)));
        }
        return tree;
    }

    @Test
    void theUnstableKernelAndItsConfigAreFoundUnderUsrLibModules() throws Exception {
        Path image = sidImage();
        String rel = release(image);
        SystemFacts f = Trees.collect(sidTree(true));

        assertEquals("/usr/lib/modules/" + rel + "/vmlinuz", f.kdumpService().kernelPath().value(),
                f.kdumpService().kernelPath().toString());
        assertEquals(rel, f.kdumpKernel().release().value());
        assertTrue(f.kdumpKernel().config().source().endsWith("usr/lib/modules/" + rel + "/config"),
                f.kdumpKernel().config().toString());
        assertEquals("y", f.kdumpKernel().option("CONFIG_PCI_HYPERV").value().orElseThrow());
        assertTrue(f.machine().config().source().endsWith("usr/lib/modules/" + rel + "/config"),
                f.machine().config().toString());
        assertEquals("y", f.machine().config().value().get("CONFIG_KEXEC_FILE").orElseThrow());
        // the setup_sects the KEXEC_LOAD model needs for cl_offset, from the image found there
        assertEquals(Byte.toUnsignedInt(Files.readAllBytes(image)[0x1f1]), f.kdumpKernel().setupSects().value());

        // `capture` copies what it found: the image, and the config under both names a merged /usr gives it
        CaptureWriter.Plan plan = Collector.plan(f, true);
        assertTrue(plan.images().contains("usr/lib/modules/" + rel + "/vmlinuz"), plan.toString());
        assertTrue(plan.smallFiles().contains("usr/lib/modules/" + rel + "/config"), plan.toString());
        assertTrue(plan.smallFiles().contains("lib/modules/" + rel + "/config"), plan.toString());
    }

    /** No config file anywhere, but the running kernel's /proc/config.gz (CONFIG_IKCONFIG_PROC): the running release reads it. */
    @Test
    void procConfigGzServesTheRunningRelease() throws Exception {
        Path image = sidImage();
        Path tree = sidTree(false);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
            z.write(Files.readAllBytes(Inputs.configBeside(image)));
        }
        Trees.write(tree, "proc/config.gz", gz.toByteArray());
        SystemFacts f = Trees.collect(tree);

        assertTrue(f.machine().config().source().endsWith("proc/config.gz"), f.machine().config().toString());
        assertEquals("y", f.machine().config().value().get("CONFIG_HYPERV").orElseThrow());
        // the kdump kernel is the running release: its config is the same one
        assertTrue(f.kdumpKernel().config().source().endsWith("proc/config.gz"), f.kdumpKernel().config().toString());
    }

    @Test
    void withoutAnyConfigTheFactSaysWhereItLooked() throws Exception {
        SystemFacts f = Trees.collect(sidTree(false));
        assertFalse(f.machine().config().known());
        String why = f.machine().config().unknown().detail();
        assertTrue(why.contains("usr/lib/modules/") && why.contains("proc/config.gz"), why);
    }

    /**
     * Unstable builds CONFIG_HYPERV and CONFIG_PCI_HYPERV in and CONFIG_DRM_HYPERV as a module: in its
     * kdump kernel pci_hyperv probes during boot, before hyperv_drm can load (the typical trigger of the
     * 016a25e4b0df message). Read from the real config where the package puts it, on the local Gen2
     * Hyper-V capture whose kdump-tools file names /var/lib/kdump/vmlinuz.
     */
    @Test
    void unstablesRealConfigPutsPciHypervFirst() throws Exception {
        Path image = sidImage();
        String rel = release(image);
        Path tree = tmp.resolve("gen2-sid");
        Inputs.copyTree(HypervMmioModelTest.CAPTURES.resolve("gen2-local-x86"), tree);
        Trees.write(tree, "var/lib/kdump/vmlinuz", Files.readAllBytes(image));
        Trees.write(tree, "usr/lib/modules/" + rel + "/config", Files.readAllBytes(Inputs.configBeside(image)));
        SystemFacts f = Trees.collect(tree);
        assertEquals(rel, f.kdumpKernel().release().value());

        MmioPrediction m = HypervMmioModel.predict(f, HypervMmioModelTest.lfbZero(Tristate.YES));

        assertEquals(Tristate.YES, m.pciHypervFirst(), m.reasons().toString());
        assertTrue(m.reasons().stream().anyMatch(r -> r.text().contains("pci_hyperv is built in and the video driver a module")
                && r.evidence().contains("usr/lib/modules/" + rel + "/config")), m.reasons().toString());
    }

    /** Debian 13 builds both as modules: the built-in rule does not apply, the kdump initramfs decides. */
    @Test
    void debian13sRealConfigLeavesItToTheInitramfs() throws Exception {
        Path image = Inputs.debianKernel("amd64", "trixie");
        Path tree = tmp.resolve("gen2-trixie");
        Inputs.copyTree(HypervMmioModelTest.CAPTURES.resolve("gen2-local-x86"), tree);
        Trees.write(tree, "var/lib/kdump/vmlinuz", Files.readAllBytes(image));
        String rel = Inputs.configBeside(image).getFileName().toString().substring("config-".length());
        Trees.write(tree, "boot/config-" + rel, Files.readAllBytes(Inputs.configBeside(image)));
        SystemFacts f = Trees.collect(tree);
        assertEquals("m", f.kdumpKernel().option("CONFIG_PCI_HYPERV").value().orElseThrow());

        MmioPrediction m = HypervMmioModel.predict(f, HypervMmioModelTest.lfbZero(Tristate.YES));

        assertNotEquals(Tristate.YES, m.pciHypervFirst(), m.reasons().toString());
        assertTrue(m.reasons().stream().anyMatch(r -> r.text().contains("pci_hyperv a module")
                || r.text().contains("are modules")), m.reasons().toString());
    }

    /**
     * /dev/fb0 owned by a DRM driver of the firmware framebuffer (the sid run's first stage with its
     * fix.id and smem_start rewritten as efidrm's, vesadrm's and simpledrm's fbdev give them): the address
     * is hidden, and the remedy names the fbdev driver of the same device, read in unstable's real
     * config (CONFIG_FB_EFI=y, CONFIG_FB_VESA=y).
     */
    @Test
    void aFirmwareDrmDriverHidesTheAddressAndItsFbdevTwinIsTheRemedy() throws Exception {
        Path tree = sidTree(true);
        byte[] fix = Files.readAllBytes(tree.resolve("kexec-inspect/fb0.fix"));
        String[][] cases = {{"efidrmdrmfb", "efifb"}, {"vesadrmdrmfb", "vesafb"}, {"simpledrmdrmfb", "does not help"}};
        for (String[] c : cases) {
            byte[] b = fix.clone();
            java.util.Arrays.fill(b, 0, 24, (byte) 0);   // char id[16], unsigned long smem_start (LP64)
            byte[] id = c[0].getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            System.arraycopy(id, 0, b, 0, id.length);
            Trees.write(tree, "kexec-inspect/fb0.fix", b);
            Trees.write(tree, "proc/fb", "0 " + c[0] + "\n");
            SystemFacts f = Trees.collect(tree);
            assertEquals(true, f.framebuffer().smemStartHidden().value(), c[0]);
            String note = Predictor.blacklistNote(f);
            assertTrue(note.contains(c[1]), c[0] + ": " + note);
            assertFalse(note.contains("synthetic video"), c[0] + ": " + note);
        }
    }

    /**
     * arm64 on 7.x: Debian unstable's 7.2.13 arm64 kernel is built without CONFIG_KEXEC_FILE (its real
     * config, where linux-base-REL puts it). On the arm64 Hyper-V capture running that release with
     * unstable's kexec-tools 2.0.32 (default -a): KEXEC_FILE_LOAD is unavailable, -a falls back to
     * KEXEC_LOAD, and the kdump kernel's screen_info is all zero on both paths (arm64 passes no
     * screen_info by either system call: kexec/arch/arm64, arch/arm64/kernel/machine_kexec_file.c).
     */
    @Test
    void arm64UnstableLacksKexecFileSoAutoFallsBackAndBothPathsGiveZero() throws Exception {
        Path image = Inputs.debianKernel("arm64", "sid");
        String rel = release(image);
        Path t = Trees.hyperv("gen2-local-arm64", tmp);
        Trees.write(t, "kexec-inspect/uname", "Linux hv-gen2-arm64 " + rel
                + " #1 SMP PREEMPT Debian 7.2.13-1 (2026-10-28) aarch64 GNU/Linux\n");
        Trees.write(t, "proc/sys/kernel/osrelease", rel + "\n");
        Trees.write(t, "kexec-inspect/kexec-version", "kexec-tools 2.0.32\n");
        Trees.write(t, "var/lib/kdump/vmlinuz", Files.readAllBytes(image));
        Trees.write(t, "usr/lib/modules/" + rel + "/config", Files.readAllBytes(Inputs.configBeside(image)));
        SystemFacts f = Trees.collect(t);
        assertEquals("n", f.machine().config().value().get("CONFIG_KEXEC_FILE").orElseThrow(), f.machine().config().toString());
        // the Image's banner names the compiler's Debian version (16.2.0-4) before the kernel's
        assertEquals("7.2.13", f.kdumpKernel().version().value());

        Prediction p = Predictor.predict(f, org.kexecinspect.model.Assumptions.NONE);

        assertEquals("auto", p.configuredLoadPath());
        PathPrediction file = p.paths().stream().filter(x -> x.loadPath() == PathPrediction.KEXEC_FILE_LOAD).findFirst().orElseThrow();
        PathPrediction load = p.paths().stream().filter(x -> x.loadPath() == PathPrediction.KEXEC_LOAD).findFirst().orElseThrow();
        assertEquals(Tristate.NO, file.available(), file.reasons().toString());
        assertTrue(file.reasons().stream().anyMatch(r -> r.text().contains("CONFIG_KEXEC_FILE is n")
                && r.evidence().contains("usr/lib/modules/" + rel + "/config")), file.reasons().toString());
        assertFalse(file.used());
        assertTrue(load.used(), load.reasons().toString());
        for (PathPrediction x : p.paths()) {
            assertEquals(Tristate.YES, x.lfbBaseZero(), x.loadPath() + ": " + x.reasons());
            assertTrue(x.kdumpScreenInfo() != null, x.loadPath() + ": " + x.reasons());
            byte[] si = org.kexecinspect.format.x86.ScreenInfoEncoder.encode(x.kdumpScreenInfo());
            for (int i = 0; i < si.length; i++) {
                assertEquals(0, si[i], x.loadPath() + ": byte " + i);
            }
        }
    }
}
