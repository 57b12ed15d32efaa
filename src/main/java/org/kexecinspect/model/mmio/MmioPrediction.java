package org.kexecinspect.model.mmio;

import java.util.List;
import java.util.Objects;

import org.kexecinspect.model.Reason;
import org.kexecinspect.model.Tristate;

/**
 * The Hyper-V MMIO outcome in the kdump kernel (drivers/hv/vmbus_drv.c vmbus_reserve_fb(),
 * drivers/pci/controller/pci-hyperv.c hv_allocate_config_window()).
 *
 * @param lowMmio                the VMBus low MMIO range (below 4 GiB, cut at the vTPM), or null when unknown
 * @param highMmio               the high range, or null
 * @param framebuffer            where the host still considers the framebuffer to be, or null
 * @param framebufferReservation what vmbus_reserve_fb() will reserve in the kdump kernel, or null when nothing
 * @param configWindow           where pci_hyperv's 8 KiB config window will land, or null when unknown / no pci_hyperv
 * @param conflict               the config window overlaps the framebuffer
 * @param pciHypervFirst         pci_hyperv probes before hyperv_drm (built in vs module, initramfs contents)
 * @param reasons                the chain, each step with its evidence
 * @param configWindows          every pass-through bus's config window in probe order (the first is {@code
 *                               configWindow}); empty when unknown or none
 * @param possibleConfigWindows  where the first window may land when the unknown facts decide among several
 *                               places, in address order; empty otherwise
 * @param turnsOn                the unknown facts the outcome turns on (each would decide it); empty when none
 * @param reserves               what vmbus_reserve_fb() reserves: nothing, {@code framebufferReservation}, a range at
 *                               the low MMIO base of a size not known, or it cannot be told
 */
public record MmioPrediction(Range lowMmio, Range highMmio, Range framebuffer, Range framebufferReservation,
        Range configWindow, Tristate conflict, Tristate pciHypervFirst, List<Reason> reasons, List<Range> configWindows,
        List<Range> possibleConfigWindows, List<String> turnsOn, Reserves reserves) {

    /** What vmbus_reserve_fb() reserves in the kdump kernel, as far as every case agrees. */
    public enum Reserves {
        NOTHING("nothing"), RANGE("range"), AT_LOW_BASE("at-low-base"), UNKNOWN("unknown");

        private final String label;

        Reserves(String label) { this.label = label; }

        /** The JSON name. */
        public String label() { return label; }
    }

    /** An inclusive physical address range. */
    public record Range(long start, long end) {
        public long size() { return end - start + 1; }

        public boolean overlaps(Range o) {
            return Long.compareUnsigned(start, o.end) <= 0 && Long.compareUnsigned(o.start, end) <= 0;
        }

        /** The addresses both ranges hold, or null when they do not overlap. */
        public Range intersection(Range o) {
            if (!overlaps(o)) {
                return null;
            }
            return new Range(Long.compareUnsigned(start, o.start) >= 0 ? start : o.start,
                    Long.compareUnsigned(end, o.end) <= 0 ? end : o.end);
        }

        // Written out: the generated ones link through ObjectMethods.bootstrap, milliseconds of every
        // preflight that compares ranges (StartupLinkageTest)
        @Override public boolean equals(Object o) {
            return o instanceof Range r && start == r.start && end == r.end;
        }

        @Override public int hashCode() {
            return Long.hashCode(start) * 31 + Long.hashCode(end);
        }
    }

    public MmioPrediction {
        Objects.requireNonNull(conflict, "conflict");
        Objects.requireNonNull(pciHypervFirst, "pciHypervFirst");
        reasons = List.copyOf(reasons);
        configWindows = List.copyOf(configWindows);
        possibleConfigWindows = List.copyOf(possibleConfigWindows);
        turnsOn = List.copyOf(turnsOn);
        Objects.requireNonNull(reserves, "reserves");
    }

    /**
     * The vTPM hole above the low range, from VTPM_BASE_ADDRESS to 4 GiB, when the low range runs up to it
     * (drivers/hv/vmbus_drv.c vmbus_walk_resources() cuts the low range there); null otherwise. The maps draw
     * the low range's axis on to 4 GiB through it.
     */
    public Range vtpmHole() {
        if (lowMmio == null) {
            return null;
        }
        long vtpm = org.kexecinspect.format.text.HyperVIomem.VTPM_BASE;
        boolean reaches = Long.compareUnsigned(lowMmio.start(), vtpm) < 0 && Long.compareUnsigned(lowMmio.end(), vtpm - 1) >= 0
                && Long.compareUnsigned(lowMmio.end(), FOUR_GIB) < 0;
        return reaches ? new Range(vtpm, FOUR_GIB - 1) : null;
    }

    private static final long FOUR_GIB = 1L << 32;

    /**
     * A prediction that places at most the first window and names no unknowns; a null reservation is
     * nothing when the conflict is decided, else unknown.
     */
    public MmioPrediction(Range lowMmio, Range highMmio, Range framebuffer, Range framebufferReservation,
            Range configWindow, Tristate conflict, Tristate pciHypervFirst, List<Reason> reasons) {
        this(lowMmio, highMmio, framebuffer, framebufferReservation, configWindow, conflict, pciHypervFirst, reasons,
                configWindow == null ? List.of() : List.of(configWindow), List.of(), List.of(),
                framebufferReservation != null ? Reserves.RANGE : conflict.known() ? Reserves.NOTHING : Reserves.UNKNOWN);
    }
}
