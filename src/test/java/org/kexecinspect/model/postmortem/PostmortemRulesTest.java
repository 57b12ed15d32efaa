package org.kexecinspect.model.postmortem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kexecinspect.format.FormatException;
import org.kexecinspect.format.log.KernelLog;
import org.kexecinspect.format.log.LogLimits;
import org.kexecinspect.testing.Inputs;
import static org.kexecinspect.testing.FailingConsoles.*;

/**
 * The verdict on real logs: the two real QEMU kdump consoles as they are, the real Hyper-V journal, and
 * failing logs built from a real console by inserting real message lines (each insertion says which line
 * and where its wording comes from). What a log shows is found by grepping it here, not copied from the code.
 */
class PostmortemRulesTest {

    private static Postmortem verdict(List<String> lines) throws FormatException {
        KernelLog log = KernelLog.read("test.log", String.join("\n", lines), LogLimits.DEFAULT);
        return PostmortemRules.of(log);
    }

    @ParameterizedTest
    @ValueSource(strings = {D13, SID})
    void theRealConsolesShowAKdumpKernelThatPoweredOffWithoutSavingADump(String name) throws Exception {
        List<String> c = console(name);
        int kdump = kdumpStart(c);
        // what the console shows: a panic before the kdump kernel, the kdump kernel reached init, and no dump saved
        assertFalse(grep(c.subList(0, kdump), "Kernel panic - not syncing").isEmpty());
        assertFalse(grep(c.subList(kdump, c.size()), "Run /init as init process").isEmpty());
        assertTrue(grep(c, "vmcore").isEmpty() && grep(c, "dumpfile").isEmpty());
        int last = c.size() - 1;
        while (c.get(last).isBlank()) {
            last--;
        }
        assertTrue(c.get(last).contains("reboot: Power down"), c.get(last));

        Postmortem p = verdict(c);
        assertEquals(Outcome.KDUMP_FAILED, p.outcome());
        assertEquals("kdump-kernel-stopped", p.cause().code());
        assertEquals(List.of(new Evidence(last + 1, "reboot: Power down")), p.cause().evidence());
        assertTrue(p.cause().message().contains("reboot: Power down"), p.cause().message());
        // and when: the last line's own stamp, as the console prints it
        String stamp = c.get(last).substring(c.get(last).indexOf('[') + 1, c.get(last).indexOf(']')).strip();
        assertTrue(p.cause().message().contains(" at " + stamp + " s "), p.cause().message());
    }

    @Test
    void secondsAreWrittenAsTheKernelStampsThem() {
        assertEquals("0.000000", PostmortemRules.seconds(0));
        assertEquals("5.000001", PostmortemRules.seconds(5_000_001));
        assertEquals("123.456789", PostmortemRules.seconds(123_456_789));
        assertEquals("4.100000", PostmortemRules.seconds(4_100_000));
    }

    @Test
    void theRealHypervJournalHasNoCrash() throws Exception {
        Path p = Inputs.captures().resolve("real-world").resolve("nathan-2021-local-gen2-win10-5.13-journal.log");
        String text = Files.readString(p, StandardCharsets.ISO_8859_1);
        assertFalse(text.contains("Kernel panic") || text.contains("Trigger a crash") || text.contains("elfcorehdr="));
        Postmortem v = PostmortemRules.of(KernelLog.read("j.log", text, LogLimits.DEFAULT));
        assertEquals(new Postmortem(Outcome.NO_CRASH_SEEN, null), v);
    }

    /** d13-bochs-c's kdump kernel prints no framebuffer (lfb_base 0): D0 inserted before its init runs, the root give-up after. */
    @Test
    void aRefusedConfigWindowThenNoRootIsTheWholeChain() throws Exception {
        List<String> c = console(D13);
        int kdump = kdumpStart(c);
        assertTrue(grep(c.subList(kdump, c.size()), "framebuffer").isEmpty());
        int init = grep(c, "Run /init as init process").stream().filter(i -> i > kdump).findFirst().orElseThrow();
        c.add(init + 1, ROOT);
        c.add(init, D0);
        Postmortem p = verdict(c);
        assertEquals(Outcome.KDUMP_FAILED, p.outcome());
        assertEquals("config-window-refused", p.cause().code());
        assertEquals(List.of(new Evidence(init + 1, D0.substring(D0.indexOf("hv_pci")).strip()),
                new Evidence(init + 3, ROOT.strip())), p.cause().evidence());
        for (String s : List.of("lfb_base was 0", "reserved nothing", "c0370048", "NVMe root never appeared")) {
            assertTrue(p.cause().message().contains(s), p.cause().message());
        }
        assertTrue(p.cause().remedy().contains("KDUMP_KEXEC_ARGS=\"-s\"") && p.cause().remedy().contains("016a25e4b0df"));
    }

