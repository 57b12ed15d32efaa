/**
 * The system's text files as they are written: /proc/iomem, a kernel .config, the kernel command
 * line, modprobe configuration and the kdump service's configuration files.
 *
 * <p>May use: org.kexecinspect.format
 */
package org.kexecinspect.format.text;
