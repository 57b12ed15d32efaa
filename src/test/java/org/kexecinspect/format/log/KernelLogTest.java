package org.kexecinspect.format.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.kexecinspect.format.FormatException;
import org.kexecinspect.testing.Inputs;
import org.kexecinspect.testing.LogTexts;

import static org.kexecinspect.testing.LogTexts.after;
import static org.kexecinspect.testing.LogTexts.grep;

/**
 * The real serial consoles of two QEMU kdump runs and a real Hyper-V journal, read as they are; the
 * expected values are found in the files by the test itself (the line that holds them), not taken
 * from the reader.
 */
class KernelLogTest {

    private static Path console(String name) {
        return Inputs.captures().resolve("qemu-kdump-consoles").resolve(name);
    }

    private static Path journal() {
        return Inputs.captures().resolve("real-world").resolve("nathan-2021-local-gen2-win10-5.13-journal.log");
    }

    private static KernelLog read(byte[] bytes, LogLimits limits) throws FormatException {
        return KernelLog.read("test.log", new ByteArrayInputStream(bytes), limits);
    }

    /** The file's lines (LF split, the CR and anything before a '[' stamp left as they are). */
    private static List<String> lines(byte[] bytes) {
        return LogTexts.lines(new String(bytes, StandardCharsets.ISO_8859_1));
    }

    private static List<Long> lines(Boot boot, EventCode code) {
        return boot.events(code).stream().map(LogEvent::line).toList();
    }

    private static boolean within(Boot b, long line) {
        return line >= b.firstLine() && line <= b.lastLine();
    }

    @ParameterizedTest
    @ValueSource(strings = {"d13-bochs-c.log", "sid-efifb-s.log"})
    void aRealConsoleIsAFirstBootThenAKdumpBoot(String name) throws Exception {
        byte[] bytes = Files.readAllBytes(console(name));
        List<String> text = lines(bytes);
        KernelLog log = read(bytes, LogLimits.DEFAULT);

        assertEquals(text.size(), log.lines());
        assertEquals(bytes.length, log.bytes());
        List<Long> banners = grep(text, "Linux version ");
        assertEquals(2, banners.size());
        assertEquals(2, log.boots().size());
        Boot first = log.boots().get(0);
        Boot kdump = log.boots().get(1);
        assertEquals(BootRole.FIRST, first.role());
        assertEquals(BootRole.KDUMP, kdump.role());
        assertFalse(first.startsMidBoot());
        assertEquals(banners.get(0), first.firstLine());
        assertEquals(banners.get(1), kdump.firstLine());
        assertTrue(first.lastLine() < kdump.firstLine());

        for (int i = 0; i < 2; i++) {
            Boot b = log.boots().get(i);
            assertEquals(after(text, banners.get(i), "Linux version ").split(" ")[0], b.kernelRelease().orElseThrow());
            long cl = grep(text, "] Command line: ").get(i);
            assertEquals(after(text, cl, "] Command line: "), b.commandLine().orElseThrow());
            // what "Kernel command line:" says too, here the same words
            long kcl = grep(text, "] Kernel command line: ").get(i);
            assertEquals(after(text, kcl, "] Kernel command line: "), b.commandLine().orElseThrow());
        }
        assertTrue(kdump.commandLine().orElseThrow().contains("elfcorehdr="));
        assertTrue(first.commandLine().orElseThrow().contains("crashkernel="));

        // "crashkernel reserved: 0x... - 0x... (N MB)": one line, in the first boot only
        List<Long> reserved = grep(text, "crashkernel reserved: ");
        assertEquals(1, reserved.size());
        String[] words = after(text, reserved.get(0), "crashkernel reserved: ").split("[ ()]+");
        Crashkernel ck = first.crashkernel().orElseThrow();
        assertEquals(Long.decode(words[0]), ck.start());
        assertEquals(Long.decode(words[2]), ck.end());
        assertEquals(Long.parseLong(words[3]), ck.megabytes());
        assertTrue(kdump.crashkernel().isEmpty());

        // the panic: both lines, in the first boot
        List<Long> panic = new ArrayList<>(grep(text, "sysrq: Trigger a crash"));
        panic.addAll(grep(text, "Kernel panic - not syncing"));
        assertEquals(2, panic.size());
        assertEquals(panic, lines(first, EventCode.PANIC));
        assertTrue(kdump.events(EventCode.PANIC).isEmpty());
        LogEvent crash = first.events(EventCode.PANIC).get(0);
        assertEquals("sysrq: Trigger a crash", crash.text());
        assertTrue(crash.micros() > 0);

        // "efifb: framebuffer at 0x..., using Nk": each such line is the boot's framebuffer event
        for (Boot b : log.boots()) {
            List<Long> fbLines = grep(text, "efifb: framebuffer at ").stream().filter(l -> within(b, l)).toList();
            List<LogEvent> withBase = b.events(EventCode.FRAMEBUFFER).stream()
                    .filter(e -> ((EventDetail.Framebuffer) e.detail()).base().isPresent()).toList();
            assertEquals(fbLines, withBase.stream().map(LogEvent::line).toList());
            for (LogEvent e : withBase) {
                String[] w = after(text, e.line(), "efifb: framebuffer at ").split("[ ,k]+");
                EventDetail.Framebuffer fb = (EventDetail.Framebuffer) e.detail();
                assertEquals("efifb", fb.driver());
                assertEquals(Long.decode(w[0]), fb.base().getAsLong());
                assertEquals(Long.parseLong(w[2]) * 1024, fb.size().getAsLong());
            }
        }
        assertFalse(first.events(EventCode.FRAMEBUFFER).isEmpty());
        // per the consoles' README: the d13 kdump kernel prints no framebuffer, the sid one does
        assertEquals(name.startsWith("sid"), !kdump.events(EventCode.FRAMEBUFFER).isEmpty());
        assertFalse(log.endsMidLine());
        assertEquals(0, log.cutLines());
    }