    @Test
    void aRefusedConfigWindowAloneNamesNoChain() throws Exception {
        List<String> c = console(D13);
        int init = grep(c, "Run /init as init process").stream().filter(i -> i > kdumpStart(c)).findFirst().orElseThrow();
        c.add(init, D0);
        Postmortem p = verdict(c);
        assertEquals(Outcome.KDUMP_FAILED, p.outcome());
        assertEquals("config-window-refused", p.cause().code());
        assertFalse(p.cause().message().contains("NVMe"), p.cause().message());
    }

    /** sid-efifb-s's kdump kernel prints "framebuffer at 0xc0000000": lfb_base was not 0 there, so no lfb_base-0 chain is named. */
    @Test
    void aRefusedConfigWindowWithAFramebufferBaseNamesNoLfbBaseZeroChain() throws Exception {
        List<String> c = console(SID);
        int kdump = kdumpStart(c);
        assertFalse(grep(c.subList(kdump, c.size()), "efifb: framebuffer at 0x").isEmpty());
        int init = grep(c, "Run /init as init process").stream().filter(i -> i > kdump).findFirst().orElseThrow();
        c.add(init + 1, ROOT);
        c.add(init, D0);
        Postmortem p = verdict(c);
        assertEquals("config-window-refused", p.cause().code());
        assertFalse(p.cause().message().contains("lfb_base was 0"), p.cause().message());
        assertTrue(p.cause().message().contains("c0370048"), p.cause().message());
    }

    @Test
    void aMissingRootAloneIsRootMissing() throws Exception {
        List<String> c = console(D13);
        int init = grep(c, "Run /init as init process").stream().filter(i -> i > kdumpStart(c)).findFirst().orElseThrow();
        c.add(init + 1, ROOT);
        Postmortem p = verdict(c);
        assertEquals(Outcome.KDUMP_FAILED, p.outcome());
        assertEquals("root-missing", p.cause().code());
        assertEquals(List.of(new Evidence(init + 2, ROOT.strip())), p.cause().evidence());
    }

    /** sid-efifb-s's kdump efifb prints "framebuffer at 0xc0000000": the soft lockup inserted right after it, the log cut there. */
    @Test
    void aSoftLockupDrawingAfterTheKdumpFramebufferLineIsAStaleFramebuffer() throws Exception {
        List<String> c = console(SID);
        int kdump = kdumpStart(c);
        int fb = grep(c, "efifb: framebuffer at 0xc0000000").stream().filter(i -> i > kdump).findFirst().orElseThrow();
        List<String> hung = new ArrayList<>(c.subList(0, fb + 1));
        hung.addAll(LOCKUP);
        Postmortem p = verdict(hung);
        assertEquals(Outcome.KDUMP_FAILED, p.outcome());
        assertEquals("stale-framebuffer", p.cause().code());
        assertEquals(List.of(fb + 1L, fb + 2L), p.cause().evidence().stream().map(Evidence::line).toList());
        assertTrue(p.cause().message().contains("0xc0000000"), p.cause().message());
        // the first kernel's efifb was at the same base: nothing moved it, and the message does not say so
        assertFalse(p.cause().message().contains("moved"), p.cause().message());
        for (String s : List.of("304386373007", "video=efifb:off", "nomodeset", "blacklist efifb")) {
            assertTrue(p.cause().remedy().contains(s), p.cause().remedy());
        }
    }

