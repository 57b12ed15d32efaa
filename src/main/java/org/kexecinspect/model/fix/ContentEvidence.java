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
 * says which were seen. A kernel log is judged by what the kdump kernel printed: any one of the
 * three messages is the fix's code running; none printed tells nothing.
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
        if (l.place() == FixStringSearch.Place.KERNEL_LOG) {
            return printed(l);
        }
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

    /**
     * What the kdump kernel printed: any of the commit's three messages is its code running (the
     * vmbus_reserve_fb() before it printed nothing, drivers/hv/vmbus_drv.c), so one is enough. None
     * printed tells nothing: each prints only on its own path, and a console's log level or a cut
     * log hides lines.
     */
    private static FbReserveFix printed(Look l) {
        if (l.fixStrings().isEmpty()) {
            return new FbReserveFix(Tristate.UNKNOWN, FbReserveFix.Basis.NONE, "the kdump kernel's log shows none of"
                    + " 016a25e4b0df's vmbus_reserve_fb() messages, which proves nothing (each prints on one path only)",
                    l.where(), Tristate.UNKNOWN);
        }
        return new FbReserveFix(Tristate.YES, FbReserveFix.Basis.CONTENT, "the kdump kernel printed 016a25e4b0df's "
                + "vmbus_reserve_fb() message" + (l.fixStrings().size() > 1 ? "s" : "") + " \""
                + String.join("\", \"", l.fixStrings().stream().map(String::trim).toList())
                + "\"; the function printed nothing before that commit", l.where(), Tristate.UNKNOWN);
    }
}
