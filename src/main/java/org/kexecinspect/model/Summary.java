package org.kexecinspect.model;

import java.util.List;
import java.util.Objects;

/**
 * The prediction in a few plain words, for the top of a report: what a person on the VM, or reading
 * a ticket, needs before the evidence.
 *
 * @param headline the verdict in words a non-kernel engineer understands, one line of at most 76
 *                 characters ("kdump will fail on this VM: the crash kernel will lose its NVMe root disk")
 * @param why      the chain in at most four short lines: the load path, the lfb_base the kdump kernel
 *                 gets, what that does to pci_hyperv's config window, what is lost
 * @param missing  the facts that would decide what is still open, as phrases; empty when nothing is
 */
public record Summary(String headline, List<String> why, List<String> missing) {
    /** The most lines {@link #why} holds. */
    public static final int MAX_WHY = 4;

    public Summary {
        Objects.requireNonNull(headline, "headline");
        why = List.copyOf(why);
        missing = List.copyOf(missing);
        if (why.size() > MAX_WHY) {
            throw new IllegalArgumentException("at most " + MAX_WHY + " lines of why: " + why);
        }
    }
}
