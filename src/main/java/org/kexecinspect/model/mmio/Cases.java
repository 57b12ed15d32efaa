package org.kexecinspect.model.mmio;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.kexecinspect.model.Reason;
import org.kexecinspect.model.Tristate;
import org.kexecinspect.model.mmio.MmioPrediction.Range;
import org.kexecinspect.model.mmio.Reservation.Kind;

/**
 * Every value the unknown conditions could take, each case worked out, and the cases merged: a
 * field is known only when every case agrees, and the reasons name the unknowns that made a difference.
 */
final class Cases {
    private Cases() {}

    /**
     * The cases merged; {@code reservation} is null unless every case reserves the same range,
     * {@code windows} empty unless every case places the same ones; {@code possibleWindows} are the
     * first windows the cases place when they differ; {@code turnsOn} names the unknowns that made a difference.
     */
    record Merged(Kind reservationKind, Range reservation, Range window, List<Range> windows, List<Range> possibleWindows,
            Tristate conflict, Tristate pciFirst, List<String> turnsOn, List<Reason> reasons) {}

    static Merged enumerate(Inputs in) {
        List<Condition> unknown = new ArrayList<>();
        for (Condition v : Condition.values()) {
            boolean irrelevant = v == Condition.PCI_FIRST && in.condition(Condition.PCI_HYPERV).isNo();
            if (!in.condition(v).known() && !irrelevant) {
                unknown.add(v);
            }
        }
        List<Map<Condition, Boolean>> cases = cases(in, unknown);
        List<Outcome> outs = new ArrayList<>();
        for (Map<Condition, Boolean> c : cases) {
            List<Reason> trail = new ArrayList<>();
            outs.add(ConfigWindow.land(in, c, Reservation.of(in, c, trail), trail));
        }
        Outcome o0 = outs.get(0);
        boolean sameRes = outs.stream().allMatch(o -> o.reservation().kind() == o0.reservation().kind()
                && Objects.equals(o.reservation().range(), o0.reservation().range()));
        boolean sameFirst = outs.stream().allMatch(o -> Objects.equals(o.window(), o0.window()));
        boolean sameWin = outs.stream().allMatch(o -> o.windows().equals(o0.windows()));
        boolean sameConflict = outs.stream().allMatch(o -> o.conflict() == o0.conflict());
        List<Reason> reasons = new ArrayList<>();
        List<String> mattered = new ArrayList<>();
        if (outs.size() == 1) {
            reasons.addAll(o0.trail());
        } else {
            for (Condition v : unknown) {
                if (matters(v, cases, outs)) {
                    mattered.add(v.label);
                }
            }
            reasons.add(Reason.of(cases.size() + " cases for the unknown " + String.join(", ", unknown.stream()
                    .map(v -> v.label).toList()) + (mattered.isEmpty() ? ": all end the same"
                    : "; the answer turns on " + String.join(", ", mattered)), Sources.FAILURE));
            if (cases.size() <= 4) {
                for (int i = 0; i < cases.size(); i++) {
                    reasons.add(Reason.of("if " + describe(cases.get(i), unknown) + ": " + outs.get(i).summary(),
                            Sources.RESERVE_FB + "; " + Sources.CONFIG_WINDOW));
                }
            }
            if (sameRes && sameFirst && sameConflict) {
                reasons.addAll(o0.trail());
            } else if (sameConflict && o0.conflict().known()) {
                reasons.add(Reason.of("in every case the config window " + (o0.conflict().isYes() ? "lands on" : "stays off")
                        + " the framebuffer", Sources.FAILURE));
            }
        }
        List<Range> possible = new ArrayList<>();
        if (!sameFirst) {
            for (Outcome o : outs) {
                if (o.window() != null && !possible.contains(o.window())) {
                    possible.add(o.window());
                }
            }
            possible.sort((a, b) -> Long.compareUnsigned(a.start(), b.start()));
        }
        return new Merged(sameRes ? o0.reservation().kind() : Kind.UNKNOWN, sameRes ? o0.reservation().range() : null,
                sameFirst ? o0.window() : null, sameWin ? o0.windows() : List.of(), possible,
                sameConflict ? o0.conflict() : Tristate.UNKNOWN, in.condition(Condition.PCI_FIRST), mattered, reasons);
    }

    /** Every assignment of the unknown conditions that a kernel can have; known ones keep their value. */
    private static List<Map<Condition, Boolean>> cases(Inputs in, List<Condition> unknown) {
        List<Map<Condition, Boolean>> cases = new ArrayList<>();
        for (int bits = 0; bits < 1 << unknown.size(); bits++) {
            EnumMap<Condition, Boolean> c = new EnumMap<>(Condition.class);
            for (Condition v : Condition.values()) {
                int i = unknown.indexOf(v);
                c.put(v, i < 0 ? in.condition(v).isYes() : (bits >> i & 1) == 1);
            }
            // a07b50d80ab6 was merged after 2a8a8afba0c3: a kernel cannot have the first without the second
            if (c.get(Condition.SYSFB_GATE) && !c.get(Condition.GEN1_PCI_BAR)) {
                continue;
            }
            cases.add(c);
        }
        return cases;
    }

    /** Whether two cases that differ only in {@code v} end differently. */
    private static boolean matters(Condition v, List<Map<Condition, Boolean>> cases, List<Outcome> outs) {
        for (int i = 0; i < cases.size(); i++) {
            for (int j = i + 1; j < cases.size(); j++) {
                Map<Condition, Boolean> a = cases.get(i);
                Map<Condition, Boolean> b = cases.get(j);
                boolean onlyV = true;
                for (Condition w : Condition.values()) {
                    if (!Objects.equals(a.get(w), b.get(w)) && w != v) {
                        onlyV = false;
                    }
                }
                if (onlyV && !a.get(v).equals(b.get(v)) && !outs.get(i).summary().equals(outs.get(j).summary())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String describe(Map<Condition, Boolean> c, List<Condition> unknown) {
        List<String> parts = new ArrayList<>();
        for (Condition v : unknown) {
            parts.add(v.label + (c.get(v) ? ": yes" : ": no"));
        }
        return String.join(", ", parts);
    }
}
