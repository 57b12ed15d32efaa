package org.kexecinspect.format.text;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import org.kexecinspect.format.text.IomemQueries.Match;
import org.kexecinspect.format.text.IomemQueries.PciAddress;

/**
 * What /proc/iomem shows of Hyper-V's VMBus MMIO (drivers/hv/vmbus_drv.c).
 *
 * <p>The kernel learns the VMBus MMIO ranges in vmbus_acpi_add(): it walks the _CRS of the VMBus
 * ACPI device's ancestors and keeps the first one that has memory ranges, through
 * vmbus_walk_resources() (drivers/hv/vmbus_drv.c). Those ranges live in a private resource tree
 * (hyperv_mmio), not in iomem. What iomem does show:
 * <ul>
 * <li>every allocation made with vmbus_allocate_mmio(), named by the VMBus device's instance GUID
 *     (dev_name(), "%pUl": lower-case); hyperv_drm and hyperv_fb make one for the framebuffer,
 *     pci-hyperv one for its config window (0x2000 bytes) and one per bridge window, the BARs of
 *     the passed-through functions inside;
 * <li>on Gen1, the ancestor whose _CRS gives the ranges is the PCI host bridge, whose _CRS memory
 *     ranges are also the root bus windows "PCI Bus 0000:00" at the top of iomem. There the
 *     kernel's rule can be replayed on the text.
 * </ul>
 * On Gen2 the ancestor is the ACPI module device (ACPI0004, "VMOD"), which the ACPI container scan
 * handler takes (drivers/acpi/container.c) so no platform device registers its _CRS in iomem: the
 * ranges are not in the text, and {@link #vmbusMmio} says so instead of guessing from the gaps.
 */
public final class HyperVIomem {
    private HyperVIomem() {}

    /** VTPM_BASE_ADDRESS (drivers/hv/vmbus_drv.c): a VMBus range that reaches it is cut to end just below it. */
    public static final long VTPM_BASE = 0xfed40000L;
    /** vmbus_walk_resources() ignores ranges that end below 1 MiB. */
    public static final long IGNORED_BELOW = 0x100000L;
    /** PCI_CONFIG_MMIO_LENGTH (drivers/pci/controller/pci-hyperv.c): hv_allocate_config_window()'s size. */
    public static final long PCI_CONFIG_WINDOW_SIZE = 0x2000L;
    /**
     * The instance GUID of Hyper-V's synthetic video device in every sample seen: /proc/iomem of
     * local Gen1 guests posted to linux-hyperv (2022-08-27, 2026-04-29), a hyperv_fb unbind on local
     * Hyper-V (linux-hyperv, 2025-02) and Gen2 sysfs paths (".../ACPI0004:00/VMBUS:00/5620e0c7-...")
     * in logs posted to GitHub in 2026. An observation, not a documented constant: another host
     * could offer another id, and the region would then count as {@link AllocationUse#OTHER}.
     */
    public static final String SYNTHETIC_VIDEO_INSTANCE = "5620e0c7-8062-4dce-aeb7-520c7ef76171";

    private static final Pattern GUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern PCI_BUS_NAME = Pattern.compile("PCI Bus [0-9a-f]{4,8}:[0-9a-f]{2}");

    /** Whether a region name is a VMBus device name (a lower-case GUID). */
    public static boolean isGuid(String name) {
        return GUID.matcher(name).matches();
    }

    public static boolean isSyntheticVideo(String name) {
        return SYNTHETIC_VIDEO_INSTANCE.equals(name);
    }

    /** What a VMBus allocation is for, as far as its name, size and contents tell. */
    public enum AllocationUse {
        /** The synthetic video's framebuffer (hyperv_drm or hyperv_fb). */
        SYNTHETIC_VIDEO,
        /** A pci-hyperv bridge window: PCI BARs sit inside it. */
        PCI_BRIDGE_WINDOW,
        /** 0x2000 bytes with nothing inside: pci-hyperv's config window. */
        PCI_CONFIG_WINDOW,
        /** Some other VMBus device's MMIO. */
        OTHER,
    }

    /** A region vmbus_allocate_mmio() made. */
    public record VmbusAllocation(Match match, String deviceInstance, AllocationUse use) {
        public VmbusAllocation {
            Objects.requireNonNull(match);
            Objects.requireNonNull(deviceInstance);
            Objects.requireNonNull(use);
        }

        public IomemRegion region() { return match.region(); }
    }

    /** Every region named by a VMBus device GUID, in print order. */
    public static List<VmbusAllocation> vmbusAllocations(ProcIomem iomem) {
        List<VmbusAllocation> out = new ArrayList<>();
        for (Match m : IomemQueries.find(iomem, r -> isGuid(r.name()))) {
            IomemRegion r = m.region();
            AllocationUse use;
            if (isSyntheticVideo(r.name())) {
                use = AllocationUse.SYNTHETIC_VIDEO;
            } else if (r.children().stream().anyMatch(c -> PciAddress.parse(c.name()).isPresent())) {
                use = AllocationUse.PCI_BRIDGE_WINDOW;
            } else if (!iomem.addressesHidden() && r.size() == PCI_CONFIG_WINDOW_SIZE && r.children().isEmpty()) {
                use = AllocationUse.PCI_CONFIG_WINDOW;
            } else {
                use = AllocationUse.OTHER;
            }
            out.add(new VmbusAllocation(m, r.name(), use));
        }
        return Collections.unmodifiableList(out);
    }

    /** An inclusive address range. */
    public record MmioRange(long start, long end) {
        public long size() { return end - start + 1; }

