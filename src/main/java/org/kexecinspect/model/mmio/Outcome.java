package org.kexecinspect.model.mmio;

import java.util.List;

import org.kexecinspect.model.Reason;
import org.kexecinspect.model.Tristate;
import org.kexecinspect.model.mmio.MmioPrediction.Range;

/**
 * The outcome of one case: what is reserved, where the first config window lands (and every bus's,
 * in probe order), whether a window sits on the host's framebuffer; {@code summary} is the line that
 * compares cases.
 */
record Outcome(Reservation reservation, Range window, List<Range> windows, Tristate conflict, List<Reason> trail,
        String summary) {
    Outcome {
        windows = List.copyOf(windows);
    }

    /** An outcome with no window placed, or only the first. */
    Outcome(Reservation reservation, Range window, Tristate conflict, List<Reason> trail, String summary) {
        this(reservation, window, window == null ? List.of() : List.of(window), conflict, trail, summary);
    }
}
