/**
 * The screen_info a kdump kernel receives through each system call: KEXEC_LOAD, built by
 * kexec-tools from /dev/fb0 and the boot-time screen_info, and KEXEC_FILE_LOAD, built by the
 * running kernel; and whether each system call can load at all.
 *
 * <p>May use: org.kexecinspect.facts, org.kexecinspect.format, org.kexecinspect.format.fb, org.kexecinspect.format.text, org.kexecinspect.format.x86, org.kexecinspect.knowledge, org.kexecinspect.model, org.kexecinspect.model.loadpath
 */
package org.kexecinspect.model.screeninfo;
