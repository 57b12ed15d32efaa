package org.kexecinspect.model.mmio;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.kexecinspect.facts.Fact;
import org.kexecinspect.facts.IomemFacts;
import org.kexecinspect.format.text.HyperVIomem.AllocationUse;
import org.kexecinspect.format.text.HyperVIomem.HostFramebufferKind;
import org.kexecinspect.format.text.HyperVIomem.HostFramebufferRegion;
import org.kexecinspect.format.text.HyperVIomem.VmbusAllocation;
import org.kexecinspect.format.text.IomemQueries.PciBar;
import org.kexecinspect.format.text.IomemQueries.PciBusWindow;
import org.kexecinspect.format.text.IomemQueries.PciWindowKind;
import org.kexecinspect.format.text.IomemRegion;
import org.kexecinspect.knowledge.Knowledge;
import org.kexecinspect.model.Reason;
import org.kexecinspect.model.Remedy;
import org.kexecinspect.model.fix.FbReserveFixDecision;

/**
 * What overlaps the host's framebuffer in the running kernel's /proc/iomem now: every VMBus
 * allocation but the synthetic video's own VRAM, and every PCI bus window that does not hold the
 * framebuffer, whose range meets the framebuffer's. vmbus_allocate_mmio() keeps an allocation made
 * with fb_overlap_ok false (pci_hyperv's config window) off the framebuffer only when
 * vmbus_reserve_fb() reserved it (drivers/hv/vmbus_drv.c; drivers/pci/controller/pci-hyperv.c
 * hv_allocate_config_window()); a running Gen1 guest showed such a window inside the legacy video
 * BAR, hyperv_drm then failing "BAR 0: can't reserve" [ML 20220827130345.1320254-1-vkuznets@redhat.com].
 *
 * @param framebuffer the host's framebuffer as the iomem text shows it, or null when none or unknown
 * @param overlaps    what meets it, in print order
 * @param reasons     the framebuffer and each overlap, with their evidence
 */
public record FramebufferOverlapNow(HostFramebufferRegion framebuffer, List<Overlap> overlaps, List<Reason> reasons) {

    static final String RULE = "drivers/hv/vmbus_drv.c vmbus_allocate_mmio(), vmbus_reserve_fb();"
            + " [ML 20220827130345.1320254-1-vkuznets@redhat.com]";

    /**
     * One region that meets the framebuffer.
     *
     * @param region  the region as printed
     * @param what    what it is: "pci_hyperv's config window", "a pci_hyperv bridge window", ...
     * @param device  the VMBus device instance that owns it, or null for a PCI bus window
     * @param behind  the PCI functions pci_hyperv shows behind that VMBus device ("2ba2:00:02.0 (mlx4_core)")
     */
    public record Overlap(IomemRegion region, String what, String device, List<String> behind) {
        public Overlap {
            Objects.requireNonNull(region);
            Objects.requireNonNull(what);
            behind = List.copyOf(behind);
        }

        /** "f8000000-f8001fff (pci_hyperv's config window of VMBus device bb8c4f33-..., behind it 2ba2:00:02.0 (mlx4_core))". */
        public String describe() {
            return region.rangeText() + " (" + what + (device == null ? "" : " of VMBus device " + device)
                    + (behind.isEmpty() ? "" : ", behind it " + String.join(", ", behind)) + ")";
        }
    }

    public FramebufferOverlapNow {
        overlaps = List.copyOf(overlaps);
        reasons = List.copyOf(reasons);
    }

    public boolean found() { return !overlaps.isEmpty(); }

    /** The host's framebuffer as "f8000000-fbffffff (BAR of 0000:00:08.0, ...)"; null without one. */
    public String framebufferText() {
        return framebuffer == null ? null : framebuffer.region().rangeText() + " (" + framebuffer.how() + ")";
    }

