package org.kexecinspect.format.log;

/** A physical address range as the kernel's {@code %pR} prints it: {@code [mem start-end]}, end inclusive. */
public record MemRange(long start, long end) {
    public long size() { return end - start + 1; }

    @Override
    public String toString() { return String.format("[mem %#x-%#x]", start, end); }
}
