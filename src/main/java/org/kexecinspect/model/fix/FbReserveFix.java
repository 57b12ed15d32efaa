package org.kexecinspect.model.fix;

import org.kexecinspect.facts.Fact;
import org.kexecinspect.facts.Fact.Why;
import org.kexecinspect.model.Tristate;

/**
 * The decision: does the kdump kernel carry 016a25e4b0df, and how was that decided.
 *
 * @param carried        yes, no or unknown
 * @param basis          what decided it
 * @param evidence       in words: the strings found and where, the release-table comparison, or why
 *                       neither could tell
 * @param source         where that came from: the file searched, or the release-table entry and its
 *                       public source
 * @param keepsSysfbTest whether the kernel's vmbus_reserve_fb() still runs its Gen2 branch only with
 *                       CONFIG_SYSFB (7.1 and the 7.0.y, 6.18.y, 6.12.y backports do; the 6.6.y, 6.1.y,
 *                       5.15.y, 5.10.y ones do not); unknown when it lacks the fix or its series is unknown
 */
public record FbReserveFix(Tristate carried, Basis basis, String evidence, String source, Tristate keepsSysfbTest) {

    public enum Basis {
        /** --assume kdumpKernel.hasFbReserveFix */
        ASSUMED,
        /** the fix's strings in hv_vmbus, or vmbus_reserve_fb() without them */
        CONTENT,
        /** knowledge.json kernel.fbReserveFix, by the kernel's upstream version */
        RELEASE_TABLE,
        /** neither could tell */
        NONE
    }

    /** The decision as the fact the JSON prints under kdumpKernel.hasFbReserveFix. */
    public Fact<Boolean> carriedFact() {
        return carried == Tristate.UNKNOWN ? Fact.unknown(Why.NOT_APPLICABLE, evidence, source)
                : Fact.of(carried.toBoolean(), source);
    }

    /** How it was decided, as the fact the JSON prints under kdumpKernel.fixEvidence. */
    public Fact<String> evidenceFact() {
        return carried == Tristate.UNKNOWN ? Fact.unknown(Why.NOT_APPLICABLE, evidence, source) : Fact.of(evidence, source);
    }
}
