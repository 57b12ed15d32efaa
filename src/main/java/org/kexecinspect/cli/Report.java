package org.kexecinspect.cli;

import java.io.PrintWriter;
import java.util.List;

import org.kexecinspect.cli.text.Explanation;
import org.kexecinspect.cli.text.Lead;
import org.kexecinspect.cli.text.MmioMap;
import org.kexecinspect.cli.text.Style;
import org.kexecinspect.cli.text.Wrap;
import org.kexecinspect.model.Prediction;

/**
 * The text report of diagnose and predict: the lead (the verdict in plain words, what to do, why), the
 * MMIO map, and with --explain the evidence behind them.
 */
final class Report {
    private Report() {}

    /** How a report is printed: with the evidence or not, in colour or not, at which width. */
    record Options(boolean explain, Style style, int width) {
        static Options of(ExplainOption explain, ColorOption color) {
            return new Options(explain.explain(), Style.of(color.enabled()), Wrap.columns(System.getenv()));
        }
    }

    static void print(PrintWriter out, String title, Prediction p, Options o) {
        for (String l : lines(title, p, o)) {
            out.println(l);
        }
        out.flush();
    }

    static List<String> lines(String title, Prediction p, Options o) {
        List<String> all = new java.util.ArrayList<>(Lead.lines(title, p, o.width(), o.style()));
        all.addAll(MmioMap.lines(p.mmio(), o.width(), o.style()));
        if (o.explain()) {
            all.add("");
            all.addAll(Explanation.lines(p, o.width(), o.style()));
        }
        all.add("");
        return all;
    }
}
