package org.kexecinspect.format.text;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The kernel options kexec-inspect reports by default, in the order reports list them: the
 * firmware-framebuffer plumbing first, then the framebuffer drivers that decide what /dev/fb0
 * reveals, then Hyper-V, then kexec and crash dumps, then how to find the config again. The
 * reasons come from the code they name: drivers/hv/vmbus_drv.c vmbus_reserve_fb() (a07b50d80ab6 made
 * it depend on SYSFB in 6.7, 96959283a58d selects SYSFB from 6.16), drivers/gpu/drm/drm_fb_helper.c,
 * kexec-tools kexec/arch/i386/x86-linux-setup.c setup_linux_vesafb(), arch/x86/kernel/kexec-bzimage64.c
 * and drivers/pci/controller/pci-hyperv.c hv_allocate_config_window().
 */
public final class KdumpConfigOptions {
    private KdumpConfigOptions() {}

    /** An option and, in one line, why it matters for kdump on Hyper-V. */
    public record Option(String name, String why) {}

    public static final List<Option> OPTIONS = List.of(
            new Option("CONFIG_SYSFB", "since 6.7 vmbus_reserve_fb() reserves the framebuffer's MMIO only with SYSFB; without it pci_hyperv may take that range"),
            new Option("CONFIG_SYSFB_SIMPLEFB", "sysfb then offers the boot framebuffer as simple-framebuffer, so simplefb/simpledrm rather than efifb/vesafb own /dev/fb0"),
            new Option("CONFIG_FB_EFI", "efifb (\"EFI VGA\") reports the real framebuffer base, which kexec-tools copies into lfb_base on KEXEC_LOAD"),
            new Option("CONFIG_FB_VESA", "vesafb (\"VESA VGA\") reports the real framebuffer base, which kexec-tools copies into lfb_base on KEXEC_LOAD"),
            new Option("CONFIG_DRM_SIMPLEDRM", "simpledrm's fbdev hides smem_start (0), so kexec-tools passes lfb_base 0 on KEXEC_LOAD"),
            new Option("CONFIG_DRM_HYPERV", "hyperv_drm's fbdev hides smem_start (0), and a relocated VRAM leaves screen_info stale"),
            new Option("CONFIG_FB_HYPERV", "hyperv_fb: 5.10 to 6.7 clear screen_info on Gen2 (KEXEC_FILE_LOAD then passes lfb_base 0); removed in 7.0"),
            new Option("CONFIG_HYPERV", "the VMBus driver, whose vmbus_reserve_fb() keeps the framebuffer's MMIO away from other drivers"),
            new Option("CONFIG_HYPERV_VTL_MODE", "from 6.16 HYPERV selects SYSFB only without VTL mode, so a VTL kernel may reserve no framebuffer"),
            new Option("CONFIG_PCI_HYPERV", "pci_hyperv's config window lands first-fit on an unreserved framebuffer; the host then refuses D0 entry and NVMe is lost"),
            new Option("CONFIG_KEXEC", "KEXEC_LOAD: kexec-tools builds the kdump kernel's boot parameters from /dev/fb0"),
            new Option("CONFIG_KEXEC_FILE", "KEXEC_FILE_LOAD: the running kernel builds the boot parameters from its own screen_info"),
            new Option("CONFIG_CRASH_DUMP", "needed for a kernel to serve as the dump-capture kernel (/proc/vmcore)"),
            new Option("CONFIG_EFI", "Gen2 VMs boot through UEFI: the EFI stub fills screen_info from GOP, and from 6.16 HYPERV selects SYSFB only with EFI"),
            new Option("CONFIG_EFI_ZBOOT", "an arm64 vmlinuz that is an EFI zboot image must be decompressed before kexec can load it"),
            new Option("CONFIG_DRM_FBDEV_EMULATION", "gives DRM drivers a /dev/fb0, whose smem_start the DRM fbdev helper hides (0)"),
            new Option("CONFIG_DRM_FBDEV_LEAK_PHYS_SMEM", "lets a DRM fbdev report smem_start (with drm_kms_helper.drm_leak_fbdev_smem=1), though not for shadow-buffered simpledrm/hyperv_drm"),
            new Option("CONFIG_IKCONFIG", "embeds this config in the kernel image, so it can be read from the image itself"));

    /** The kernel compression choice (init/Kconfig, "Kernel compression mode"); exactly one is y where the architecture offers it. */
    public static final List<String> COMPRESSION_OPTIONS = List.of("CONFIG_KERNEL_GZIP", "CONFIG_KERNEL_BZIP2",
            "CONFIG_KERNEL_LZMA", "CONFIG_KERNEL_XZ", "CONFIG_KERNEL_LZO", "CONFIG_KERNEL_LZ4", "CONFIG_KERNEL_ZSTD");

    /**
     * The full name of the compression option that is y (the first, in {@link #COMPRESSION_OPTIONS}
     * order, should a broken config set several). Empty when none is: arm64 has no such choice (its
     * Image is uncompressed; Debian's arm64 config sets none).
     */
    public static Optional<String> kernelCompression(KernelConfig c) {
        return COMPRESSION_OPTIONS.stream().filter(c::isBuiltIn).findFirst();
    }

    /**
     * Every option of {@link #OPTIONS}, in that order, with what the config says: a present value
     * ({@code "n"} when the file says "is not set"), or {@link Optional#empty()} when the file does
     * not mention the option at all. In a complete kbuild .config an absent option has unmet
     * dependencies and is effectively n, but it is reported as absent: the renderer decides.
     * The map is unmodifiable and never holds null.
     */
    public static Map<String, Optional<String>> select(KernelConfig c) {
        Map<String, Optional<String>> selected = new LinkedHashMap<>();
        for (Option o : OPTIONS) {
            selected.put(o.name(), c.value(o.name()));
        }
        return Collections.unmodifiableMap(selected);
    }
}
