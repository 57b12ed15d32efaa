package org.kexecinspect.model.mmio;

import static org.kexecinspect.model.mmio.Addresses.FOUR_GIB;
import static org.kexecinspect.model.mmio.Addresses.MIB;
import static org.kexecinspect.model.mmio.Addresses.hex;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.kexecinspect.facts.Fact;
import org.kexecinspect.facts.KdumpKernelFacts;
import org.kexecinspect.knowledge.Knowledge;
import org.kexecinspect.knowledge.Knowledge.ReserveFbSizes;
import org.kexecinspect.model.Reason;
import org.kexecinspect.model.fix.FbReserveFix;
import org.kexecinspect.model.fix.FbReserveFixDecision;
import org.kexecinspect.model.Tristate;
import org.kexecinspect.model.mmio.MmioPrediction.Range;

/**
 * What vmbus_reserve_fb() reserves in the kdump kernel for one case (drivers/hv/vmbus_drv.c): the
 * EFI (Gen2) branch with its CONFIG_SYSFB gate (a07b50d80ab6) and the low-MMIO fallback of
 * 016a25e4b0df, the Gen1 branch that reserves the legacy video BAR (2a8a8afba0c3), and the older
 * Gen1 branch that reads screen_info. Sizes come from knowledge.json.
 *
 * @param range what is reserved, when {@code kind} is RANGE
 */
record Reservation(Kind kind, Range range) {

    enum Kind { NONE, RANGE, AT_LOW_BASE, UNKNOWN }

    /** What the case summaries print. */
    String summary() {
        return switch (kind) {
            case NONE -> "nothing reserved";
            case RANGE -> "reserves " + hex(range);
            case AT_LOW_BASE -> "reserves at the low MMIO base";
            case UNKNOWN -> "reservation unknown";
        };
    }

    /** Whether the kdump kernel carries 016a25e4b0df, as the facts say. */
    static Tristate fixCarried(KdumpKernelFacts kk, List<Reason> r) {
        FbReserveFix decision = FbReserveFixDecision.decide(kk);
        Fact<Boolean> fx = decision.carriedFact();
        String commit = Knowledge.get().fbReserveFixCommit();
        if (fx.known()) {
            r.add(Reason.of("the kdump kernel " + (fx.value() ? "carries " : "lacks ") + commit
                    + " (" + decision.evidence() + ")", fx.source()));
        } else {
            r.add(Reason.of("whether the kdump kernel carries " + commit + " is unknown (" + fx.unknown() + ")", fx.source()));
        }
        return Tristate.of(fx.orElse(null));
    }

    /** The reservation in case {@code c}; every step goes to {@code t}. */
    static Reservation of(Inputs in, Map<Condition, Boolean> c, List<Reason> t) {
        if (c.get(Condition.EFI_BOOT)) {
            return efiBranch(in, c, t);
        }
        if (c.get(Condition.GEN1_PCI_BAR)) {
            return legacyVideoBar(in, t);
        }
        return gen1FromScreenInfo(in, t);
    }

    private static Reservation efiBranch(Inputs in, Map<Condition, Boolean> c, List<Reason> t) {
        Long lfbBase = in.screenInfo().lfbBase();
        if (c.get(Condition.SYSFB_GATE) && !c.get(Condition.SYSFB)) {
            t.add(Reason.of("EFI branch without CONFIG_SYSFB on " + ReserveFbChanges.firstRelease(Knowledge.SYSFB_GATE)
                    + " or later: vmbus_reserve_fb() reserves nothing",
                    Sources.RESERVE_FB + " (a07b50d80ab6)"));
            return new Reservation(Kind.NONE, null);
        }
        if (lfbBase == null) {
            t.add(Reason.of("EFI branch: what is reserved depends on the kdump kernel's lfb_base, which is unknown",
                    Sources.RESERVE_FB));
            return new Reservation(Kind.UNKNOWN, null);
        }
        if (c.get(Condition.FIX)) {
            return lowMmioFallback(in, lfbBase, t);
        }
        if (lfbBase == 0) {
            t.add(Reason.of("EFI branch, lfb_base 0 and no 016a25e4b0df: vmbus_reserve_fb() reserves nothing",
                    Sources.RESERVE_FB));
            return new Reservation(Kind.NONE, null);
        }
        long size = Math.max(rawSize(in), in.sizes().gen2Minimum());
        Range res = request(in, lfbBase, size, t);
        t.add(Reason.of(String.format(Locale.ROOT, "EFI branch: start = lfb_base 0x%x, size = max(lfb_size, 8 MiB)%s",
                lfbBase, res == null ? ": the request fails" : ": reserves " + hex(res)), Sources.RESERVE_FB));
        return reserved(res);
    }

