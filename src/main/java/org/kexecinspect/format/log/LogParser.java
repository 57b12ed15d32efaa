package org.kexecinspect.format.log;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes a log's lines one by one and puts them into boots; holds only the boots and their events,
 * and buffers of the line cap's size. A line is decoded and matched only when {@link LineFilter}
 * finds a word some rule needs in it, or while a soft lockup's stack is being read; of every other
 * line only the timestamp and prefixes are read, from its bytes, and the reader keeps the bytes of
 * the boot's last non-blank line, decoded when the boot ends.
 */
final class LogParser {
    /** init/version.c linux_banner: "Linux version %s (...)". */
    private static final String BANNER = "Linux version ";
    /** kernel/crash_reserve.c: "crashkernel reserved: 0x%016llx - 0x%016llx (%ld MB)". */
    private static final Pattern RESERVED = Pattern.compile(
            "crashkernel reserved: 0x([0-9a-fA-F]{1,16}) - 0x([0-9a-fA-F]{1,16}) \\((\\d{1,9}) MB\\)");
    /** Older x86 reserve_crashkernel(): "Reserving %ldMB of memory at %ldMB for crashkernel (System RAM: %ldMB)". */
    private static final Pattern RESERVING = Pattern.compile(
            "Reserving (\\d{1,9})MB of memory at (\\d{1,12})MB for crashkernel");
    /** Lines after a soft lockup in which its stack is looked for. */
    private static final int STACK_WINDOW = 200;
    private static final int STACK_MAX = 64;
    private static final int KEPT_NONE = 0;
    private static final int KEPT_MESSAGE = 1;
    private static final int KEPT_LINE = 2;

    private final LineReader reader;
    private final int maxEvents;
    private final boolean prefilter;
    private final java.util.ArrayDeque<Boot> boots = new java.util.ArrayDeque<>();
    private int maxBoots = LogLimits.DEFAULT_MAX_BOOTS;
    private long droppedBoots;
    private BootBuilder boot;
    private long droppedEvents;
    private int eventCount;
    /** A line with control bytes, cleaned. */
    private final byte[] cleaned;
    private final LineFilter.Head head = new LineFilter.Head();

    LogParser(LineReader reader, int maxEvents, int maxLineLength, boolean prefilter) {
        this.reader = reader;
        this.maxEvents = maxEvents;
        this.prefilter = prefilter;
        this.cleaned = new byte[maxLineLength];
    }

    long droppedEvents() { return droppedEvents; }

    long droppedBoots() { return droppedBoots; }

    void maxBoots(int max) { maxBoots = max; }

    /**
     * The reader's current line. A line that holds none of {@link LineFilter}'s words goes no further
     * than its prefixes; one that does is decoded, and matched against the events only when it holds
     * an event's word. A line with control bytes inside is looked at cleaned. The String path,
     * {@link #accept(long, String, boolean)}, takes every line with the filter off, while a soft
     * lockup's stack is read, and where the bytes cannot tell (see LineFilter's clean and head).
     */
    void accept() {
        LineReader r = reader;
        byte[] raw = r.bytes;
        int s = r.start;
        int e = r.end;
        if (!prefilter || boot != null && boot.stack != null) {
            full(r, true);
            return;
        }
        byte[] b = raw;
        int cs = s;
        int ce = e;
        while (ce > cs && b[ce - 1] == '\r') {
            ce--;
        }
        boolean plain = !r.controlBytes && e - ce == r.crs;
        if (!plain) {
            // control bytes inside the line: cleaning may join a word, so look at the cleaned bytes
            int n = LineFilter.clean(raw, s, e, cleaned);
            if (n < 0) {
                full(r, true);
                return;
            }
            b = cleaned;
            cs = 0;
            ce = n;
        }
        if (!LineFilter.head(b, cs, ce, head)) {
            full(r, true);
            return;
        }
        long needles = LineFilter.candidates(b, head.message, ce);
        if (needles != 0 && (needles = LineFilter.confirm(b, head.message, ce, needles)) != 0) {
            boolean events = (needles & LineFilter.EVENTS) != 0;
            if (plain) {
                // the String path's message, without its clean-up and patterns: the prefixes are ASCII,
                // so the message's bytes decode alone to what LogLine.of() leaves
                String m = new String(raw, head.message, ce - head.message, StandardCharsets.UTF_8);
                accept(r.number, new LogLine(m, head.micros, head.kernel, head.micros >= 0, head.journal), r.cut, events);
            } else {
                full(r, events);
            }
            return;
        }
        // what accept(long, LogLine, ...) does with a line that is no banner and matches nothing
        long micros = head.micros;
        if (micros == 0 && boot != null && boot.lastMicros > 0) {
            close();
            boot = new BootBuilder(r.number, false);
            boot.firstText = new String(b, head.message, ce - head.message, StandardCharsets.UTF_8); // once a boot
        }
        if (boot == null) {
            if (!(head.kernel && (micros >= 0 || head.journal))) {
                return;
            }
            boot = new BootBuilder(r.number, true);
            boot.firstText = new String(b, head.message, ce - head.message, StandardCharsets.UTF_8);
        }
        if (!head.blank) {
            boot.lastLine = r.number;
            if (plain) {
                r.keep(head.message, ce); // its message's bytes decode alone, as above
                boot.lastKept = KEPT_MESSAGE;
            } else {
                r.keep(s, e);
                boot.lastKept = KEPT_LINE;
            }
        }
        if (micros >= 0) {
            boot.lastMicros = micros;
        }
    }

