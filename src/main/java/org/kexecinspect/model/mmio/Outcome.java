package org.kexecinspect.model.mmio;

import java.util.List;

import org.kexecinspect.model.Reason;
import org.kexecinspect.model.Tristate;
import org.kexecinspect.model.mmio.MmioPrediction.Range;

/**
 * The outcome of one case: what is reserved, where the first config window lands, whether a window
 * sits on the host's framebuffer; {@code summary} is the line that compares cases.
 */
record Outcome(Reservation reservation, Range window, Tristate conflict, List<Reason> trail, String summary) {}
