package org.kexecinspect.facts;

import java.util.List;

/**
 * The kernel modules that decide the Hyper-V outcome, in the running kernel.
 *
 * @param modules one entry per module of {@link #WATCHED}, in that order
 */
public record ModuleFacts(List<ModuleState> modules) {

    /**
     * hv_vmbus reserves the framebuffer range, pci_hyperv places its config window, hyperv_drm /
     * hyperv_fb / simpledrm / efifb own /dev/fb0, nvme is the root disk's driver.
     */
    public static final List<String> WATCHED = List.of("hv_vmbus", "pci_hyperv", "hyperv_drm", "hyperv_fb",
            "simpledrm", "efifb", "nvme");

    /**
     * @param loaded      listed in /proc/modules (a module, loaded now)
     * @param builtin     listed in modules.builtin of the running release (part of the kernel image)
     * @param blacklisted named by "blacklist" or "install NAME /bin/false|true" in modprobe.d, or by
     *                    modprobe.blacklist= / module_blacklist= on the command line
     * @param blacklistedBy where the blacklist entry is, when blacklisted
     */
    public record ModuleState(String name, Fact<Boolean> loaded, Fact<Boolean> builtin, Fact<Boolean> blacklisted,
            Fact<String> blacklistedBy) {}

    public ModuleFacts {
        modules = List.copyOf(modules);
    }

    public ModuleState get(String name) {
        return modules.stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
    }
}
