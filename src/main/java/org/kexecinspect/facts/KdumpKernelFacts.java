package org.kexecinspect.facts;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.kexecinspect.facts.Fact.Why;

/**
 * The kernel and initramfs the kdump service will load.
 *
 * @param path                 the kernel image's path on the system
 * @param release              its release, from the image
 * @param version              its upstream version where the image tells it ("6.1.192" from "Debian 6.1.192-2",
 *                             "7.1.0-rc7" from the release "7.1.0-rc7-amd64")
 * @param config               the kdump-relevant options of its config: a value ("n" for "is not set"), empty
 *                             for an option the config does not mention; an option that is not a key is unknown
 * @param fixSearch            what the search of its hv_vmbus for 016a25e4b0df's log strings found
 * @param assumedFbReserveFix  --assume kdumpKernel.hasFbReserveFix, which overrides the model's decision;
 *                             never observed, so unknown unless assumed
 * @param initramfs            what its initramfs holds
 * @param efiKexec             an x86 image with XLF_EFI_KEXEC: kexec-tools passes it efi_info
 *                             (kexec/arch/i386/kexec-bzImage64.c)
 * @param setupSects           an x86 image's setup_sects (0 read as 4, Documentation/arch/x86/boot.rst): the size
 *                             of its real-mode part, which decides where kexec-tools puts the command line
 */
public record KdumpKernelFacts(Fact<String> path, Fact<String> release, Fact<String> version,
        Fact<Map<String, Optional<String>>> config, FixStringSearch fixSearch, Fact<Boolean> assumedFbReserveFix,
        InitramfsFacts initramfs, Fact<Boolean> efiKexec, Fact<Integer> setupSects) {

    /** The value {@link #assumedFbReserveFix()} has when nothing was assumed. */
    public static Fact<Boolean> notAssumed(String source) {
        return Fact.unknown(Why.NOT_APPLICABLE, "not assumed", source);
    }

    /** The upstream version a release names ("7.1.0-rc7" of "7.1.0-rc7-amd64"); unknown for a distribution ABI name. */
    public static Fact<String> upstreamVersion(Fact<String> release) {
        return KdumpKernelReader.upstreamVersion(release, Fact.unknown(Why.NOT_APPLICABLE, "no image", release.source()));
    }

    /**
     * One option of the config: its value, empty when the config does not mention it, or unknown
     * when the config is unknown or the option is not among those known (e.g. a config assumed one
     * option at a time).
     */
    public Fact<Optional<String>> option(String name) {
        if (!config.known()) {
            return config.cast();
        }
        Optional<String> v = config.value().get(name);
        return v != null ? Fact.of(v, config.source())
                : Fact.unknown(Why.NOT_APPLICABLE, name + " is not among the options known", config.source());
    }

    /**
     * @param path           the initramfs file
     * @param modules        for each watched module (hv_vmbus, pci_hyperv, hyperv_drm, nvme...), whether it is inside
     * @param blacklisted    modules its modprobe configuration blacklists
     * @param segments       its archives, e.g. ["cpio", "zstd cpio"]
     */
    public record InitramfsFacts(Fact<String> path, Fact<Map<String, Boolean>> modules,
            Fact<List<String>> blacklisted, Fact<List<String>> segments) {}
}
