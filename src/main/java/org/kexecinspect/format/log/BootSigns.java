package org.kexecinspect.format.log;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The observation lines of one boot beyond its events: the first line of each {@link SignKind}, and
 * the first {@link #MAX_LISTED} hv_pci host bridges and NVMe controllers. Only first occurrences are
 * kept, so a boot holds at most a few dozen lines whatever the log's length. What the lines mean for
 * a system's facts is decided in org.kexecinspect.facts.
 *
 * @param first         the first line of each kind the boot printed
 * @param hvPciBridges  "hv_pci GUID: PCI host bridge to bus DDDD:BB" (drivers/pci/probe.c
 *                      pci_register_host_bridge() on a bus pci-hyperv made); value: "DDDD:BB"
 * @param nvmeFunctions "nvme nvmeN: pci function DDDD:BB:DD.F" (drivers/nvme/host/pci.c nvme_probe());
 *                      value: the function's address
 */
public record BootSigns(Map<SignKind, Sign> first, List<Sign> hvPciBridges, List<Sign> nvmeFunctions) {

    /** Host bridges and NVMe controllers kept per boot; more are not recorded. */
    public static final int MAX_LISTED = 16;

    /** A boot with no such lines. */
    public static final BootSigns NONE = new BootSigns(Map.of(), List.of(), List.of());

    /**
     * One line: its 1-based number in the file, its message (prefixes and stamp taken off) and what
     * it says parsed (see each {@link SignKind}; the message itself when nothing is parsed).
     */
    public record Sign(long line, String text, String value) {
        public Sign {
            Objects.requireNonNull(text);
            Objects.requireNonNull(value);
        }
    }

    public BootSigns {
        EnumMap<SignKind, Sign> m = new EnumMap<>(SignKind.class);
        m.putAll(first);
        first = Collections.unmodifiableMap(m);
        hvPciBridges = List.copyOf(hvPciBridges);
        nvmeFunctions = List.copyOf(nvmeFunctions);
    }

    /** The first line of {@code kind}, if the boot printed one. */
    public Optional<Sign> first(SignKind kind) {
        return Optional.ofNullable(first.get(kind));
    }
}
