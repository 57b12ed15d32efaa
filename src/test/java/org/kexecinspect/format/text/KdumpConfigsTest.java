package org.kexecinspect.format.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.kexecinspect.format.FormatException;
import org.kexecinspect.format.text.KdumpToolsConfig.Flavour;
import org.kexecinspect.format.text.KexecInvocation.Syscall;

/**
 * Debian's /etc/default/kdump-tools, Fedora's /etc/sysconfig/kdump and /etc/kdump.conf as shipped,
 * and the syscall each wrapper ends up with. Expected syscalls follow kdump-config kdump_load()
 * (kdump-tools 1:1.8.1/1:1.10.9) and kdumpctl load_kdump()/prepare_kexec_args() as read for this project.
 */
class KdumpConfigsTest {

    private static final KexecToolsVersion BOOKWORM = KexecToolsVersion.of(2, 0, 25);
    private static final KexecToolsVersion SID = KexecToolsVersion.of(2, 0, 32);

    private static LoadFacts facts(Boolean secureBoot, Integer securelevel, String lockdown, KexecToolsVersion v) {
        return new LoadFacts(Optional.ofNullable(secureBoot),
                securelevel == null ? OptionalInt.empty() : OptionalInt.of(securelevel),
                Optional.ofNullable(lockdown), Optional.ofNullable(v));
    }

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
        assertTrue(c.kdumpCmdline().isEmpty(), "commented out: /proc/cmdline is used");
        KdumpToolsConfig.Setting append = c.setting("KDUMP_CMDLINE_APPEND");
        assertTrue(append.isDefault() && append.fromFile().isEmpty());
        assertEquals("reset_devices systemd.unit=kdump-tools-dump.service nr_cpus=1 irqpoll usbcore.nousb", append.effective());
        assertEquals("-F -c -d 31", c.makedumpArgs());
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

    @Test
    void debianSecureBootAddsDashS() throws Exception {
        LoadPath p = KdumpToolsConfig.loadPath(debian(), Flavour.DEBIAN, facts(true, null, null, BOOKWORM), false);
        assertEquals(List.of("-p", "-s"), p.arguments());
        assertEquals(Syscall.FILE_LOAD, p.requested());
        assertEquals(Optional.of(Syscall.FILE_LOAD), p.effective());
        assertTrue(p.certain());
        assertTrue(p.reason().contains("check_secure_boot"), p.reason());
    }

    @Test
    void debianSecurelevelOneAddsDashS() throws Exception {
        LoadPath p = KdumpToolsConfig.loadPath(debian(), Flavour.DEBIAN, facts(false, 1, null, BOOKWORM), false);
        assertEquals(Syscall.FILE_LOAD, p.requested());
    }

    @Test
    void debianWithoutSecureBootFollowsTheKexecToolsDefault() throws Exception {
        LoadPath bookworm = KdumpToolsConfig.loadPath(debian(), Flavour.DEBIAN, facts(false, null, null, BOOKWORM), false);
        assertEquals(List.of("-p"), bookworm.arguments());
        assertEquals(Syscall.UNSPECIFIED, bookworm.requested());
        assertEquals(Optional.of(Syscall.LOAD), bookworm.effective());
        assertTrue(bookworm.certain());
        LoadPath sid = KdumpToolsConfig.loadPath(debian(), Flavour.DEBIAN, facts(false, null, null, SID), false);
        assertEquals(Optional.of(Syscall.AUTO), sid.effective());
        LoadPath noVersion = KdumpToolsConfig.loadPath(debian(), Flavour.DEBIAN, facts(false, null, null, null), false);
        assertTrue(noVersion.effective().isEmpty());
        assertFalse(noVersion.certain());
    }

    @Test
    void unknownSecureBootMakesTheAnswerUncertainUnlessKexecArgsDecide() throws Exception {
        LoadPath p = KdumpToolsConfig.loadPath(debian(), Flavour.DEBIAN, facts(null, null, null, BOOKWORM), false);
        assertEquals(Optional.of(Syscall.LOAD), p.effective());
        assertFalse(p.certain());
        KdumpToolsConfig withC = KdumpToolsConfig.parse("USE_KDUMP=1\nKDUMP_KEXEC_ARGS=\"-c -d\"\n", "k");
        assertTrue(KdumpToolsConfig.loadPath(withC, Flavour.DEBIAN, facts(null, null, null, BOOKWORM), false).certain());
    }

    /** KDUMP_KEXEC_ARGS="-c -d" is what Ubuntu users set to force KEXEC_LOAD; it overrides the script's -s. */
    @Test
    void kdumpKexecArgsDashCBeatsTheScriptsDashSEvenUnderLockdown() throws Exception {
        KdumpToolsConfig c = KdumpToolsConfig.parse("USE_KDUMP=1\nKDUMP_KEXEC_ARGS=\"-c -d\"\n", "k");
        LoadPath p = KdumpToolsConfig.loadPath(c, Flavour.DEBIAN, facts(true, null, "integrity", SID), true);
        assertEquals(List.of("-p", "-s", "--args-linux", "-c", "-d"), p.arguments());
        assertEquals(Syscall.LOAD, p.requested());
        assertTrue(p.reason().contains("refuses KEXEC_LOAD"), p.reason());
    }

