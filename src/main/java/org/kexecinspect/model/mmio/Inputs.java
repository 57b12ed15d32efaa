package org.kexecinspect.model.mmio;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.kexecinspect.facts.Arch;
import org.kexecinspect.facts.Hyperv;
import org.kexecinspect.facts.SystemFacts;
import org.kexecinspect.knowledge.Knowledge;
import org.kexecinspect.knowledge.Knowledge.ReserveFbSizes;
import org.kexecinspect.model.PathPrediction;
import org.kexecinspect.model.Reason;
import org.kexecinspect.model.Tristate;

/**
 * Everything the outcome depends on, resolved from the facts once, in the order the reasons tell it.
 *
 * @param conditions   the yes/no facts; a missing key is unknown
 * @param vmbusInKdump NO when the kdump kernel has no VMBus driver at all
 */
record Inputs(Map<Condition, Tristate> conditions, Tristate vmbusInKdump, KdumpScreenInfo screenInfo, LowMmio mmio,
        LegacyVideo legacyVideo, HostFramebuffer framebuffer, int passThroughBuses, ReserveFbSizes sizes) {

    Tristate condition(Condition c) {
        return conditions.getOrDefault(c, Tristate.UNKNOWN);
    }

    Long lowStart() { return mmio.start(); }

    Long lowEnd() { return mmio.end(); }

    static Inputs resolve(SystemFacts f, PathPrediction used, AssumedLowMmio assumed, List<Reason> r) {
        Knowledge k = Knowledge.get();
        ReserveFbSizes sizes = k.reserveFbSizes();
        Arch arch = f.machine().arch().orElse(null);
        Hyperv hv = f.hyperv();
        Integer generation = hv.generation().orElse(null);
        if (generation == null) {
            r.add(Reason.of("the VM generation is unknown (" + hv.generation().unknown() + ")", hv.generation().source()));
        }
        EnumMap<Condition, Tristate> c = new EnumMap<>(Condition.class);
        ReserveFbChanges changes = ReserveFbChanges.of(f.kdumpKernel(), k, r);
        c.put(Condition.GEN1_PCI_BAR, changes.gen1PciBar());
        c.put(Condition.SYSFB_GATE, changes.sysfbGate());
        KdumpKernelConfig config = KdumpKernelConfig.of(f.kdumpKernel(), changes.kernel(), r);
        c.put(Condition.SYSFB, config.sysfb());
        c.put(Condition.FIX, Reservation.fixCarried(f.kdumpKernel(), r));
        c.put(Condition.EFI_BOOT, EfiBoot.of(used, generation, arch, r));
        KdumpScreenInfo screenInfo = KdumpScreenInfo.of(used, r);
        PassThrough passThrough = PassThrough.of(hv, r);
        LegacyVideo legacy = LegacyVideo.of(hv, f.iomem(), r);
        LowMmio mmio = LowMmio.of(f, assumed, c.get(Condition.FIX), generation, arch, r);
        HostFramebuffer fb = HostFramebuffer.of(f, generation, legacy.bar(), mmio.start(), sizes.gen2Minimum(), r);
        ProbeOrder order = ProbeOrder.of(f, passThrough, r);
        c.put(Condition.PCI_HYPERV, order.pciHyperv());
        c.put(Condition.PCI_FIRST, order.pciHypervFirst());
        return new Inputs(Collections.unmodifiableMap(c), config.vmbus(), screenInfo, mmio, legacy, fb,
                passThrough.buses(), sizes);
    }
}