    @Test
    void aRealHyperVJournalIsOneFirstBootWithEfifbAndHypervFb() throws Exception {
        byte[] bytes = Files.readAllBytes(journal());
        List<String> text = lines(bytes);
        KernelLog log = read(bytes, LogLimits.DEFAULT);

        assertEquals(1, log.boots().size());
        Boot b = log.boots().get(0);
        assertEquals(BootRole.FIRST, b.role());
        long banner = grep(text, "kernel: Linux version ").get(0);
        assertEquals(banner, b.firstLine());
        assertEquals(after(text, banner, "kernel: Linux version ").split(" ")[0], b.kernelRelease().orElseThrow());
        long cl = grep(text, "kernel: Command line: ").get(0);
        assertEquals(after(text, cl, "kernel: Command line: "), b.commandLine().orElseThrow());
        assertTrue(b.crashkernel().isEmpty());
        assertEquals(0, grep(text, "crashkernel").size());

        long efifb = grep(text, "efifb: framebuffer at 0xf8000000, using 3072k").get(0);
        LogEvent fb = b.events(EventCode.FRAMEBUFFER).get(0);
        assertEquals(efifb, fb.line());
        EventDetail.Framebuffer d = (EventDetail.Framebuffer) fb.detail();
        assertEquals("efifb", d.driver());
        assertEquals(0xf8000000L, d.base().getAsLong());
        assertEquals(3072L * 1024, d.size().getAsLong());
        assertEquals(-1, fb.micros()); // the journal's lines have no [ seconds] stamp

        // hyperv_fb's mode line and fbcon's switch to it: framebuffer events without a base
        List<Long> hv = new ArrayList<>(grep(text, "kernel: hyperv_fb: Screen resolution"));
        hv.addAll(grep(text, "switching to hyperv_fb from"));
        assertEquals(2, hv.size());
        List<LogEvent> hvEvents = b.events(EventCode.FRAMEBUFFER).stream()
                .filter(e -> ((EventDetail.Framebuffer) e.detail()).driver().equals("hyperv_fb")).toList();
        assertEquals(hv, hvEvents.stream().map(LogEvent::line).toList());
        assertTrue(hvEvents.stream().allMatch(e -> ((EventDetail.Framebuffer) e.detail()).base().isEmpty()));
        assertTrue(b.events(EventCode.PANIC).isEmpty());
    }

    /** The same log in another dress reads the same: boots and events by code and line. */
    private static void assertSameReading(KernelLog want, KernelLog got) {
        assertEquals(want.lines(), got.lines());
        assertEquals(want.boots().size(), got.boots().size());
        for (int i = 0; i < want.boots().size(); i++) {
            Boot w = want.boots().get(i);
            Boot g = got.boots().get(i);
            assertEquals(w.role(), g.role());
            assertEquals(w.kernelRelease(), g.kernelRelease());
            assertEquals(w.commandLine(), g.commandLine());
            assertEquals(w.crashkernel(), g.crashkernel());
            assertEquals(w.firstLine(), g.firstLine());
            assertEquals(w.events(), g.events());
        }
    }

