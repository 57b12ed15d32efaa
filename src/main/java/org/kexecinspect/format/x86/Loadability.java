package org.kexecinspect.format.x86;

import static org.kexecinspect.format.x86.SetupHeaderLayout.*;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether the two kexec loaders would accept a bzImage, decided from its header alone, with the
 * reason for every refusal. Facts, not parse errors: an image the loaders refuse still decodes.
 *
 * @param kexecTools kexec-tools' bzImage64 loader (KEXEC_LOAD path)
 * @param kexecFile the kernel's kexec_file bzImage64 loader (KEXEC_FILE_LOAD path)
 * @param efiKexec XLF_EFI_KEXEC: the kernel can be kexec'd with EFI runtime services, so
 *     kexec-tools passes efi_info (unless --noefi) and the kdump kernel can be EFI_BOOT
 */
public record Loadability(Verdict kexecTools, Verdict kexecFile, boolean efiKexec) {

    /** A loader's answer: refusals say why not; conditions are checks that depend on the running system. */
    public record Verdict(boolean accepted, List<String> refusals, List<String> conditions) {
        public Verdict {
            refusals = List.copyOf(refusals);
            conditions = List.copyOf(conditions);
        }
    }

    /** Smallest file either probe looks at. */
    public static final int MIN_FILE_SIZE = 1024;

    public static Loadability of(SetupHeader h, long fileSize) {
        List<String> common = commonRefusals(h, fileSize);

        // kexec-tools kexec/arch/x86_64/kexec-bzImage64.c bzImage64_probe: both XLF bits in one test
        List<String> tools = new ArrayList<>(common);
        if ((h.xloadflags() & (XLF_KERNEL_64 | XLF_CAN_BE_LOADED_ABOVE_4G)) != (XLF_KERNEL_64 | XLF_CAN_BE_LOADED_ABOVE_4G)) {
            tools.add("not a relocatable bzImage64: xloadflags lacks XLF_KERNEL_64 or XLF_CAN_BE_LOADED_ABOVE_4G");
        }
        List<String> toolsConditions = new ArrayList<>();
        toolsConditions.add((h.xloadflags() & XLF_EFI_KEXEC) != 0
                ? "efi_info is passed on an EFI system unless --noefi is given (XLF_EFI_KEXEC set)"
                : "efi_info stays zero (XLF_EFI_KEXEC clear): the loaded kernel will not be EFI_BOOT");

        // Linux arch/x86/kernel/kexec-bzimage64.c bzImage64_probe: the two XLF bits apart, then the running system
        List<String> file = new ArrayList<>(common);
        if ((h.xloadflags() & XLF_KERNEL_64) == 0) {
            file.add("not a bzImage64: XLF_KERNEL_64 is not set");
        }
        if ((h.xloadflags() & XLF_CAN_BE_LOADED_ABOVE_4G) == 0) {
            file.add("XLF_CAN_BE_LOADED_ABOVE_4G is not set");
        }
        List<String> fileConditions = new ArrayList<>();
        if ((h.xloadflags() & XLF_5LEVEL) == 0) {
            fileConditions.add("refused if the running kernel uses 5-level paging (XLF_5LEVEL clear)");
        }
        fileConditions.add("refused if the running kernel was booted by 32-bit EFI firmware");
        fileConditions.add("with CONFIG_KEXEC_BZIMAGE_VERIFY_SIG enforced (e.g. Secure Boot lockdown) the image "
                + "needs a valid PE signature; not checked here");
        return new Loadability(new Verdict(tools.isEmpty(), tools, toolsConditions),
                new Verdict(file.isEmpty(), file, fileConditions), (h.xloadflags() & XLF_EFI_KEXEC) != 0);
    }

    /** The checks both probes make first, in their order. */
    private static List<String> commonRefusals(SetupHeader h, long fileSize) {
        List<String> out = new ArrayList<>();
        if (fileSize < MIN_FILE_SIZE) {
            out.add("file is too short to be a bzImage (" + fileSize + " < " + MIN_FILE_SIZE + " bytes)");
        }
        if (!h.hasMagic()) {
            out.add("not a bzImage: no \"HdrS\" magic at 0x202");
        }
        if (!h.hasBootFlag()) {
            out.add(String.format("no x86 boot sector: boot_flag is 0x%04x, not 0xaa55", h.get(BOOT_FLAG)));
        }
        if (h.hasMagic() && h.declaredVersion() < V2_12) {
            out.add("boot protocol " + h.protocolText() + " is older than the 2.12 both loaders need");
        }
        if (h.hasMagic() && (h.loadflags() & LOADED_HIGH) == 0) {
            out.add("a zImage, not a bzImage: loadflags lacks LOADED_HIGH");
        }
        return out;
    }
}