    /** 016a25e4b0df: lfb_base 0 falls back to the low MMIO base, and the size becomes min((4 GiB - start)/2, 128 MiB). */
    private static Reservation lowMmioFallback(Inputs in, long b, List<Reason> t) {
        ReserveFbSizes s = in.sizes();
        Long low = in.lowStart();
        if (low == null) {
            if (b == 0) {
                t.add(Reason.of("016a25e4b0df: lfb_base 0 falls back to the low MMIO base; it reserves min((4 GiB - base)/2,"
                        + " 128 MiB) there (the base is unknown here)", Sources.RESERVE_FB));
                return new Reservation(Kind.AT_LOW_BASE, null);
            }
            long size = Math.min((FOUR_GIB - b) / 2, s.fallbackCap());
            Range res = request(in, b, size, t);
            t.add(Reason.derived(String.format(Locale.ROOT, "016a25e4b0df: lfb_base 0x%x (taken as not below the"
                    + " unknown low MMIO base) gets min((4 GiB - start)/2, 128 MiB)%s", b,
                    res == null ? ": the request fails" : " = " + hex(res)), Sources.RESERVE_FB));
            return reserved(res);
        }
        if (low == 0 || low >= FOUR_GIB || (b != 0 && b < low)) {
            t.add(Reason.of(String.format(Locale.ROOT, "016a25e4b0df warns \"Unexpected low mmio base\" (lfb_base 0x%x,"
                    + " low base 0x%x) and keeps the old rule", b, low), Sources.RESERVE_FB));
            Range res = b == 0 ? null : request(in, b, Math.max(rawSize(in), s.gen2Minimum()), t);
            return reserved(res);
        }
        long start = b == 0 ? low : b;
        long size = Math.min((FOUR_GIB - start) / 2, s.fallbackCap());
        Range res = request(in, start, size, t);
        t.add(Reason.of(String.format(Locale.ROOT, "016a25e4b0df: start = %s 0x%x, size = min((4 GiB - start)/2,"
                + " 128 MiB) = %d MiB%s", b == 0 ? "the low MMIO base (lfb_base is 0)" : "lfb_base", start, size / MIB,
                res == null ? ": the request fails" : ": reserves " + hex(res)), Sources.RESERVE_FB));
        return reserved(res);
    }

    /** Since 2a8a8afba0c3 the non-EFI branch reserves BAR 0 of PCI 1414:5353, whatever screen_info says. */
    private static Reservation legacyVideoBar(Inputs in, List<Reason> t) {
        LegacyVideo legacy = in.legacyVideo();
        if (legacy.present().isNo()) {
            t.add(Reason.of("non-EFI branch: no PCI 1414:5353 (a Gen2 VM has none), so nothing is reserved whatever lfb_base"
                    + " says, even with 016a25e4b0df", Sources.EFI_BOOT_BRANCH));
            return new Reservation(Kind.NONE, null);
        }
        if (legacy.bar() == null) {
            t.add(Reason.of("non-EFI branch: whether PCI 1414:5353 exists is unknown", Sources.RESERVE_FB));
            return new Reservation(Kind.UNKNOWN, null);
        }
        Range res = request(in, legacy.bar().start(), legacy.bar().size(), t);
        t.add(Reason.of("non-EFI branch: reserves BAR 0 of PCI 1414:5353" + (res == null ? ", but the request fails"
                : ", " + hex(res)) + "; screen_info does not matter", Sources.RESERVE_FB + " (2a8a8afba0c3)"));
        return reserved(res);
    }

    /** Before 2a8a8afba0c3 the non-EFI branch reserves max(lfb_size, 64 MiB) at lfb_base. */
    private static Reservation gen1FromScreenInfo(Inputs in, List<Reason> t) {
        Long lfbBase = in.screenInfo().lfbBase();
        String before = "non-EFI branch before " + ReserveFbChanges.firstRelease(Knowledge.GEN1_PCI_BAR);
        if (lfbBase == null) {
            t.add(Reason.of(before + ": it depends on lfb_base, which is unknown", Sources.RESERVE_FB));
            return new Reservation(Kind.UNKNOWN, null);
        }
        if (lfbBase == 0) {
            t.add(Reason.of(before + " with lfb_base 0: nothing reserved", Sources.RESERVE_FB));
            return new Reservation(Kind.NONE, null);
        }
        Range res = request(in, lfbBase, Math.max(rawSize(in), in.sizes().gen1Minimum()), t);
        t.add(Reason.of(String.format(Locale.ROOT, "%s: start = lfb_base 0x%x, size = max(lfb_size, 64 MiB)%s", before,
                lfbBase, res == null ? ": the request fails" : ": reserves " + hex(res)), Sources.RESERVE_FB));
        return reserved(res);
    }

    private static long rawSize(Inputs in) {
        Long raw = in.screenInfo().lfbSizeRaw();
        return raw == null ? 0 : raw;
    }

    private static Reservation reserved(Range res) {
        return new Reservation(res == null ? Kind.NONE : Kind.RANGE, res);
    }

    /**
     * __request_region(hyperv_mmio, start, size), halving size until it fits or drops below 1 MiB.
     * At that point nothing else is in the range, so only the range's own bounds can refuse it.
     */
    static Range request(Inputs in, long start, long size, List<Reason> t) {
        Long low = in.lowStart();
        Long end = in.lowEnd();
        if (low != null && start < low) {
            t.add(Reason.of(String.format(Locale.ROOT, "0x%x is below the low MMIO range: the reservation fails", start),
                    Sources.RESERVE_FB));
            return null;
        }
        if (end == null) {
            return new Range(start, start + size - 1);
        }
        long sz = size;
        while (sz >= in.sizes().smallestRequest() && start + sz - 1 > end) {
            sz >>= 1;
        }
        if (sz < in.sizes().smallestRequest()) {
            t.add(Reason.of(String.format(Locale.ROOT, "0x%x leaves no 1 MiB before the low MMIO end 0x%x: the reservation fails",
                    start, end), Sources.RESERVE_FB));
            return null;
        }
        if (sz != size) {
            t.add(Reason.of(String.format(Locale.ROOT, "%d bytes at 0x%x pass the low MMIO end: halved to %d", size, start, sz),
                    Sources.RESERVE_FB));
        }
        return new Range(start, start + sz - 1);
    }
}
