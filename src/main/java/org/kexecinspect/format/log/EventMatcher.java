package org.kexecinspect.format.log;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells an event from one line's message. Each kind is tried after a cheap substring test. The
 * patterns follow the kernel's format strings where cited; where wordings vary between releases or
 * user-space tools they are kept loose on purpose (noted at each).
 */
final class EventMatcher {
    private EventMatcher() {}

    /** A line's kind and detail, before the reader gives it a line number. */
    record Match(EventCode code, EventDetail detail) {}

    private static final EventDetail NONE = new EventDetail.None();

    /** Firmware framebuffer drivers and Hyper-V's own, as they prefix their lines. */
    private static final Pattern FB_DRIVER = Pattern.compile(
            "\\b(efifb|vesafb|simplefb|simple-framebuffer|simpledrm|efidrm|vesadrm|hyperv_fb|hyperv_drm|hyperv-drm)\\b");
    /**
     * {@code framebuffer at 0x%lx}: efifb_probe() prints {@code , using %dk, total %dk}, vesafb_probe()
     * {@code , mapped to 0x%p, using %dk, total %dk}, simplefb_probe() {@code , 0x%x bytes}.
     */
    private static final Pattern FB_AT = Pattern.compile("framebuffer at 0x([0-9a-fA-F]{1,16})");
    private static final Pattern FB_USING_K = Pattern.compile("using (\\d{1,9})k");
    private static final Pattern FB_BYTES = Pattern.compile("framebuffer at 0x[0-9a-fA-F]+, 0x([0-9a-fA-F]{1,16}) bytes");
    /** A driver taking a framebuffer without printing its base: fbcon's switch, hyperv_fb's mode line, DRM's init line. */
    private static final Pattern FB_BOUND = Pattern.compile(
            "switching to (\\S+) from|^hyperv_fb: Screen resolution|\\[drm\\] Initialized (\\S+)");
    /** %pR of an IORESOURCE_MEM: {@code [mem 0x...-0x...]}, possibly with flags before the bracket closes. */
    private static final Pattern MEM = Pattern.compile("\\[mem (0x[0-9a-fA-F]{1,16})-(0x[0-9a-fA-F]{1,16})[^\\]]*\\]");
    private static final Pattern D0 = Pattern.compile("failed D0 Entry with status (\\S+)");
    private static final Pattern ROOT_MISSING = Pattern.compile(
            "VFS: Unable to mount root fs|Cannot open root device|Gave up waiting for root (?:file system )?device"
                    + "|ALERT!.*does not exist|Could not boot|Warning: /dev/\\S+ does not exist");
    /**
     * kdump-config's "saved vmcore in %s" (kdump-tools), dracut's kdump.sh "saving vmcore complete" (kdumpctl),
     * makedumpfile's "The dumpfile is saved to %s." and "makedumpfile Completed.": whole phrases, so that a
     * sentence about a dump ("... without a saved vmcore") is not one.
     */
    private static final Pattern DUMP_SAVED = Pattern.compile(
            "saved vmcore in(?: |$)|saving vmcore complete|The dumpfile is saved to |makedumpfile Completed", Pattern.CASE_INSENSITIVE);
    private static final Pattern FB_RESERVE = Pattern.compile(
            "(?i)(?:can't|cannot|can not|unable to) reserve|Cannot request framebuffer");

