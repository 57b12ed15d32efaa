package org.kexecinspect.model.fix;

import java.util.ArrayList;
import java.util.List;

import org.kexecinspect.facts.Fact;
import org.kexecinspect.facts.KdumpKernelFacts;
import org.kexecinspect.knowledge.Knowledge;
import org.kexecinspect.model.Tristate;

/**
 * The one place that decides whether the kdump kernel carries 016a25e4b0df: an explicit
 * {@code --assume kdumpKernel.hasFbReserveFix} first, then what its hv_vmbus holds (the strings the
 * commit added to drivers/hv/vmbus_drv.c vmbus_reserve_fb()), then the release table by its
 * upstream version; otherwise unknown. Pure.
 */
public final class FbReserveFixDecision {
    private FbReserveFixDecision() {}

    public static FbReserveFix decide(KdumpKernelFacts k) {
        Knowledge knowledge = Knowledge.get();
        Fact<Boolean> assumed = k.assumedFbReserveFix();
        if (assumed.known()) {
            boolean has = assumed.value();
            return new FbReserveFix(has ? Tristate.YES : Tristate.NO, FbReserveFix.Basis.ASSUMED,
                    "assumed", assumed.source(),
                    has && k.version().known() ? ReleaseTable.keepsSysfbTest(k.version().value(), knowledge)
                            : Tristate.UNKNOWN);
        }
        List<String> undecided = new ArrayList<>();
        FbReserveFix byContent = ContentEvidence.decide(k.fixSearch(), undecided);
        if (byContent.carried() != Tristate.UNKNOWN) {
            Tristate sysfb = byContent.carried() == Tristate.YES && k.version().known()
                    ? ReleaseTable.keepsSysfbTest(k.version().value(), knowledge) : Tristate.UNKNOWN;
            return new FbReserveFix(byContent.carried(), byContent.basis(), byContent.evidence(), byContent.source(), sysfb);
        }
        String prefix = undecided.isEmpty() ? "" : String.join("; ", undecided) + "; ";
        if (!k.version().known()) {
            return new FbReserveFix(Tristate.UNKNOWN, FbReserveFix.Basis.NONE, prefix
                    + "no upstream version to look up in the release table (" + k.version().unknown().detail() + ")",
                    k.version().source(), Tristate.UNKNOWN);
        }
        return ReleaseTable.decide(k.version().value(), prefix, knowledge);
    }

    /** "016a25e4b0df (v7.1, 7.0.13, ...)": the releases that carry it, for remedies. */
    public static String fixReleases() {
        Knowledge k = Knowledge.get();
        List<String> rs = new ArrayList<>();
        for (Knowledge.FixRelease r : k.fbReserveFixReleases()) {
            if (r.from() != null) {
                rs.add((r.series().equals("mainline") ? "v" : "") + r.from() + (r.verified() ? "" : " (unverified)"));
            }
        }
        return k.fbReserveFixCommit() + " (" + String.join(", ", rs) + ")";
    }
}
