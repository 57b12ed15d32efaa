package org.kexecinspect.facts;

import java.util.List;

import org.kexecinspect.facts.Fact.Why;
import org.kexecinspect.format.FormatException;
import org.kexecinspect.format.text.HyperVIomem;
import org.kexecinspect.format.text.HyperVIomem.HostFramebufferRegion;
import org.kexecinspect.format.text.HyperVIomem.MmioRange;
import org.kexecinspect.format.text.HyperVIomem.VmbusAllocation;
import org.kexecinspect.format.text.IomemQueries;
import org.kexecinspect.format.text.IomemQueries.Framebuffer;
import org.kexecinspect.format.text.IomemQueries.PciAddress;
import org.kexecinspect.format.text.IomemQueries.PciBusWindow;
import org.kexecinspect.format.text.IomemRegion;
import org.kexecinspect.format.text.ProcIomem;

/**
 * /proc/iomem as the Hyper-V model needs it. A reader without CAP_SYS_ADMIN sees every address as
 * 0 (kernel/resource.c r_show): then the tree is kept for its names and every address fact is
 * unknown, "not permitted".
 *
 * @param tree              the parsed text
 * @param addressesHidden   the text was read by a user who sees zeros
 * @param lowMmio           the VMBus low MMIO range, where the text shows it (Gen1)
 * @param highMmio          the VMBus high MMIO range
 * @param framebufferRegion the first framebuffer region and the drivers that claim it
 * @param crashKernel       the "Crash kernel" reservations
 * @param pciWindows        PCI bus windows and their BARs (hv_pci domains included)
 * @param vmbusAllocations  regions named by a VMBus device instance (hyperv_drm, hyperv_fb, pci-hyperv windows)
 * @param hostFramebuffer   the region the host uses as the framebuffer: on Gen1 the legacy video BAR
 *                          (PCI 1414:5353 when sysfs says so), else the synthetic video's allocation or the
 *                          firmware framebuffer ({@link HyperVIomem#hostFramebuffer})
 */
public record IomemFacts(Fact<ProcIomem> tree, Fact<Boolean> addressesHidden, Fact<MmioRange> lowMmio,
        Fact<MmioRange> highMmio, Fact<Framebuffer> framebufferRegion, Fact<List<IomemRegion>> crashKernel,
        Fact<List<PciBusWindow>> pciWindows, Fact<List<VmbusAllocation>> vmbusAllocations,
        Fact<HostFramebufferRegion> hostFramebuffer) {

    static IomemFacts read(Root root, Fact<List<Hyperv.PciDevice>> pciDevices) {
        Fact<String> text = Texts.read(root, "proc/iomem");
        Fact<ProcIomem> tree;
        if (text.known()) {
            try {
                tree = Fact.of(ProcIomem.parse(text.value(), text.source()), text.source());
            } catch (FormatException e) {
                tree = Fact.unknown(Why.MALFORMED, e.getMessage(), text.source());
            }
        } else {
            tree = text.cast();
        }
        return from(tree, pciDevices);
    }

    /** The facts of an already parsed text with no sysfs beside it (`inspect` on a lone iomem file). */
    public static IomemFacts from(Fact<ProcIomem> tree) {
        return from(tree, Fact.unknown(Why.ABSENT, "a lone /proc/iomem text: no sysfs beside it", tree.source()));
    }

    /** The facts of an already parsed text; {@code pciDevices} tells which function is Gen1's legacy video. */
    public static IomemFacts from(Fact<ProcIomem> tree, Fact<List<Hyperv.PciDevice>> pciDevices) {
        Fact<Boolean> hidden = tree.map(ProcIomem::addressesHidden);
        Fact<ProcIomem> visible = tree.known() && tree.value().addressesHidden()
                ? Fact.unknown(Why.NOT_PERMITTED, "read by a user without CAP_SYS_ADMIN: every address reads 0 (read it as root)",
                        tree.source())
                : tree;
        Fact<HyperVIomem.VmbusMmio> mmio = visible.map(HyperVIomem::vmbusMmio);
        return new IomemFacts(tree, hidden,
                range(mmio, true), range(mmio, false),
                visible.known() ? first(visible, IomemQueries.framebuffers(visible.value()), "no framebuffer region")
                        : visible.cast(),
                visible.map(t -> IomemQueries.crashKernel(t).stream().map(IomemQueries.Match::region).toList()),
                visible.map(IomemQueries::pciBusWindows),
                visible.map(HyperVIomem::vmbusAllocations),
                visible.known() ? hostFramebuffer(visible, pciDevices) : visible.cast());
    }

    /** Which region is the host's framebuffer; sysfs's PCI list names Gen1's legacy video device when it is at hand. */
    private static Fact<HostFramebufferRegion> hostFramebuffer(Fact<ProcIomem> tree, Fact<List<Hyperv.PciDevice>> pci) {
        PciAddress legacy = null;
        String source = tree.source();
        if (pci.known()) {
            for (Hyperv.PciDevice d : pci.value()) {
                if (d.vendor() == Hyperv.MSFT_VENDOR && d.device() == Hyperv.LEGACY_VIDEO) {
                    legacy = PciAddress.parse(d.address()).orElse(null);
                    source = source + "; " + pci.source();
                    break;
                }
            }
        }
        String src = source;
        return HyperVIomem.hostFramebuffer(tree.value(), legacy, !pci.known())
                .map(fb -> Fact.of(fb, src))
                .orElseGet(() -> Fact.unknown(Why.ABSENT, "no framebuffer region: no legacy video BAR, synthetic video"
                        + " allocation or firmware framebuffer in the text", tree.source()));
    }

    private static Fact<MmioRange> range(Fact<HyperVIomem.VmbusMmio> mmio, boolean low) {
        if (!mmio.known()) {
            return mmio.cast();
        }
        HyperVIomem.VmbusMmio m = mmio.value();
        if (m.status() != HyperVIomem.Status.DERIVED) {
            return Fact.unknown(Why.NOT_APPLICABLE, m.reason(), mmio.source());
        }
        var r = low ? m.low() : m.high();
        return r.isPresent() ? Fact.of(r.get(), mmio.source())
                : Fact.unknown(Why.ABSENT, "no " + (low ? "low" : "high") + " range among " + m.ranges(), mmio.source());
    }

    private static <T> Fact<T> first(Fact<ProcIomem> tree, List<T> list, String none) {
        return list.isEmpty() ? Fact.unknown(Why.ABSENT, none, tree.source()) : Fact.of(list.get(0), tree.source());
    }
}
