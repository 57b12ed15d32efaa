package org.kexecinspect.format.text;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Small pure questions asked of a parsed /proc/iomem. Each answer is a record; none prints. */
public final class IomemQueries {
    private IomemQueries() {}

    /** crashk_res and crashk_low_res are both named so (kernel/kexec_core.c, since moved to crash_core.c and crash_reserve.c). */
    public static final String CRASH_KERNEL = "Crash kernel";
    /** The device resource sysfb registers for a simple-framebuffer (drivers/firmware/sysfb_simplefb.c simplefb_resname). */
    public static final String SYSFB_SIMPLEFB_DEVICE = "BOOTFB";
    public static final long FOUR_GIB = 1L << 32;

    /**
     * Names firmware-framebuffer drivers give the memory they claim: efifb and vesafb
     * (request_mem_region(..., "efifb"/"vesafb") in drivers/video/fbdev/efifb.c, vesafb.c), simplefb
     * ("simplefb", drivers/video/fbdev/simplefb.c simplefb_probe, 2022), and the DRM drivers
     * simpledrm, efidrm and vesadrm (devm_request_mem_region(..., drv->name) with DRIVER_NAME
     * "simpledrm"/"efidrm"/"vesadrm", drivers/gpu/drm/sysfb/, torvalds/linux @01e48e52, @08e583ad).
     */
    public static final List<String> FIRMWARE_FRAMEBUFFER_DRIVERS =
            List.of("efifb", "vesafb", "simplefb", "simpledrm", "efidrm", "vesadrm");

    /** A region with the regions it is nested in, outermost first. */
    public record Match(IomemRegion region, List<IomemRegion> ancestors) {
        public Match {
            Objects.requireNonNull(region);
            ancestors = List.copyOf(ancestors);
        }
    }

    /** Every region matching {@code test}, in print order, with its ancestors. */
    public static List<Match> find(ProcIomem iomem, Predicate<IomemRegion> test) {
        List<Match> out = new ArrayList<>();
        walk(iomem.regions(), new ArrayList<>(), test, out);
        return Collections.unmodifiableList(out);
    }

    private static void walk(List<IomemRegion> level, List<IomemRegion> path, Predicate<IomemRegion> test, List<Match> out) {
        for (IomemRegion r : level) {
            if (test.test(r)) {
                out.add(new Match(r, path));
            }
            if (!r.children().isEmpty()) {
                path.add(r);
                walk(r.children(), path, test, out);
                path.remove(path.size() - 1);
            }
        }
    }

    /** Regions whose name is exactly {@code name} (the kernel's names are case-sensitive). */
    public static List<Match> named(ProcIomem iomem, String name) {
        return find(iomem, r -> r.name().equals(name));
    }

    /** The crash kernel reservations (crashkernel=; a second one below 4 GiB with ",low" or when the main one is high), named {@value #CRASH_KERNEL}. */
    public static List<Match> crashKernel(ProcIomem iomem) {
        return named(iomem, CRASH_KERNEL);
    }

    // ---- framebuffers

    /** What kind of owner a framebuffer region has. */
    public enum FramebufferKind {
        /** Claimed by a driver of the firmware's framebuffer: efifb, vesafb, simplefb, simpledrm, efidrm, vesadrm. */
        FIRMWARE_DRIVER,
        /** The BOOTFB resource of sysfb's simple-framebuffer device; the driver, if any, is a child. */
        SYSFB_DEVICE,
        /**
         * Hyper-V's synthetic video, allocated through vmbus_allocate_mmio() by hyperv_drm or
         * hyperv_fb and named by the VMBus device's instance GUID (see {@link HyperVIomem}).
         */
        HYPERV_SYNTHETIC_VIDEO,
    }

    /**
     * A region that holds a framebuffer.
     *
     * @param match the region and its ancestors (a PCI BAR among them when the firmware's
     *     framebuffer lives in a PCI device's memory, as efifb inside 0000:00:01.0 on QEMU)
     * @param kind who owns it
     * @param drivers the drivers that register this region under this name: one for the firmware
     *     framebuffer drivers; hyperv_drm and hyperv_fb for the synthetic video (the name does not
     *     tell which); none for a BOOTFB device
     */
    public record Framebuffer(Match match, FramebufferKind kind, List<String> drivers) {
        public Framebuffer {
            Objects.requireNonNull(match);
            Objects.requireNonNull(kind);
            drivers = List.copyOf(drivers);
        }

        public IomemRegion region() { return match.region(); }

        /** The nearest enclosing PCI device (a BAR), if the framebuffer lies in one. */
        public Optional<PciAddress> pciDevice() {
            List<IomemRegion> a = match.ancestors();
            for (int i = a.size() - 1; i >= 0; i--) {
                Optional<PciAddress> p = PciAddress.parse(a.get(i).name());
                if (p.isPresent()) {
                    return p;
                }
            }
            return Optional.empty();
        }
    }

