package org.kexecinspect.model.mmio;

import static org.kexecinspect.model.mmio.Addresses.MIB;
import static org.kexecinspect.model.mmio.Addresses.hex;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.kexecinspect.format.text.HyperVIomem;
import org.kexecinspect.model.Reason;
import org.kexecinspect.model.Tristate;
import org.kexecinspect.model.mmio.MmioPrediction.Range;
import org.kexecinspect.model.mmio.Reservation.Kind;

/**
 * Where pci_hyperv's config window(s) land and whether one sits on the framebuffer the host still
 * uses: hv_allocate_config_window() asks vmbus_allocate_mmio() for any address, first fit from the
 * low MMIO start, around what is already taken (drivers/pci/controller/pci-hyperv.c,
 * drivers/hv/vmbus_drv.c). The host refuses D0 entry to a window on its framebuffer (status c0370048).
 */
final class ConfigWindow {
    private ConfigWindow() {}

    /** PCI_CONFIG_MMIO_LENGTH, asked for 0x1000-aligned (pci-hyperv.c hv_allocate_config_window()). */
    static final long SIZE = HyperVIomem.PCI_CONFIG_WINDOW_SIZE;
    static final long ALIGN = 0x1000;
    /** hyperv_drm hyperv_setup_vram(): vmbus_allocate_mmio(..., fb_size, 0x100000, true). */
    static final long VRAM_ALIGN = MIB;

    /** The outcome of case {@code c} once the reservation is known; steps go to {@code t}. */
    static Outcome land(Inputs in, Map<Condition, Boolean> c, Reservation reserved, List<Reason> t) {
        Kind kind = reserved.kind();
        Range res = reserved.range();
        String resText = reserved.summary();
        if (!c.get(Condition.PCI_HYPERV)) {
            t.add(Reason.of("no pci_hyperv config window in the kdump kernel, so nothing to collide with the framebuffer",
                    Sources.CONFIG_WINDOW));
            return new Outcome(reserved, null, Tristate.NO, t, resText + "; no config window");
        }
        boolean pciFirst = c.get(Condition.PCI_FIRST);
        HostFramebuffer host = in.framebuffer();
        Range fb = host.inUse();
        if (in.lowStart() == null) {
            return lowBaseUnknown(kind, reserved, pciFirst, host, t, resText);
        }
        if (kind == Kind.UNKNOWN) {
            t.add(Reason.of("with the reservation unknown, where the config window lands is unknown", Sources.CONFIG_WINDOW));
            Tristate conflict = host.none() || !pciFirst ? Tristate.NO : Tristate.UNKNOWN;
            return new Outcome(reserved, null, conflict, t, resText + "; config window unknown");
        }
        List<Range> taken = new ArrayList<>();
        if (res != null) {
            taken.add(res);
        }
        boolean videoMovedHere = false;
        if (!pciFirst) {
            if (host.vramSize() == null) {
                t.add(Reason.of("the video driver allocates first, with a VRAM size unknown here: it tells the host its new place"
                        + " and the config window lands beside it; where exactly is unknown", Sources.SETUP_VRAM));
                return new Outcome(reserved, null, Tristate.NO, t, resText + "; video first; config window unknown; no conflict");
            }
            videoFirst(in, res, taken, t);
            videoMovedHere = true;
        }
        List<Range> windows = windows(in, taken);
        if (windows.isEmpty()) {
            t.add(Reason.of("no 8 KiB slot left in low MMIO: pci_hyperv takes its window from high MMIO", Sources.VMBUS_MMIO));
            return new Outcome(reserved, null, Tristate.NO, t, resText + "; config window in high MMIO");
        }
        Range first = windows.get(0);
        t.add(Reason.of("pci_hyperv's config window lands first-fit at " + hex(first) + (windows.size() > 1
                ? " and the next bus's at " + hex(windows.get(1)) + (windows.size() > 2 ? ", …" : "") : "")
                + " (0x2000 bytes, 0x1000-aligned, from the low MMIO start, around what is already taken)",
                Sources.CONFIG_WINDOW + "; " + Sources.VMBUS_MMIO));
        Tristate conflict = conflict(host, fb, windows, videoMovedHere, t);
        if (!conflict.isNo() || res == null) {
            t.add(Reason.derived("pci_hyperv then allocates its bridge windows: 32-bit BARs come from low MMIO too, first-fit"
                    + " above the config window, so without a reservation they can also land on the framebuffer",
                    Sources.VMBUS_MMIO + "; " + Sources.CONFIG_WINDOW));
        }
        return new Outcome(reserved, first, windows, conflict, t, resText + "; config window " + hex(first)
                + (conflict == Tristate.UNKNOWN ? "; conflict unknown" : conflict.isYes() ? "; conflict" : "; no conflict"));
    }

