package org.kexecinspect.model.mmio;

/** How much the kdump kernel stands to lose if the config window lands on the framebuffer. */
public enum ExposureKind {
    /** No VMBus: nothing here applies. */
    NOT_HYPERV,
    /** Gen1: the reservation comes from the legacy video device's BAR (since 2a8a8afba0c3), not from screen_info. */
    GEN1,
    /** No PCI pass-through device: pci_hyperv allocates nothing. */
    NO_PASSTHROUGH,
    /** The root file system is on a disk behind hv_pci: the kdump kernel loses it with the config window. */
    NVME_ROOT_AT_RISK,
    /** Pass-through devices exist, but the root is elsewhere: they go missing in the kdump kernel, the dump may not. */
    PASSTHROUGH_NOT_ROOT,
    /** A fact that decides it is unknown. */
    UNKNOWN,
}
