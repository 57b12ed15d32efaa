package org.kexecinspect.model.postmortem;

import java.util.Objects;

/** The verdict on a log: the outcome of its last crash and, when one can be named, its cause (else null). */
public record Postmortem(Outcome outcome, Cause cause) {
    public Postmortem {
        Objects.requireNonNull(outcome, "outcome");
    }
}