    /**
     * The real console dressed as journalctl prints it (systemd's journalctl(1) output modes): kernel lines get
     * the time, host and "kernel:" instead of the [seconds] stamp (short-monotonic keeps the stamp), other
     * lines a user-space ident. Boots and events read the same, by code, line and text.
     */
    @ParameterizedTest
    @ValueSource(strings = {"short", "short-precise", "short-iso", "short-full", "short-monotonic"})
    void aRealConsoleInJournalDressReadsTheSame(String mode) throws Exception {
        byte[] bytes = Files.readAllBytes(console("sid-efifb-s.log"));
        KernelLog plain = read(bytes, LogLimits.DEFAULT);
        java.util.regex.Pattern stamp = java.util.regex.Pattern.compile("^\\[\\s*\\d+\\.\\d+\\] ?");
        StringBuilder b = new StringBuilder();
        for (String raw : lines(bytes)) {
            String l = LogLine.clean(raw); // the journal stores messages, not the console's screen codes
            java.util.regex.Matcher m = stamp.matcher(l);
            boolean kernel = m.find();
            String msg = kernel ? l.substring(m.end()) : l;
            String ident = kernel ? "kernel: " : "systemd[1]: ";
            b.append(switch (mode) {
                case "short" -> "Dec 07 05:31:48 vm " + ident + msg;
                case "short-precise" -> "Dec 07 05:31:48.123456 vm " + ident + msg;
                case "short-iso" -> "2026-12-07T05:31:48+0000 vm " + ident + msg;
                case "short-full" -> "Mon 2026-12-07 05:31:48 UTC vm " + ident + msg;
                default -> kernel ? m.group() + "vm kernel: " + msg : l;
            }).append('\n');
        }
        KernelLog got = read(b.toString().getBytes(StandardCharsets.ISO_8859_1), LogLimits.DEFAULT);
        assertEquals(plain.boots().size(), got.boots().size());
        for (int i = 0; i < plain.boots().size(); i++) {
            Boot w = plain.boots().get(i);
            Boot g = got.boots().get(i);
            assertEquals(w.role(), g.role(), mode);
            assertEquals(w.kernelRelease(), g.kernelRelease(), mode);
            assertEquals(w.commandLine(), g.commandLine(), mode);
            assertEquals(w.crashkernel(), g.crashkernel(), mode);
            assertEquals(w.events().stream().map(e -> e.code() + " " + e.line() + " " + e.text()).toList(),
                    g.events().stream().map(e -> e.code() + " " + e.line() + " " + e.text()).toList(), mode);
        }
    }

    @Test
    void crlfAndEscapesInsertedIntoARealConsoleChangeNothing() throws Exception {
        byte[] bytes = Files.readAllBytes(console("sid-efifb-s.log"));
        KernelLog plain = read(bytes, LogLimits.DEFAULT);
        List<String> text = lines(bytes);
        StringBuilder dressed = new StringBuilder();
        for (int i = 0; i < text.size(); i++) {
            String l = text.get(i).replace("\r", "");
            String esc = switch (i % 4) {
                case 0 -> "\u001b[0m\u001b[1;31m";
                case 1 -> "\u001b]0;serial console\u0007";
                case 2 -> "\u001b(B\u001b[?25h";
                default -> "";
            };
            int mid = l.length() / 2;
            dressed.append(esc).append(l, 0, mid).append(i % 3 == 0 ? "" : "\u001b[K").append(l.substring(mid))
                    .append("\u001b[0m").append("\r\n");
        }
        KernelLog got = read(dressed.toString().getBytes(StandardCharsets.ISO_8859_1), LogLimits.DEFAULT);
        assertSameReading(plain, got);
        // and with LF alone
        KernelLog lf = read(new String(bytes, StandardCharsets.ISO_8859_1).replace("\r", "")
                .getBytes(StandardCharsets.ISO_8859_1), LogLimits.DEFAULT);
        assertSameReading(plain, lf);
    }

