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
}
