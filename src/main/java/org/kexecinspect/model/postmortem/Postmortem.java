package org.kexecinspect.model.postmortem;

import java.util.Objects;

/**
 * The verdict on a log: the outcome of its last crash, its cause when one can be named (else null), and,
 * when a prediction for the same VM was made, how the two compare (else null).
 */
public record Postmortem(Outcome outcome, Cause cause, Agreement agreement) {
    public Postmortem {
        Objects.requireNonNull(outcome, "outcome");
    }

    /** A verdict from the log alone. */
    public Postmortem(Outcome outcome, Cause cause) {
        this(outcome, cause, null);
    }
}
