package org.kexecinspect.model.mmio;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.kexecinspect.facts.Fact;
import org.kexecinspect.facts.Hyperv;
import org.kexecinspect.facts.Hyperv.PciDevice;
import org.kexecinspect.facts.RootDeviceFacts;
import org.kexecinspect.facts.SystemFacts;
import org.kexecinspect.knowledge.Knowledge;
import org.kexecinspect.model.Reason;

/** What a misplaced config window would cost on this system (pure; the verdict is made elsewhere). */
public record Exposure(ExposureKind kind, List<Reason> reasons) {
    public Exposure {
        Objects.requireNonNull(kind);
        reasons = List.copyOf(reasons);
    }

    /** {@code m} (may be null) adds its conflict answer to the reasons. */
    public static Exposure of(SystemFacts f, MmioPrediction m) {
        List<Reason> r = new ArrayList<>();
        Hyperv hv = f.hyperv();
        if (!hv.guest().known()) {
            r.add(Reason.of("whether this is a Hyper-V guest is unknown (" + hv.guest().unknown() + ")", hv.guest().source()));
            return new Exposure(ExposureKind.UNKNOWN, r);
        }
        if (!hv.guest().value()) {
            r.add(Reason.of("not a Hyper-V guest", hv.guest().source()));
            return new Exposure(ExposureKind.NOT_HYPERV, r);
        }
        if (hv.generation().known() && hv.generation().value() == 1) {
            r.add(Reason.of("a Gen1 VM: since " + ReserveFbChanges.firstRelease(Knowledge.GEN1_PCI_BAR) + " vmbus_reserve_fb()"
                    + " reserves the legacy video device's BAR, whatever screen_info says", hv.generation().source() + "; " + Sources.RESERVE_FB + " (2a8a8afba0c3)"));
            addMmio(m, r);
            return new Exposure(ExposureKind.GEN1, r);
        }
        Fact<List<PciDevice>> pci = hv.pciDevices();
        if (!pci.known()) {
            r.add(Reason.of("the PCI devices are unknown (" + pci.unknown() + ")", pci.source()));
            return new Exposure(ExposureKind.UNKNOWN, r);
        }
        List<PciDevice> through = pci.value().stream().filter(PciDevice::behindHvPci).toList();
        if (through.isEmpty()) {
            r.add(Reason.of("no PCI device behind hv_pci: pci_hyperv allocates no config window, so the framebuffer reservation"
                    + " does not matter for the dump", pci.source() + "; " + Sources.CONFIG_WINDOW));
            return new Exposure(ExposureKind.NO_PASSTHROUGH, r);
        }
        r.add(Reason.of(through.size() + " device(s) behind hv_pci: " + String.join(", ", through.stream()
                .map(d -> d.address() + (d.nvme() ? " (NVMe)" : "")).toList()), pci.source()));
        if (!hv.generation().known()) {
            r.add(Reason.of("the VM generation is unknown (" + hv.generation().unknown() + ")", hv.generation().source()));
            return new Exposure(ExposureKind.UNKNOWN, r);
        }
        return rootAtRisk(f.rootDevice(), m, r);
    }

