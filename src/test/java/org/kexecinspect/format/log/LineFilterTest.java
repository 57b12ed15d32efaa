package org.kexecinspect.format.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kexecinspect.format.FormatException;
import org.kexecinspect.testing.Inputs;

/**
 * The byte-level fast path against the String path it skips: every log here is read with the
 * pre-filter and without it (every line decoded, cleaned and matched), and the two readings must be
 * equal in every field: boots, roles, releases, command lines, crashkernel, events with their
 * details, last lines. The real logs as they are, then dressed in every way a console or journal
 * dresses a line, then random lines built from the rules' own words.
 */
class LineFilterTest {
    private static final String D13 = "qemu-kdump-consoles/d13-bochs-c.log";
    private static final String SID = "qemu-kdump-consoles/sid-efifb-s.log";
    private static final String JOURNAL = "real-world/nathan-2021-local-gen2-win10-5.13-journal.log";

    private static byte[] real(String name) throws IOException {
        return Files.readAllBytes(Inputs.captures().resolve(name));
    }

    private static KernelLog read(byte[] bytes, LogLimits limits, boolean prefilter) throws FormatException {
        return KernelLog.read("test.log", new ByteArrayInputStream(bytes), limits, prefilter);
    }

    /** The two readings, field by field (boot by boot first, for a failure that says where). */
    private static KernelLog assertSameBothWays(byte[] bytes, LogLimits limits) throws FormatException {
        KernelLog want = read(bytes, limits, false);
        KernelLog got = read(bytes, limits, true);
        assertEquals(want.boots().size(), got.boots().size(), "boots");
        for (int i = 0; i < want.boots().size(); i++) {
            Boot w = want.boots().get(i);
            Boot g = got.boots().get(i);
            for (int k = 0; k < Math.min(w.events().size(), g.events().size()); k++) {
                assertEquals(w.events().get(k), g.events().get(k), "boot " + i + ", event " + k);
            }
            assertEquals(w, g, "boot " + i);
        }
        assertEquals(want, got);
        return want;
    }

    private static Set<EventCode> codes(KernelLog log) {
        Set<EventCode> s = EnumSet.noneOf(EventCode.class);
        log.boots().forEach(b -> b.events().forEach(e -> s.add(e.code())));
        return s;
    }

    @ParameterizedTest
    @ValueSource(strings = {D13, SID, JOURNAL})
    void theRealLogsReadTheSameBothWays(String name) throws Exception {
        byte[] bytes = real(name);
        KernelLog log = assertSameBothWays(bytes, LogLimits.DEFAULT);
        assertFalse(log.boots().isEmpty());
        assertTrue(codes(log).contains(EventCode.FRAMEBUFFER), name);
        // the same with a cap that cuts the long lines (banner, command line) mid-word
        assertTrue(assertSameBothWays(bytes, new LogLimits(80, 1_000_000, 1L << 30, 1000)).cutLines() > 0);
    }

