package org.kexecinspect.model.mmio;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.kexecinspect.facts.Hyperv;
import org.kexecinspect.facts.Hyperv.PciDevice;
import org.kexecinspect.facts.IomemFacts;
import org.kexecinspect.format.text.IomemQueries.PciBar;
import org.kexecinspect.format.text.IomemQueries.PciBusWindow;
import org.kexecinspect.model.Reason;
import org.kexecinspect.model.Tristate;
import org.kexecinspect.model.mmio.MmioPrediction.Range;

/**
 * Gen1's legacy video device, PCI 1414:5353, and its BAR 0: what vmbus_reserve_fb()'s Gen1 branch
 * reserves since 2a8a8afba0c3.
 *
 * @param present whether the device is there
 * @param bar     its BAR 0 below 4 GiB, or null when the device is absent or unknown
 */
record LegacyVideo(Tristate present, Range bar) {
    /** PCI_VENDOR_ID_MICROSOFT, PCI_DEVICE_ID_HYPERV_VIDEO (include/linux/pci_ids.h since 9d1c882b286e). */
    static final int MSFT_VENDOR = 0x1414;
    static final int HYPERV_VIDEO = 0x5353;
    /** Where Hyper-V Gen1 fixes the BAR, and its size (Dexuan Cui's layouts). */
    static final long GEN1_BAR_BASE = 0xF8000000L;
    static final long GEN1_BAR_SIZE = 64 * Addresses.MIB;

    static LegacyVideo of(Hyperv hv, IomemFacts iomem, List<Reason> r) {
        if (!hv.pciDevices().known()) {
            return new LegacyVideo(Tristate.UNKNOWN, null);
        }
        Optional<PciDevice> dev = hv.pciDevices().value().stream()
                .filter(d -> d.vendor() == MSFT_VENDOR && d.device() == HYPERV_VIDEO).findFirst();
        if (dev.isEmpty()) {
            return new LegacyVideo(Tristate.NO, null);
        }
        Range bar = null;
        if (iomem.pciWindows().known()) {
            for (PciBusWindow w : iomem.pciWindows().value()) {
                for (PciBar b : w.bars()) {
                    if (b.device().toString().equals(dev.get().address())
                            && b.region().start() < Addresses.FOUR_GIB && (bar == null || b.region().start() < bar.start())) {
                        bar = new Range(b.region().start(), b.region().end());
                    }
                }
            }
        }
        if (bar != null) {
            r.add(Reason.of(String.format(Locale.ROOT, "the legacy video device %s (1414:5353) has its BAR at %s",
                    dev.get().address(), Addresses.hex(bar)), iomem.pciWindows().source()));
            return new LegacyVideo(Tristate.YES, bar);
        }
        r.add(Reason.derived("the legacy video device " + dev.get().address() + " (1414:5353) is there but its BAR is"
                + " not shown; Hyper-V Gen1 fixes it at 0xf8000000, 64 MiB", Sources.LAYOUTS));
        return new LegacyVideo(Tristate.YES, new Range(GEN1_BAR_BASE, GEN1_BAR_BASE + GEN1_BAR_SIZE - 1));
    }
}
