/**
 * Which kexec system call the kdump service's load takes, and why: the kdump-tools and kdump-utils
 * wrappers' options, kexec-tools' option handling and default by release, the -a fallback, and
 * whether the running kernel lets each system call load at all.
 *
 * <p>May use: org.kexecinspect.facts, org.kexecinspect.format, org.kexecinspect.format.text, org.kexecinspect.knowledge, org.kexecinspect.model
 */
package org.kexecinspect.model.loadpath;