    /**
     * The same, and in the first kernel, right after its efifb line, the take-over line
     * drivers/video/fbdev/core/fbmem.c do_remove_conflicting_framebuffers() prints,
     * "fb%d: switching to %s from %s", with hyperv_fb taking over from efifb's "EFI VGA".
     */
    @Test
    void aStaleFramebufferSaysTheFirstKernelsHypervFbTookItOver() throws Exception {
        List<String> c = console(SID);
        int kdump = kdumpStart(c);
        int fb = grep(c, "efifb: framebuffer at 0xc0000000").stream().filter(i -> i > kdump).findFirst().orElseThrow();
        List<String> hung = new ArrayList<>(c.subList(0, fb + 1));
        hung.addAll(LOCKUP);
        int firstFb = grep(hung, "efifb: framebuffer at 0xc0000000").get(0);
        hung.add(firstFb + 1, "[    1.400000] fb0: switching to hyperv_fb from EFI VGA\r");
        Postmortem p = verdict(hung);
        assertEquals("stale-framebuffer", p.cause().code());
        assertEquals(List.of(firstFb + 2L, fb + 2L, fb + 3L), p.cause().evidence().stream().map(Evidence::line).toList());
        assertTrue(p.cause().message().contains("hyperv_fb took the framebuffer over from efifb (line " + (firstFb + 2) + ")"),
                p.cause().message());
    }

    @Test
    void hypervFbsVramAckTimeoutIsAStaleFramebuffer() throws Exception {
        List<String> c = console(D13);
        int init = grep(c, "Run /init as init process").stream().filter(i -> i > kdumpStart(c)).findFirst().orElseThrow();
        c.add(init, VRAM);
        Postmortem p = verdict(c);
        assertEquals("stale-framebuffer", p.cause().code());
        assertEquals(List.of(new Evidence(init + 1, VRAM.substring(VRAM.indexOf("hyperv_fb")).strip())), p.cause().evidence());
    }

    /**
     * The real console cut right after the panic's stack (before the kdump kernel's "Linux version"): the
     * panic's own stack dump says a crash kernel was loaded, and nothing after it says whether one took over.
     */
    @Test
    void aLogThatEndsAfterThePanicCannotTellAndSaysSo() throws Exception {
        List<String> c = console(D13);
        List<String> cut = new ArrayList<>(c.subList(0, kdumpStart(c)));
        assertFalse(grep(cut, "crashkernel reserved:").isEmpty());
        int loaded = grep(cut, "Kdump: loaded").get(0);
        Postmortem p = verdict(cut);
        assertEquals(Outcome.UNKNOWN, p.outcome());
        assertEquals("log-ends-after-panic", p.cause().code());
        assertEquals(loaded + 1, p.cause().evidence().get(1).line());
        assertTrue(p.cause().message().contains("cannot be told"), p.cause().message());
    }

    /** The cut console, then the first kernel booting again from its start: a normal boot, not a kdump one. */
    @Test
    void aPanicFollowedByANormalBootIsKdumpNotLoaded() throws Exception {
        List<String> c = console(D13);
        List<String> rebooted = new ArrayList<>(c.subList(0, kdumpStart(c)));
        int banner = grep(c, "Linux version").get(0);
        rebooted.addAll(c.subList(banner, grep(c, "crashkernel reserved:").get(0) + 10));
        Postmortem p = verdict(rebooted);
        assertEquals(Outcome.KDUMP_NOT_STARTED, p.outcome());
        assertEquals("kdump-not-loaded", p.cause().code());
        Evidence next = p.cause().evidence().get(1);
        assertEquals(kdumpStart(c) + 1, next.line());
        assertTrue(c.get(banner).contains(next.text()), next.text());
    }

