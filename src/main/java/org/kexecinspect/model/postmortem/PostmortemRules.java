package org.kexecinspect.model.postmortem;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import org.kexecinspect.format.log.Boot;
import org.kexecinspect.format.log.BootRole;
import org.kexecinspect.format.log.EventCode;
import org.kexecinspect.format.log.EventDetail;
import org.kexecinspect.format.log.KernelLog;
import org.kexecinspect.format.log.LogEvent;

/**
 * The post-mortem rules, one small pure function each: which boot crashed, which boot is its kdump
 * kernel, the outcome, and the causes, most specific first (the first that fits wins).
 */
public final class PostmortemRules {
    private PostmortemRules() {}

    /** The crash and its kdump kernel, as indexes into the log's boots (-1 when absent). */
    record Crash(int crashed, int kdump) {}

    /** The boots a prediction reads its facts from: the first kernel and its kdump kernel, each null when the log has none. */
    public record Kernels(Boot first, Boot kdump) {}

    /**
     * The first kernel is the one that crashed, else the log's last boot that is not a kdump kernel (a log
     * without a crash still shows the system); the kdump kernel is the crash's, else the log's last one.
     */
    public static Kernels kernels(KernelLog log) {
        List<Boot> boots = log.boots();
        Crash c = crash(boots);
        Boot first = c.crashed() >= 0 ? boots.get(c.crashed()) : null;
        for (int i = boots.size() - 1; first == null && i >= 0; i--) {
            if (boots.get(i).role() != BootRole.KDUMP) {
                first = boots.get(i);
            }
        }
        return new Kernels(first, c.kdump() >= 0 ? boots.get(c.kdump()) : null);
    }

    /** The verdict on a whole log. */
    public static Postmortem of(KernelLog log) {
        List<Boot> boots = log.boots();
        if (boots.isEmpty()) {
            return new Postmortem(Outcome.UNKNOWN, new Cause("no-kernel-lines", "None of the log's " + log.lines()
                    + " lines is a kernel's (no \"Linux version\", no [seconds] stamp, no journal kernel: line, no event),"
                    + " so nothing can be told.", List.of(),
                    "Give the kernel's log: the serial console, dmesg, journalctl -k, or vmcore-dmesg.txt."));
        }
        Crash c = crash(boots);
        Outcome o = outcome(boots, c);
        return new Postmortem(o, cause(boots, c, o));
    }

    /**
     * The last crash: the last non-kdump boot with a panic (kernel/panic.c panic(), or
     * drivers/tty/sysrq.c sysrq_handle_crash()), and the kdump boot right after it, which kexec's
     * crash path boots without a firmware reset (kernel/crash_core.c __crash_kexec()). A log that
     * starts inside a kdump boot has a crash whose panic it does not show.
     */
    static Crash crash(List<Boot> boots) {
        int crashed = -1;
        for (int i = 0; i < boots.size(); i++) {
            if (boots.get(i).role() != BootRole.KDUMP && !boots.get(i).events(EventCode.PANIC).isEmpty()) {
                crashed = i;
            }
        }
        if (crashed >= 0) {
            int next = crashed + 1;
            return new Crash(crashed, next < boots.size() && boots.get(next).role() == BootRole.KDUMP ? next : -1);
        }
        for (int i = boots.size() - 1; i >= 0; i--) {
            if (boots.get(i).role() == BootRole.KDUMP) {
                return new Crash(-1, i);
            }
        }
        return new Crash(-1, -1);
    }

    /**
     * The outcome: a saved vmcore (makedumpfile's "The dumpfile is saved to", kdump-tools' and
     * kdumpctl's "saved vmcore" lines) wins; a crash with no kdump boot after it did not start kdump;
     * a kdump boot that ended without a saved dump failed, unless the log is cut before it could show.
     */
    static Outcome outcome(List<Boot> boots, Crash c) {
        int from = c.crashed() >= 0 ? c.crashed() : Math.max(c.kdump(), 0);
        for (int i = from; i < boots.size() && (c.crashed() >= 0 || c.kdump() >= 0); i++) {
            if (!boots.get(i).events(EventCode.DUMP_SAVED).isEmpty()) {
                return Outcome.DUMP_SAVED;
            }
        }
        if (c.crashed() < 0 && c.kdump() < 0) {
            return boots.stream().anyMatch(b -> !b.events(EventCode.DUMP_SAVED).isEmpty())
                    ? Outcome.DUMP_SAVED : Outcome.NO_CRASH_SEEN;
        }
        if (c.kdump() < 0) {
            return kdumpNeverStarted(boots, c.crashed()) ? Outcome.KDUMP_NOT_STARTED : Outcome.UNKNOWN;
        }
        return kdumpEnded(boots, c.kdump()) ? Outcome.KDUMP_FAILED : Outcome.UNKNOWN;
    }

