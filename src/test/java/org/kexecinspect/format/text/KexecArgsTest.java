package org.kexecinspect.format.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.kexecinspect.format.FormatException;
import org.kexecinspect.format.text.KexecInvocation.Action;
import org.kexecinspect.format.text.KexecInvocation.Syscall;

/** kexec command lines read like kexec-tools' getopt loop, on the recorded QEMU commands and on edge cases. */
class KexecArgsTest {

    /** The bochs capture recorded "kexec -d -p /boot/vmlinuz --initrd=... --append="..." -s " (see its README). */
    @Test
    void recordedBochsCommandIsAFileLoadOfACrashKernel() throws Exception {
        KexecInvocation k = KexecArgs.parseRecorded(KdumpFixtures.capture("bochs-drm", "first", "kexec_cmd.txt"), "kexec_cmd.txt");
        assertEquals(Optional.of("kexec"), k.program());
        assertEquals(Syscall.FILE_LOAD, k.syscall());
        assertEquals(Action.LOAD_PANIC, k.action());
        assertTrue(k.debug());
        assertEquals(Optional.of("/boot/vmlinuz"), k.kernelImage());
        assertEquals(Optional.of("/boot/kdump-initrd.img"), k.initrd());
        assertEquals(Optional.of("console=ttyS0 oracle_data=ttyS1 oracle_stage=kdump oracle_scenario=bochs oracle_kdump_mods="
                + " irqpoll nr_cpus=1 reset_devices"), k.commandLine());
        assertTrue(k.unknown().isEmpty() && k.extraArguments().isEmpty());
    }

    @Test
    void recordedEfifbCommandIsAClassicLoad() throws Exception {
        KexecInvocation k = KexecArgs.parseRecorded(KdumpFixtures.capture("efifb-kexec_load", "first", "kexec_cmd.txt"), "kexec_cmd.txt");
        assertEquals(Syscall.LOAD, k.syscall());
        assertEquals(Action.LOAD_PANIC, k.action());
    }

    /** The line kdump-config 1:1.8.1 builds and records: "/sbin/kexec -p -s --args-linux ARGS --command-line="..." --initrd=X KERNEL". */
    @Test
    void kdumpConfigStyleLineWithKexecArgsAfterTheScriptsDashS() throws Exception {
        KexecInvocation k = KexecArgs.parse("/sbin/kexec -p -s -c -d --command-line=\"root=/dev/sda1 ro"
                + " reset_devices nr_cpus=1\" --initrd=/var/lib/kdump/initrd.img /var/lib/kdump/vmlinuz", "kexec command line");
        assertEquals(Optional.of("/sbin/kexec"), k.program());
        assertEquals(Syscall.LOAD, k.syscall(), "the -c of KDUMP_KEXEC_ARGS comes after the script's -s and wins");
        assertEquals(Optional.of("root=/dev/sda1 ro reset_devices nr_cpus=1"), k.commandLine());
        assertEquals(Optional.of("/var/lib/kdump/vmlinuz"), k.kernelImage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "-p -c -s k|FILE_LOAD", "-p -s -c k|LOAD", "-p -a k|AUTO", "-p k|UNSPECIFIED",
            "-psc k|LOAD", "--kexec-file-syscall -p k|FILE_LOAD", "--kexec-syscall-auto -p k|AUTO",
            "--kexec-f -p k|FILE_LOAD", "--kexec-sys -p k|UNSPECIFIED", "-p --kexec-syscall k -s|FILE_LOAD"})
    void lastSyscallOptionWins(String args, Syscall expected) throws Exception {
        assertEquals(expected, KexecArgs.parse(List.of(args.split(" "))).syscall());
    }

    @Test
    void getoptRulesForArgumentsAndOperands() throws Exception {
        KexecInvocation k = KexecArgs.parse(List.of("-l", "vmlinuz", "--initrd", "initrd.img", "--ramdisk=second.img",
                "--append", "a=1", "--command-line=b=2", "-tbzImage64", "--reuse-cmdline", "--reuse-video-type",
                "--noefi", "--elf64-core-headers", "extra", "--", "-not-an-option"));
        assertEquals(Action.LOAD, k.action());
        assertEquals(Optional.of("vmlinuz"), k.kernelImage(), "the first non-option word, wherever it stands");
        assertEquals(Optional.of("second.img"), k.initrd(), "the loaders keep the last --initrd/--ramdisk");
        assertEquals(Optional.of("b=2"), k.commandLine());
        assertTrue(k.reuseCmdline() && k.reuseVideoType() && k.noEfi());
        assertEquals(List.of("--type=bzImage64", "--elf64-core-headers"), k.otherOptions());
        assertEquals(List.of("extra", "-not-an-option"), k.extraArguments());
        assertTrue(k.program().isEmpty());
    }

