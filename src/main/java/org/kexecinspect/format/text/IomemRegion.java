package org.kexecinspect.format.text;

import java.util.List;
import java.util.Objects;

/**
 * One line of /proc/iomem: a struct resource of the kernel's iomem tree, with the resources
 * nested inside it. Addresses are unsigned 64-bit values (compare them with
 * {@link Long#compareUnsigned}); {@code end} is inclusive, as the kernel keeps and prints it.
 *
 * @param start first byte
 * @param end last byte, never below {@code start} (unsigned)
 * @param name the resource's name as printed after " : " (may be empty, or "&lt;BAD&gt;" when the
 *     kernel's resource had none: kernel/resource.c r_show())
 * @param children the resources inside this one, in the order printed (ascending start)
 */
public record IomemRegion(long start, long end, String name, List<IomemRegion> children) {

    public IomemRegion {
        Objects.requireNonNull(name);
        children = List.copyOf(children);
        if (Long.compareUnsigned(end, start) < 0) {
            throw new IllegalArgumentException("end " + Long.toHexString(end) + " below start " + Long.toHexString(start));
        }
    }

    /** Size in bytes; 0 stands for 2^64 (a region spanning the whole address space, which no real line does). */
    public long size() {
        return end - start + 1;
    }

    public boolean contains(long address) {
        return Long.compareUnsigned(address, start) >= 0 && Long.compareUnsigned(address, end) <= 0;
    }

    /** Whether {@code other} lies wholly inside this region (an equal range counts). */
    public boolean contains(IomemRegion other) {
        return contains(other.start) && contains(other.end);
    }

    public boolean overlaps(long otherStart, long otherEnd) {
        return Long.compareUnsigned(otherStart, end) <= 0 && Long.compareUnsigned(otherEnd, start) >= 0;
    }

    /** The range as the kernel prints it, without the name: 8 or more lower-case hex digits each. */
    public String rangeText() {
        return String.format("%08x-%08x", start, end);
    }

    @Override
    public String toString() {
        return rangeText() + " : " + name + (children.isEmpty() ? "" : " (" + children.size() + " inside)");
    }
}
