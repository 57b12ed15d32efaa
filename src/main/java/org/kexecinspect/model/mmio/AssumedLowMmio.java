package org.kexecinspect.model.mmio;

import java.util.Objects;

/**
 * A low MMIO range the user states when the facts cannot show it (e.g. from the kernel log's
 * "hv_mmio=" line, or Set-VM -LowMemoryMappedIoSpace). It overrides what the facts imply.
 *
 * @param end inclusive end, or null when only the base is known
 * @param why where the value comes from, shown in the reasons
 */
public record AssumedLowMmio(long start, Long end, String why) {
    public AssumedLowMmio {
        Objects.requireNonNull(why, "why");
        if (start <= 0 || start >= Addresses.FOUR_GIB) {
            throw new IllegalArgumentException("a low MMIO base is above 0 and below 4 GiB: 0x" + Long.toHexString(start));
        }
        if (end != null && (end < start || end >= Addresses.FOUR_GIB)) {
            throw new IllegalArgumentException("low MMIO end 0x" + Long.toHexString(end) + " is not in [start, 4 GiB)");
        }
    }
}
