package org.kexecinspect.format.log;

/**
 * The kinds of observation line a boot records the first of ({@link BootSigns}): what the system
 * facts of a log are read from. Each names the kernel code that prints it.
 */
public enum SignKind {
    /** init/version.c linux_banner: "Linux version %s (%s) (%s) %s", release, builder, compiler, uname -v. */
    BANNER,
    /** arch/x86/kernel/setup.c setup_arch() "Command line: %s", init/main.c start_kernel() "Kernel command line: %s". */
    COMMAND_LINE,
    /** arch/x86/kernel/cpu/hypervisor.c init_hypervisor_platform(): "Hypervisor detected: %s"; value: the name. */
    HYPERVISOR,
    /** "Hyper-V: ..." of arch/x86/kernel/cpu/mshyperv.c ms_hyperv_init_platform() or arch/arm64/hyperv/mshyperv.c hyperv_init(). */
    HYPERV_PLATFORM,
    /** drivers/firmware/efi/efi.c efi_systab_report_header() (x86 efi_init() before it): "efi: EFI v%u.%u by %s". */
    EFI,
    /**
     * arch/x86/kernel/setup.c setup_arch() "Secure boot disabled|enabled|could not be determined", or the
     * same words after "secureboot: " (drivers/firmware/efi/secureboot.c efi_set_secure_boot(), the
     * distributions' lockdown patches); value: "enabled", "disabled" or "could not be determined".
     */
    SECURE_BOOT,
    /** x86-only early lines: arch/x86/kernel/e820.c e820__print_table() "BIOS-e820: ", arch/x86/kernel/fpu/xstate.c "x86/fpu: ". */
    X86,
    /** mm/mm_init.c free_area_init() "Zone ranges:" row "  DMA32    [mem ...]": ZONE_DMA32 (on x86 only X86_64 has it, arch/x86/Kconfig). */
    ZONE_DMA32,
    /** arch/arm64/kernel/setup.c smp_setup_processor_id(): "Booting Linux on physical CPU 0x%010lx [0x%08x]" (arm32 prints no MIDR). */
    ARM64,
    /** Any "hv_vmbus: " line: drivers/hv/vmbus_drv.c (pr_fmt KBUILD_MODNAME) ran. */
    HV_VMBUS,
    /** Any "hv_pci GUID: " line: drivers/pci/controller/pci-hyperv.c probed a pass-through bus. */
    HV_PCI,
    /** Any hyperv_fb line (drivers/video/fbdev/hyperv_fb.c). */
    HYPERV_FB,
    /** Any hyperv_drm line, or DRM's "[drm] Initialized hyperv_drm" (drivers/gpu/drm/drm_drv.c drm_dev_register()). */
    HYPERV_DRM,
    /**
     * A synthetic video driver bound to the VMBus video device: hyperv_fb's "Synthvid Version" /
     * "Screen resolution" (hyperv_fb.c synthvid_negotiate_ver(), hvfb_probe()) or "[drm] Initialized
     * hyperv_drm" (drm_dev_register() from hyperv_drm's probe); value: the driver.
     */
    SYNTHETIC_VIDEO,
    /** 016a25e4b0df, drivers/hv/vmbus_drv.c vmbus_reserve_fb(): "Unexpected low mmio base %pa". */
    FIX_LOW_MMIO_WARNING,
    /** 016a25e4b0df, vmbus_reserve_fb(): "Unexpected framebuffer mmio base of zero". */
    FIX_ZERO_BASE_WARNING,
    /** 016a25e4b0df, vmbus_reserve_fb(): "hv_mmio=%pR,%pR fb=%pR". */
    FIX_RESERVATION_INFO
}
