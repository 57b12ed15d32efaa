package org.kexecinspect.cli;

import java.io.PrintWriter;

import org.kexecinspect.model.Finding;
import org.kexecinspect.model.PathPrediction;
import org.kexecinspect.model.Prediction;
import org.kexecinspect.model.Reason;

/** The text report of diagnose and predict: the verdict and the one thing to do first, then why, then the map. */
final class Report {
    private Report() {}

    static void print(PrintWriter out, String title, Prediction p) {
        out.println(title);
        Finding lead = lead(p);
        out.println("  verdict: " + p.verdict().label() + (lead == null ? "" : " - " + lead.message()));
        if (lead != null && lead.remedy() != null) {
            out.println("  do this: " + lead.remedy());
        }
        out.println();
        out.println("  load paths (configured: " + (p.configuredLoadPath() == null ? "unknown" : p.configuredLoadPath()) + ")");
        for (PathPrediction pp : p.paths()) {
            String si = pp.kdumpScreenInfo() == null ? "screen_info cannot be told"
                    : String.format("orig_video_isVGA 0x%02x, lfb_base 0x%x, lfb_size %d, ext_lfb_base 0x%x",
                            pp.kdumpScreenInfo().videoTypeCode(), pp.kdumpScreenInfo().lfbBase(),
                            pp.kdumpScreenInfo().lfbSize(), pp.kdumpScreenInfo().extLfbBase());
            out.println("    " + pp.loadPath() + (pp.used() ? " (used)" : "") + ": " + si
                    + (pp.lfbBaseZero().isYes() ? "  => lfb_base 0" : ""));
            for (Reason r : pp.reasons()) {
                out.println("      - " + r.text() + (r.derived() ? " [derived from code, not observed]" : "") + "  (" + r.evidence() + ")");
            }
        }
        out.println();
        out.println("  MMIO in the kdump kernel");
        for (String line : DescribePrediction.map(p.mmio())) {
            out.println("    " + line);
        }
        for (Reason r : p.mmio().reasons()) {
            out.println("      - " + r.text() + (r.derived() ? " [derived]" : "") + "  (" + r.evidence() + ")");
        }
        out.println();
        out.println("  findings");
        for (Finding f : p.findings()) {
            out.println("    " + f.severity().label() + ": " + f.message() + " [" + f.code() + "]");
            if (f.remedy() != null) {
                out.println("      remedy: " + f.remedy());
            }
        }
        out.println();
        out.flush();
    }

    /** The finding that leads the report: the most severe, the first of those. */
    static Finding lead(Prediction p) {
        Finding best = null;
        for (Finding f : p.findings()) {
            if (best == null || f.severity().ordinal() > best.severity().ordinal()) {
                best = f;
            }
        }
        return best;
    }
}
