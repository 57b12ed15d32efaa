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

    /** Kleene NOT: UNKNOWN stays UNKNOWN. */
    public Tristate not() {
        return this == UNKNOWN ? UNKNOWN : this == YES ? NO : YES;
    }

    /** Kleene AND: NO when any is NO, UNKNOWN when none is NO and one is UNKNOWN, else YES. */
    public static Tristate and(Tristate... ts) {
        boolean unknown = false;
        for (Tristate t : ts) {
            if (t == NO) {
                return NO;
            }
            unknown |= t == UNKNOWN;
        }
        return unknown ? UNKNOWN : YES;
    }
}
