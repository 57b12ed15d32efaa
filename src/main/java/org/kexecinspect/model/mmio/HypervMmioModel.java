package org.kexecinspect.model.mmio;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.kexecinspect.facts.Fact;
import org.kexecinspect.facts.SystemFacts;
import org.kexecinspect.model.PathPrediction;
import org.kexecinspect.model.Reason;
import org.kexecinspect.model.Tristate;

/**
 * The Hyper-V MMIO outcome in the kdump kernel: the VMBus low MMIO range ({@link LowMmio}), what
 * vmbus_reserve_fb() reserves there ({@link Reservation}), where pci_hyperv's config window lands
 * first-fit ({@link ConfigWindow}), and whether that window sits on the framebuffer the host still
 * uses (the host then refuses D0 entry, status c0370048, and the pass-through NVMe is lost:
 * [ML 20260122020337.94967-1-decui@microsoft.com]).
 *
 * <p>Pure: facts and one load path's prediction in, a record out. A fact that is unknown and
 * matters is not guessed: the model works the outcome out for each value the unknown yes/no facts
 * (EFI_BOOT, CONFIG_SYSFB, 016a25e4b0df, release changes, probe order) could take ({@link Cases}),
 * and a field is known only when every case agrees; the reasons name the unknowns that made a difference.
 *
 * <p>Reading the record: {@code framebufferReservation} null with {@code conflict} NO or YES
 * means nothing is reserved; with {@code conflict} UNKNOWN it can mean unknown, as the reasons say.
 */
public final class HypervMmioModel {
    private HypervMmioModel() {}

    /** The outcome for {@code used}, the load path the kdump service takes. */
    public static MmioPrediction predict(SystemFacts f, PathPrediction used) {
        return predict(f, used, null);
    }

    /** As {@link #predict(SystemFacts, PathPrediction)}, with a stated low MMIO range (null: none). */
    public static MmioPrediction predict(SystemFacts f, PathPrediction used, AssumedLowMmio assumed) {
        Objects.requireNonNull(f, "facts");
        List<Reason> reasons = new ArrayList<>();
        Fact<Boolean> guest = f.hyperv().guest();
        if (guest.known() && !guest.value()) {
            reasons.add(Reason.of("not a Hyper-V guest: no VMBus, so no framebuffer reservation and no pci_hyperv config window",
                    guest.source() + " (drivers/hv/vmbus_drv.c registers the vmbus bus only on Hyper-V)"));
            return new MmioPrediction(null, null, null, null, null, Tristate.NO, Tristate.UNKNOWN, reasons);
        }
        if (!guest.known()) {
            reasons.add(Reason.of("whether this is a Hyper-V guest is unknown (" + guest.unknown() + "): the outcome below"
                    + " holds only if it is one", guest.source()));
        }
        Inputs in = Inputs.resolve(f, used, assumed, reasons);
        if (in.vmbusInKdump().isNo()) {
            return new MmioPrediction(in.mmio().low(), in.mmio().high(), in.framebuffer().inUse(), null, null, Tristate.NO,
                    Tristate.UNKNOWN, reasons);
        }
        Cases.Merged m = Cases.enumerate(in);
        reasons.addAll(m.reasons());
        return new MmioPrediction(in.mmio().low(), in.mmio().high(), in.framebuffer().inUse(),
                m.reservationKind() == Reservation.Kind.RANGE ? m.reservation() : null, m.window(), m.conflict(), m.pciFirst(),
                reasons, m.windows(), m.possibleWindows(), m.turnsOn(), switch (m.reservationKind()) {
                    case NONE -> MmioPrediction.Reserves.NOTHING;
                    case RANGE -> MmioPrediction.Reserves.RANGE;
                    case AT_LOW_BASE -> MmioPrediction.Reserves.AT_LOW_BASE;
                    case UNKNOWN -> MmioPrediction.Reserves.UNKNOWN;
                });
    }

    /**
     * The most 016a25e4b0df's vmbus_reserve_fb() reserves at the low MMIO base: min((4 GiB - start) / 2,
     * this cap) (drivers/hv/vmbus_drv.c); from the release knowledge, for a caller that sizes a framebuffer by it.
     */
    public static long fallbackReservationCap() {
        return org.kexecinspect.knowledge.Knowledge.get().reserveFbSizes().fallbackCap();
    }

    /** What a misplaced config window would cost on this system (pure; the verdict is made elsewhere). */
    public static Exposure exposure(SystemFacts f, MmioPrediction m) {
        return Exposure.of(f, m);
    }
}
