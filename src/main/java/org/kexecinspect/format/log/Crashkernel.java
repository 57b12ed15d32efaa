package org.kexecinspect.format.log;

/**
 * The crashkernel reservation a first kernel logs: {@code start} and {@code end} as printed
 * ({@code crashkernel reserved: 0x%016llx - 0x%016llx (%ld MB)} in kernel/crash_reserve.c
 * reserve_crashkernel_generic(), where end is exclusive), and the size in MiB.
 */
public record Crashkernel(long start, long end, long megabytes) {}
