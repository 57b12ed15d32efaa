package org.kexecinspect.model.mmio;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.kexecinspect.facts.Fact;
import org.kexecinspect.facts.Hyperv;
import org.kexecinspect.facts.Hyperv.PciDevice;
import org.kexecinspect.model.Reason;
import org.kexecinspect.model.Tristate;

/**
 * The PCI buses behind hv_pci: pci_hyperv allocates one config window for each
 * (drivers/pci/controller/pci-hyperv.c hv_allocate_config_window()).
 *
 * @param buses      how many, or -1 when the PCI devices are unknown
 * @param pciHyperv  NO when there is nothing for pci_hyperv to probe; otherwise left to {@link ProbeOrder}
 */
record PassThrough(int buses, Tristate pciHyperv) {

    static PassThrough of(Hyperv hv, List<Reason> r) {
        Fact<List<PciDevice>> pci = hv.pciDevices();
        if (!pci.known()) {
            r.add(Reason.of("the PCI devices are unknown (" + pci.unknown() + ")", pci.source()));
            return new PassThrough(-1, Tristate.UNKNOWN);
        }
        Set<String> buses = new LinkedHashSet<>();
        for (PciDevice d : pci.value()) {
            if (d.behindHvPci()) {
                int colon = d.address().lastIndexOf(':');
                buses.add(colon > 0 ? d.address().substring(0, colon) : d.address());
            }
        }
        if (buses.isEmpty()) {
            r.add(Reason.of("no PCI device sits behind hv_pci: pci_hyperv has nothing to probe, so it allocates no config"
                    + " window", pci.source()));
            return new PassThrough(0, Tristate.NO);
        }
        r.add(Reason.of(buses.size() + " PCI pass-through bus(es) behind hv_pci " + buses
                + ": pci_hyperv allocates one 8 KiB config window for each, in probe order",
                pci.source() + "; " + Sources.CONFIG_WINDOW));
        return new PassThrough(buses.size(), Tristate.UNKNOWN);
    }
}