    /**
     * panic()'s end marker ("---[ end Kernel panic - not syncing: %s ]---", kernel/panic.c, printed after
     * __crash_kexec() returned) inserted after the real panic's stack, and the stack dump's "Kdump: loaded"
     * taken out (lib/dump_stack.c prints it only with a crash kernel loaded): no crash kernel was loaded.
     */
    @Test
    void panicsEndMarkerWithoutACrashKernelIsKdumpNotLoaded() throws Exception {
        List<String> c = console(D13);
        List<String> cut = new ArrayList<>(c.subList(0, kdumpStart(c)));
        int loaded = grep(cut, "Kdump: loaded").get(0);
        cut.set(loaded, cut.get(loaded).replace("Kdump: loaded ", ""));
        int end = grep(cut, "</TASK>").stream().filter(i -> i > loaded).findFirst().orElseThrow();
        cut.add(end + 1, "[    8.994100] ---[ end Kernel panic - not syncing: sysrq triggered crash ]---\r");
        Postmortem p = verdict(cut);
        assertEquals(Outcome.KDUMP_NOT_STARTED, p.outcome());
        assertEquals("kdump-not-loaded", p.cause().code());
        assertTrue(p.cause().message().contains("none was loaded"), p.cause().message());
        assertEquals(end + 2, p.cause().evidence().get(p.cause().evidence().size() - 1).line());

        // with the real "Kdump: loaded" kept, the same end marker says the switch itself failed
        List<String> kept = new ArrayList<>(c.subList(0, kdumpStart(c)));
        kept.add(end + 1, "[    8.994100] ---[ end Kernel panic - not syncing: sysrq triggered crash ]---\r");
        assertTrue(verdict(kept).cause().message().contains("the switch to it failed"), verdict(kept).cause().message());
    }

    /** The cut console with its "crashkernel reserved:" line taken out. */
    @Test
    void aPanicWithoutACrashkernelReservationIsCrashkernelMissing() throws Exception {
        List<String> c = console(D13);
        List<String> cut = new ArrayList<>(c.subList(0, kdumpStart(c)));
        int reserved = grep(cut, "crashkernel reserved:").get(0);
        cut.remove(reserved);
        Postmortem p = verdict(cut);
        assertEquals(Outcome.KDUMP_NOT_STARTED, p.outcome());
        assertEquals("crashkernel-missing", p.cause().code());
        // the crash's first line: the console announces the sysrq crash before panic() prints its own line
        int crash = grep(cut, "sysrq: Trigger a crash").get(0);
        assertTrue(crash < grep(cut, "Kernel panic - not syncing").get(0));
        assertEquals(crash + 1, p.cause().evidence().get(0).line());
    }

    /** The real console cut in the middle of the kdump kernel's boot, before it ran init. */
    @Test
    void aLogCutInsideTheKdumpBootIsUnknownAndSaysSo() throws Exception {
        List<String> c = console(D13);
        int kdump = kdumpStart(c);
        int init = grep(c, "Run /init as init process").stream().filter(i -> i > kdump).findFirst().orElseThrow();
        int mid = (kdump + init) / 2;
        Postmortem p = verdict(new ArrayList<>(c.subList(0, mid)));
        assertEquals(Outcome.UNKNOWN, p.outcome());
        assertEquals("kdump-kernel-stopped", p.cause().code());
        assertEquals(mid, p.cause().evidence().get(0).line());
        assertTrue(p.cause().message().contains("cannot be told"), p.cause().message());
    }

    /** makedumpfile's own last line ("The dumpfile is saved to %s.", makedumpfile.c) inserted after the kdump kernel's init. */
    @Test
    void aSavedDumpIsDumpSaved() throws Exception {
        List<String> c = console(D13);
        int init = grep(c, "Run /init as init process").stream().filter(i -> i > kdumpStart(c)).findFirst().orElseThrow();
        c.add(init + 1, "The dumpfile is saved to /var/crash/202612070500/dump-incomplete.\r");
        assertEquals(new Postmortem(Outcome.DUMP_SAVED, null), verdict(c));
    }

    /** A file with no kernel line at all (here the consoles' own README) tells nothing, and says so. */
    @Test
    void aFileWithoutKernelLinesCannotTell() throws Exception {
        String readme = Files.readString(Inputs.captures().resolve("qemu-kdump-consoles").resolve("README.md"));
        Postmortem p = PostmortemRules.of(KernelLog.read("README.md", readme, LogLimits.DEFAULT));
        assertEquals(Outcome.UNKNOWN, p.outcome());
        assertEquals("no-kernel-lines", p.cause().code());
        assertEquals(Outcome.UNKNOWN, PostmortemRules.of(KernelLog.read("empty", "", LogLimits.DEFAULT)).outcome());
    }
}
