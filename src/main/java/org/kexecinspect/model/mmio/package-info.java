/**
 * The Hyper-V MMIO outcome in the kdump kernel: the VMBus MMIO ranges, what vmbus_reserve_fb()
 * reserves, where pci_hyperv's config window lands, probe order, what a misplaced window costs,
 * and what already overlaps the host's framebuffer in the running kernel's /proc/iomem.
 *
 * <p>May use: org.kexecinspect.facts, org.kexecinspect.format.text, org.kexecinspect.format.x86, org.kexecinspect.knowledge, org.kexecinspect.model,
 * org.kexecinspect.model.fix, org.kexecinspect.model.loadpath
 */
package org.kexecinspect.model.mmio;
