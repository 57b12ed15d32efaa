/**
 * Observations only: SystemFacts, what each file, ioctl or command of a root said, with its
 * source or why it is unknown, and capture bundles (read and written); the same facts as a kernel
 * log shows them ({@link org.kexecinspect.facts.LogFacts}). No rule is decided here.
 *
 * <p>May use: org.kexecinspect.format, org.kexecinspect.format.log, org.kexecinspect.payload,
 *     org.kexecinspect.input, org.kexecinspect.initramfs, org.kexecinspect.kernel
 */
package org.kexecinspect.facts;
