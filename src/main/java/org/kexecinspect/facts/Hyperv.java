package org.kexecinspect.facts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.kexecinspect.facts.Fact.Why;

/**
 * Hyper-V: whether this is a guest, its generation, confidential-VM signs, the synthetic video
 * device and the PCI devices passed through by hv_pci.
 *
 * @param guest          /sys/bus/vmbus exists (drivers/hv/vmbus_drv.c registers the bus only on Hyper-V)
 * @param generation     1 (BIOS, legacy video PCI 1414:5353) or 2 (UEFI)
 * @param cvm            a confidential VM (SEV-SNP or TDX isolation): no framebuffer device at all (016a25e4 message)
 * @param syntheticVideo a VMBus device of the synthetic video class exists
 * @param pciDevices     every PCI device, with whether it sits behind hv_pci (a VMBus PCI pass-through)
 */
public record Hyperv(Fact<Boolean> guest, Fact<Integer> generation, Fact<Boolean> cvm,
        Fact<Boolean> syntheticVideo, Fact<List<PciDevice>> pciDevices) {

    /** HV_SYNTHVID_GUID, the synthetic video device's VMBus class (include/linux/hyperv.h). */
    public static final String SYNTHVID_CLASS = "{da0a7802-e377-4aac-8e77-0558eb1073f8}";
    /** Gen1's legacy Hyper-V video: PCI vendor 0x1414 device 0x5353 (PCI_DEVICE_ID_HYPERV_VIDEO, include/linux/pci_ids.h). */
    static final int MSFT_VENDOR = 0x1414;
    static final int LEGACY_VIDEO = 0x5353;
    /** PCI class 01 08 02: mass storage, non-volatile memory, NVM Express (PCI code and ID assignment spec). */
    static final int NVME_CLASS = 0x010802;

    /**
     * One PCI device.
     *
     * @param behindHvPci its sysfs path runs through the VMBus device (…/VMBUS:00/{instance}/pciDDDD:BB/…),
     *                    i.e. it was passed through by pci-hyperv
     */
    public record PciDevice(String address, int vendor, int device, int pciClass, String driver, boolean behindHvPci) {
        public boolean nvme() { return pciClass == NVME_CLASS; }
    }

    static Hyperv read(Root root, Firmware fw) {
        Fact<Boolean> guest = Firmware.presence(root, "sys/bus/vmbus", "sys/bus");
        Fact<List<PciDevice>> pci = pciDevices(root);
        String vmbusDevices = root.source("sys/bus/vmbus/devices");
        if (guest.known() && !guest.value()) {
            return new Hyperv(guest, Machine.notApplicable("not a Hyper-V guest", guest.source()),
                    Machine.notApplicable("not a Hyper-V guest", guest.source()),
                    Machine.notApplicable("not a Hyper-V guest", vmbusDevices), pci);
        }
        return new Hyperv(guest, generation(root, fw, pci), cvm(root), syntheticVideo(root), pci);
    }

    /** Gen1 has the legacy PCI video device; Gen2 boots through UEFI (drivers/hv/vmbus_drv.c vmbus_reserve_fb()). */
    static Fact<Integer> generation(Root root, Firmware fw, Fact<List<PciDevice>> pci) {
        if (pci.known() && pci.value().stream().anyMatch(d -> d.vendor() == MSFT_VENDOR && d.device() == LEGACY_VIDEO)) {
            return Fact.of(1, pci.source());
        }
        if (fw.efi().known()) {
            return Fact.of(fw.efi().value() ? 2 : 1, fw.efi().source());
        }
        return fw.efi().cast();
    }

    /** CPU flags the kernel sets in an SEV-SNP or TDX guest (arch/x86 cpufeatures: sev_snp, tdx_guest). */
    static Fact<Boolean> cvm(Root root) {
        Fact<String> cpuinfo = Texts.read(root, "proc/cpuinfo");
        if (!cpuinfo.known()) {
            return cpuinfo.cast();
        }
        for (String line : cpuinfo.value().split("\n")) {
            if (line.startsWith("flags") || line.startsWith("Features")) {
                List<String> flags = List.of(line.substring(line.indexOf(':') + 1).strip().split("\\s+"));
                return Fact.of(flags.contains("sev_snp") || flags.contains("tdx_guest"), cpuinfo.source());
            }
        }
        return Fact.unknown(Why.MALFORMED, "no flags line", cpuinfo.source());
    }

    static Fact<Boolean> syntheticVideo(Root root) {
        Fact<List<String>> ids = root.list("sys/bus/vmbus/devices");
        if (!ids.known()) {
            return ids.cast();
        }
        for (String id : ids.value()) {
            Fact<String> cls = Texts.line(root, "sys/bus/vmbus/devices/" + id + "/class_id");
            if (cls.known() && cls.value().toLowerCase(Locale.ROOT).equals(SYNTHVID_CLASS)) {
                return Fact.of(true, cls.source());
            }
        }
        return Fact.of(false, ids.source());
    }

    static Fact<List<PciDevice>> pciDevices(Root root) {
        String dir = "sys/bus/pci/devices";
        Fact<List<String>> addrs = root.list(dir);
        if (!addrs.known()) {
            return root.isDirectory("sys/bus") && addrs.unknown().why() == Why.ABSENT
                    ? Fact.of(List.of(), addrs.source()) : addrs.cast();
        }
        List<PciDevice> out = new ArrayList<>();
        for (String a : addrs.value()) {
            String p = dir + "/" + a;
            Fact<String> link = root.link(p);
            Fact<String> driver = root.link(p + "/driver");
            out.add(new PciDevice(a, hex(root, p + "/vendor"), hex(root, p + "/device"), hex(root, p + "/class"),
                    driver.known() ? lastSegment(driver.value()) : null,
                    link.known() && behindHvPci(link.value())));
        }
        return Fact.of(List.copyOf(out), addrs.source());
    }

    /**
     * pci-hyperv makes each pass-through bus a child of its VMBus device, named by the instance GUID,
     * with the bus named "pciDDDD:BB" (drivers/pci/controller/pci-hyperv.c hv_pci_probe: the domain
     * comes from the instance GUID).
     */
    private static final java.util.regex.Pattern HV_PCI_PATH = java.util.regex.Pattern.compile(
            "/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/pci[0-9a-fA-F]{4,8}:[0-9a-fA-F]{2}/");

    static boolean behindHvPci(String sysfsPath) {
        return HV_PCI_PATH.matcher(sysfsPath).find();
    }

    private static int hex(Root root, String path) {
        Fact<String> v = Texts.line(root, path);
        if (!v.known()) {
            return -1;
        }
        try {
            String s = v.value();
            return Integer.parseUnsignedInt(s.startsWith("0x") ? s.substring(2) : s, 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static String lastSegment(String path) {
        int slash = path.lastIndexOf('/');
        return slash >= 0 ? path.substring(slash + 1) : path;
    }
}
