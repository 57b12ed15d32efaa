package org.kexecinspect.facts;

import java.util.List;

/**
 * The root filesystem's disks and the dump target, and whether they need a VMBus PCI pass-through
 * device (the thing a misplaced pci_hyperv config window breaks: drivers/pci/controller/pci-hyperv.c
 * hv_allocate_config_window(), "PCI Pass-through VSP failed D0 Entry with status c0370048").
 *
 * <p>A root on device-mapper (LVM, dm-crypt, both stacked) is followed down to the disks under it
 * through sysfs: {@code /sys/block/dm-N/dm/name} and {@code dm/uuid} (drivers/md/dm-sysfs.c,
 * Documentation/ABI/testing/sysfs-block-dm) and {@code /sys/block/NAME/slaves/} (block/holder.c
 * bd_link_disk_holder(), which device-mapper and md both call), so md RAID is followed the same way.
 *
 * @param device       what is mounted on / ("/dev/nvme0n1p2", "/dev/mapper/rootvg-rootlv")
 * @param sysfsPath    the sysfs device path of its block device (link text of /sys/class/block/NAME)
 * @param nvme         a disk the root needs is an NVMe namespace or partition
 * @param behindHvPci  a disk the root needs sits behind pci-hyperv
 * @param mapped       the device-mapper (or md) devices between the root and its disks, from the root down
 * @param disks        every disk the root needs: the leaves under {@code mapped}, or the root's own device
 * @param dumpTarget   where the dump goes: a directory on the root, or kdump.conf's target device
 * @param dumpTargetOnRoot the dump target is on the root filesystem (so it depends on the same disks)
 */
public record RootDeviceFacts(Fact<String> device, Fact<String> sysfsPath, Fact<Boolean> nvme,
        Fact<Boolean> behindHvPci, Fact<List<Mapped>> mapped, Fact<List<Disk>> disks,
        Fact<String> dumpTarget, Fact<Boolean> dumpTargetOnRoot) {

    /**
     * A stacked block device.
     *
     * @param device the kernel's name ("dm-1", "md0")
     * @param name   device-mapper's name, as in /dev/mapper ("rootvg-rootlv"); null for md
     * @param uuid   device-mapper's uuid; its prefix names the tool that made it ("LVM-", "CRYPT-LUKS2-"); null when empty
     * @param slaves the block devices it maps onto (entries of slaves/)
     */
    public record Mapped(String device, String name, String uuid, List<String> slaves) {
        public Mapped {
            slaves = List.copyOf(slaves);
        }

        /** The uuid's prefix before the first '-' ("LVM", "CRYPT", "mpath", "part1"), or null. */
        public String subsystem() {
            if (uuid == null || uuid.indexOf('-') <= 0) {
                return null;
            }
            return uuid.substring(0, uuid.indexOf('-'));
        }
    }

    /**
     * A disk (or partition) the root needs.
     *
     * @param device      the kernel's name ("nvme0n1p4")
     * @param sysfsPath   link text of /sys/class/block/NAME
     * @param nvme        the path runs through an NVMe controller (…/nvme/nvmeN/…)
     * @param behindHvPci the path runs through a VMBus device's pciDDDD:BB bus (pci-hyperv)
     */
    public record Disk(String device, String sysfsPath, boolean nvme, boolean behindHvPci) {}
}
