package org.kexecinspect.format.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kexecinspect.format.FormatException;

/** /proc/cmdline, /proc/modules, modules.builtin, /proc/mounts and os-release on real files and on bad input. */
class ProcTextsTest {

    // ---- /proc/cmdline

    @Test
    void qemuFirstKernelCmdline() throws Exception {
        KernelCmdline c = KernelCmdline.parse(KdumpFixtures.capture("bochs-drm", "first", "cmdline.txt"), "cmdline.txt");
        assertEquals(Optional.of("256M"), c.crashkernel());
        assertEquals(Optional.of("initrd"), c.value("initrd"));
        assertEquals(List.of("drm,drm_kms_helper,ttm,drm_ttm_helper,drm_vram_helper,bochs"), c.values("oracle_mods"));
        assertEquals(7, c.params().size(), "the double space before initrd= makes no empty parameter");
        assertFalse(c.has("elfcorehdr"));
    }

    @Test
    void qemuKdumpKernelCmdlineCarriesElfcorehdr() throws Exception {
        KernelCmdline c = KernelCmdline.parse(KdumpFixtures.capture("efifb-kexec_load", "kdump", "cmdline.txt"), "cmdline.txt");
        assertTrue(c.has("elfcorehdr"));
        assertEquals(Optional.of("2014580K"), c.value("elfcorehdr"));
        assertTrue(c.has("reset_devices") && c.value("reset_devices").isEmpty());
        assertEquals(Optional.of(""), c.value("oracle_kdump_mods"), "name= gives an empty value");
        assertTrue(c.crashkernel().isEmpty());
    }

    @Test
    void hypervCmdlineKeepsBackslashesAndDriverVideoOptions() throws Exception {
        KernelCmdline c = KernelCmdline.parse(KdumpFixtures.text(KdumpFixtures.HYPERV_CMDLINE), "hyperv");
        assertEquals(Optional.of("\\initramfs-linux-next-llvm.img"), c.value("initrd"));
        assertEquals(Optional.of("PARTUUID=2660dacb-8872-49d2-8192-394e57557dd7"), c.value("root"));
        assertEquals(List.of("hyperv_fb:1920x1080"), c.values("video"));
        assertTrue(c.has("rw"));
    }

    @Test
    void quotesFollowNextArg() throws Exception {
        KernelCmdline c = KernelCmdline.parse("dyndbg=\"file foo.c +p\" \"quoted=whole token\" a=b\"c d\"e"
                + " module_blacklist=hyperv-drm,hv_vmbus modprobe.blacklist=a,b modprobe.blacklist=c"
                + " initcall_blacklist=x initcall_blacklist=y,z efi=debug efi=noruntime noefi"
                + " sysctl.kernel.kexec_load_disabled=1 lockdown=integrity module-blacklist=last -- single --init=x\n", "c");
        assertEquals(Optional.of("file foo.c +p"), c.value("dyndbg"));
        assertEquals(Optional.of("whole token"), c.value("quoted"));
        assertEquals(Optional.of("b\"c d\"e"), c.value("a"), "quotes inside a value stay");
        assertEquals(List.of("last"), c.moduleBlacklist(), "module-blacklist= is module_blacklist=, the last one wins");
        assertEquals(List.of("a", "b", "c"), c.modprobeBlacklist(), "kmod adds every occurrence");
        assertEquals(List.of("x", "y,z"), c.values("initcall_blacklist"), "every occurrence, values as written");
        assertEquals(List.of("debug", "noruntime"), c.efiOptions());
        assertTrue(c.efiNoRuntime() && c.noEfi());
        assertEquals(Optional.of("1"), c.sysctl("kernel.kexec_load_disabled"));
        assertEquals(Optional.of("integrity"), c.value("lockdown"));
        assertEquals(List.of("single", "--init=x"), c.initArguments());
    }

    @Test
    void cmdlineCapsAndBinary() {
        assertThrows(FormatException.class, () -> KernelCmdline.parse("root=/dev/sda\0", "bin"));
        assertThrows(FormatException.class, () -> KernelCmdline.parse("a".repeat(KernelCmdline.MAX_INPUT_CHARS + 1), "big"));
        assertThrows(FormatException.class, () -> KernelCmdline.parse("a ".repeat(KernelCmdline.MAX_PARAMS + 1), "many"));
    }

    @Test
    void unterminatedQuoteRunsToTheEndAsInTheKernel() throws Exception {
        KernelCmdline c = KernelCmdline.parse("a=\"open ended b=1", "c");
        assertEquals(1, c.params().size());
        assertEquals(Optional.of("open ended b=1"), c.value("a"));
    }

    // ---- /proc/modules

    @Test
    void qemuProcModules() throws Exception {
        ProcModules m = ProcModules.parse(KdumpFixtures.capture("bochs-drm", "first", "modules.txt"), "modules.txt");
        assertEquals(List.of("bochs", "drm_vram_helper", "drm_ttm_helper", "ttm", "drm_kms_helper", "drm"),
                m.modules().stream().map(ProcModules.Module::name).toList());
        ProcModules.Module drm = m.find("drm").orElseThrow();
        assertEquals(618496, drm.size());
        assertEquals(OptionalInt.of(6), drm.refcount());
        assertEquals(List.of("bochs", "drm_vram_helper", "drm_ttm_helper", "ttm", "drm_kms_helper"), drm.usedBy());
        assertEquals("Live", drm.state());
        assertEquals(OptionalLong.of(0xffffffffc035a000L), drm.address());
        assertTrue(m.find("bochs").orElseThrow().usedBy().isEmpty());
        assertTrue(m.isLoaded("drm-kms-helper"), "'-' and '_' name the same module");
    }

