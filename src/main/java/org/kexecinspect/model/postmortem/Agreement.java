package org.kexecinspect.model.postmortem;

import java.util.List;
import java.util.Optional;

import org.kexecinspect.model.Finding;
import org.kexecinspect.model.Prediction;
import org.kexecinspect.model.Verdict;

/**
 * How a post-mortem and the prediction for the same VM compare: the prediction's verdict, the finding
 * that predicts the same failure (null when none does), whether they agree (null when the prediction
 * cannot decide, or the cause is not one a prediction makes) and one sentence saying so.
 */
public record Agreement(String verdict, String finding, Boolean agrees, String note) {

    /** The causes the prediction predicts, each with the findings that predict it. */
    private static final List<String> CONFIG_WINDOW = List.of("config-window-on-framebuffer", "kdump-lfb-base-zero");
    private static final List<String> STALE = List.of("stale-framebuffer-base");

    /**
     * The post-mortem with the prediction beside it. Where the prediction foresees the failure the log shows,
     * the remedy is the prediction's (it knows the load path and the kernels: one remedy for one VM).
     */
    public static Postmortem compare(Postmortem pm, Prediction p) {
        Cause c = pm.cause();
        List<String> predicting = c == null ? List.of()
                : c.code().equals("config-window-refused") ? CONFIG_WINDOW
                : c.code().equals("stale-framebuffer") ? STALE : List.of();
        String verdict = p.verdict().label();
        if (predicting.isEmpty()) {
            return new Postmortem(pm.outcome(), c, new Agreement(verdict, null, null,
                    c == null ? "The log shows no failure a prediction foresees; the prediction says " + verdict + "."
                            : "The prediction does not foresee " + c.code() + "; it says " + verdict + "."));
        }
        Optional<Finding> same = p.findings().stream().filter(f -> predicting.contains(f.code())).findFirst();
        if (same.isPresent()) {
            Finding f = same.get();
            Cause withRemedy = f.remedy() == null ? c : new Cause(c.code(), c.message(), c.evidence(), f.remedy());
            return new Postmortem(pm.outcome(), withRemedy, new Agreement(verdict, f.code(), true,
                    "The prediction foresees it (" + f.code() + "): " + f.message()));
        }
        if (p.verdict() == Verdict.UNKNOWN) {
            // the finding that names every missing fact, else the first warning
            String missing = p.findings().stream().filter(f -> f.code().equals("cannot-decide")).map(Finding::message).findFirst()
                    .or(() -> p.findings().stream().filter(f -> f.severity() == Finding.Severity.WARNING).map(Finding::message).findFirst())
                    .orElse("its findings say which facts are missing.");
            return new Postmortem(pm.outcome(), c, new Agreement(verdict, null, null,
                    "The prediction cannot decide from these facts: " + missing));
        }
        return new Postmortem(pm.outcome(), c, new Agreement(verdict, null, false,
                "The prediction from these facts says " + verdict + ", yet the log shows " + c.code()
                        + ": the facts read now differ from those at the crash (another kernel, kexec-tools or kdump"
                        + " setting), or a fact was misread; the log is what happened."));
    }
}
