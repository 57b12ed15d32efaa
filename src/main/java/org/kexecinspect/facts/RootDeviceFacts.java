package org.kexecinspect.facts;

/**
 * The root filesystem's disk and the dump target, and whether they need a VMBus PCI pass-through
 * device (the thing a misplaced pci_hyperv config window breaks: drivers/pci/controller/pci-hyperv.c
 * hv_allocate_config_window(), "PCI Pass-through VSP failed D0 Entry with status c0370048").
 *
 * @param device       the block device mounted on / ("/dev/nvme0n1p2")
 * @param sysfsPath    its device path in sysfs (link text of /sys/class/block/DEV)
 * @param nvme         the device is an NVMe namespace or partition
 * @param behindHvPci  its controller sits behind pci-hyperv
 * @param dumpTarget   where the dump goes: a directory on the root, or kdump.conf's target device
 * @param dumpTargetOnRoot the dump target is on the root filesystem (so it depends on the same disk)
 */
public record RootDeviceFacts(Fact<String> device, Fact<String> sysfsPath, Fact<Boolean> nvme,
        Fact<Boolean> behindHvPci, Fact<String> dumpTarget, Fact<Boolean> dumpTargetOnRoot) {}
