package org.kexecinspect.model.fix;

import java.util.ArrayList;
import java.util.List;

import org.kexecinspect.facts.FixStringSearch;
import org.kexecinspect.facts.FixStringSearch.Look;
import org.kexecinspect.facts.FixStringSearch.Outcome;
import org.kexecinspect.kernel.FbReserveFixProbe;
import org.kexecinspect.model.Tristate;

/**
 * What hv_vmbus's strings say about 016a25e4b0df. The fallback's own warning ("Unexpected low mmio
 * base ") means the fix is there; vmbus_reserve_fb() (its "hv_vmbus: " messages and "fb_range")
 * without any of the three strings the commit added to drivers/hv/vmbus_drv.c means it is not;
 * anything else (no VMBus driver code, or only some of the strings: a reworded backport) cannot
 * tell. A later kernel that rewords these messages would read as lacking the fix: the decision is
 * about the strings of the commit as merged (e92a7628772b, v7.1) and backported, and the evidence
 * says which were seen.
 */
final class ContentEvidence {
    private ContentEvidence() {}

    /** The decision of the first look that can tell, with what the others said; carried UNKNOWN when none can. */
    static FbReserveFix decide(FixStringSearch search, List<String> undecided) {
        for (Look l : search.looks()) {
            if (l.outcome() == Outcome.SCANNED) {
                FbReserveFix f = judge(l);
                if (f.carried() != Tristate.UNKNOWN) {
                    return f;
                }
                undecided.add(l.where() + ": " + f.evidence());
            } else if (l.outcome() == Outcome.NOT_THERE) {
                undecided.add(l.note());
            } else {
                undecided.add(l.where() + " could not be searched (" + l.note() + ")");
            }
        }
        return new FbReserveFix(Tristate.UNKNOWN, FbReserveFix.Basis.NONE, String.join("; ", undecided), "", Tristate.UNKNOWN);
    }

    /** One scanned place. */
    static FbReserveFix judge(Look l) {
        int all = FbReserveFixProbe.FIX_STRINGS.size();
        List<String> fix = new ArrayList<>(l.fixStrings());
        if (fix.contains(FbReserveFixProbe.LOW_MMIO_WARNING)) {
            return new FbReserveFix(Tristate.YES, FbReserveFix.Basis.CONTENT, "the low-MMIO fallback's warning \""
                    + FbReserveFixProbe.LOW_MMIO_WARNING.trim() + "\" is there (" + fix.size() + " of the fix's " + all
                    + " strings)", l.where(), Tristate.UNKNOWN);
        }
        if (!fix.isEmpty()) {
            return new FbReserveFix(Tristate.UNKNOWN, FbReserveFix.Basis.NONE, "only " + fix.size() + " of the fix's " + all
                    + " strings and not the fallback's warning: a changed backport?", l.where(), Tristate.UNKNOWN);
        }
        if (l.markers().containsAll(FbReserveFixProbe.MARKERS)) {
            return new FbReserveFix(Tristate.NO, FbReserveFix.Basis.CONTENT, "vmbus_reserve_fb() is there (\""
                    + FbReserveFixProbe.FB_RANGE + "\" and the \"" + FbReserveFixProbe.VMBUS_PREFIX.trim()
                    + "\" messages) without any of the fix's strings", l.where(), Tristate.UNKNOWN);
        }
        return new FbReserveFix(Tristate.UNKNOWN, FbReserveFix.Basis.NONE, "no VMBus driver code here ("
                + (l.markers().isEmpty() ? "no" : "only some") + " of \"" + FbReserveFixProbe.VMBUS_PREFIX.trim()
                + "\" and \"" + FbReserveFixProbe.FB_RANGE + "\"): hv_vmbus is elsewhere, e.g. a module", l.where(), Tristate.UNKNOWN);
    }
}
