/**
 * The post-mortem verdict of a kernel log: what became of the last crash (a dump saved, kdump failed or
 * never started, no crash, cannot tell) and the most specific cause the log's own lines support, with
 * those lines as evidence and a remedy. Pure functions of a {@link org.kexecinspect.format.log.KernelLog}.
 *
 * <p>May use: org.kexecinspect.format, org.kexecinspect.format.log, org.kexecinspect.model
 */
package org.kexecinspect.model.postmortem;