    @Test
    void ubuntuFlavoursAreMarkedUnverified() throws Exception {
        LoadPath noble = KdumpToolsConfig.loadPath(debian(), Flavour.UBUNTU_24_04,
                facts(false, null, null, KexecToolsVersion.of(2, 0, 28)), false);
        assertEquals(Syscall.FILE_LOAD, noble.requested());
        assertEquals(Optional.of(Syscall.AUTO), noble.effective());
        assertFalse(noble.certain());
        LoadPath jammy = KdumpToolsConfig.loadPath(debian(), Flavour.UBUNTU_22_04,
                facts(false, null, null, KexecToolsVersion.of(2, 0, 22)), false);
        assertEquals(Optional.of(Syscall.LOAD), jammy.effective());
        assertFalse(jammy.certain());
    }

    @Test
    void expansionInKexecArgsIsNotTrusted() throws Exception {
        KdumpToolsConfig c = KdumpToolsConfig.parse("KDUMP_KEXEC_ARGS=\"$(cat /etc/kexec-args)\"\n", "k");
        assertFalse(KdumpToolsConfig.loadPath(c, Flavour.DEBIAN, facts(false, null, null, SID), false).certain());
        KdumpToolsConfig bad = KdumpToolsConfig.parse("KDUMP_KEXEC_ARGS='-c \"open'\n", "k");
        assertThrows(FormatException.class, bad::kexecArgs);
        assertFalse(KdumpToolsConfig.loadPath(bad, Flavour.DEBIAN, facts(false, null, null, SID), false).certain());
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
        assertTrue(s.kdumpKernelver().isEmpty() && s.kdumpCommandline().isEmpty() && s.kdumpBootdir().isEmpty());
        assertEquals("hugepages hugepagesz slub_debug quiet log_buf_len swiotlb cma hugetlb_cma ignition.firstboot",
                s.kdumpCommandlineRemove());
        assertTrue(s.kdumpCommandlineAppend().startsWith("irqpoll nr_cpus=1 reset_devices"));
        assertEquals(KdumpSysconfig.DEFAULT_COMMANDLINE_REMOVE, KdumpSysconfig.parse("", "empty").kdumpCommandlineRemove());
    }

    @Test
    void fedoraShippedKexecArgsMeanFileLoadWhateverSecureBoot() throws Exception {
        for (Boolean sb : new Boolean[] {true, false, null}) {
            LoadPath p = KdumpSysconfig.loadPath(fedora(), facts(sb, null, null, KexecToolsVersion.of(2, 0, 29)));
            assertEquals(Syscall.FILE_LOAD, p.requested(), "secure boot " + sb);
            assertTrue(p.certain(), p.reason());
            assertEquals("-p", p.arguments().get(p.arguments().size() - 1));
        }
    }

    @Test
    void fedoraSecureBootDashSComesAfterKexecArgs() throws Exception {
        KdumpSysconfig c = KdumpSysconfig.parse("KEXEC_ARGS=\"-c\"\n", "s");
        assertEquals(Syscall.FILE_LOAD, KdumpSysconfig.loadPath(c, facts(true, null, null, SID)).requested());
        assertEquals(Syscall.LOAD, KdumpSysconfig.loadPath(c, facts(false, null, null, SID)).requested());
        KdumpSysconfig empty = KdumpSysconfig.parse("KEXEC_ARGS=\"\"\n", "s");
        LoadPath p = KdumpSysconfig.loadPath(empty, facts(false, null, null, KexecToolsVersion.of(2, 0, 27)));
        assertEquals(Optional.of(Syscall.AUTO), p.effective());
        assertFalse(KdumpSysconfig.loadPath(empty, facts(null, null, null, SID)).certain());
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
        assertEquals("reboot", c.finalAction());
        assertTrue(c.unknown().isEmpty() && c.deprecated().isEmpty() && c.duplicates().isEmpty());
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
        assertEquals(List.of("path", "target"), c.duplicates());
        assertEquals(List.of("net"), c.deprecated().stream().map(KdumpConf.Directive::name).toList());
        assertEquals(List.of("frobnicate"), c.unknown().stream().map(KdumpConf.Directive::name).toList());
        assertThrows(FormatException.class, () -> KdumpConf.parse("path /x\0", "bin"));
        assertThrows(FormatException.class, () -> KdumpConf.parse("x".repeat(KdumpConf.MAX_LINE_LENGTH + 1), "long"));
    }

    @Test
    void lockdownSysfsAndEfivarsHelpers() {
        assertEquals(Optional.of("integrity"), LoadFacts.activeLockdown("none [integrity] confidentiality\n"));
        assertEquals(Optional.of("none"), LoadFacts.activeLockdown("[none] integrity confidentiality"));
        assertTrue(LoadFacts.activeLockdown("").isEmpty());
        byte[] attrs = {6, 0, 0, 0};
        assertEquals(Optional.of(true), LoadFacts.secureBootFromEfivars(new byte[] {6, 0, 0, 0, 1}, new byte[] {6, 0, 0, 0, 0}));
        assertEquals(Optional.of(false), LoadFacts.secureBootFromEfivars(new byte[] {6, 0, 0, 0, 1}, new byte[] {6, 0, 0, 0, 1}),
                "setup mode: not enforced");
        assertTrue(LoadFacts.secureBootFromEfivars(attrs, attrs).isEmpty());
    }
}