    /**
     * One line of each wording the rules know, as the kernel or the tool prints it (each rule's
     * source is named in EventMatcher and LogParser), plus a soft lockup with its stack.
     */
    private static final List<String> WORDINGS = List.of(
            "Linux version 6.1.0-13-amd64 (debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14) 12.2.0) #1 SMP",
            "Command line: BOOT_IMAGE=/vmlinuz root=/dev/nvme0n1p2 crashkernel=512M",
            "Kernel command line: BOOT_IMAGE=/vmlinuz root=/dev/nvme0n1p2 elfcorehdr=0x7f000000 irqpoll",
            "crashkernel reserved: 0x0000000060000000 - 0x0000000070000000 (256 MB)",
            "Reserving 256MB of memory at 1536MB for crashkernel (System RAM: 4095MB)",
            "kdump-tools: copying /proc/vmcore",
            // kernel/panic.c panic()'s end marker and lib/dump_stack.c's CPU line, as the real d13 console prints the latter
            "---[ end Kernel panic - not syncing: sysrq triggered crash ]---",
            "CPU: 0 UID: 0 PID: 1 Comm: init Kdump: loaded Not tainted 6.12.117+deb13-amd64 #1  Debian 6.12.117-1",
            // the facts BootSigns reads (SignCollector.WORDS)
            "Hypervisor detected: Microsoft Hyper-V", "Hyper-V: privilege flags low 0xae7f, high 0x3b8030",
            "efi: EFI v2.7 by Microsoft", "secureboot: Secure boot enabled", "BIOS-e820: [mem 0x0000000000000000-0x000000000009ffff] usable",
            "  DMA32    [mem 0x0000000001000000-0x00000000ffffffff]", "nvme nvme0: pci function c05b:00:00.0",
            "hv_pci 7e3ba5fd-0d2c-4a8c-9d36-1c1b5e1e4b21: PCI host bridge to bus c05b:00",
            "sysrq: Trigger a crash",
            "SysRq : Trigger a crash",
            "Kernel panic - not syncing: sysrq triggered crash",
            "watchdog: BUG: soft lockup - CPU#0 stuck for 26s! [swapper/0:1]",
            "Call Trace:",
            " <TASK>",
            " cfb_imageblit+0x433/0x4b0",
            " ? bit_putcs+0x2b1/0x570",
            "RIP: 0010:efifb_probe+0x5b1/0x7a0",
            " </TASK>",
            "hyperv_fb: Time out on waiting vram location ack",
            "hv_vmbus: Unexpected framebuffer mmio base of zero",
            "hv_vmbus: hv_mmio=[mem 0xf8000000-0xfed3ffff],[mem 0xfe0000000-0xfffffffff] fb=[mem 0xf8000000-0xf87fffff]",
            "hv_pci 7e3ba5fd-0d2c-4a8c-9d36-1c1b5e1e4b21: PCI Pass-through VSP failed D0 Entry with status c0370048",
            "hv_pci 7e3ba5fd-0d2c-4a8c-9d36-1c1b5e1e4b21: probe of 7e3ba5fd failed with error -110",
            "efifb: framebuffer at 0xf8000000, using 3072k, total 3072k",
            "vesafb: framebuffer at 0xe0000000, mapped to 0x00000000b6f8b9b0, using 3072k, total 16384k",
            "simple-framebuffer simple-framebuffer.0: framebuffer at 0x40000000, 0x300000 bytes",
            "efifb: cannot reserve video memory at 0xf8000000",
            "hyperv_fb: Cannot request framebuffer, boot fb still active",
            "fb0: switching to hyperv_fb from EFI VGA",
            "hyperv_fb: Screen resolution: 1920x1080, Color depth: 32, Frame buffer size: 8294400",
            "[drm] Initialized hyperv_drm 1.0.0 20200708 for 5620e0c7-8062-4dce-aeb7-520c7ef76171 on minor 0",
            "VFS: Unable to mount root fs on unknown-block(0,0)",
            "VFS: Cannot open root device \"nvme0n1p2\" or unknown-block(0,0): error -6",
            "Gave up waiting for root file system device.  Common problems:",
            "ALERT!  /dev/nvme0n1p2 does not exist.  Dropping to a shell!",
            "Warning: /dev/disk/by-uuid/2660dacb does not exist",
            "Could not boot.",
            "kdump-tools[612]: saved vmcore in /var/crash/202601221502",
            "kdump: saving vmcore complete",
            "The dumpfile is saved to /var/crash/127.0.0.1-2026-01-22/vmcore.",
            "makedumpfile Completed.",
            "Run /init as init process",
            "kdump: Kdump is not loaded",
            "reboot: Power down");

    /** Ways a console or journal prints a message: {@code %s} is the message, {@code %t} a stamp. */
    private static final List<String> DRESSES = List.of(
            "[%t] %s", "[%t] %s\r", "[%t] %s\r\r", "<6>[%t] %s", "<4>%s", "%s", "  [ %t]\t%s\r",
            "Jan 22 15:02:11 vm kernel: %s", "Jan  2 15:02:11 vm kernel: [%t] %s\r",
            "Jan 22 15:02:11 vm kdump-tools[612]: %s", "2026-01-22T15:02:11.123456+0000 vm kernel: %s",
            "2026-01-22T15:02:11+00:00 vm systemd[1]: %s", "Jan 22 15:02:11 vm\u00e9 kernel: %s",
            "\u001b[0m\u001b[1;31m[%t] %s\u001b[0m\r", "\u001b]0;serial console\u0007[%t] %s",
            "\u001b(B[%t] %s\u001b[K", "[%t] \u00e9\u00e8 %s", "[%t] %s \u2603", "\t[%t]%s");

