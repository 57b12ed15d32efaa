package org.kexecinspect.format.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.kexecinspect.format.FormatException;

/**
 * Debian's /etc/default/kdump-tools, Fedora's /etc/sysconfig/kdump and /etc/kdump.conf as shipped.
 * The syscall each wrapper ends up with is the model's (model.loadpath.WrapperRulesTest).
 */
class KdumpConfigsTest {

    private static KdumpToolsConfig debian() throws FormatException {
        return KdumpToolsConfig.parse(KdumpFixtures.text(KdumpFixtures.DEBIAN_DEFAULT), "kdump-tools");
    }

    // ---- Debian kdump-tools

    @Test
    void debianShippedFileWithKdumpConfigDefaults() throws Exception {
        KdumpToolsConfig c = debian();
        assertTrue(c.useKdump());
        assertEquals(Optional.of("/var/lib/kdump/vmlinuz"), c.kdumpKernel());
        assertEquals(Optional.of("/var/lib/kdump/initrd.img"), c.kdumpInitrd());
        assertEquals("/var/crash", c.kdumpCoredir());
        assertEquals("/var/crash/kexec_cmd", c.kexecCmdFile());
        assertEquals("", c.kdumpKexecArgs());
        assertEquals(List.of(), c.kexecArgs());
        assertTrue(c.setting("KDUMP_CMDLINE").fromFile().isEmpty(), "commented out: /proc/cmdline is used");
        KdumpToolsConfig.Setting append = c.setting("KDUMP_CMDLINE_APPEND");
        assertTrue(append.isDefault() && append.fromFile().isEmpty());
        assertEquals("reset_devices systemd.unit=kdump-tools-dump.service nr_cpus=1 irqpoll usbcore.nousb", append.effective());
        assertEquals("-F -c -d 31", c.setting("MAKEDUMP_ARGS").effective());
        assertFalse(c.setting("KDUMP_COREDIR").isDefault(), "the file sets it, to the default's value");
    }

    @Test
    void emptyValueTakesTheDefaultAsColonEqualsDoes() throws Exception {
        KdumpToolsConfig c = KdumpToolsConfig.parse("USE_KDUMP=0\nKDUMP_COREDIR=\"\"\n", "k");
        assertFalse(c.useKdump());
        assertEquals("/var/crash", c.kdumpCoredir());
        assertTrue(c.setting("KDUMP_COREDIR").isDefault());
        assertFalse(KdumpToolsConfig.parse("", "k").useKdump(), "unset USE_KDUMP: kdump-config refuses to load");
    }

    // ---- Fedora /etc/sysconfig/kdump

    private static KdumpSysconfig fedora() throws FormatException {
        return KdumpSysconfig.parse(KdumpFixtures.text(KdumpFixtures.FEDORA_SYSCONFIG), "sysconfig");
    }

    @Test
    void fedoraShippedSysconfig() throws Exception {
        KdumpSysconfig s = fedora();
        assertEquals("-s", s.kexecArgs());
        assertEquals(List.of("-s"), s.kexecArgWords());
        assertEquals("vmlinuz", s.kdumpImg());
        assertEquals("", s.kdumpImgExt());
        assertTrue(s.kdumpKernelver().isEmpty() && s.kdumpBootdir().isEmpty());
        assertEquals(Optional.of("hugepages hugepagesz slub_debug quiet log_buf_len swiotlb cma hugetlb_cma ignition.firstboot"),
                s.file().value("KDUMP_COMMANDLINE_REMOVE"));
        assertTrue(s.kdumpCommandlineAppend().startsWith("irqpoll nr_cpus=1 reset_devices"));
    }

    @Test
    void fedoraKernelAndInitrdPaths() throws Exception {
        String kver = "6.8.5-301.fc40.x86_64";
        List<String> paths = fedora().kernelCandidates(kver, "0123abcd", Optional.of("(hd0,gpt2)/vmlinuz-" + kver));
        assertEquals("/boot/vmlinuz-" + kver, paths.get(0), "BOOT_IMAGE without GRUB's device prefix comes first");
        assertTrue(paths.contains("/boot/efi/EFI/Linux/0123abcd-" + kver + ".efi"));
        assertTrue(paths.contains("/0123abcd/" + kver + "/vmlinuz"));
        assertEquals(16, paths.size(), "4 names in 4 directories");
        assertEquals("initramfs-" + kver + "kdump.img",
                KdumpSysconfig.kdumpInitrdName(kver, Optional.of("initramfs-" + kver + ".img")));
        assertEquals("initramfs-" + kver + "kdump.img", KdumpSysconfig.kdumpInitrdName(kver, Optional.empty()));
        assertEquals("initrdkdump", KdumpSysconfig.kdumpInitrdName(kver, Optional.of("initrd")));
    }

    // ---- Fedora /etc/kdump.conf

    @Test
    void fedoraShippedKdumpConf() throws Exception {
        KdumpConf c = KdumpConf.parse(KdumpFixtures.text(KdumpFixtures.FEDORA_KDUMP_CONF), "kdump.conf");
        assertEquals(List.of("auto_reset_crashkernel", "path", "core_collector"),
                c.directives().stream().map(KdumpConf.Directive::name).toList());
        assertEquals("/var/crash", c.path());
        assertEquals("makedumpfile -l --message-level 7 -d 31", c.coreCollector());
        assertTrue(c.target().isEmpty());
        assertEquals("reboot", c.failureAction());
    }

    @Test
    void kdumpConfTargetsQuotesAndMistakes() throws Exception {
        KdumpConf c = KdumpConf.parse(String.join("\n",
                "  ext4    UUID=03138356-5e61-4ab3-b58e-27507ac41937   # the dump disk",
                "raw /dev/vg/lv_kdump",
                "dracut_args \"--omit-drivers cfg80211\"",
                "default shell",
                "path /a",
                "path /b",
                "net old:/x",
                "frobnicate yes",
                ""), "c");
        assertEquals("raw", c.target().orElseThrow().name(), "the last target directive");
        assertEquals("UUID=03138356-5e61-4ab3-b58e-27507ac41937", c.directives().get(0).value());
        assertEquals("--omit-drivers cfg80211", c.value("dracut_args").orElseThrow());
        assertEquals("shell", c.failureAction(), "'default' is the obsolete name of failure_action");
        assertEquals("/b", c.path(), "kdump_get_conf_val returns the last");
        assertEquals("makedumpfile -F -l --message-level 7 -d 31", c.coreCollector(), "raw targets get -F");
        // repeated, deprecated ("net") and unknown directives are kept, not refused
        assertEquals(List.of("ext4", "raw", "dracut_args", "default", "path", "path", "net", "frobnicate"),
                c.directives().stream().map(KdumpConf.Directive::name).toList());
        assertThrows(FormatException.class, () -> KdumpConf.parse("path /x\0", "bin"));
        assertThrows(FormatException.class, () -> KdumpConf.parse("x".repeat(KdumpConf.MAX_LINE_LENGTH + 1), "long"));
    }
}
