package org.kexecinspect.cli.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.kexecinspect.model.Finding;
import org.kexecinspect.model.Prediction;
import org.kexecinspect.model.Remedy;
import org.kexecinspect.model.Summary;
import org.kexecinspect.model.Verdict;

/**
 * The top of a report, at most {@link #MAX_LINES} lines at 80 columns: the title, the verdict in plain
 * words, what to do as a numbered list (one remedy each: the file and the exact line to change where
 * there is one), and why in at most four lines. The evidence is for --explain.
 */
public final class Lead {
    private Lead() {}

    /** The most lines the lead takes at 80 columns. */
    public static final int MAX_LINES = 12;

    public static List<String> lines(String title, Prediction p, int width, Style style) {
        Summary s = p.summary();
        List<String> head = new ArrayList<>(Wrap.lines(title, width, "", "    "));
        String headline = s.headline() + (p.verdict() == Verdict.UNKNOWN ? " (--explain)" : "");
        for (String l : Wrap.lines(headline, width, "", "  ")) {
            head.add(style.verdict(p.verdict(), l));
        }
        List<String> why = new ArrayList<>();
        if (!s.why().isEmpty()) {
            why.add("Why (--explain gives the evidence):");
            for (String w : s.why()) {
                why.addAll(Wrap.lines(w, width, "  ", "    "));
            }
        }
        int budget = MAX_LINES - head.size() - why.size();
        List<String> out = new ArrayList<>(head);
        out.addAll(todo(p, width, budget, style));
        out.addAll(why);
        return out;
    }

    /** "Do this", as many remedies as the budget holds (the first always), or what is missing. */
    static List<String> todo(Prediction p, int width, int budget, Style style) {
        List<String> out = new ArrayList<>();
        List<Remedy> remedies = remedies(p.findings());
        List<String> items = new ArrayList<>();
        String header;
        if (!remedies.isEmpty()) {
            header = remedies.size() == 1 ? "Do this:" : "Do this (any one is enough):";
            for (Remedy r : remedies) {
                items.add(shortForm(r));
            }
        } else if (p.verdict() == Verdict.OK) {
            out.add("Do this: nothing, kdump can stay as it is.");
            return out;
        } else if (!p.summary().missing().isEmpty()) {
            header = "To decide it, find out:";
            items.addAll(p.summary().missing());
        } else {
            out.add("Do this: nothing certain yet (--explain).");
            return out;
        }
        out.add(header);
        int left = budget - 1;
        for (int i = 0; i < items.size(); i++) {
            List<String> item = Wrap.lines(items.get(i), width, "  " + (i + 1) + ". ", "     ");
            boolean last = i == items.size() - 1;
            if (i > 0 && item.size() > left - (last ? 0 : 1)) {
                out.add("  (" + (items.size() - i) + " more: --explain)");
                break;
            }
            if (i == 0 && !style.on()) {
                out.addAll(item);
            } else if (i == 0) {
                for (String l : item) {
                    out.add(style.bold(l));
                }
            } else {
                out.addAll(item);
            }
            left -= item.size();
        }
        return out;
    }

    /** The remedies of the most severe finding that has any: the first of those. */
    static List<Remedy> remedies(List<Finding> findings) {
        Finding best = null;
        for (Finding f : findings) {
            if (!f.remedies().isEmpty() && (best == null || f.severity().ordinal() > best.severity().ordinal())) {
                best = f;
            }
        }
        return best == null ? List.of() : best.remedies();
    }

    /** "Set KDUMP_KEXEC_ARGS="-s" in /etc/default/kdump-tools", or the action as a sentence. */
    public static String shortForm(Remedy r) {
        if (r.file() != null) {
            return "Set " + r.line() + " in " + r.file();
        }
        String a = r.action();
        return a.isEmpty() ? a : a.substring(0, 1).toUpperCase(Locale.ROOT) + a.substring(1);
    }
}