    /**
     * Whether the log proves that no kdump kernel followed the crash, rather than ending before one could
     * show: panic() ran to its end ("---[ end Kernel panic", printed only after __crash_kexec() returned,
     * kernel/panic.c), a kdump service line says none was loaded, no crashkernel memory was reserved, or
     * another boot follows the crashed one. A log that ends after the panic without any of these may simply
     * lack the kdump kernel's console (its command line may send it elsewhere).
     */
    static boolean kdumpNeverStarted(List<Boot> boots, int crashed) {
        Boot b = boots.get(crashed);
        return crashed + 1 < boots.size() || !b.events(EventCode.PANIC_END).isEmpty()
                || !b.events(EventCode.KDUMP_NOT_LOADED).isEmpty() || crashkernelMissing(b).isPresent();
    }

    /**
     * Whether the kdump boot got far enough to show its outcome: it handed over to user space
     * (init/main.c kernel_init(): "Run %s as init process"), where the root is mounted and the dump
     * saved; or it shows a failure (a panic, a soft lockup, hyperv_fb's vram-ack timeout, hv_pci's D0
     * failure, a missing root); or it powered off or restarted (kernel/reboot.c: "reboot: Power down",
     * "reboot: Restarting system"); or another boot follows it.
     */
    static boolean kdumpEnded(List<Boot> boots, int kdump) {
        Boot b = boots.get(kdump);
        if (kdump + 1 < boots.size()) {
            return true;
        }
        for (EventCode e : List.of(EventCode.INIT_RUN, EventCode.PANIC, EventCode.SOFT_LOCKUP, EventCode.HYPERV_FB_TIMEOUT,
                EventCode.HV_PCI_D0_FAILED, EventCode.ROOT_MISSING)) {
            if (!b.events(e).isEmpty()) {
                return true;
            }
        }
        return b.lastText().startsWith("reboot: ");
    }

    /** The cause for an outcome, or null when it needs none (a saved dump, no crash) or none fits. */
    static Cause cause(List<Boot> boots, Crash c, Outcome o) {
        if (o == Outcome.DUMP_SAVED || o == Outcome.NO_CRASH_SEEN) {
            return null;
        }
        Boot first = c.crashed() >= 0 ? boots.get(c.crashed()) : null;
        if (c.kdump() >= 0) {
            Boot kdump = boots.get(c.kdump());
            Optional<Cause> specific = staleFramebuffer(first, kdump).or(() -> configWindowRefused(kdump))
                    .or(() -> rootMissing(kdump));
            if (specific.isPresent()) {
                return specific.get();
            }
            return kdumpKernelStopped(kdump, o == Outcome.UNKNOWN);
        }
        if (o == Outcome.UNKNOWN) {
            return logEndsAfterPanic(first);
        }
        return kdumpNotLoaded(boots, c.crashed()).or(() -> crashkernelMissing(first))
                .or(() -> panicWentPastKexec(boots, c.crashed())).orElse(null);
    }

    /**
     * {@code log-ends-after-panic}: the crash is the log's last boot and nothing after the panic says whether
     * a crash kernel took over; a stack dump's "Kdump: loaded" (lib/dump_stack.c) says one was loaded.
     */
    static Cause logEndsAfterPanic(Boot first) {
        LogEvent panic = first.events(EventCode.PANIC).get(0);
        List<LogEvent> loaded = first.events(EventCode.KDUMP_LOADED);
        List<Evidence> ev = new ArrayList<>(List.of(evidence(panic)));
        loaded.stream().findFirst().ifPresent(e -> ev.add(evidence(e)));
        ev.add(new Evidence(first.lastLine(), first.lastText()));
        return new Cause("log-ends-after-panic", "The log ends at line " + first.lastLine() + ", after the panic at line "
                + panic.line() + (loaded.isEmpty() ? "" : " with a crash kernel loaded (line " + loaded.get(0).line() + ")")
                + ", before any kdump kernel's output, so whether kdump ran cannot be told.", ev,
                "Capture the console past the panic (the kdump kernel's command line needs the same console=, e.g."
                        + " console=ttyS0 on Azure) and look again.");
    }

