package org.kexecinspect.cli;

import java.util.ArrayList;
import java.util.List;

import org.kexecinspect.cli.render.Node;
import org.kexecinspect.cli.render.Node.Obj;
import org.kexecinspect.model.Finding;
import org.kexecinspect.model.PathPrediction;
import org.kexecinspect.model.Prediction;
import org.kexecinspect.model.Reason;
import org.kexecinspect.model.Remedy;
import org.kexecinspect.model.Summary;
import org.kexecinspect.model.mmio.MmioPrediction;
import org.kexecinspect.model.mmio.MmioPrediction.Range;

/** The prediction JSON contract: prediction {arch, verdict, summary, configuredLoadPath, paths, mmio, findings}. */
final class DescribePrediction {
    private DescribePrediction() {}

    static Obj prediction(Prediction p) {
        Obj o = new Obj()
                .put("arch", p.arch() == null ? null : p.arch().machine())
                .put("verdict", p.verdict().label())
                .put("summary", "summary", summary(p.summary()), null)
                .put("configuredLoadPath", p.configuredLoadPath());
        List<Node> paths = new ArrayList<>();
        for (PathPrediction pp : p.paths()) {
            paths.add(path(pp));
        }
        o.put("paths", "load paths", new Node.Arr(paths), null);
        o.put("mmio", "Hyper-V MMIO in the kdump kernel", mmio(p.mmio()), null);
        List<Node> findings = new ArrayList<>();
        for (Finding f : p.findings()) {
            findings.add(finding(f));
        }
        o.put("findings", "findings", new Node.Arr(findings), null);
        return o;
    }

    /** {headline, why, missing}: the verdict in plain words, the chain in at most four lines, what would decide it. */
    static Obj summary(Summary s) {
        return new Obj().put("headline", s.headline())
                .put("why", "why", strings(s.why()), null)
                .put("missing", "missing", strings(s.missing()), null);
    }

    private static Node strings(List<String> xs) {
        List<Node> items = new ArrayList<>();
        for (String x : xs) {
            items.add(new Node.Str(x));
        }
        return new Node.Arr(items);
    }

    static Obj path(PathPrediction pp) {
        return new Obj().put("loadPath", pp.loadPath().jsonName())
                .put("used", new Node.Bool(pp.used()))
                .put("kdumpScreenInfo", "kdump screen_info", pp.kdumpScreenInfo() == null ? new Node.Null("cannot tell")
                        : Describe.screenInfo(pp.kdumpScreenInfo()), null)
                .put("lfbBaseZero", bool(pp.lfbBaseZero().toBoolean()))
                .put("efiBoot", bool(pp.efiBoot().toBoolean()))
                .put("available", bool(pp.available().toBoolean()))
                .put("reasons", "reasons", reasons(pp.reasons()), null);
    }

    private static Node bool(Boolean b) {
        return b == null ? new Node.Null("cannot tell") : new Node.Bool(b);
    }

    static Node reasons(List<Reason> rs) {
        List<Node> items = new ArrayList<>();
        for (Reason r : rs) {
            items.add(new Obj().put("text", r.text()).put("evidence", r.evidence()).put("derived", new Node.Bool(r.derived())));
        }
        return new Node.Arr(items);
    }

    private static Node range(Range r) {
        return r == null ? new Node.Null("none or unknown")
                : new Obj().put("start", Node.hex(r.start(), 8)).put("end", Node.hex(r.end(), 8)).put("size", Node.size(r.size()));
    }

    static Obj mmio(MmioPrediction m) {
        return new Obj().put("lowMmio", range(m.lowMmio()))
                .put("highMmio", range(m.highMmio()))
                .put("framebuffer", range(m.framebuffer()))
                .put("framebufferReservation", range(m.framebufferReservation()))
                .put("reserves", m.reserves().label())
                .put("configWindow", range(m.configWindow()))
                .put("configWindows", "config windows", ranges(m.configWindows()), null)
                .put("possibleConfigWindows", "possible config windows", ranges(m.possibleConfigWindows()), null)
                .put("conflict", bool(m.conflict().toBoolean()))
                .put("pciHypervFirst", bool(m.pciHypervFirst().toBoolean()))
                .put("turnsOn", "turns on", strings(m.turnsOn()), null)
                .put("reasons", "reasons", reasons(m.reasons()), null);
    }

    private static Node ranges(List<Range> rs) {
        List<Node> items = new ArrayList<>();
        for (Range r : rs) {
            items.add(range(r));
        }
        return new Node.Arr(items);
    }

    static Obj finding(Finding f) {
        return new Obj().put("code", f.code())
                .put("severity", f.severity().label())
                .put("message", f.message())
                .put("evidence", "evidence", reasons(f.evidence()), null)
                .put("remedy", f.remedy())
                .put("remedies", "remedies", remedies(f.remedies()), null);
    }

    /** Each remedy on its own: {action, file, line, caveat}, file and line null when it is no file edit. */
    static Node remedies(List<Remedy> rs) {
        List<Node> items = new ArrayList<>();
        for (Remedy r : rs) {
            items.add(new Obj().put("action", r.action()).put("file", r.file()).put("line", r.line()).put("caveat", r.caveat()));
        }
        return new Node.Arr(items);
    }
}
