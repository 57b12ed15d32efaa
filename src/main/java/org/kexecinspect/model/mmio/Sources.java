package org.kexecinspect.model.mmio;

/** The public sources the MMIO rules rest on, as the reasons cite them. */
final class Sources {
    private Sources() {}

    /** How the VMBus MMIO ranges are found (ACPI _CRS, sorted, the vTPM cut) and allocated first-fit. */
    static final String VMBUS_MMIO = "drivers/hv/vmbus_drv.c vmbus_walk_resources()/vmbus_allocate_mmio()";
    static final String RESERVE_FB = "drivers/hv/vmbus_drv.c vmbus_reserve_fb()";
    /** efi_enabled(EFI_BOOT) picks the branch; inferred from the code, not reported from a real kdump. */
    static final String EFI_BOOT_BRANCH = RESERVE_FB + ": efi_enabled(EFI_BOOT) picks the Gen2 or the Gen1 branch"
            + " (read from the code, not observed)";
    static final String CONFIG_WINDOW = "drivers/pci/controller/pci-hyperv.c hv_allocate_config_window()"
            + " [ML 20260122020337.94967-1-decui@microsoft.com]";
    static final String SETUP_VRAM = "drivers/gpu/drm/hyperv/hyperv_drm_drv.c hyperv_setup_vram()";
    static final String LAYOUTS = "Dexuan Cui's Hyper-V low/high MMIO layouts"
            + " [ML SA1PR21MB69218F955B62DFF62E3E88D2BF222@SA1PR21MB6921.namprd21.prod.outlook.com]";
    /** The commit message of the fix, which also states what a confidential VM lacks and the typical trigger. */
    static final String FIX_MESSAGE = "016a25e4b0df commit message [ML 20260507212838.448891-1-decui@microsoft.com]";
    /** The chain: no reservation at the low MMIO start puts the config window on the framebuffer, the host refuses D0. */
    static final String FAILURE = RESERVE_FB + " with " + CONFIG_WINDOW;
    /** lfb_size is in 64 KiB units only for VIDEO_TYPE_VLFB; kexec-tools writes 64 KiB units whatever the type. */
    static final String LFB_SIZE_UNITS = "include/linux/screen_info.h __screen_info_lfb_size();"
            + " kexec-tools kexec/arch/i386/x86-linux-setup.c setup_linux_vesafb()";
    /** arm64 kdump kernels inherit the EFI system table; Hyper-V arm64 guests are UEFI-only. */
    static final String ARM64_EFI = "drivers/firmware/efi/efi-init.c efi_init(); " + LAYOUTS;
}
