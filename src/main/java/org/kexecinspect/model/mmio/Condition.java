package org.kexecinspect.model.mmio;

/**
 * The yes/no facts the outcome turns on. Each may be unknown; {@link Cases} then works the outcome
 * out for every value.
 */
enum Condition {
    EFI_BOOT("EFI_BOOT in the kdump kernel"),
    GEN1_PCI_BAR("2a8a8afba0c3 (Gen1 branch uses the PCI BAR)"),
    SYSFB_GATE("a07b50d80ab6 (Gen2 branch only with CONFIG_SYSFB)"),
    SYSFB("CONFIG_SYSFB in the kdump kernel"),
    FIX("016a25e4b0df in the kdump kernel"),
    PCI_HYPERV("pci_hyperv probes a pass-through device in the kdump kernel"),
    PCI_FIRST("pci_hyperv probes before hyperv_drm/hyperv_fb");

    final String label;

    Condition(String label) { this.label = label; }
}
