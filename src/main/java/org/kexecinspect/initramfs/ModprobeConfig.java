package org.kexecinspect.initramfs;

/**
 * A modprobe configuration file (modprobe.d(5): *.conf in etc/modprobe.d, lib/modprobe.d,
 * usr/lib/modprobe.d) with its text.
 *
 * @param path the member's normalised path
 * @param text its bytes as UTF-8, at most {@link InitramfsLimits#maxConfigBytes()} of them
 * @param size the file's full size
 * @param truncated whether text stops before the file's end
 */
public record ModprobeConfig(String path, String text, long size, boolean truncated) {}
