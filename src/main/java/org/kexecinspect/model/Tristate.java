package org.kexecinspect.model;

/**
 * Yes, no, or cannot tell: a conclusion the model may not be able to draw. {@link #toBoolean()}
 * gives JSON its true, false or null.
 */
public enum Tristate {
    YES, NO, UNKNOWN;

    /** null is UNKNOWN. */
    public static Tristate of(Boolean b) {
        return b == null ? UNKNOWN : b ? YES : NO;
    }

    /** null for UNKNOWN. */
    public Boolean toBoolean() {
        return this == UNKNOWN ? null : this == YES;
    }

    public boolean isYes() { return this == YES; }

    public boolean isNo() { return this == NO; }

    public boolean known() { return this != UNKNOWN; }
}
