package org.kexecinspect.model;

import java.util.List;

/**
 * One thing the report tells a person.
 *
 * @param code     stable identifier (e.g. "kexec-load-drm-lfb-zero")
 * @param message  one sentence a person can act on
 * @param evidence the facts and rules it used, each with its source
 * @param remedies what to do, in order of effort (any one is enough); empty when there is nothing to do
 */
public record Finding(String code, Severity severity, String message, List<Reason> evidence, List<Remedy> remedies) {

    /** How much a finding matters; {@code label} is what JSON and preflight print. */
    public enum Severity {
        INFO("info"), WARNING("warning"), ERROR("error");

        private final String label;

        Severity(String label) { this.label = label; }

        public String label() { return label; }
    }

    public Finding {
        evidence = List.copyOf(evidence);
        remedies = List.copyOf(remedies);
    }

    /** A finding with nothing to do. */
    public Finding(String code, Severity severity, String message, List<Reason> evidence) {
        this(code, severity, message, evidence, List.of());
    }

    /** The remedies as one sentence, what JSON's {@code remedy} and preflight print; null when there is none. */
    public String remedy() {
        return Remedy.sentence(remedies);
    }
}