    /** Every framebuffer region, in print order (a BOOTFB device and the simplefb/simpledrm region inside it are two entries). */
    public static List<Framebuffer> framebuffers(ProcIomem iomem) {
        List<Framebuffer> out = new ArrayList<>();
        for (Match m : find(iomem, r -> FIRMWARE_FRAMEBUFFER_DRIVERS.contains(r.name())
                || r.name().equals(SYSFB_SIMPLEFB_DEVICE) || HyperVIomem.isSyntheticVideo(r.name()))) {
            String name = m.region().name();
            if (name.equals(SYSFB_SIMPLEFB_DEVICE)) {
                out.add(new Framebuffer(m, FramebufferKind.SYSFB_DEVICE, List.of()));
            } else if (HyperVIomem.isSyntheticVideo(name)) {
                out.add(new Framebuffer(m, FramebufferKind.HYPERV_SYNTHETIC_VIDEO, List.of("hyperv_drm", "hyperv_fb")));
            } else {
                out.add(new Framebuffer(m, FramebufferKind.FIRMWARE_DRIVER, List.of(name)));
            }
        }
        return Collections.unmodifiableList(out);
    }

    // ---- PCI

    /**
     * A PCI function's address as the kernel names its resources, pci_name():
     * "%04x:%02x:%02x.%d" domain:bus:device.function (drivers/pci/probe.c res->name = pci_name(dev)).
     */
    public record PciAddress(int domain, int bus, int device, int function) {
        private static final Pattern FORM = Pattern.compile("([0-9a-f]{4,8}):([0-9a-f]{2}):([0-9a-f]{2})\\.([0-7])");

        /** The address a region name spells, if it is one. */
        public static Optional<PciAddress> parse(String name) {
            Matcher m = FORM.matcher(name);
            if (!m.matches()) {
                return Optional.empty();
            }
            return Optional.of(new PciAddress((int) Long.parseLong(m.group(1), 16), Integer.parseInt(m.group(2), 16),
                    Integer.parseInt(m.group(3), 16), Integer.parseInt(m.group(4))));
        }

        @Override
        public String toString() {
            return String.format("%04x:%02x:%02x.%d", domain, bus, device, function);
        }
    }

    /** Where a PCI bus window's name comes from. */
    public enum PciWindowKind {
        /**
         * Named "PCI Bus DDDD:BB": a host bridge window from ACPI _CRS (drivers/acpi/pci_root.c,
         * info->name "PCI Bus %04x:%02x") or a bridge window (drivers/pci/probe.c, the child bus's
         * name; "PCI CardBus" for CardBus bridges).
         */
        PCI_BUS,
        /**
         * A Hyper-V paravirtual PCI (pci-hyperv) bridge window: allocated with vmbus_allocate_mmio()
         * and so named by the VMBus device's instance GUID, with the functions' BARs inside.
         */
        HYPERV_PCI,
    }

    /**
     * A bus window and the BARs directly inside it.
     *
     * @param bus domain and bus number: from the name for {@link PciWindowKind#PCI_BUS}; for
     *     {@link PciWindowKind#HYPERV_PCI}, from the first BAR inside (the domain is the one pci-hyperv
     *     chose, normally the GUID's second group)
     */
    public record PciBusWindow(Match match, PciWindowKind kind, int domain, int bus, List<PciBar> bars) {
        public PciBusWindow {
            Objects.requireNonNull(match);
            Objects.requireNonNull(kind);
            bars = List.copyOf(bars);
        }

        public IomemRegion region() { return match.region(); }
    }

    /**
     * One BAR (or ROM, or bridge-internal resource) of a PCI function, named by its address.
     *
     * @param claims what is nested inside it: drivers that requested the BAR (e.g. "bochs-drm",
     *     "mlx4_core") or regions that fell inside it (efifb, a VMBus allocation)
     */
    public record PciBar(IomemRegion region, PciAddress device, List<IomemRegion> claims) {
        public PciBar {
            claims = List.copyOf(claims);
        }
    }

    private static final Pattern PCI_BUS_NAME = Pattern.compile("PCI (?:Bus|CardBus) ([0-9a-f]{4,8}):([0-9a-f]{2})");

    /**
     * Every PCI bus window, root and bridge alike, in print order, each with the BARs directly
     * in it (a bridge's BARs are in the bridge's own window entry).
     */
    public static List<PciBusWindow> pciBusWindows(ProcIomem iomem) {
        List<PciBusWindow> out = new ArrayList<>();
        for (Match m : find(iomem, r -> PCI_BUS_NAME.matcher(r.name()).matches() || HyperVIomem.isGuid(r.name()))) {
            List<PciBar> bars = new ArrayList<>();
            for (IomemRegion c : m.region().children()) {
                PciAddress.parse(c.name()).ifPresent(a -> bars.add(new PciBar(c, a, c.children())));
            }
            Matcher bus = PCI_BUS_NAME.matcher(m.region().name());
            if (bus.matches()) {
                out.add(new PciBusWindow(m, PciWindowKind.PCI_BUS, (int) Long.parseLong(bus.group(1), 16),
                        Integer.parseInt(bus.group(2), 16), bars));
            } else if (!bars.isEmpty()) {   // a GUID region is a bus window only when BARs sit in it
                PciAddress first = bars.get(0).device();
                out.add(new PciBusWindow(m, PciWindowKind.HYPERV_PCI, first.domain(), first.bus(), bars));
            }
        }
        return Collections.unmodifiableList(out);
    }
}
