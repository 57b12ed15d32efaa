/**
 * Reads an initramfs (cpio segments, compressed or not) in one streamed pass: its members, the
 * kernel modules and modprobe configuration it carries.
 *
 * <p>May use: org.kexecinspect.format, org.kexecinspect.payload
 */
package org.kexecinspect.initramfs;
