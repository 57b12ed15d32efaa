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

    /** Where the text shows the framebuffer the host uses. */
    public enum HostFramebufferKind {
        /**
         * Gen1: BAR 0 of the legacy video device (PCI 1414:5353, slot 0000:00:08.0), the range
         * vmbus_reserve_fb() reserves on Gen1 since 2a8a8afba0c3 ("Drivers: hv: Always reserve
         * framebuffer region for Gen1 VMs").
         */
        GEN1_LEGACY_VIDEO_BAR,
        /** The synthetic video's VRAM: the VMBus allocation hyperv_drm or hyperv_fb made and told the host about. */
        SYNTHETIC_VIDEO,
        /** The firmware's framebuffer (efifb, simpledrm, a BOOTFB device...): no synthetic video driver has moved it. */
        FIRMWARE_FRAMEBUFFER,
    }

    /**
     * The region the host uses as the guest's framebuffer, as the text shows it.
     *
     * @param match  the region and its ancestors
     * @param device the PCI function of a {@link HostFramebufferKind#GEN1_LEGACY_VIDEO_BAR}, else null
     * @param how    how the region was told apart, for the evidence
     */
    public record HostFramebufferRegion(Match match, HostFramebufferKind kind, PciAddress device, String how) {
        public HostFramebufferRegion {
            Objects.requireNonNull(match);
            Objects.requireNonNull(kind);
            Objects.requireNonNull(how);
        }

        public IomemRegion region() { return match.region(); }
    }

    /** Where Hyper-V Gen1 guests have their legacy video device (see {@link #hostFramebuffer}). */
    public static final PciAddress GEN1_VIDEO_SLOT = new PciAddress(0, 0, 8, 0);

    /**
     * The framebuffer the host uses, as far as the text shows it (none when the addresses are hidden):
     * <ol>
     * <li>Gen1: the legacy video device's BAR below 4 GiB. The device is {@code legacyVideo} when sysfs
     *     names the PCI 1414:5353 function. When sysfs is not at hand ({@code guessSlot}) and the text
     *     has the Gen1 shape ({@link #vmbusMmio} derives the ranges from root PCI windows), it is the BAR
     *     that holds the synthetic video allocation (hyperv_drm puts its VRAM there since a0ab5abced55),
     *     else the BAR of 0000:00:08.0, the slot of the legacy video on every Hyper-V
     *     Gen1 guest whose iomem or lspci was posted ([ML 20220827130345.1320254-1-vkuznets@redhat.com],
     *     [ML SA1PR21MB69213486F821CA5A2C793C81BF342@SA1PR21MB6921.namprd21.prod.outlook.com]).
     * <li>Otherwise the synthetic video's VMBus allocation, where hyperv_drm / hyperv_fb told the host
     *     its VRAM is (drivers/gpu/drm/hyperv/hyperv_drm_drv.c hyperv_setup_vram()).
     * <li>Otherwise the firmware framebuffer's region, outermost first (a BOOTFB device before the
     *     simpledrm claim inside it).
     * </ol>
     */
    public static Optional<HostFramebufferRegion> hostFramebuffer(ProcIomem iomem, PciAddress legacyVideo, boolean guessSlot) {
        if (iomem.addressesHidden()) {
            return Optional.empty();
        }
        List<IomemQueries.Framebuffer> fbs = IomemQueries.framebuffers(iomem);
        if (legacyVideo != null) {
            Optional<Match> bar = lowBar(iomem, legacyVideo);
            if (bar.isPresent()) {
                return Optional.of(new HostFramebufferRegion(bar.get(), HostFramebufferKind.GEN1_LEGACY_VIDEO_BAR, legacyVideo,
                        "BAR of " + legacyVideo + ", the PCI 1414:5353 legacy video device in sysfs"));
            }
        } else if (guessSlot && vmbusMmio(iomem).status() == Status.DERIVED) {
            for (IomemQueries.Framebuffer fb : fbs) {
                Optional<PciAddress> dev = fb.pciDevice();
                if (fb.kind() == IomemQueries.FramebufferKind.HYPERV_SYNTHETIC_VIDEO && dev.isPresent()) {
                    Optional<Match> bar = lowBar(iomem, dev.get());
                    if (bar.isPresent()) {
                        return Optional.of(new HostFramebufferRegion(bar.get(), HostFramebufferKind.GEN1_LEGACY_VIDEO_BAR,
                                dev.get(), "BAR of " + dev.get() + ", which holds the synthetic video's VRAM (Gen1 shape;"
                                + " sysfs not read)"));
                    }
                }
            }
            Optional<Match> bar = lowBar(iomem, GEN1_VIDEO_SLOT);
            if (bar.isPresent()) {
                return Optional.of(new HostFramebufferRegion(bar.get(), HostFramebufferKind.GEN1_LEGACY_VIDEO_BAR, GEN1_VIDEO_SLOT,
                        "BAR of " + GEN1_VIDEO_SLOT + ", the legacy video's slot on Hyper-V Gen1 guests (Gen1 shape;"
                        + " sysfs not read to confirm PCI 1414:5353)"));
            }
        }
        for (IomemQueries.Framebuffer fb : fbs) {
            if (fb.kind() == IomemQueries.FramebufferKind.HYPERV_SYNTHETIC_VIDEO) {
                return Optional.of(new HostFramebufferRegion(fb.match(), HostFramebufferKind.SYNTHETIC_VIDEO, null,
                        "the synthetic video's VMBus allocation " + SYNTHETIC_VIDEO_INSTANCE));
            }
        }
        // no synthetic video allocation is left in the list: the first entry is the outermost firmware framebuffer
        return fbs.stream().findFirst().map(fb -> new HostFramebufferRegion(fb.match(), HostFramebufferKind.FIRMWARE_FRAMEBUFFER,
                null, "the firmware framebuffer's region \"" + fb.region().name() + "\""));
    }

    /** The lowest-starting BAR below 4 GiB named by {@code device}. */
    private static Optional<Match> lowBar(ProcIomem iomem, PciAddress device) {
        String name = device.toString();
        Match best = null;
        for (Match m : IomemQueries.named(iomem, name)) {
            if (Long.compareUnsigned(m.region().start(), IomemQueries.FOUR_GIB) < 0
                    && (best == null || Long.compareUnsigned(m.region().start(), best.region().start()) < 0)) {
                best = m;
            }
        }
        return Optional.ofNullable(best);
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
