package org.kexecinspect.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.kexecinspect.cli.render.Node;
import org.kexecinspect.cli.render.Node.Obj;
import org.kexecinspect.format.log.Boot;
import org.kexecinspect.format.log.EventDetail;
import org.kexecinspect.format.log.KernelLog;
import org.kexecinspect.format.log.LogEvent;
import org.kexecinspect.format.log.MemRange;
import org.kexecinspect.model.postmortem.Agreement;
import org.kexecinspect.model.postmortem.Cause;
import org.kexecinspect.model.postmortem.Evidence;
import org.kexecinspect.model.postmortem.Postmortem;

/**
 * The postmortem JSON contract: postmortem {log, boots [{role, kernelRelease, commandLine, crashkernel,
 * framebuffer, events [{code, line, time, text, detail}]}], outcome, cause {code, message, evidence,
 * remedy} or null}.
 */
final class DescribePostmortem {
    private DescribePostmortem() {}

    static Obj postmortem(KernelLog log, Postmortem p) {
        List<Node> boots = new ArrayList<>();
        for (Boot b : log.boots()) {
            boots.add(boot(b));
        }
        return new Obj()
                .put("log", "log", log(log), null)
                .put("boots", "boots", new Node.Arr(boots), null)
                .put("outcome", p.outcome().jsonName())
                .put("cause", "cause", p.cause() == null ? new Node.Null("none needed or none fits") : cause(p.cause()), null)
                .put("prediction", "against the prediction", p.agreement() == null ? new Node.Null("no prediction made")
                        : agreement(p.agreement()), null);
    }

    private static Obj agreement(Agreement a) {
        return new Obj().put("verdict", a.verdict()).put("finding", a.finding())
                .put("agrees", a.agrees() == null ? new Node.Null("cannot tell") : new Node.Bool(a.agrees()))
                .put("note", a.note());
    }

    private static Obj log(KernelLog log) {
        return new Obj().put("lines", Node.dec(log.lines())).put("bytes", Node.size(log.bytes()))
                .put("cutLines", "lines cut at the length cap", Node.dec(log.cutLines()), null)
                .put("endsMidLine", "ends inside a line", new Node.Bool(log.endsMidLine()), "the capture was cut")
                .put("droppedEvents", "events over the cap", Node.dec(log.droppedEvents()), null)
                .put("droppedBoots", "oldest boots over the cap", Node.dec(log.droppedBoots()), null);
    }

    static Obj boot(Boot b) {
        List<Node> events = new ArrayList<>();
        for (LogEvent e : b.events()) {
            events.add(event(e));
        }
        return new Obj()
                .put("role", b.role().name().toLowerCase(Locale.ROOT))
                .put("startsMidBoot", new Node.Bool(b.startsMidBoot()))
                .put("firstLine", Node.dec(b.firstLine()))
                .put("lastLine", Node.dec(b.lastLine()))
                .put("kernelRelease", b.kernelRelease().orElse(null))
                .put("commandLine", b.commandLine().orElse(null))
                .put("crashkernel", "crashkernel", b.crashkernel().<Node>map(c -> new Obj()
                        .put("start", Node.hex(c.start(), 8)).put("end", Node.hex(c.end(), 8))
                        .put("megabytes", Node.dec(c.megabytes()))).orElse(new Node.Null("none reserved in this log")), null)
                .put("framebuffer", "framebuffer", framebuffer(b), null)
                .put("events", "events", new Node.Arr(events), null);
    }

    static Node framebuffer(Boot b) {
        return b.framebuffer().<Node>map(DescribePostmortem::framebuffer).orElse(new Node.Null("no framebuffer line"));
    }

    private static Obj framebuffer(EventDetail.Framebuffer fb) {
        return new Obj().put("driver", fb.driver())
                .put("base", fb.base().isPresent() ? Node.hex(fb.base().getAsLong(), 8) : new Node.Null("not printed"))
                .put("size", fb.size().isPresent() ? Node.size(fb.size().getAsLong()) : new Node.Null("not printed"));
    }

    static Obj event(LogEvent e) {
        return new Obj().put("code", e.code().code()).put("line", Node.dec(e.line()))
                .put("time", e.micros() < 0 ? null : time(e.micros()))
                .put("text", e.text())
                .put("detail", "detail", detail(e.detail()), null);
    }

    /** Seconds since boot as the kernel prints them. */
    static String time(long micros) {
        return String.format(Locale.ROOT, "%d.%06d", micros / 1_000_000, micros % 1_000_000);
    }

    private static Node detail(EventDetail d) {
        if (d instanceof EventDetail.Framebuffer fb) {
            return framebuffer(fb);
        }
        if (d instanceof EventDetail.Status s) {
            return new Obj().put("status", s.status());
        }
        if (d instanceof EventDetail.Stack s) {
            return new Obj().put("functions", Node.strings(s.functions()));
        }
        if (d instanceof EventDetail.Mmio m) {
            List<Node> hv = new ArrayList<>();
            for (MemRange r : m.hvMmio()) {
                hv.add(range(r));
            }
            return new Obj().put("hvMmio", new Node.Arr(hv))
                    .put("fb", m.fb().<Node>map(DescribePostmortem::range).orElse(new Node.Null("none: lfb_base 0")));
        }
        return new Node.Null("nothing more on the line");
    }

    private static Obj range(MemRange r) {
        return new Obj().put("start", Node.hex(r.start(), 8)).put("end", Node.hex(r.end(), 8));
    }

    static Obj cause(Cause c) {
        List<Node> ev = new ArrayList<>();
        for (Evidence e : c.evidence()) {
            ev.add(new Obj().put("line", Node.dec(e.line())).put("text", e.text()));
        }
        return new Obj().put("code", c.code()).put("message", c.message())
                .put("evidence", "evidence", new Node.Arr(ev), null).put("remedy", c.remedy());
    }
}
