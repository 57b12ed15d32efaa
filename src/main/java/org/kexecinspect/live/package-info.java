/**
 * The Linux collectors of a running system: /dev/fb0 through JNA ioctls, uname, kexec --version and
 * the other system calls a capture stores as files. The only package that touches the live system.
 *
 * <p>May use: org.kexecinspect.facts, org.kexecinspect.format
 */
package org.kexecinspect.live;