    static Optional<Match> match(String m) {
        // kernel/panic.c panic(): "Kernel panic - not syncing: %s"; drivers/tty/sysrq.c sysrq_handle_crash()
        // is announced by __handle_sysrq() as "sysrq: Trigger a crash" (older kernels: "SysRq : Trigger a crash").
        if (m.startsWith("---[ end Kernel panic")) {
            return hit(EventCode.PANIC_END, NONE);
        }
        if (m.startsWith("CPU: ") && m.contains(" Kdump: loaded ")) {
            return hit(EventCode.KDUMP_LOADED, NONE);
        }
        if (m.contains("Kernel panic - not syncing") || m.regionMatches(true, 0, "sysrq", 0, 5) && m.contains("Trigger a crash")) {
            return hit(EventCode.PANIC, NONE);
        }
        if (m.contains("soft lockup")) { // kernel/watchdog.c watchdog_timer_fn(): "BUG: soft lockup - CPU#%d stuck for %us!"
            return hit(EventCode.SOFT_LOCKUP, new EventDetail.Stack(List.of()));
        }
        if (m.contains("Time out on waiting vram location ack")) { // hyperv_fb synthvid_send_vram(), hyperv_drm
            return hit(EventCode.HYPERV_FB_TIMEOUT, NONE);
        }
        if (m.contains("Unexpected framebuffer mmio base of zero")) { // 016a25e4b0df, drivers/hv/vmbus_drv.c vmbus_reserve_fb()
            return hit(EventCode.FB_MMIO_ZERO, NONE);
        }
        if (m.contains("hv_mmio=")) { // vmbus_reserve_fb(): pr_info("hv_mmio=%pR,%pR fb=%pR\n", ...)
            return hit(EventCode.FB_MMIO_ZERO, mmio(m));
        }
        if (m.contains("D0 Entry")) { // drivers/pci/controller/pci-hyperv.c hv_pci_enter_d0(): "... with status %x"
            Matcher d = D0.matcher(m);
            if (d.find()) {
                return hit(EventCode.HV_PCI_D0_FAILED, new EventDetail.Status(d.group(1)));
            }
        }
        if (m.contains("hv_pci")) {
            // the driver core's "probe of %s failed with error %d" and pci-hyperv's own failures; loose on purpose
            String l = m.toLowerCase(Locale.ROOT);
            if (l.contains("probe") && l.contains("fail")) {
                return hit(EventCode.HV_PCI_PROBE_FAILED, NONE);
            }
        }
        Matcher fbAt = m.contains("framebuffer at 0x") ? FB_AT.matcher(m) : null;
        if (fbAt != null && fbAt.find()) {
            // the driver's own prefix starts the message (pr_fmt "efifb: ", dev_info's "simple-framebuffer simple-framebuffer.0: "):
            // a sentence that merely mentions a driver and an address is not its line
            Matcher drv = FB_DRIVER.matcher(m);
            if (drv.lookingAt()) {
                return hit(EventCode.FRAMEBUFFER, new EventDetail.Framebuffer(driver(drv.group(1)),
                        OptionalLong.of(Long.parseUnsignedLong(fbAt.group(1), 16)), fbSize(m)));
            }
        }
        if ((m.contains("reserve") || m.contains("request framebuffer")) && FB_RESERVE.matcher(m).find() && (FB_DRIVER.matcher(m).find() || m.contains("video memory")
                || m.contains("framebuffer"))) {
            // efifb/vesafb "cannot reserve video memory at 0x%lx", hyperv_fb "Cannot request framebuffer, boot fb
            // still active"; loose on purpose, but only on a framebuffer's line
            return hit(EventCode.FB_RESERVE_FAILED, NONE);
        }
        if (m.contains("switching to") || m.contains("Screen resolution") || m.contains("[drm] Initialized")) {
            Matcher b = FB_BOUND.matcher(m);
            if (b.find()) {
                String named = b.group(1) != null ? b.group(1) : b.group(2) != null ? b.group(2) : "hyperv_fb";
                Matcher drv = FB_DRIVER.matcher(named);
                if (drv.find()) {
                    return hit(EventCode.FRAMEBUFFER,
                            new EventDetail.Framebuffer(driver(drv.group(1)), OptionalLong.empty(), OptionalLong.empty()));
                }
            }
        }
        if ((m.contains("root") || m.contains("does not exist") || m.contains("Could not boot"))
                && ROOT_MISSING.matcher(m).find()) { // init/do_mounts.c, dracut, initramfs-tools' local script
            return hit(EventCode.ROOT_MISSING, NONE);
        }
        if ((m.contains("vmcore") || m.contains("dumpfile") || m.contains("Completed")) && DUMP_SAVED.matcher(m).find()) { // kdump-tools, kdumpctl's kdump.sh, makedumpfile
            return hit(EventCode.DUMP_SAVED, NONE);
        }
        if (m.startsWith("Run ") && m.contains(" as init process")) { // init/main.c kernel_init() via run_init_process()
            return hit(EventCode.INIT_RUN, NONE);
        }
        if (m.regionMatches(true, 0, "kdump", 0, 5) && m.toLowerCase(Locale.ROOT).contains("not loaded")) {
            return hit(EventCode.KDUMP_NOT_LOADED, NONE); // kdumpctl/kdump-tools status lines; loose on purpose
        }
        return Optional.empty();
    }

    private static Optional<Match> hit(EventCode code, EventDetail detail) {
        return Optional.of(new Match(code, detail));
    }

    private static String driver(String name) {
        return switch (name) {
            case "simple-framebuffer" -> "simplefb";
            case "hyperv-drm" -> "hyperv_drm";
            default -> name;
        };
    }

    private static OptionalLong fbSize(String m) {
        Matcher k = FB_USING_K.matcher(m);
        if (k.find()) {
            return OptionalLong.of(Long.parseLong(k.group(1)) * 1024);
        }
        Matcher b = FB_BYTES.matcher(m);
        if (b.find()) {
            return OptionalLong.of(Long.parseUnsignedLong(b.group(1), 16));
        }
        return OptionalLong.empty();
    }

    /** The ranges of {@code hv_mmio=A,B fb=C}: those before {@code fb=} are VMBus's, the one after it the framebuffer's. */
    static EventDetail.Mmio mmio(String m) {
        int at = m.indexOf("hv_mmio=");
        int fbAt = m.indexOf(" fb=", at);
        List<MemRange> hv = new ArrayList<>();
        Optional<MemRange> fb = Optional.empty();
        Matcher r = MEM.matcher(m);
        r.region(at, m.length());
        while (r.find() && hv.size() < 16) {
            MemRange range = new MemRange(Long.parseUnsignedLong(r.group(1).substring(2), 16),
                    Long.parseUnsignedLong(r.group(2).substring(2), 16));
            if (fbAt >= 0 && r.start() > fbAt) {
                fb = Optional.of(range);
                break;
            }
            hv.add(range);
        }
        return new EventDetail.Mmio(hv, fb);
    }

    /** A stack frame's function: {@code  func+0x1a/0x20 [module]}, {@code  ? func+...}, {@code RIP: 0010:func+...}, or null. */
    private static final Pattern FRAME = Pattern.compile(
            "^\\s*(?:\\? |RIP: [0-9a-f]{4}:|\\[<[0-9a-f]+>\\] (?:\\? )?)?([A-Za-z_][\\w.]*)\\+0x[0-9a-f]+/0x[0-9a-f]+");

    static String frame(String m) {
        if (m.indexOf("+0x") < 0) {
            return null;
        }
        Matcher f = FRAME.matcher(m);
        return f.find() ? f.group(1) : null;
    }
}
