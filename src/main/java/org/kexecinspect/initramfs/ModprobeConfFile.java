package org.kexecinspect.initramfs;

/**
 * A modprobe configuration file found in an initramfs (modprobe.d(5): *.conf in etc/modprobe.d,
 * lib/modprobe.d, usr/lib/modprobe.d), as raw text: format.text.ModprobeCommands parses it.
 *
 * @param path the member's normalised path
 * @param text its bytes as UTF-8, at most {@link InitramfsLimits#maxConfigBytes()} of them
 * @param size the file's full size
 * @param truncated whether text stops before the file's end
 */
public record ModprobeConfFile(String path, String text, long size, boolean truncated) {}