    /**
     * {@code kdump-not-loaded} from the panic itself: panic() printed its end marker ("---[ end Kernel panic",
     * after __crash_kexec() returned, kernel/panic.c), or the next boot is a normal one.
     */
    static Optional<Cause> panicWentPastKexec(List<Boot> boots, int crashed) {
        Boot b = boots.get(crashed);
        LogEvent panic = b.events(EventCode.PANIC).get(0);
        List<LogEvent> end = b.events(EventCode.PANIC_END);
        List<LogEvent> loaded = b.events(EventCode.KDUMP_LOADED);
        if (!end.isEmpty()) {
            List<Evidence> ev = new ArrayList<>(List.of(evidence(panic)));
            loaded.stream().findFirst().ifPresent(e -> ev.add(evidence(e)));
            ev.add(evidence(end.get(end.size() - 1)));
            return Optional.of(new Cause("kdump-not-loaded", loaded.isEmpty()
                    ? "panic() ran to its end (line " + end.get(end.size() - 1).line() + ") without switching to a crash kernel: none was loaded."
                    : "panic() ran to its end (line " + end.get(end.size() - 1).line() + ") although a crash kernel was loaded (line "
                            + loaded.get(0).line() + "): the switch to it failed.",
                    ev, loaded.isEmpty() ? NOT_LOADED_REMEDY
                            : "Read the lines between the panic and its end marker: panic notifiers run before the switch"
                                    + " when crash_kexec_post_notifiers is set."));
        }
        if (crashed + 1 < boots.size()) {
            Boot next = boots.get(crashed + 1);
            return Optional.of(new Cause("kdump-not-loaded", "The first kernel panicked (line " + panic.line()
                    + ") and the next boot (line " + next.firstLine() + ") is a normal one, not a kdump kernel: no crash"
                    + " kernel was loaded, or the kdump kernel's console is not in this log.",
                    List.of(evidence(panic), new Evidence(next.firstLine(), next.firstText())),
                    NOT_LOADED_REMEDY));
        }
        return Optional.empty();
    }

    private static final String NOT_LOADED_REMEDY =
            "Load the crash kernel at every boot (kdumpctl start or kdump-config load) and read why loading failed"
                    + " (kdumpctl status, kdump-config status, the kdump service's journal).";

    /** Function names of the fbdev drawing and probe paths a stale base hangs in (drivers/video/fbdev/core/cfbimgblt.c, sysimgblt.c, ...). */
    static boolean drawsToFramebuffer(String function) {
        String f = function.toLowerCase(Locale.ROOT);
        return f.contains("imageblit") || f.contains("fillrect") || f.contains("copyarea") || f.startsWith("efifb")
                || f.startsWith("simplefb") || f.startsWith("vesafb") || f.startsWith("fbcon") || f.startsWith("bit_putcs")
                || f.startsWith("soft_cursor") || f.startsWith("fb_") || f.startsWith("drm_fb") || f.contains("memcpy_toio")
                || f.contains("memset_io");
    }

    /**
     * {@code stale-framebuffer}: a soft lockup in a framebuffer drawing function after the kdump
     * kernel's {@code framebuffer at B}, or hyperv_fb's "Time out on waiting vram location ack"
     * (drivers/video/fbdev/hyperv_fb.c synthvid_send_vram()): the host no longer backs B because the
     * first kernel's hyperv_fb moved the framebuffer (fixed by 304386373007 "fbdev: hyperv_fb: Fix
     * hang in kdump kernel when on Hyper-V Gen 2 VMs").
     */
    static Optional<Cause> staleFramebuffer(Boot first, Boot kdump) {
        List<Evidence> ev = new ArrayList<>();
        OptionalLong base = OptionalLong.empty();
        LogEvent trigger = null;
        for (LogEvent e : kdump.events()) {
            if (e.code() == EventCode.FRAMEBUFFER && e.detail() instanceof EventDetail.Framebuffer fb && fb.base().isPresent()) {
                base = fb.base();
                ev.clear();
                ev.add(evidence(e));
            } else if (e.code() == EventCode.SOFT_LOCKUP && base.isPresent() && e.detail() instanceof EventDetail.Stack s
                    && s.functions().stream().anyMatch(PostmortemRules::drawsToFramebuffer)) {
                trigger = e;
                break;
            } else if (e.code() == EventCode.HYPERV_FB_TIMEOUT) {
                trigger = e;
                break;
            }
        }
        if (trigger == null) {
            return Optional.empty();
        }
        if (trigger.code() == EventCode.HYPERV_FB_TIMEOUT && base.isEmpty()) {
            ev.clear();
        }
        ev.add(evidence(trigger));
        String where = base.isPresent() ? " at 0x" + Long.toHexString(base.getAsLong()) : "";
        String moved = "";
        Optional<LogEvent> firstFb = firstKernelFramebuffer(first);
        if (firstFb.isPresent() && base.isPresent()) {
            EventDetail.Framebuffer fb = (EventDetail.Framebuffer) firstFb.get().detail();
            if (fb.base().getAsLong() != base.getAsLong()) {
                moved = ", where the first kernel's " + fb.driver() + " had moved it to 0x" + Long.toHexString(fb.base().getAsLong());
                ev.add(0, evidence(firstFb.get()));
            } else {
                Optional<LogEvent> took = hypervTookOver(first, firstFb.get());
                if (took.isPresent()) {
                    moved = ", where the first kernel's " + ((EventDetail.Framebuffer) took.get().detail()).driver()
                            + " took the framebuffer over from " + fb.driver() + " (line " + took.get().line()
                            + ") and, without 304386373007, moved it off that base";
                    ev.add(0, evidence(took.get()));
                }
            }
        }
        String what = trigger.code() == EventCode.SOFT_LOCKUP ? "locked up drawing to" : "timed out waiting for the host to ack";
        return Optional.of(new Cause("stale-framebuffer",
                "The kdump kernel's framebuffer driver " + what + " the framebuffer" + where
                        + " the host no longer backs" + moved + ".",
                ev,
                "Run a first kernel with 304386373007 (hyperv_fb no longer moves the framebuffer), or add video=efifb:off"
                        + " or nomodeset to the kdump command line, or blacklist efifb in the kdump kernel."));
    }