    @Test
    void procModulesVariants() throws Exception {
        ProcModules m = ProcModules.parse("nvidia 1 0 - Live 0x0000000000000000 (POE)\n"
                + "noexit 2 - - Loading 0x0\n" + "perm 3 1 [permanent], Live 0x0\n", "m");
        assertEquals("(POE)", m.modules().get(0).taints());
        assertEquals(OptionalLong.of(0), m.modules().get(0).address());
        assertTrue(m.modules().get(1).refcount().isEmpty());
        assertTrue(m.modules().get(2).permanent());
        assertThrows(FormatException.class, () -> ProcModules.parse("bochs 16384 0\n", "short"));
        assertThrows(FormatException.class, () -> ProcModules.parse("bochs x 0 - Live 0x0\n", "size"));
        assertThrows(FormatException.class, () -> ProcModules.parse("bochs 1 0 - Live 0xZZ\n", "addr"));
    }

    // ---- modules.builtin

    @Test
    void debianModulesBuiltin() throws Exception {
        ModulesBuiltin b = ModulesBuiltin.parse(KdumpFixtures.text(KdumpFixtures.MODULES_BUILTIN), "modules.builtin");
        assertEquals(186, b.paths().size());
        assertTrue(b.contains("vesafb") && b.contains("simplefb"));
        assertFalse(b.contains("efifb"), "efifb is a bool option, so it never appears here even when built in");
        assertTrue(b.contains("amd_uncore") && b.contains("amd-uncore"), "kernel/arch/x86/events/amd/amd-uncore.ko");
        assertTrue(b.contains("xen_fbfront"));
        assertEquals("hv_vmbus", ModuleName.fromPath("kernel/drivers/hv/hv_vmbus.ko"));
        assertEquals("vfat", ModuleName.fromPath("kernel/fs/fat/vfat.ko.xz"));
        assertThrows(FormatException.class, () -> ModulesBuiltin.parse("not a path\n", "bad"));
    }

    // ---- /proc/mounts

    @Test
    void realProcMountsWithAnOctalEscape() throws Exception {
        ProcMounts p = ProcMounts.parse(KdumpFixtures.text(KdumpFixtures.PROC_MOUNTS), "mounts");
        ProcMounts.Mount root = p.root().orElseThrow();
        assertEquals("/dev/vda", root.device());
        assertEquals("ext4", root.fsType());
        assertFalse(root.options().contains("ro"));
        ProcMounts.Mount t = p.mountAt("/tmp/kd/mnt with space#hash").orElseThrow();
        assertEquals("kdtest", t.device());
        assertEquals(List.of("rw", "relatime", "size=1024k", "mode=700"), t.options());
        assertEquals("/tmp/kd/mnt with space#hash", p.mountContaining("/tmp/kd/mnt with space#hash/x").orElseThrow().mountPoint());
        assertEquals("/", p.mountContaining("/var/crash").orElseThrow().mountPoint());
        assertEquals("/sys/fs/cgroup/cpu", p.mountContaining("/sys/fs/cgroup/cpu/tasks").orElseThrow().mountPoint());
    }

    @Test
    void mountsEscapesAndBadLines() throws Exception {
        assertEquals("a b\tc\\d#e", ProcMounts.unescape("a\\040b\\011c\\134d\\043e"));
        assertEquals("\\x", ProcMounts.unescape("\\x"));
        assertThrows(FormatException.class, () -> ProcMounts.parse("/dev/sda / ext4 rw 0\n", "five"));
        assertThrows(FormatException.class, () -> ProcMounts.parse("/dev/sda / ext4 rw x 0\n", "nan"));
    }

    // ---- os-release

    @Test
    void debianOsRelease() throws Exception {
        OsRelease os = OsRelease.parse(KdumpFixtures.text(KdumpFixtures.OS_RELEASE), "os-release");
        assertEquals("debian", os.id());
        assertEquals(Optional.of("12"), os.versionId());
        assertTrue(os.idLike().isEmpty());
        assertEquals(KdumpToolsConfig.Flavour.DEBIAN, KdumpToolsConfig.Flavour.of(os));
    }

    @Test
    void ubuntuOsReleaseFlavours() throws Exception {
        String jammy = "NAME=\"Ubuntu\"\nVERSION_ID=\"22.04\"\nID=ubuntu\nID_LIKE=debian\n";
        String noble = "NAME=\"Ubuntu\"\nVERSION_ID=\"24.04\"\nID=ubuntu\nID_LIKE=debian\n";
        String mint = "ID=linuxmint\nID_LIKE=\"ubuntu debian\"\nVERSION_ID=\"22\"\n";
        assertEquals(KdumpToolsConfig.Flavour.UBUNTU_22_04, KdumpToolsConfig.Flavour.of(OsRelease.parse(jammy, "j")));
        assertEquals(KdumpToolsConfig.Flavour.UBUNTU_24_04, KdumpToolsConfig.Flavour.of(OsRelease.parse(noble, "n")));
        OsRelease m = OsRelease.parse(mint, "m");
        assertEquals(List.of("ubuntu", "debian"), m.idLike());
        assertEquals(KdumpToolsConfig.Flavour.UBUNTU_22_04, KdumpToolsConfig.Flavour.of(m));
        assertEquals("linux", OsRelease.parse("", "empty").id());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ID=\"debian", "ID=deb\0ian"})
    void badOsReleaseIsAFormatException(String text) {
        assertThrows(FormatException.class, () -> OsRelease.parse(text, "os-release"));
    }
}