    private void full(LineReader r, boolean events) {
        String raw = new String(r.bytes, r.start, r.end - r.start, StandardCharsets.UTF_8);
        accept(r.number, LogLine.of(raw), r.cut, events);
    }

    void accept(long number, String raw, boolean cut) {
        accept(number, LogLine.of(raw), cut, true);
    }

    /** {@code events} false: the line holds no word an event needs, so {@link EventMatcher#match} is not asked. */
    private void accept(long number, LogLine line, boolean cut, boolean events) {
        String m = line.message();
        boolean banner = line.kernel() && m.startsWith(BANNER);
        boolean restart = line.micros() == 0 && boot != null && boot.lastMicros > 0;
        if (banner || restart) {
            close();
            boot = new BootBuilder(number, false);
        }
        Optional<EventMatcher.Match> match = events ? EventMatcher.match(m) : Optional.empty();
        if (boot == null) {
            // before the first boot: the journal's header, firmware and boot loader output. A kernel's
            // stamped or journal line, or an event, opens a boot whose start the log does not have
            // (a [    0.000000] stamp is no proof of a start: early boot prints many lines at 0).
            if (!(line.kernel() && (line.stamped() || line.journal())) && match.isEmpty()) {
                return;
            }
            boot = new BootBuilder(number, true);
        }
        boot.see(number, line, m);
        if (banner) {
            String rest = m.substring(BANNER.length()).strip();
            int sp = rest.indexOf(' ');
            boot.release = sp < 0 ? rest : rest.substring(0, sp);
        }
        if (line.kernel()) {
            commandLine(m);
            crashkernel(m);
            boot.signs.see(number, m);
        }
        if (m.contains("/proc/vmcore")) {
            boot.vmcore = true;
        }
        if (boot.stack != null) {
            stackLine(number, m);
        }
        if (match.isPresent()) {
            EventMatcher.Match hit = match.get();
            if (eventCount >= maxEvents) {
                droppedEvents++;
                return;
            }
            eventCount++;
            boot.events.add(new LogEvent(hit.code(), number, line.micros(), m, cut, hit.detail()));
            if (hit.code() == EventCode.SOFT_LOCKUP) {
                flushStack(); // a lockup reported again before the last one's trace ended keeps what it had
                boot.stack = new LinkedHashSet<>();
                boot.stackEvent = boot.events.size() - 1;
                boot.stackUntil = number + STACK_WINDOW;
            } else if (hit.code() == EventCode.DUMP_SAVED) {
                boot.vmcore = true;
            }
        }
    }

    private void commandLine(String m) {
        if (boot.commandLine != null) {
            return; // see below
        }
        String cl = null;
        if (m.startsWith("Command line:")) {
            cl = m.substring("Command line:".length());
        } else if (m.startsWith("Kernel command line:")) {
            cl = m.substring("Kernel command line:".length());
        }
        // the first one wins: x86 prints "Command line:" in setup_arch() before start_kernel()'s
        // "Kernel command line:", which may already carry bootconfig or built-in additions
        if (cl != null) {
            boot.commandLine = cl.strip();
        }
    }