    /** Stamps and near-stamps: LogLine's STAMP takes 1 to 9 digits on each side, blanks before them. */
    private static final List<String> STAMPS = List.of("[    0.000000] ", "[ 12.5] ", "[1.1234567]", "[\t7.000001]\t",
            "[123456789.123456789] ", "[1234567890.000000] ", "[5.0000000000] ", "[.5] ", "[5.] ", "[ 5.000000", "[0.000000]",
            "[     .000001] ", "[  1 2.000000] ", "[    5.00000x] ", "[12345.000001]", "[\t\t\t\t9.000002]\t");

    /** Lines with nothing a rule looks for, but prefixes that decide whether they open a boot. */
    @Test
    void aLineBeforeTheFirstBootOpensOneAlikeBothWays() throws Exception {
        Set<Long> firstLines = new java.util.HashSet<>();
        for (String dress : DRESSES) {
            for (String stamp : STAMPS) {
                for (int how = 0; how < 8; how++) {
                    String line = dress.replace("[%t] ", stamp).replace("%t", "1.000000")
                            .replace("%s", mangle("x86/fpu: Supporting XSAVE feature 0x001", how));
                    KernelLog log = assertSameBothWays((line + "\n[    3.000000] next\n").getBytes(StandardCharsets.UTF_8),
                            LogLimits.DEFAULT);
                    firstLines.add(log.boots().isEmpty() ? 0 : log.boots().get(0).firstLine());
                }
            }
        }
        assertEquals(Set.of(1L, 2L), firstLines); // some open a boot, some are passed over
    }

    /** Breaks a message the way a console may: an escape, a CR or a DEL inside it, a change of case. */
    private static String mangle(String m, int how) {
        int mid = m.length() / 2;
        return switch (how) {
            case 0 -> m;
            case 1 -> m.substring(0, mid) + "\u001b[K" + m.substring(mid);
            case 2 -> m.substring(0, mid) + "\r" + m.substring(mid);
            case 3 -> m.substring(0, mid) + "\u007f" + m.substring(mid);
            case 4 -> m.toUpperCase(java.util.Locale.ROOT);
            case 5 -> m.substring(0, mid) + "\u001b[\u00e9" + m.substring(mid);
            case 6 -> m.substring(0, mid) + "\u001b]2;x\u001b\\" + m.substring(mid);
            default -> m.substring(0, mid) + "\u3000" + m.substring(mid);
        };
    }

    private static String stamp(int n) {
        return String.format(java.util.Locale.ROOT, "%5d.%06d", n / 1000, n % 1000 * 997);
    }

    @Test
    void dressedAndBrokenWordingsReadTheSameBothWays() throws Exception {
        StringBuilder log = new StringBuilder("-- Journal begins at Thu 2021-06-10 06:17:06 MST. --\n");
        log.append("BdsDxe: loading Boot0001 \"debian\"\n\n");
        int n = 0;
        for (int how = 0; how < 8; how++) {
            for (String dress : DRESSES) {
                for (String w : WORDINGS) {
                    // and shifted by 0 to 3 bytes, so that each word meets the filter's 4-byte grid every way
                    String shift = "~~~".substring(0, n % 4);
                    log.append(dress.replace("%t", stamp(n++)).replace("%s", shift + mangle(w, how))).append('\n');
                }
                log.append("[    0.000000] a boot whose stamps restart\n");
                log.append("   \t \n").append("[%t] \u3000\u2003\n".replace("%t", stamp(n++))).append("\r\n");
            }
        }
        byte[] bytes = log.toString().getBytes(StandardCharsets.UTF_8);
        KernelLog read = assertSameBothWays(bytes, LogLimits.DEFAULT);
        // every rule fired somewhere, so the comparison covers each of them
        assertEquals(EnumSet.allOf(EventCode.class), codes(read));
        assertTrue(read.boots().size() > 100);
        assertSameBothWays(bytes, new LogLimits(80, 1_000_000, 1L << 30, 1000));
        // invalid UTF-8 next to the words: a lone continuation byte, a cut sequence, an overlong one
        String latin = log.toString().replace("Trigger", "\u0080Trigger").replace("framebuffer at", "framebuffer\u00c3 at")
                .replace("vm kernel", "v\u00c0\u00afm kernel");
        assertSameBothWays(latin.getBytes(StandardCharsets.ISO_8859_1), LogLimits.DEFAULT);
    }