        @Override
        public String toString() { return String.format("%x-%x", start, end); }
    }

    /** Whether {@link VmbusMmio#ranges()} could be worked out from the text. */
    public enum Status {
        /** Replayed vmbus_walk_resources() on the PCI root windows that hold the VMBus allocations (Gen1). */
        DERIVED,
        /** The text does not show the ranges; {@link VmbusMmio#reason()} says why. */
        UNKNOWN,
    }

    /**
     * The VMBus MMIO ranges, or why they are unknown.
     *
     * @param ranges sorted by start: on Gen1 the low range (below 4 GiB, cut at the vTPM) then the
     *     high one; empty when unknown
     * @param reason how they were derived, or why not
     * @param windows the top-level regions the ranges came from (empty when unknown)
     * @param allocations the VMBus allocations seen, the evidence either way
     */
    public record VmbusMmio(Status status, List<MmioRange> ranges, String reason, List<IomemRegion> windows,
                            List<VmbusAllocation> allocations) {
        public VmbusMmio {
            Objects.requireNonNull(status);
            Objects.requireNonNull(reason);
            ranges = List.copyOf(ranges);
            windows = List.copyOf(windows);
            allocations = List.copyOf(allocations);
        }

        /** The first range starting below 4 GiB, where vmbus_reserve_fb() and first-fit allocations look first. */
        public Optional<MmioRange> low() {
            return ranges.stream().filter(r -> Long.compareUnsigned(r.start(), IomemQueries.FOUR_GIB) < 0).findFirst();
        }

        /** The first range starting at or above 4 GiB. */
        public Optional<MmioRange> high() {
            return ranges.stream().filter(r -> Long.compareUnsigned(r.start(), IomemQueries.FOUR_GIB) >= 0).findFirst();
        }
    }

    /**
     * The VMBus MMIO ranges where the text shows them: when every VMBus allocation sits in a
     * top-level "PCI Bus" window (Gen1), the top-level windows of that name are the host bridge's
     * _CRS memory ranges, and vmbus_walk_resources() turns them into the ranges: those ending
     * below 1 MiB dropped, a range reaching {@link #VTPM_BASE} cut to end at VTPM_BASE - 1
     * (016a25e4b0df, v7.1; older kernels end it one byte later, at VTPM_BASE), adjacent ranges
     * merged, kept in address order. Otherwise unknown, with the reason.
     */
    public static VmbusMmio vmbusMmio(ProcIomem iomem) {
        List<VmbusAllocation> allocations = vmbusAllocations(iomem);
        if (iomem.addressesHidden()) {
            return unknown("the addresses are hidden (every range reads 0-0: read /proc/iomem as root)", allocations);
        }
        if (allocations.isEmpty()) {
            return unknown("no VMBus allocation (a region named by a VMBus device GUID) in the text, so nothing here"
                    + " shows a Hyper-V guest; the ranges come from ACPI _CRS, which iomem shows only on Gen1,"
                    + " as the PCI root bus windows", allocations);
        }
        String rootWindowName = null;
        for (VmbusAllocation a : allocations) {
            List<IomemRegion> ancestors = a.match().ancestors();
            String top = ancestors.isEmpty() ? null : ancestors.get(0).name();
            if (top == null || !PCI_BUS_NAME.matcher(top).matches()) {
                return unknown("VMBus allocation " + a.region().rangeText() + " : " + a.deviceInstance()
                        + " is not inside a PCI root bus window (the Gen2 shape): the ranges come from the _CRS of"
                        + " the VMBus device's ACPI module-device ancestor (VMOD), which iomem does not list;"
                        + " the kernel log's \"hv_vmbus: hv_mmio=\" line (7.1 and later) or the SRAT hotplug"
                        + " ranges show them", allocations);
            }
            if (rootWindowName != null && !rootWindowName.equals(top)) {
                return unknown("VMBus allocations sit in two different root buses (" + rootWindowName + ", " + top
                        + "), a shape not seen on Hyper-V", allocations);
            }
            rootWindowName = top;
        }
        List<IomemRegion> windows = new ArrayList<>();
        for (IomemRegion r : iomem.regions()) {
            if (r.name().equals(rootWindowName)) {
                windows.add(r);
            }
        }
        List<MmioRange> ranges = walkResources(windows);
        return new VmbusMmio(Status.DERIVED, ranges, "every VMBus allocation is inside a top-level \"" + rootWindowName
                + "\" window (the Gen1 shape); vmbus_walk_resources() applied to those windows", windows, allocations);
    }

    private static VmbusMmio unknown(String reason, List<VmbusAllocation> allocations) {
        return new VmbusMmio(Status.UNKNOWN, List.of(), reason, List.of(), allocations);
    }

    /** vmbus_walk_resources() on ranges given in address order: drop below 1 MiB, cut at the vTPM, merge adjacent. */
    static List<MmioRange> walkResources(List<IomemRegion> windows) {
        List<MmioRange> out = new ArrayList<>();
        for (IomemRegion w : windows) {
            long start = w.start();
            long end = w.end();
            if (Long.compareUnsigned(end, IGNORED_BELOW) < 0) {
                continue;
            }
            if (Long.compareUnsigned(end, VTPM_BASE) >= 0 && Long.compareUnsigned(start, VTPM_BASE) < 0) {
                end = VTPM_BASE - 1;
            }
            if (!out.isEmpty() && out.get(out.size() - 1).end() + 1 == start) {
                MmioRange last = out.remove(out.size() - 1);
                out.add(new MmioRange(last.start(), end));
            } else {
                out.add(new MmioRange(start, end));
            }
        }
        return out;
    }
}
