package org.kexecinspect.model.fix;

/** Whether a kernel carries a change. */
public enum Carried {
    YES, NO, UNKNOWN;

    /** true, false or null, for the JSON and the models that take a Boolean. */
    public Boolean asBoolean() {
        return this == UNKNOWN ? null : this == YES;
    }
}
