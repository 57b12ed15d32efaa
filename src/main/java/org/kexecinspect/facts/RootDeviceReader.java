package org.kexecinspect.facts;

import org.kexecinspect.facts.Fact.Why;
import org.kexecinspect.format.text.ProcMounts;

/** The root filesystem's block device and whether it sits behind pci-hyperv. */
final class RootDeviceReader {
    private RootDeviceReader() {}

    static RootDeviceFacts read(Root root, Fact<String> dumpDir) {
        Fact<ProcMounts> mounts = Parsed.parse(Texts.read(root, "proc/mounts"), ProcMounts::parse);
        Fact<String> device = mounts.known()
                ? mounts.value().root().map(m -> Fact.of(m.device(), mounts.source()))
                        .orElse(Fact.unknown(Why.ABSENT, "nothing is mounted on /", mounts.source()))
                : mounts.cast();
        Fact<String> name = device.known() && blockName(device.value()) == null
                ? Fact.unknown(Why.NOT_APPLICABLE, "the root is on " + device.value()
                        + ": only /dev/NAME block devices are followed (not device-mapper, not by-uuid links)", device.source())
                : device.map(RootDeviceReader::blockName);
        Fact<String> sysfs = name.known() ? root.link("sys/class/block/" + name.value()) : name.cast();
        Fact<Boolean> nvme = sysfs.known() ? sysfs.map(p -> p.contains("/nvme/")) : name.map(n -> n.startsWith("nvme"));
        Fact<Boolean> hvPci = sysfs.map(Hyperv::behindHvPci);
        Fact<Boolean> onRoot = dumpDir.known() && mounts.known()
                ? mounts.value().mountContaining(dumpDir.value())
                        .map(m -> Fact.of(m.mountPoint().equals("/"), mounts.source()))
                        .orElse(Fact.unknown(Why.ABSENT, "no mount contains " + dumpDir.value(), mounts.source()))
                : dumpDir.known() ? mounts.cast() : dumpDir.cast();
        return new RootDeviceFacts(device, sysfs, nvme, hvPci, dumpDir, onRoot);
    }

    /** "/dev/nvme0n1p2" → "nvme0n1p2"; device-mapper and other non-/dev sources are not followed. */
    static String blockName(String device) {
        if (!device.startsWith("/dev/") || device.startsWith("/dev/mapper/") || device.startsWith("/dev/disk/")) {
            return null;
        }
        String n = device.substring("/dev/".length());
        return n.contains("/") ? null : n;
    }
}
