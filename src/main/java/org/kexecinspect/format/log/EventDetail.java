package org.kexecinspect.format.log;

import java.util.List;
import java.util.OptionalLong;

/** What an event's line says beyond its kind, parsed; {@link None} when it says nothing more. */
public sealed interface EventDetail {
    record None() implements EventDetail {}

    /** A framebuffer driver's line: the driver, and the base and size when the line names them. */
    record Framebuffer(String driver, OptionalLong base, OptionalLong size) implements EventDetail {}

    /** A status as printed (hv_pci's D0 entry status, e.g. {@code c0370048}). */
    record Status(String status) implements EventDetail {}

    /** The function names of the stack trace that follows (a soft lockup's), in order, each once. */
    record Stack(List<String> functions) implements EventDetail {
        public Stack { functions = List.copyOf(functions); }
    }

    /** vmbus_reserve_fb()'s {@code hv_mmio=%pR,%pR fb=%pR}: the VMBus MMIO ranges and the framebuffer reserved, if any. */
    record Mmio(List<MemRange> hvMmio, java.util.Optional<MemRange> fb) implements EventDetail {
        public Mmio { hvMmio = List.copyOf(hvMmio); }
    }
}
