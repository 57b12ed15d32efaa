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
 * The kdump kernel and initramfs of a capture, from real inputs: Debian's current amd64 kernel
 * (6.1.0-57-amd64, 6.1.192-3 when written; hv_vmbus.ko carries 016a25e4b0df since 6.1.177) with its
 * config, loaded the
 * way Debian's shipped /etc/default/kdump-tools says (/var/lib/kdump/vmlinuz, initrd.img), and an
 * initramfs assembled from that package's modules with GNU cpio and zstd (src/test/scripts/initramfs.sh).
 */
class KdumpKernelFactsTest {
    /** The image's release, from its /boot file name (vmlinuz-RELEASE), as the package ships it. */
    static final String RELEASE = Inputs.debianAmd64Kernel().getFileName().toString().replaceFirst("^vmlinuz-", "");

    /** The upstream version in the image's own kernel_version string ("... Debian 6.1.192-3 ..."), read here from its header. */
    static String upstreamVersion() throws Exception {
        byte[] img = Files.readAllBytes(Inputs.debianAmd64Kernel());
        int at = 0x200 + ((img[0x20e] & 0xff) | (img[0x20f] & 0xff) << 8);
        int end = at;
        while (img[end] != 0) {
            end++;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Debian (\\d+\\.\\d+\\.\\d+)-")
                .matcher(new String(img, at, end - at, java.nio.charset.StandardCharsets.US_ASCII));
        assertTrue(m.find(), "a Debian kernel_version string");
        return m.group(1);
    }
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
        assertEquals(upstreamVersion(), k.get("version").asText(), "from 'Debian X.Y.Z-N' in the image's version string");
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
        String before = DebianInitramfs.listedVersion("amd64", false);
        Path old = DebianInitramfs.module(DebianInitramfs.modules("amd64", before), "drivers/hv/hv_vmbus.ko");
        JsonNode k = kdumpKernel(capture(null, old));
        assertEquals(false, k.get("hasFbReserveFix").asBoolean(), before + "'s hv_vmbus predates 6.1.177's backport");
        assertTrue(k.get("source").get("hasFbReserveFix").asText().endsWith("lib/modules/" + RELEASE + "/kernel/drivers/hv/hv_vmbus.ko"));
        assertTrue(k.get("initramfs").get("modules").isNull());
        assertTrue(k.get("initramfs").get("unknown").get("modules").asText().startsWith("absent"));
    }

    @Test
    void withNoModuleToReadTheReleaseTableDecidesAndSaysSo() throws Exception {
        JsonNode k = kdumpKernel(capture(null, null));
        String v = upstreamVersion();
        assertTrue(k.get("hasFbReserveFix").asBoolean(), v + " >= 6.1.177 in the knowledge file");
        assertTrue(k.get("source").get("hasFbReserveFix").asText().startsWith("knowledge.json"));
        assertTrue(k.get("fixEvidence").asText().contains(v + " >= 6.1.177"), k.get("fixEvidence").asText());
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
