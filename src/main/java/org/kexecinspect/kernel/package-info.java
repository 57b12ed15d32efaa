/**
 * Content evidence found in compiled kernel code: whether a kernel's VMBus driver carries the
 * log strings of 016a25e4b0df, read from hv_vmbus.ko or a decompressed image.
 *
 * <p>May use: org.kexecinspect.format, org.kexecinspect.payload
 */
package org.kexecinspect.kernel;
