package org.kexecinspect.model;

/** The answer for one system, and the exit code it gives (0 no risk, 1 a risk, 4 not enough facts). */
public enum Verdict {
    /** Not exposed, or exposed but the kdump kernel will keep its NVMe root and dump target. */
    OK("ok", 0),
    /** lfb_base 0 or a conflict is possible, but something that matters is unknown or off the critical path. */
    AT_RISK("at-risk", 1),
    /** The kdump kernel will lose its NVMe root or its dump target. */
    WILL_FAIL("will-fail", 1),
    /** Facts that decide it are missing (the findings say which). */
    UNKNOWN("unknown", 4);

    private final String label;
    private final int exitCode;

    Verdict(String label, int exitCode) {
        this.label = label;
        this.exitCode = exitCode;
    }

    public String label() { return label; }

    public int exitCode() { return exitCode; }
}