    @Test
    void aConsoleCutMidLineKeepsWhatItHas() throws Exception {
        byte[] bytes = Files.readAllBytes(console("sid-efifb-s.log"));
        List<String> text = lines(bytes);
        long kdumpBanner = grep(text, "Linux version ").get(1);
        // cut in the middle of the line after the kdump kernel's "Command line:" line
        int at = 0;
        for (int i = 0; i < kdumpBanner + 1; i++) {
            at += text.get(i).length() + 1;
        }
        at += text.get((int) kdumpBanner + 1).length() / 2;
        byte[] cut = java.util.Arrays.copyOf(bytes, at);
        KernelLog log = read(cut, LogLimits.DEFAULT);
        assertTrue(log.endsMidLine());
        assertEquals(kdumpBanner + 2, log.lines());
        assertEquals(2, log.boots().size());
        assertEquals(BootRole.KDUMP, log.boots().get(1).role());
        assertEquals(kdumpBanner + 2, log.boots().get(1).lastLine());

        // cut before the panic: one first boot, no panic
        long panic = grep(text, "sysrq: Trigger a crash").get(0);
        int before = 0;
        for (int i = 0; i < panic - 1; i++) {
            before += text.get(i).length() + 1;
        }
        KernelLog early = read(java.util.Arrays.copyOf(bytes, before + 5), LogLimits.DEFAULT);
        assertEquals(1, early.boots().size());
        assertTrue(early.boots().get(0).events(EventCode.PANIC).isEmpty());
    }

    @Test
    void aConsoleThatStartsMidBootHasAnUnknownBootThenTheKdumpOne() throws Exception {
        byte[] bytes = Files.readAllBytes(console("sid-efifb-s.log"));
        List<String> text = lines(bytes);
        long kcl = grep(text, "] Kernel command line: ").get(0);
        String tail = String.join("\n", text.subList((int) kcl, text.size())) + "\n";
        KernelLog log = read(tail.getBytes(StandardCharsets.ISO_8859_1), LogLimits.DEFAULT);
        assertEquals(2, log.boots().size());
        assertEquals(BootRole.UNKNOWN, log.boots().get(0).role());
        assertTrue(log.boots().get(0).startsMidBoot());
        assertTrue(log.boots().get(0).kernelRelease().isEmpty());
        assertEquals(2, log.boots().get(0).events(EventCode.PANIC).size());
        assertEquals(BootRole.KDUMP, log.boots().get(1).role());
    }

    @Test
    void aLineOverTheCapIsCutAndMarked() throws Exception {
        byte[] bytes = Files.readAllBytes(console("d13-bochs-c.log"));
        List<String> text = lines(bytes);
        long fbLine = grep(text, "efifb: framebuffer at ").get(0);
        List<String> longer = new ArrayList<>(text);
        longer.set((int) fbLine - 1, text.get((int) fbLine - 1).replace("\r", "") + " " + "x".repeat(10_000) + "\r");
        byte[] in = (String.join("\n", longer) + "\n").getBytes(StandardCharsets.ISO_8859_1);
        LogLimits limits = new LogLimits(4096, 1_000_000, 1L << 30, 1000);
        KernelLog log = read(in, limits);
        assertEquals(1, log.cutLines());
        assertEquals(text.size(), log.lines());
        LogEvent fb = log.boots().get(0).events(EventCode.FRAMEBUFFER).get(0);
        assertEquals(fbLine, fb.line());
        assertTrue(fb.cut());
        assertTrue(fb.text().length() <= 4096);
        assertEquals(((EventDetail.Framebuffer) read(bytes, LogLimits.DEFAULT).boots().get(0)
                .events(EventCode.FRAMEBUFFER).get(0).detail()), fb.detail());
        assertEquals(2, log.boots().size());
    }

    @Test
    void binaryContentIsOneErrorAtItsOffset() throws IOException {
        byte[] bytes = Files.readAllBytes(console("d13-bochs-c.log"));
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
            z.write(bytes);
        }
        byte[] bin = gz.toByteArray();
        int nul = 0;
        while (bin[nul] != 0) {
            nul++;
        }
        FormatException e = assertThrows(FormatException.class, () -> read(bin, LogLimits.DEFAULT));
        assertEquals(nul, e.offset());
        assertTrue(e.getMessage().startsWith("test.log: "), e.getMessage());

