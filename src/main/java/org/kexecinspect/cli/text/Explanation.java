package org.kexecinspect.cli.text;

import java.util.ArrayList;
import java.util.List;

import org.kexecinspect.model.Finding;
import org.kexecinspect.model.PathPrediction;
import org.kexecinspect.model.Prediction;
import org.kexecinspect.model.Reason;
import org.kexecinspect.model.Remedy;

/**
 * What --explain adds below the lead and the map: the reason chain of each load path and of the MMIO
 * outcome, every step with its evidence and sources, and every finding with its remedies and their
 * caveats. Long lines wrap at the width with a hanging indent.
 */
public final class Explanation {
    private Explanation() {}

    public static List<String> lines(Prediction p, int width, Style style) {
        List<String> out = new ArrayList<>();
        out.add("Load paths (configured: " + (p.configuredLoadPath() == null ? "unknown" : p.configuredLoadPath()) + ")");
        for (PathPrediction pp : p.paths()) {
            String si = pp.kdumpScreenInfo() == null ? "screen_info cannot be told"
                    : "orig_video_isVGA 0x" + hex2(pp.kdumpScreenInfo().videoTypeCode()) + ", lfb_base 0x"
                            + Long.toHexString(pp.kdumpScreenInfo().lfbBase()) + ", lfb_size " + pp.kdumpScreenInfo().lfbSize()
                            + ", ext_lfb_base 0x" + Long.toHexString(pp.kdumpScreenInfo().extLfbBase());
            out.addAll(Wrap.lines(pp.loadPath() + (pp.used() ? " (used)" : "") + ": " + si
                    + (pp.lfbBaseZero().isYes() ? "  => lfb_base 0" : ""), width, "  ", "      "));
            reasons(out, pp.reasons(), width);
        }
        out.add("");
        out.add("MMIO in the kdump kernel");
        reasons(out, p.mmio().reasons(), width);
        out.add("");
        out.add("Findings");
        for (Finding f : p.findings()) {
            List<String> msg = Wrap.lines(f.severity().label() + ": " + f.message() + " [" + f.code() + "]", width, "  ", "    ");
            String first = msg.get(0);
            String label = f.severity().label() + ":";
            int at = first.indexOf(label);
            msg.set(0, first.substring(0, at) + style.severity(f.severity(), label) + first.substring(at + label.length()));
            out.addAll(msg);
            int n = 1;
            for (Remedy r : f.remedies()) {
                out.addAll(Wrap.lines((f.remedies().size() > 1 ? n + ". " : "remedy: ") + capital(r.clause()), width,
                        "    ", "       "));
                if (r.caveat() != null) {
                    out.addAll(Wrap.lines("caveat: " + r.caveat(), width, "       ", "         "));
                }
                n++;
            }
        }
        return out;
    }

    private static void reasons(List<String> out, List<Reason> rs, int width) {
        for (Reason r : rs) {
            out.addAll(Wrap.lines("- " + r.text() + (r.derived() ? " [derived from code, not observed]" : "")
                    + " (" + r.evidence() + ")", width, "    ", "      "));
        }
    }

    private static String hex2(int v) {
        String h = Integer.toHexString(v);
        return h.length() < 2 ? "0" + h : h;
    }

    private static String capital(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
