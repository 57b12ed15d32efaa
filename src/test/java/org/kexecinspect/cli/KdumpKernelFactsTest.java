package org.kexecinspect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexecinspect.testing.Cli;
import org.kexecinspect.testing.DebianInitramfs;
import org.kexecinspect.testing.Inputs;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The kdump kernel and initramfs of a capture, from real inputs: Debian's linux-image-6.1.0-56-amd64
 * (6.1.192-2, whose hv_vmbus.ko carries 016a25e4b0df since 6.1.177) with its config, loaded the
 * way Debian's shipped /etc/default/kdump-tools says (/var/lib/kdump/vmlinuz, initrd.img), and an
 * initramfs assembled from that package's modules with GNU cpio and zstd (src/test/scripts/initramfs.sh).
 */
class KdumpKernelFactsTest {
    static final String RELEASE = "6.1.0-56-amd64";
    @TempDir Path tmp;

    /** A capture tree with the real kernel, config and kdump-tools file; initramfs and modules as asked. */
    private Path capture(Path initrd, Path vmbusModule) throws Exception {
        Path cap = tmp.resolve("cap");
        Path kernel = Inputs.debianAmd64Kernel();
        Files.createDirectories(cap.resolve("etc/default"));
        Files.copy(Inputs.projectDir().resolve("src/test/resources/org/kexecinspect/kdump/debian-12-kdump-tools-1.8.1.etc-default-kdump-tools"),
                cap.resolve("etc/default/kdump-tools"));
        Files.createDirectories(cap.resolve("var/lib/kdump"));
        Files.copy(kernel, cap.resolve("var/lib/kdump/vmlinuz"));
        if (initrd != null) {
            Files.copy(initrd, cap.resolve("var/lib/kdump/initrd.img"));
        }
        Files.createDirectories(cap.resolve("boot"));
        Files.copy(Inputs.configBeside(kernel), cap.resolve("boot/config-" + RELEASE));
        Files.createDirectories(cap.resolve("proc/sys/kernel"));
        Files.writeString(cap.resolve("proc/sys/kernel/osrelease"), RELEASE + "\n");
        if (vmbusModule != null) {
            Path dst = cap.resolve("lib/modules/" + RELEASE + "/kernel/drivers/hv/hv_vmbus.ko");
            Files.createDirectories(dst.getParent());
            Files.copy(vmbusModule, dst);
        }
        return cap;
    }

    private static JsonNode kdumpKernel(Path cap) {
        Cli.Result r = Cli.run("inspect", "-f", "json", cap.toString());
        assertEquals(0, r.exit(), r.err());
        return r.json().get("artifacts").get(0).get("facts").get("kdumpKernel");
    }

    @Test
    void theFixIsFoundInTheInitramfsCopyOfHvVmbus() throws Exception {
        JsonNode k = kdumpKernel(capture(DebianInitramfs.images().resolve("early+zstd.img"), null));
        assertEquals("/var/lib/kdump/vmlinuz", k.get("path").asText());
        assertEquals(RELEASE, k.get("release").asText());
        assertEquals("6.1.192", k.get("version").asText(), "from 'Debian 6.1.192-2' in the image's version string");
        assertEquals("m", k.get("config").get("CONFIG_HYPERV").asText());
        assertTrue(k.get("hasFbReserveFix").asBoolean());
        assertTrue(k.get("source").get("hasFbReserveFix").asText().endsWith("hv_vmbus.ko"), k.get("source").toString());
        assertTrue(k.get("fixEvidence").asText().contains("Unexpected low mmio base"), k.get("fixEvidence").asText());
        JsonNode i = k.get("initramfs");
        assertTrue(i.get("modules").get("hv_vmbus").asBoolean());
        assertTrue(i.get("modules").get("pci_hyperv").asBoolean());
        assertTrue(i.get("modules").get("nvme").asBoolean());
        assertEquals("[\"hyperv_drm\"]", i.get("blacklisted").toString(), "the image's etc/modprobe.d/blacklist-hyperv_drm.conf");
        assertEquals("[\"cpio\",\"zstd cpio\"]", i.get("segments").toString());
    }

    @Test
    void withoutAnInitramfsTheModuleUnderLibModulesDecides() throws Exception {
        Path old = DebianInitramfs.module(DebianInitramfs.modules("amd64", "6.1.176-1"), "drivers/hv/hv_vmbus.ko");
        JsonNode k = kdumpKernel(capture(null, old));
        assertEquals(false, k.get("hasFbReserveFix").asBoolean(), "6.1.176's hv_vmbus predates 6.1.177's backport");
        assertTrue(k.get("source").get("hasFbReserveFix").asText().endsWith("lib/modules/" + RELEASE + "/kernel/drivers/hv/hv_vmbus.ko"));
        assertTrue(k.get("initramfs").get("modules").isNull());
        assertTrue(k.get("initramfs").get("unknown").get("modules").asText().startsWith("absent"));
    }

    @Test
    void withNoModuleToReadTheReleaseTableDecidesAndSaysSo() throws Exception {
        JsonNode k = kdumpKernel(capture(null, null));
        assertTrue(k.get("hasFbReserveFix").asBoolean(), "6.1.192 >= 6.1.177 in the knowledge file");
        assertTrue(k.get("source").get("hasFbReserveFix").asText().startsWith("knowledge.json"));
        assertTrue(k.get("fixEvidence").asText().contains("6.1.192 >= 6.1.177"), k.get("fixEvidence").asText());
    }

    /** Debian's own mkinitramfs output (MODULES=list, a blacklist-hyperv_drm.conf in /etc/modprobe.d). */
    @Test
    void anInitramfsMadeByDebiansMkinitramfs() throws Exception {
        Path image = DebianInitramfs.mkinitramfs();
        JsonNode k = kdumpKernel(capture(image, null));
        assertTrue(k.get("hasFbReserveFix").asBoolean());
        JsonNode i = k.get("initramfs");
        for (String m : java.util.List.of("hv_vmbus", "pci_hyperv", "nvme")) {
            assertTrue(i.get("modules").get(m).asBoolean(), m + " is in mkinitramfs' modules.list");
        }
        assertTrue(i.get("blacklisted").toString().contains("hyperv_drm"), i.toString());
    }
}
