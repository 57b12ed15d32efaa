package org.kexecinspect.model.mmio;

import java.util.List;

import org.kexecinspect.facts.Arch;
import org.kexecinspect.model.PathPrediction;
import org.kexecinspect.model.Reason;
import org.kexecinspect.model.Tristate;

/** Whether the kdump kernel is EFI-booted: efi_enabled(EFI_BOOT) picks vmbus_reserve_fb()'s branch. */
final class EfiBoot {
    private EfiBoot() {}

    static Tristate of(PathPrediction used, Integer generation, Arch arch, List<Reason> r) {
        Tristate efi = used == null ? Tristate.UNKNOWN : used.efiBoot();
        String path = UsedPath.name(used);
        if (efi.known()) {
            r.add(efi.isYes()
                    ? Reason.of("the kdump kernel is EFI-booted (" + path + "): vmbus_reserve_fb() takes its Gen2 branch",
                            Sources.RESERVE_FB)
                    : Reason.derived("the kdump kernel is not EFI-booted (" + path + "): vmbus_reserve_fb() takes its Gen1"
                            + " branch, which looks for PCI 1414:5353", Sources.EFI_BOOT_BRANCH));
            return efi;
        }
        if (generation != null && generation == 1) {
            r.add(Reason.derived("a Gen1 (BIOS) VM: the kdump kernel is not EFI-booted either",
                    Sources.RESERVE_FB + "; " + Sources.LAYOUTS));
            return Tristate.NO;
        }
        if (arch != null && arch.isArm64()) {
            r.add(Reason.derived("arm64 Hyper-V guests boot through UEFI and the kdump kernel inherits the EFI system"
                    + " table, so it is taken as EFI-booted", Sources.ARM64_EFI));
            return Tristate.YES;
        }
        r.add(Reason.of("whether the kdump kernel will be EFI-booted is unknown (" + path + ")", Sources.EFI_BOOT_BRANCH));
        return Tristate.UNKNOWN;
    }
}
