package org.kexecinspect.format.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.kexecinspect.format.FormatException;
import org.kexecinspect.format.text.ModprobeCommands.Kind;

/** modprobe.d files as kmod reads them: Debian's shipped files, and the syntax kmod accepts or ignores. */
class ModprobeCommandsTest {

    @Test
    void debianFbdevBlacklist() throws Exception {
        ModprobeCommands c = ModprobeCommands.parse(KdumpFixtures.text("debian-12-udev.modprobe.d-fbdev-blacklist.conf"), "fbdev");
        assertTrue(c.isBlacklisted("radeonfb") && c.isBlacklisted("matroxfb_base") && c.isBlacklisted("matroxfb-base"));
        assertFalse(c.isBlacklisted("efifb"));
        assertFalse(c.isBlacklisted("hyperv_fb"), "Debian does not blacklist the Hyper-V framebuffer");
        assertTrue(c.ignored().isEmpty());
        assertTrue(c.entries().stream().allMatch(e -> e.kind() == Kind.BLACKLIST));
    }

    /** The arguments of the module's "options" lines, in order. */
    private static List<String> options(ModprobeCommands c, String module) {
        return c.entries(Kind.OPTIONS, module).stream().map(ModprobeCommands.Entry::argument).toList();
    }

    @Test
    void debianKmodAliasesNormalizeNames() throws Exception {
        ModprobeCommands c = ModprobeCommands.parse(KdumpFixtures.text("debian-12-kmod.modprobe.d-aliases.conf"), "aliases");
        assertEquals(List.of("index=-2"), options(c, "snd_pcsp"), "written snd-pcsp");
        assertEquals(List.of("index=-2"), options(c, "cx88-alsa"), "written cx88_alsa");
        assertEquals("pre: ehci-hcd", c.entries(Kind.SOFTDEP, "uhci_hcd").get(0).argument());
    }

    @Test
    void commandsContinuationsAndIgnoredLines() throws Exception {
        ModprobeCommands c = ModprobeCommands.parse(String.join("\n",
                "# comment",
                "install hyperv_fb /bin/false",
                "install hv-vmbus /sbin/modprobe --ignore-install hv_vmbus \\",
                "  && echo loaded",
                "install hyperv_drm /usr/bin/true",
                "install hyperv_drm /bin/false",
                "options hyperv_drm \\",
                "",
                "blacklist pci-hyperv extra words",
                "alias pci:v00001414d00005353sv*sd*bc*sc*i* hyperv-fb",
                "  # indented hash: kmod takes it as a command and ignores the line",
                "bogus x",
                "options",
                "blocklist nouveau",
                ""), "c");
        assertEquals(Optional.of("/bin/false"), c.installCommand("hyperv-fb"), "'-' and '_' name the same module");
        assertEquals(Optional.of("/sbin/modprobe --ignore-install hv_vmbus   && echo loaded"), c.installCommand("hv_vmbus"));
        assertEquals(Optional.of("/usr/bin/true"), c.installCommand("hyperv_drm"), "the first install command is the one used");
        assertTrue(c.isBlacklisted("pci_hyperv"));
        assertTrue(c.isBlacklisted("nouveau"), "RHEL kmod's 'blocklist' spelling");
        assertEquals("hyperv_fb", c.entries(Kind.ALIAS, "pci:v00001414d00005353sv*sd*bc*sc*i*").get(0).argument());
        assertEquals(List.of(7, 11, 12, 13), c.ignored().stream().map(ModprobeCommands.Ignored::line).toList());
        assertTrue(c.entries(Kind.OPTIONS, "hyperv_drm").isEmpty(), "'options hyperv_drm' joined with an empty line lacks its options");
    }

    @Test
    void capsAndBinary() {
        assertThrows(FormatException.class, () -> ModprobeCommands.parse("blacklist a\0", "bin"));
        assertThrows(FormatException.class,
                () -> ModprobeCommands.parse("options a \\\n".repeat(10_000) + "x", "continued"));
        assertThrows(FormatException.class, () -> ModprobeCommands.parse("x".repeat(ModprobeCommands.MAX_INPUT_CHARS + 1), "big"));
    }
}