    @Test
    void unknownOptionsAreKeptNotRejected() throws Exception {
        KexecInvocation k = KexecArgs.parse(List.of("kexec", "-p", "--dt-no-old-root", "-Z", "--re", "--noefi=1",
                "--initrd"));
        assertEquals(List.of("--dt-no-old-root", "-Z", "--re", "--noefi=1", "--initrd"), k.unknown(),
                "ppc64-only, bad letter, ambiguous prefix, value on a flag, missing value");
        assertEquals(Action.LOAD_PANIC, k.action());
    }

    @Test
    void actionsFollowMain() throws Exception {
        assertEquals(Action.LOAD_PANIC, KexecArgs.parse(List.of("-p", "-l", "k")).action(), "-l keeps the crash flags of -p");
        assertEquals(Action.STATUS, KexecArgs.parse(List.of("-S", "-p")).action(), "-S overrides every other action");
        assertEquals(Action.UNLOAD, KexecArgs.parse(List.of("-s", "-p", "-u")).action());
        assertEquals(Action.LOAD_AND_EXEC, KexecArgs.parse(List.of("k")).action());
    }

    @Test
    void recordedFileMustBeOneSimpleCommand() {
        assertThrows(FormatException.class, () -> KexecArgs.parseRecorded("", "empty"));
        assertThrows(FormatException.class, () -> KexecArgs.parseRecorded("kexec -p k\nkexec -u\n", "two"));
        assertThrows(FormatException.class, () -> KexecArgs.parseRecorded("kexec -p k && reboot", "logic"));
        assertThrows(FormatException.class, () -> KexecArgs.parseRecorded("kexec --append=\"unterminated", "quote"));
        assertThrows(FormatException.class, () -> KexecArgs.parseRecorded("kexec\0\1", "binary"));
        assertThrows(FormatException.class,
                () -> KexecArgs.parseRecorded("x".repeat(KexecArgs.MAX_RECORDED_CHARS + 1), "huge"));
        assertThrows(FormatException.class, () -> KexecArgs.parse(java.util.Collections.nCopies(KexecArgs.MAX_ARGUMENTS + 1, "-d")));
    }

    // ---- kexec --version

    @Test
    void versionOfTheQemuCapture() throws Exception {
        KexecToolsVersion v = KexecToolsVersion.parse(KdumpFixtures.capture("bochs-drm", "first", "kexec_version.txt"), "v");
        assertEquals(List.of(2, 0, 25), List.of(v.major(), v.minor(), v.patch()));
        assertEquals("", v.suffix());
        assertEquals("2.0.25", v.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "kexec-tools 2.0.26|2|0|26|",
            "kexec-tools 2.0.27|2|0|27|",
            "kexec-tools 2.0.27.git|2|0|27|.git",
            "kexec-tools 2.0.28 (Ubuntu 2.0.28-0ubuntu3)|2|0|28|",
            "2.0.18|2|0|18|"})
    void versionStrings(String text, int major, int minor, int patch, String suffix) throws Exception {
        KexecToolsVersion v = KexecToolsVersion.parse(text, "v");
        assertEquals(List.of(major, minor, patch), List.of(v.major(), v.minor(), v.patch()));
        assertEquals(suffix == null ? "" : suffix, v.suffix());
    }

    @Test
    void versionOutputWithItsNewline() throws Exception {
        assertEquals("2.0.32", KexecToolsVersion.parse("kexec-tools 2.0.32\n", "v").toString());
    }

    @Test
    void versionOrdering() throws Exception {
        KexecToolsVersion rc = KexecToolsVersion.parse("kexec-tools 2.0.27-rc1", "v");
        KexecToolsVersion rel = KexecToolsVersion.parse("kexec-tools 2.0.27", "v");
        KexecToolsVersion git = KexecToolsVersion.parse("kexec-tools 2.0.27.git", "v");
        assertTrue(rc.compareTo(rel) < 0 && rel.compareTo(git) < 0);
        assertTrue(KexecToolsVersion.parse("2.0.9", "v").compareTo(KexecToolsVersion.parse("2.0.10", "v")) < 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "kexec-tools", "kexec version two", "kexec-tools 2", "\0\0\0"})
    void badVersionTextIsAFormatException(String text) {
        assertThrows(FormatException.class, () -> KexecToolsVersion.parse(text, "kexec_version.txt"));
    }
}