    @Test
    void randomLinesOfTheRulesWordsReadTheSameBothWays() throws Exception {
        List<String> parts = new ArrayList<>();
        for (String w : WORDINGS) {
            parts.addAll(List.of(w.split("(?<= )")));
        }
        parts.addAll(List.of("[", "]", "<6>", "    0.000000", "] ", "1234.5678", ".", "\r", "\t", "\u001b", "\u001b[", "\u001b]",
                "\u0007", "\u007f", "\u00e9", "\u3000", "\u2028", " ", "Jan 22 15:02:11 vm kernel: ", "Jan 22 15:02:11 vm x: ",
                "2026-01-22T15:02:11 vm kernel[1]: ", "kernel", ":", "Kdump", "NOT LOADED", "SAVED VMCORE", "Reserve", "reserve"));
        parts.addAll(STAMPS);
        for (long seed = 1; seed <= 6; seed++) {
            Random r = new Random(seed);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int line = 0; line < 4000; line++) {
                int k = r.nextInt(6);
                StringBuilder l = new StringBuilder();
                if (r.nextInt(3) > 0) {
                    l.append('[').append(stamp(r.nextInt(4) == 0 ? 0 : r.nextInt(100_000))).append("] ");
                }
                for (int i = 0; i < k; i++) {
                    l.append(parts.get(r.nextInt(parts.size())));
                }
                byte[] b = l.toString().getBytes(r.nextBoolean() ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
                out.write(b, 0, b.length);
                out.write('\n');
            }
            assertSameBothWays(out.toByteArray(), LogLimits.DEFAULT);
            assertSameBothWays(out.toByteArray(), new LogLimits(80, 1_000_000, 1L << 30, 1000));
        }
    }

    /** A stream that hands out a few bytes per read, so that lines span the reader's reads. */
    private static InputStream trickle(byte[] bytes, long seed) {
        Random r = new Random(seed);
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1 + r.nextInt(97)));
            }
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {D13, SID, JOURNAL})
    void linesThatSpanReadsReadTheSame(String name) throws Exception {
        byte[] bytes = real(name);
        KernelLog whole = read(bytes, LogLimits.DEFAULT, true);
        assertEquals(whole, KernelLog.read("test.log", trickle(bytes, 7), LogLimits.DEFAULT, true));
        LogLimits small = new LogLimits(80, 1_000_000, 1L << 30, 1000);
        assertEquals(read(bytes, small, false), KernelLog.read("test.log", trickle(bytes, 8), small, true));
        // the errors name the same offsets however the bytes arrive
        byte[] nul = bytes.clone();
        nul[40_000] = 0;
        assertEquals(40_000, assertThrows(FormatException.class,
                () -> KernelLog.read("test.log", trickle(nul, 9), LogLimits.DEFAULT)).offset());
        assertEquals(30_001, assertThrows(FormatException.class,
                () -> KernelLog.read("test.log", trickle(bytes, 10), new LogLimits(4096, 1_000_000, 30_001, 1000))).offset());
    }

    /** The rules' wordings on their own: each line with a needle is a line the String path acts on. */
    @Test
    void everyWordingHoldsANeedle() {
        for (String w : WORDINGS) {
            if (w.startsWith(" ") || w.startsWith("RIP") || w.equals("Call Trace:") || w.startsWith("reboot")) {
                continue; // stack lines and the last line: read as every line is
            }
            byte[] b = w.getBytes(StandardCharsets.UTF_8);
            assertTrue(LineFilter.needles(b, 0, b.length) != 0, w);
        }
        byte[] plain = "ACPI: RSDP 0x000000007FBFA014 000024 (v02 BOCHS )".getBytes(StandardCharsets.UTF_8);
        assertEquals(0, LineFilter.needles(plain, 0, plain.length));
    }
}
