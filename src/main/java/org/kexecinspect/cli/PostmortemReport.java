package org.kexecinspect.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

import org.kexecinspect.format.log.Boot;
import org.kexecinspect.format.log.EventDetail;
import org.kexecinspect.format.log.KernelLog;
import org.kexecinspect.format.log.LogEvent;
import org.kexecinspect.model.postmortem.Cause;
import org.kexecinspect.model.postmortem.Evidence;
import org.kexecinspect.model.postmortem.Outcome;
import org.kexecinspect.model.postmortem.Postmortem;

/** The text of a post-mortem: the outcome and the cause in two lines, what to do, the evidence, then the boots. */
final class PostmortemReport {
    private PostmortemReport() {}

    /** Events shown per boot in text; JSON has them all. */
    static final int EVENTS_PER_BOOT = 12;

    static String outcomeWords(Outcome o) {
        return switch (o) {
            case DUMP_SAVED -> "dump saved";
            case KDUMP_FAILED -> "kdump failed";
            case KDUMP_NOT_STARTED -> "kdump never started";
            case NO_CRASH_SEEN -> "no crash in this log";
            case UNKNOWN -> "cannot tell";
        };
    }

    static void print(PrintWriter out, String name, KernelLog log, Postmortem p) {
        Cause c = p.cause();
        out.println(name + ": " + outcomeWords(p.outcome()) + " (" + p.outcome().jsonName() + ")"
                + (c == null ? "" : ", cause " + c.code()));
        if (c != null) {
            out.println("  " + c.message());
            out.println("  do this: " + c.remedy());
            out.println("  evidence:");
            for (Evidence e : c.evidence()) {
                out.println("    line " + pad(Long.toString(e.line()), 7) + " " + e.text());
            }
        }
        if (p.agreement() != null) {
            out.println("  prediction: " + p.agreement().verdict() + ". " + p.agreement().note());
        }
        if (c == null && p.outcome() == Outcome.NO_CRASH_SEEN) {
            out.println("  No panic and no kdump kernel in " + log.lines() + " lines.");
        }
        body(out, log);
    }

    /** The boots as a short timeline, then what the reader had to cut. */
    static void body(PrintWriter out, KernelLog log) {
        out.println("  boots:");
        if (log.boots().isEmpty()) {
            out.println("    none: no kernel line in this log");
        }
        for (Boot b : log.boots()) {
            out.println("    " + bootLine(b));
            List<LogEvent> events = b.events();
            for (int i = 0; i < events.size() && i < EVENTS_PER_BOOT; i++) {
                LogEvent e = events.get(i);
                out.println("      line " + pad(Long.toString(e.line()), 7) + " " + pad(e.code().code(), 19) + " " + e.text());
            }
            if (events.size() > EVENTS_PER_BOOT) {
                out.println("      ... " + (events.size() - EVENTS_PER_BOOT) + " more (--format json lists every event)");
            }
        }
        if (log.cutLines() > 0 || log.endsMidLine() || log.droppedEvents() > 0 || log.droppedBoots() > 0) {
            out.println("  note: " + (log.cutLines() > 0 ? log.cutLines() + " lines were cut at the length cap; " : "")
                    + (log.endsMidLine() ? "the log ends inside a line (a cut capture); " : "")
                    + (log.droppedEvents() > 0 ? log.droppedEvents() + " events over the cap were counted, not kept; " : "")
                    + (log.droppedBoots() > 0 ? "the " + log.droppedBoots() + " oldest boots were dropped over the boot cap" : ""));
        }
        out.println();
        out.flush();
    }

    private static String bootLine(Boot b) {
        StringBuilder s = new StringBuilder(pad(b.role().name().toLowerCase(Locale.ROOT), 7)).append(' ')
                .append(b.kernelRelease().orElse(b.startsMidBoot() ? "(the log starts inside this boot)" : "(release not shown)"))
                .append("  lines ").append(b.firstLine()).append('-').append(b.lastLine());
        b.crashkernel().ifPresent(c -> s.append("  crashkernel ").append(c.megabytes()).append(" MB at 0x").append(Long.toHexString(c.start())));
        s.append("  framebuffer ").append(b.framebuffer().map(PostmortemReport::framebuffer).orElse("none printed"));
        return s.toString();
    }

    private static String framebuffer(EventDetail.Framebuffer fb) {
        return fb.driver() + (fb.base().isPresent() ? " at 0x" + Long.toHexString(fb.base().getAsLong()) : " (no base printed)")
                + (fb.size().isPresent() ? " (" + fb.size().getAsLong() / 1024 + " KiB)" : "");
    }

    /** {@code s} left-aligned in {@code width} columns (String.format's %-Ns without its cost per line). */
    static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