    /** Without the low MMIO base no address can be placed; some cases still decide the conflict. */
    private static Outcome lowBaseUnknown(Kind kind, Reservation reserved, boolean pciFirst, HostFramebuffer host,
            List<Reason> t, String resText) {
        Tristate conflict = host.none() ? Tristate.NO : Tristate.UNKNOWN;
        if (kind == Kind.AT_LOW_BASE && conflict == Tristate.UNKNOWN) {
            conflict = Tristate.NO;
            t.add(Reason.derived("the reservation starts at the low MMIO base, where Gen2 puts the framebuffer, so the config"
                    + " window lands above it; where exactly is unknown", Sources.LAYOUTS + "; " + Sources.CONFIG_WINDOW));
        } else if (!pciFirst && conflict == Tristate.UNKNOWN) {
            conflict = Tristate.NO;
            t.add(Reason.of("the video driver allocates its VRAM first and tells the host, so the config window lands beside"
                    + " it, not on it; where exactly is unknown", Sources.SETUP_VRAM));
        } else {
            t.add(Reason.of("the low MMIO base is unknown: where the config window lands is unknown", Sources.CONFIG_WINDOW));
        }
        return new Outcome(reserved, null, conflict, t, resText + "; config window unknown"
                + (conflict == Tristate.UNKNOWN ? "" : conflict.isYes() ? "; conflict" : "; no conflict"));
    }

    /** The video driver allocates first: its VRAM goes into the reservation if it fits (fb_overlap_ok), else first-fit. */
    private static void videoFirst(Inputs in, Range res, List<Range> taken, List<Reason> t) {
        long vram = in.framebuffer().vramSize();
        if (res != null && vram <= res.size()) {
            t.add(Reason.of(String.format(Locale.ROOT, "the video driver allocates first: its %d MiB VRAM fits in the"
                    + " reservation (fb_overlap_ok)", vram / MIB), Sources.SETUP_VRAM));
            return;
        }
        Range placed = firstFit(in.lowStart(), in.lowEnd(), vram, VRAM_ALIGN, taken);
        if (placed == null) {
            t.add(Reason.of("the video driver's VRAM does not fit in low MMIO; it goes high", Sources.SETUP_VRAM));
        } else {
            taken.add(placed);
            t.add(Reason.of("the video driver allocates first: its VRAM takes " + hex(placed) + " and the host draws there",
                    Sources.SETUP_VRAM));
        }
    }

    /** One window per pass-through bus (at least one), first-fit in low MMIO, as long as they fit. */
    private static List<Range> windows(Inputs in, List<Range> taken) {
        int count = Math.max(1, in.passThroughBuses());
        List<Range> windows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Range w = firstFit(in.lowStart(), in.lowEnd(), SIZE, ALIGN, taken);
            if (w == null) {
                break;
            }
            windows.add(w);
            taken.add(w);
        }
        return windows;
    }

    private static Tristate conflict(HostFramebuffer host, Range fb, List<Range> windows, boolean videoMovedHere,
            List<Reason> t) {
        if (host.none() || videoMovedHere) {
            return Tristate.NO;
        }
        if (fb == null) {
            t.add(Reason.of("where the host's framebuffer is, is unknown: conflict unknown", Sources.CONFIG_WINDOW));
            return Tristate.UNKNOWN;
        }
        if (windows.stream().anyMatch(w -> w.overlaps(fb))) {
            t.add(Reason.of("the config window overlaps the framebuffer the host still uses (" + hex(fb) + "): the host refuses"
                    + " D0 entry (\"PCI Pass-through VSP failed D0 Entry with status c0370048\")", Sources.FAILURE));
            return Tristate.YES;
        }
        Range boot = host.boot();
        if (host.current() != null && boot != null && windows.stream().anyMatch(w -> w.overlaps(boot))) {
            t.add(Reason.of("the config window misses the VRAM the first kernel's video driver moved to (" + hex(fb)
                    + ") but overlaps the boot-time framebuffer " + hex(boot) + "; whether the host still guards"
                    + " that range is not known", Sources.CONFIG_WINDOW + "; " + Sources.SETUP_VRAM));
            return Tristate.UNKNOWN;
        }
        t.add(Reason.of("the config window stays clear of the framebuffer " + hex(fb), Sources.CONFIG_WINDOW));
        return Tristate.NO;
    }

    /** vmbus_allocate_mmio()'s walk: aligned slots from the range start upward, skipping what is taken. */
    static Range firstFit(long lo, Long hi, long size, long align, List<Range> taken) {
        List<Range> sorted = new ArrayList<>(taken);
        sorted.sort(Comparator.comparingLong(Range::start));
        long start = Addresses.alignUp(lo, align);
        for (int pass = 0; pass <= sorted.size(); pass++) {
            boolean moved = false;
            for (Range o : sorted) {
                Range want = new Range(start, start + size - 1);
                if (want.overlaps(o)) {
                    start = Addresses.alignUp(o.end() + 1, align);
                    moved = true;
                }
            }
            if (!moved) {
                break;
            }
        }
        if (hi != null && start + size - 1 > hi) {
            return null;
        }
        return new Range(start, start + size - 1);
    }
}
