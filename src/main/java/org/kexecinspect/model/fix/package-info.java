/**
 * Whether the kdump kernel carries 016a25e4b0df ("Drivers: hv: vmbus: Improve the logic of reserving
 * fb_mmio on Gen2 VMs"), decided once: by the strings found in its hv_vmbus, else by the release table.
 *
 * <p>May use: org.kexecinspect.facts, org.kexecinspect.kernel, org.kexecinspect.knowledge, org.kexecinspect.model
 */
package org.kexecinspect.model.fix;
