/**
 * Kernel logs as people keep them (a serial console, {@code dmesg}, {@code journalctl -k}, a
 * {@code vmcore-dmesg.txt}): read as a bounded stream into boots, each with its release, command
 * line, role and crashkernel reservation, the events that tell a kdump's fate, and the first lines
 * that tell the system's facts (hypervisor, EFI, Secure Boot, architecture, Hyper-V drivers, NVMe).
 *
 * <p>May use: org.kexecinspect.format
 */
package org.kexecinspect.format.log;