    public static FramebufferOverlapNow of(IomemFacts io) {
        List<Reason> r = new ArrayList<>();
        Fact<HostFramebufferRegion> fbFact = io.hostFramebuffer();
        if (!fbFact.known()) {
            return new FramebufferOverlapNow(null, List.of(), r);
        }
        HostFramebufferRegion fb = fbFact.value();
        IomemRegion fr = fb.region();
        r.add(Reason.of("the host's framebuffer in the running kernel's iomem: " + fr.rangeText() + " (" + fb.how() + ")",
                fbFact.source()));
        List<Overlap> out = new ArrayList<>();
        List<VmbusAllocation> allocations = io.vmbusAllocations().known() ? io.vmbusAllocations().value() : List.of();
        List<PciBusWindow> windows = io.pciWindows().known() ? io.pciWindows().value() : List.of();
        for (VmbusAllocation a : allocations) {
            IomemRegion ar = a.region();
            if (a.use() == AllocationUse.SYNTHETIC_VIDEO || ar == fr || !ar.overlaps(fr.start(), fr.end())) {
                continue;   // the synthetic video's VRAM is the framebuffer's own user
            }
            out.add(new Overlap(ar, switch (a.use()) {
                case PCI_CONFIG_WINDOW -> "pci_hyperv's config window";
                case PCI_BRIDGE_WINDOW -> "a pci_hyperv bridge window";
                default -> "a VMBus allocation";
            }, a.deviceInstance(), behind(a.deviceInstance(), windows)));
        }
        for (PciBusWindow w : windows) {
            IomemRegion wr = w.region();
            // a window that holds the framebuffer is where it lives; pci_hyperv's windows are VMBus allocations, above
            if (w.kind() == PciWindowKind.HYPERV_PCI || wr == fr || wr.contains(fr) || !wr.overlaps(fr.start(), fr.end())) {
                continue;
            }
            out.add(new Overlap(wr, "PCI bus window \"" + wr.name() + "\"", null, List.of()));
        }
        String src = io.tree().source() + "; " + RULE;
        for (Overlap o : out) {
            r.add(Reason.of(o.describe() + " overlaps the host's framebuffer " + fr.rangeText()
                    + ": nothing reserved the framebuffer when it was allocated", src));
        }
        return new FramebufferOverlapNow(fb, out, r);
    }

    /** The functions pci_hyperv shows in the bridge windows named by {@code instance}, with the drivers that claim them. */
    private static List<String> behind(String instance, List<PciBusWindow> windows) {
        List<String> out = new ArrayList<>();
        for (PciBusWindow w : windows) {
            if (w.kind() != PciWindowKind.HYPERV_PCI || !w.region().name().equals(instance)) {
                continue;
            }
            for (PciBar b : w.bars()) {
                String claims = String.join(", ", b.claims().stream().map(IomemRegion::name).toList());
                String d = b.device() + (claims.isEmpty() ? "" : " (" + claims + ")");
                if (!out.contains(d)) {
                    out.add(d);
                }
            }
        }
        return out;
    }

    /** The finding's message: both ranges and the devices. */
    public String message() {
        List<String> each = new ArrayList<>();
        for (Overlap o : overlaps) {
            each.add(o.describe());
        }
        return "The running kernel's /proc/iomem already shows " + String.join("; ", each) + " on the host's framebuffer "
                + framebufferText() + ".";
    }

    /** What to do, with what the overlap costs until then as its caveat, for the framebuffer's kind. */
    public List<Remedy> remedies() {
        String fix = framebuffer.kind() == HostFramebufferKind.GEN1_LEGACY_VIDEO_BAR
                ? "run a first and a kdump kernel whose hv_vmbus reserves the legacy video BAR on Gen1 before anything"
                        + " else allocates (2a8a8afba0c3 \"Drivers: hv: Always reserve framebuffer region for Gen1 VMs\", from "
                        + ReserveFbChanges.firstRelease(Knowledge.GEN1_PCI_BAR) + ")"
                : "run a first and a kdump kernel whose hv_vmbus reserves the framebuffer before pci_hyperv allocates"
                        + " (016a25e4b0df: " + FbReserveFixDecision.fixReleases() + "; with CONFIG_SYSFB=y where it"
                        + " still needs it)";
        return List.of(new Remedy(fix, null, null, "until then it costs the synthetic video its VRAM (hyperv_drm cannot claim"
                + " it: \"can't reserve\" in dmesg) and may cost the pass-through device behind the window, which the host may"
                + " refuse (\"PCI Pass-through VSP failed D0 Entry with status c0370048\" in dmesg); a kdump kernel that"
                + " reserves no more than this one can land there too. It happens when pci_hyperv allocates before hyperv_drm"
                + " (pci_hyperv built in, hyperv_drm a module: 016a25e4b0df's message); after the change dmesg shows neither"
                + " message"));
    }

    /** The remedies as one sentence. */
    public String remedy() {
        return Remedy.sentence(remedies());
    }
}