    private void crashkernel(String m) {
        if (boot.crashkernel != null || !m.contains("crashkernel")) {
            return;
        }
        // each pattern only where its words are: the command lines carry crashkernel= too
        Matcher r = m.contains("crashkernel reserved: ") ? RESERVED.matcher(m) : null;
        if (r != null && r.find()) {
            boot.crashkernel = new Crashkernel(Long.parseUnsignedLong(r.group(1), 16), Long.parseUnsignedLong(r.group(2), 16),
                    Long.parseLong(r.group(3)));
            return;
        }
        Matcher o = m.contains("Reserving ") ? RESERVING.matcher(m) : null;
        if (o != null && o.find()) {
            long mb = Long.parseLong(o.group(1));
            long at = Long.parseLong(o.group(2)) << 20;
            boot.crashkernel = new Crashkernel(at, at + (mb << 20), mb);
        }
    }

    /** Gathers the functions of the stack after a soft lockup until its trace ends. */
    private void stackLine(long number, String m) {
        String f = EventMatcher.frame(m);
        if (f != null && boot.stack.size() < STACK_MAX) {
            boot.stack.add(f);
        }
        if (number >= boot.stackUntil || m.contains("</TASK>") || m.startsWith("---[ end trace")) {
            flushStack();
        }
    }

    private void flushStack() {
        if (boot.stack == null) {
            return;
        }
        LogEvent e = boot.events.get(boot.stackEvent);
        boot.events.set(boot.stackEvent,
                new LogEvent(e.code(), e.line(), e.micros(), e.text(), e.cut(), new EventDetail.Stack(List.copyOf(boot.stack))));
        boot.stack = null;
    }

    private void close() {
        if (boot != null) {
            if (boot.lastKept == KEPT_MESSAGE) {
                boot.lastText = reader.kept();
            } else if (boot.lastKept == KEPT_LINE) {
                boot.lastText = LogLine.of(reader.kept()).message();
            }
            flushStack();
            if (boots.size() == maxBoots) {
                eventCount -= boots.removeFirst().events().size(); // its events no longer count against the cap
                droppedBoots++;
            }
            boots.add(boot.build());
            boot = null;
        }
    }

    List<Boot> finish() {
        close();
        return List.copyOf(boots);
    }

    /** A boot while it is being read. */
    private static final class BootBuilder {
        final long firstLine;
        final boolean midBoot;
        long lastLine;
        String firstText;
        String lastText = "";
        /** Whether lastText is still to be read from what the reader keeps: its message, or the whole line. */
        int lastKept = KEPT_NONE;
        long lastMicros = -1;
        String release;
        String commandLine;
        Crashkernel crashkernel;
        boolean vmcore;
        final List<LogEvent> events = new ArrayList<>();
        final SignCollector signs = new SignCollector();
        LinkedHashSet<String> stack;
        int stackEvent;
        long stackUntil;

        BootBuilder(long firstLine, boolean midBoot) {
            this.firstLine = firstLine;
            this.midBoot = midBoot;
            this.lastLine = firstLine;
        }

        void see(long number, LogLine line, String m) {
            if (firstText == null) {
                firstText = m;
            }
            if (!m.isBlank()) {
                lastLine = number;
                lastText = m;
                lastKept = KEPT_NONE;
            }
            if (line.micros() >= 0) {
                lastMicros = line.micros();
            }
        }

        Boot build() {
            return new Boot(role(), midBoot, firstLine, firstText == null ? "" : firstText, lastLine, Optional.ofNullable(release),
                    Optional.ofNullable(commandLine), Optional.ofNullable(crashkernel), events, lastText, lastMicros, signs.build());
        }

        private BootRole role() {
            if (vmcore || hasWord(commandLine, "elfcorehdr=")) {
                return BootRole.KDUMP;
            }
            if (crashkernel != null || hasWord(commandLine, "crashkernel=")) {
                return BootRole.FIRST;
            }
            // a boot seen from its start that shows none of kdump's marks is a normal boot: one
            // without crashkernel memory (no reservation recorded), the case a post-mortem must name
            return midBoot ? BootRole.UNKNOWN : BootRole.FIRST;
        }

        /** Whether a word of the command line (as split("\s+") cuts it) starts with {@code prefix}. */
        private static boolean hasWord(String commandLine, String prefix) {
            if (commandLine == null) {
                return false;
            }
            for (int i = commandLine.indexOf(prefix); i >= 0; i = commandLine.indexOf(prefix, i + 1)) {
                if (i == 0 || isSpace(commandLine.charAt(i - 1))) {
                    return true;
                }
            }
            return false;
        }

        /** The pattern class \s: space, tab, LF, VT, FF, CR. */
        private static boolean isSpace(char c) {
            return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r';
        }
    }
}