    /** The first kernel's last framebuffer line with a base (its hyperv_fb's, when it printed one after efifb's). */
    static Optional<LogEvent> firstKernelFramebuffer(Boot first) {
        if (first == null) {
            return Optional.empty();
        }
        LogEvent last = null;
        for (LogEvent e : first.events(EventCode.FRAMEBUFFER)) {
            if (e.detail() instanceof EventDetail.Framebuffer fb && fb.base().isPresent()) {
                last = e;
            }
        }
        return Optional.ofNullable(last);
    }

    /**
     * The first kernel's hyperv_fb taking over after the firmware framebuffer's line (fbmem's
     * "fb%d: switching to %s from %s", hyperv_fb's "Screen resolution" line): before 304386373007,
     * hyperv_fb allocated its MMIO while efifb still held the base and so moved the framebuffer
     * (drivers/video/fbdev/hyperv_fb.c hvfb_getmem()).
     */
    static Optional<LogEvent> hypervTookOver(Boot first, LogEvent firmwareFb) {
        return first.events(EventCode.FRAMEBUFFER).stream()
                .filter(e -> e.line() > firmwareFb.line() && e.detail() instanceof EventDetail.Framebuffer fb
                        && fb.base().isEmpty() && fb.driver().equals("hyperv_fb"))
                .findFirst();
    }

    /**
     * {@code config-window-refused}: "PCI Pass-through VSP failed D0 Entry with status %x"
     * (drivers/pci/controller/pci-hyperv.c hv_pci_enter_d0()) in the kdump kernel: with lfb_base 0,
     * vmbus_reserve_fb() (drivers/hv/vmbus_drv.c) reserves nothing, hv_allocate_config_window() lands on
     * the framebuffer and the host refuses it (c0370048, Message-ID 20260122020337.94967-1-decui@microsoft.com);
     * 016a25e4b0df reserves the framebuffer's range even then.
     */
    static Optional<Cause> configWindowRefused(Boot kdump) {
        List<LogEvent> d0 = kdump.events(EventCode.HV_PCI_D0_FAILED);
        if (d0.isEmpty()) {
            return Optional.empty();
        }
        LogEvent failed = d0.get(0);
        String status = failed.detail() instanceof EventDetail.Status s ? s.status() : "?";
        Optional<LogEvent> root = kdump.events(EventCode.ROOT_MISSING).stream().filter(e -> e.line() > failed.line()).findFirst();
        List<Evidence> ev = new ArrayList<>();
        Optional<LogEvent> zero = lfbBaseZero(kdump);
        zero.ifPresent(e -> ev.add(evidence(e)));
        ev.add(evidence(failed));
        root.ifPresent(e -> ev.add(evidence(e)));
        boolean printedBase = kdump.events(EventCode.FRAMEBUFFER).stream()
                .anyMatch(e -> e.detail() instanceof EventDetail.Framebuffer fb && fb.base().isPresent());
        String remedy = "Load the kdump kernel with KEXEC_FILE_LOAD on x86 (KDUMP_KEXEC_ARGS=\"-s\"), or use a kdump kernel with 016a25e4b0df.";
        if (root.isEmpty() || zero.isEmpty() && printedBase) {
            return Optional.of(new Cause("config-window-refused", "The host refused hv_pci's config window in the kdump kernel"
                    + " (D0 entry failed with status " + status + "), so the devices behind it are missing.", ev, remedy));
        }
        String base = zero.isPresent() ? "lfb_base was 0 (line " + zero.get().line() + ")" : "lfb_base was 0 (the kdump kernel printed no framebuffer)";
        return Optional.of(new Cause("config-window-refused", base
                + " → vmbus_reserve_fb() reserved nothing → hv_pci's config window landed on the framebuffer → the host refused it"
                + " (status " + status + ") → the NVMe root never appeared (line " + root.get().line() + ").", ev, remedy));
    }