        // a NUL deep inside a real console
        byte[] withNul = bytes.clone();
        withNul[40_000] = 0;
        assertEquals(40_000, assertThrows(FormatException.class, () -> read(withNul, LogLimits.DEFAULT)).offset());
    }

    @Test
    void theLineAndByteCapsAreErrors() throws IOException {
        byte[] bytes = Files.readAllBytes(console("d13-bochs-c.log"));
        assertThrows(FormatException.class, () -> read(bytes, new LogLimits(4096, 100, 1L << 30, 1000)));
        FormatException big = assertThrows(FormatException.class, () -> read(bytes, new LogLimits(4096, 1_000_000, 1000, 1000)));
        assertEquals(1000, big.offset());
    }

    /** init/main.c kernel_init()'s "Run %s as init process": once in each real console's boot, at the line grep finds. */
    @ParameterizedTest
    @ValueSource(strings = {"d13-bochs-c.log", "sid-efifb-s.log"})
    void eachBootRunningInitIsAnEvent(String name) throws IOException, FormatException {
        byte[] bytes = Files.readAllBytes(console(name));
        List<Long> runs = grep(lines(bytes), " as init process");
        KernelLog log = read(bytes, LogLimits.DEFAULT);
        assertEquals(2, runs.size());
        assertEquals(runs, log.boots().stream().flatMap(b -> lines(b, EventCode.INIT_RUN).stream()).toList());
        assertEquals("Run /init as init process", log.boots().get(1).events(EventCode.INIT_RUN).get(0).text());
    }

    @Test
    void theFramesOfTheRealPanicStackAreNamed() throws IOException {
        List<String> text = lines(Files.readAllBytes(console("d13-bochs-c.log")));
        for (String f : List.of("sysrq_handle_crash", "__handle_sysrq.cold", "write_sysrq_trigger")) {
            long n = grep(text, " " + f + "+0x").get(0);
            assertEquals(f, EventMatcher.frame(LogLine.of(text.get((int) n - 1)).message()));
        }
        long ct = grep(text, "Call Trace:").get(0);
        assertEquals(null, EventMatcher.frame(LogLine.of(text.get((int) ct - 1)).message()));
    }

    @Test
    void vmbusReserveFbsRangesFromARealLine() throws Exception {
        Path f = Inputs.captures().resolve("real-world").resolve("decui-2026-gen1-local-7680x4320-firstkernel.dmesg.txt");
        byte[] bytes = Files.readAllBytes(f);
        List<String> text = lines(bytes);
        long n = grep(text, "hv_mmio=").get(0);
        // the ranges as the line prints them, split here by hand: [mem A-B],[mem C-D] fb=[mem E-F]
        List<Long> want = new ArrayList<>();
        for (String part : after(text, n, "hv_mmio=").split("\\[mem |\\]|-|,| fb=")) {
            if (part.startsWith("0x")) {
                want.add(Long.decode(part));
            }
        }
        assertEquals(6, want.size());
        KernelLog log = read(bytes, LogLimits.DEFAULT);
        assertEquals(1, log.boots().size());
        Boot b = log.boots().get(0);
        assertEquals(BootRole.UNKNOWN, b.role()); // one line from mid-boot
        assertTrue(b.startsMidBoot());
        LogEvent e = b.events(EventCode.FB_MMIO_ZERO).get(0);
        assertEquals(n, e.line());
        EventDetail.Mmio m = (EventDetail.Mmio) e.detail();
        assertEquals(List.of(new MemRange(want.get(0), want.get(1)), new MemRange(want.get(2), want.get(3))), m.hvMmio());
        assertEquals(new MemRange(want.get(4), want.get(5)), m.fb().orElseThrow());
    }

    /** A log of more boots than the cap keeps the newest ones (the last crash is among them) and counts the rest. */
    @Test
    void bootsOverTheCapDropTheOldestAndAreCounted() throws Exception {
        byte[] console = Files.readAllBytes(console("d13-bochs-c.log"));
        ByteArrayOutputStream many = new ByteArrayOutputStream();
        for (int i = 0; i < 5; i++) {
            many.write(console);
        }
        KernelLog all = read(many.toByteArray(), LogLimits.DEFAULT);
        assertEquals(10, all.boots().size());
        assertEquals(0, all.droppedBoots());
        KernelLog capped = read(many.toByteArray(), new LogLimits(4096, 1_000_000, 1L << 30, 1000, 3));
        assertEquals(3, capped.boots().size());
        assertEquals(7, capped.droppedBoots());
        assertEquals(all.boots().subList(7, 10), capped.boots());
    }
}
