package org.kexecinspect.model.postmortem;

import java.util.List;

/** Why the outcome is what it is: a stable code, one sentence, the log lines it rests on and a remedy. */
public record Cause(String code, String message, List<Evidence> evidence, String remedy) {
    public Cause {
        evidence = List.copyOf(evidence);
    }
}
