package org.kexecinspect.model.mmio;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.kexecinspect.facts.Fact;
import org.kexecinspect.facts.KdumpKernelFacts;
import org.kexecinspect.knowledge.Knowledge;
import org.kexecinspect.knowledge.Knowledge.ReserveFbChange;
import org.kexecinspect.knowledge.Version;
import org.kexecinspect.model.Reason;
import org.kexecinspect.model.Tristate;

/**
 * What the kdump kernel's config decides here: CONFIG_SYSFB (the Gen2 branch's gate since
 * a07b50d80ab6) and CONFIG_HYPERV (no VMBus driver, nothing at all).
 */
record KdumpKernelConfig(Tristate sysfb, Tristate vmbus) {

    static KdumpKernelConfig of(KdumpKernelFacts kk, Version kernel, List<Reason> r) {
        Fact<Map<String, Optional<String>>> cfg = kk.config();
        Fact<Optional<String>> sysfbOption = kk.option("CONFIG_SYSFB");
        Tristate sysfb;
        if (!sysfbOption.known()) {
            r.add(Reason.of("the kdump kernel's " + (cfg.known() ? "CONFIG_SYSFB" : "config") + " is unknown ("
                    + sysfbOption.unknown() + ")", cfg.source()));
            // 96959283a58d / 7b89a44b2e8c: HYPERV selects SYSFB when EFI && !HYPERV_VTL_MODE
            ReserveFbChange sel = Knowledge.get().reserveFbChange(Knowledge.SYSFB_SELECTED);
            if (kernel != null && sel.inRelease(kernel)) {
                r.add(Reason.derived("CONFIG_SYSFB taken as y: from " + sel.from() + " " + sel.effect()
                        + ", and a kernel that boots a Gen2 guest has EFI (VTL mode kernels are paravisors, not kdump kernels)",
                        "knowledge.json: " + sel.source()));
                sysfb = Tristate.YES;
            } else {
                sysfb = Tristate.UNKNOWN;
            }
        } else {
            String value = sysfbOption.value().orElse(null);
            r.add(Reason.of("kdump kernel CONFIG_SYSFB=" + (value == null ? "(not in the config: off)" : value), cfg.source()));
            sysfb = Tristate.of("y".equals(value));
        }
        Fact<Optional<String>> hypervOption = kk.option("CONFIG_HYPERV");
        if (!hypervOption.known()) {
            return new KdumpKernelConfig(sysfb, Tristate.UNKNOWN); // unknown, not absent: the VMBus driver stays open
        }
        String hyperv = hypervOption.value().orElse(null);
        if (hyperv == null || hyperv.equals("n")) {
            r.add(Reason.of("the kdump kernel has no CONFIG_HYPERV: no VMBus driver, so nothing is reserved and no"
                    + " pci_hyperv runs (nor does any VMBus device work)", cfg.source()));
            return new KdumpKernelConfig(sysfb, Tristate.NO);
        }
        return new KdumpKernelConfig(sysfb, Tristate.YES);
    }
}
