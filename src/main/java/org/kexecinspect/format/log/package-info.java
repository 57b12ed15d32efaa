/**
 * Kernel logs as people keep them (a serial console, {@code dmesg}, {@code journalctl -k}, a
 * {@code vmcore-dmesg.txt}): read as a bounded stream into boots, each with its release, command
 * line, role and crashkernel reservation, and the events that tell a kdump's fate.
 *
 * <p>May use: org.kexecinspect.format
 */
package org.kexecinspect.format.log;
