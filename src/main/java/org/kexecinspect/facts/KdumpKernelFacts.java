package org.kexecinspect.facts;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The kernel and initramfs the kdump service will load.
 *
 * @param path             the kernel image's path on the system
 * @param release          its release, from the image
 * @param version          its upstream version where the image tells it ("6.1.192" from "Debian 6.1.192-2")
 * @param config           the kdump-relevant options of its config (absent option = empty; "is not set" = "n")
 * @param hasFbReserveFix  carries 016a25e4b0df (domain.md 7.2)
 * @param fixEvidence      how that was decided: the strings found, or the release table entry used
 * @param initramfs        what its initramfs holds
 * @param efiKexec         an x86 image with XLF_EFI_KEXEC: kexec-tools passes it efi_info (domain.md 4.3)
 */
public record KdumpKernelFacts(Fact<String> path, Fact<String> release, Fact<String> version,
        Fact<Map<String, Optional<String>>> config, Fact<Boolean> hasFbReserveFix, Fact<String> fixEvidence,
        InitramfsFacts initramfs, Fact<Boolean> efiKexec) {

    /**
     * @param path           the initramfs file
     * @param modules        for each watched module (hv_vmbus, pci_hyperv, hyperv_drm, nvme...), whether it is inside
     * @param blacklisted    modules its modprobe configuration blacklists
     * @param segments       its archives, e.g. ["cpio", "zstd cpio"]
     */
    public record InitramfsFacts(Fact<String> path, Fact<Map<String, Boolean>> modules,
            Fact<List<String>> blacklisted, Fact<List<String>> segments) {}
}