    /**
     * The kdump kernel's evidence of lfb_base 0: vmbus_reserve_fb()'s "Unexpected framebuffer mmio base of
     * zero" (016a25e4b0df) or its "hv_mmio=... fb=" line without a range; empty when it printed a framebuffer base.
     */
    static Optional<LogEvent> lfbBaseZero(Boot kdump) {
        for (LogEvent e : kdump.events(EventCode.FB_MMIO_ZERO)) {
            if (!(e.detail() instanceof EventDetail.Mmio m) || m.fb().isEmpty()) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** {@code root-missing}: init/do_mounts.c "VFS: Unable to mount root fs", dracut's and initramfs-tools' give-up lines. */
    static Optional<Cause> rootMissing(Boot kdump) {
        List<LogEvent> root = kdump.events(EventCode.ROOT_MISSING);
        if (root.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Cause("root-missing", "The kdump kernel never found its root or dump target device ("
                + root.get(0).text() + ").", List.of(evidence(root.get(0))),
                "Check that the kdump initramfs holds the storage driver of the root and dump target, and that the"
                        + " device the kdump configuration names exists in the kdump kernel."));
    }

    /** {@code kdump-not-loaded}: kdumpctl's or kdump-tools' status line saying no crash kernel was loaded (kexec -p never ran). */
    static Optional<Cause> kdumpNotLoaded(List<Boot> boots, int crashed) {
        if (crashed < 0) {
            return Optional.empty();
        }
        List<LogEvent> e = boots.get(crashed).events(EventCode.KDUMP_NOT_LOADED);
        if (e.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Cause("kdump-not-loaded", "No crash kernel was loaded when the first kernel panicked.",
                List.of(evidence(e.get(e.size() - 1))),
                NOT_LOADED_REMEDY));
    }

    /**
     * {@code crashkernel-missing}: a first kernel that panicked without "crashkernel reserved:"
     * (kernel/crash_reserve.c reserve_crashkernel_generic()) had no memory to load a crash kernel into.
     * Not said of a boot the log starts inside, whose reservation line may be cut off.
     */
    static Optional<Cause> crashkernelMissing(Boot first) {
        if (first == null || first.role() != BootRole.FIRST || first.startsMidBoot() || first.crashkernel().isPresent()) {
            return Optional.empty();
        }
        LogEvent panic = first.events(EventCode.PANIC).get(0);
        return Optional.of(new Cause("crashkernel-missing", "The first kernel reserved no crashkernel memory, so no kdump"
                + " kernel could be loaded for its panic.", List.of(evidence(panic)),
                "Add crashkernel= (e.g. crashkernel=512M) to the first kernel's command line and reboot."));
    }

    /** {@code kdump-kernel-stopped}: the kdump boot's last line, when nothing more specific fits. */
    static Cause kdumpKernelStopped(Boot kdump, boolean cut) {
        String at = kdump.lastMicros() >= 0 ? " at " + seconds(kdump.lastMicros()) + " s" : "";
        String message = cut
                ? "The log ends at line " + kdump.lastLine() + at + " (\"" + kdump.lastText()
                        + "\") before the kdump kernel reached user space, so whether it saved a dump cannot be told."
                : "The kdump kernel stopped at line " + kdump.lastLine() + at + " (\"" + kdump.lastText()
                        + "\") without saving a dump.";
        return new Cause("kdump-kernel-stopped", message, List.of(new Evidence(kdump.lastLine(), kdump.lastText())),
                cut ? "Capture the whole console of the kdump kernel (a serial console to the end) and look again."
                        : "Read the kdump kernel's console before that line, and the kdump service's own log.");
    }

    /**
     * Microseconds as the kernel prints its stamps, seconds.micros. Not String.format: its first call
     * loads the locale providers, some 40 ms of CPU for this one line.
     */
    static String seconds(long micros) {
        String frac = Long.toString(micros % 1_000_000);
        return micros / 1_000_000 + "." + "000000".substring(frac.length()) + frac;
    }

    private static Evidence evidence(LogEvent e) {
        return new Evidence(e.line(), e.text());
    }
}