    /** Pass-through devices on Gen2: whether the root (and the dump target with it) is among them. */
    private static Exposure rootAtRisk(RootDeviceFacts root, MmioPrediction m, List<Reason> r) {
        if (!root.behindHvPci().known()) {
            r.add(Reason.of("whether the root file system is behind hv_pci is unknown (" + root.behindHvPci().unknown() + ")",
                    root.behindHvPci().source()));
            addMmio(m, r);
            return new Exposure(ExposureKind.UNKNOWN, r);
        }
        Fact<Boolean> onRoot = root.dumpTargetOnRoot();
        if (root.behindHvPci().value()) {
            r.add(Reason.of(rootNamed(root) + (root.disks().known() && root.disks().value().size() > 1
                    ? ": the kdump kernel needs every one of them, pci_hyperv's among them, to mount it"
                    : ": the kdump kernel needs pci_hyperv's device to mount it"), root.behindHvPci().source()));
            r.add(onRoot.known()
                    ? Reason.of(onRoot.value() ? "the dump target " + root.dumpTarget().orElse("") + " is on the root file system:"
                            + " it is lost with it" : "the dump target " + root.dumpTarget().orElse("") + " is not on the root file"
                            + " system, but the kdump environment still mounts the root", onRoot.source())
                    : Reason.of("whether the dump target is on the root is unknown (" + onRoot.unknown() + ")", onRoot.source()));
            addMmio(m, r);
            return new Exposure(ExposureKind.NVME_ROOT_AT_RISK, r);
        }
        r.add(Reason.of(rootNamed(root) + ", not behind hv_pci: the pass-through devices"
                + " may go missing in the kdump kernel, the root does not", root.behindHvPci().source()));
        if (onRoot.known() && !onRoot.value()) {
            r.add(Reason.of("the dump target " + root.dumpTarget().orElse("") + " is not on the root file system: if it is on a"
                    + " pass-through disk it is at risk too", onRoot.source()));
        }
        addMmio(m, r);
        return new Exposure(ExposureKind.PASSTHROUGH_NOT_ROOT, r);
    }

    /**
     * The root and the disks it needs, e.g. "the root file system /dev/mapper/rootvg-rootlv (LVM
     * rootvg-rootlv on dm-crypt luks-… ) is on nvme0n1p4 (NVMe, behind hv_pci)". A device-mapper
     * device needs every device its table maps (its slaves/): an LV spread over two disks is lost
     * when either is (drivers/md/dm-linear.c, dm-crypt.c map each bio to one underlying device).
     */
    public static String rootNamed(RootDeviceFacts root) {
        StringBuilder b = new StringBuilder("the root file system ").append(root.device().orElse("(unknown device)"));
        if (root.mapped().known() && !root.mapped().value().isEmpty()) {
            b.append(" (").append(String.join(" on ", root.mapped().value().stream().map(Exposure::layer).toList())).append(')');
        }
        if (!root.disks().known()) {
            return b.toString();
        }
        List<RootDeviceFacts.Disk> disks = root.disks().value();
        b.append(disks.size() == 1 ? " is on " : " needs all of ");
        b.append(String.join(", ", disks.stream().map(d -> d.device() + " (" + (d.nvme() ? "NVMe, " : "")
                + (d.behindHvPci() ? "behind hv_pci" : "not behind hv_pci") + ")").toList()));
        return b.toString();
    }

    /** Short: "the root file system /dev/mapper/rootvg-rootlv on nvme0n1p4". */
    public static String rootOn(RootDeviceFacts root) {
        String s = "the root file system " + root.device().orElse("(unknown device)");
        return root.disks().known() && !root.disks().value().isEmpty()
                ? s + " on " + String.join(" and ", root.disks().value().stream().map(RootDeviceFacts.Disk::device).toList()) : s;
    }

    private static String layer(RootDeviceFacts.Mapped m) {
        String kind = m.subsystem() == null ? m.device().startsWith("md") ? "md RAID" : "device-mapper"
                : switch (m.subsystem()) {
                    case "LVM" -> "LVM";
                    case "CRYPT" -> "dm-crypt";
                    case "mpath" -> "multipath";
                    default -> "device-mapper " + m.subsystem();
                };
        return kind + " " + (m.name() != null ? m.name() + " = " + m.device() : m.device());
    }

    private static void addMmio(MmioPrediction m, List<Reason> r) {
        if (m == null) {
            return;
        }
        r.add(Reason.of(!m.conflict().known()
                ? "whether the config window lands on the framebuffer is unknown"
                : m.conflict().isYes() ? "the MMIO prediction puts the config window on the framebuffer"
                : "the MMIO prediction keeps the config window off the framebuffer", Sources.FAILURE));
    }
}
