package org.kexecinspect.model.fix;

/** Whether a kernel carries a change. */
public enum Carried {
    YES, NO, UNKNOWN;

    /** true, false or null, for the JSON fact kdumpKernel.hasFbReserveFix. */
    public Boolean asBoolean() {
        return this == UNKNOWN ? null : this == YES;
    }
}
