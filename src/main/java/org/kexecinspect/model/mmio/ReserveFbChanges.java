package org.kexecinspect.model.mmio;

import java.util.List;

import org.kexecinspect.facts.KdumpKernelFacts;
import org.kexecinspect.knowledge.Knowledge;
import org.kexecinspect.knowledge.Knowledge.ReserveFbChange;
import org.kexecinspect.knowledge.Version;
import org.kexecinspect.model.Reason;
import org.kexecinspect.model.Tristate;

/**
 * Which vmbus_reserve_fb() the kdump kernel has, by its version: whether its Gen1 branch uses the
 * PCI BAR (2a8a8afba0c3) and whether its Gen2 branch needs CONFIG_SYSFB (a07b50d80ab6).
 *
 * @param kernel the kdump kernel's version, or null when unknown
 */
record ReserveFbChanges(Version kernel, Tristate gen1PciBar, Tristate sysfbGate) {

    /** The upstream version, else the release's leading numbers; the releases come from knowledge.json. */
    static ReserveFbChanges of(KdumpKernelFacts kk, Knowledge k, List<Reason> r) {
        Version kernel = null;
        if (kk.version().known()) {
            kernel = Version.parse(kk.version().value());
        }
        String from = kk.version().known() ? "its upstream version " + kk.version().value() : null;
        if (kernel == null && kk.release().known()) {
            kernel = Version.parse(kk.release().value());
            from = "its release " + kk.release().value() + " (major.minor; a distribution kernel may carry the changes"
                    + " below as backports)";
        }
        if (kernel == null) {
            r.add(Reason.of("the kdump kernel's version is unknown (" + (kk.release().known() ? kk.version().unknown()
                    : kk.release().unknown()) + "): which vmbus_reserve_fb() it has cannot be told from it",
                    kk.release().source()));
            return new ReserveFbChanges(null, Tristate.UNKNOWN, Tristate.UNKNOWN);
        }
        String src = kk.version().known() ? kk.version().source() : kk.release().source();
        Tristate gen1PciBar = carried(k.reserveFbChange(Knowledge.GEN1_PCI_BAR), kernel, from, src, r);
        Tristate sysfbGate = carried(k.reserveFbChange(Knowledge.SYSFB_GATE), kernel, from, src, r);
        return new ReserveFbChanges(kernel, gen1PciBar, sysfbGate);
    }

    /** The first mainline release with change {@code id} (a Knowledge constant), as the reasons print it. */
    static String firstRelease(String id) {
        return Knowledge.get().reserveFbChange(id).from().numbers();
    }

    private static Tristate carried(ReserveFbChange c, Version kernel, String from, String src, List<Reason> r) {
        boolean has = c.inRelease(kernel);
        r.add(Reason.of("kdump kernel " + kernel.numbers() + " (" + from + ") " + (has ? "has " : "predates ")
                + c.commit() + " \"" + c.title() + "\" (" + c.from() + "): " + c.effect(),
                src + "; knowledge.json: " + c.source()));
        return has ? Tristate.YES : Tristate.NO;
    }
}
