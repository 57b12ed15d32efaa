package org.kexecinspect.synth;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.kexecinspect.facts.Fact;
import org.kexecinspect.facts.Root;
import org.kexecinspect.facts.SystemFacts;
import org.kexecinspect.format.ByteSource;
import org.kexecinspect.format.FormatException;
import org.kexecinspect.format.x86.BootParams;
import org.kexecinspect.format.x86.BootParamsEncoder;
import org.kexecinspect.format.x86.BootParamsLayout;
import org.kexecinspect.format.x86.ScreenInfo;
import org.kexecinspect.format.x86.SetupHeaderLayout;
import org.kexecinspect.input.FileSource;
import org.kexecinspect.model.Reason;

/**
 * The 4096-byte zero page the kdump kernel should receive, built as both loaders build it
 * (kexec-tools kexec-bzImage64.c and arch/x86/kernel/kexec-bzimage64.c; domain.md 4.3, 5.1):
 * zeroed, the kdump image's setup_header, type_of_loader 0xD0, loadflags 0, hardware_subarch, acpi_rsdp_addr and
 * (on an EFI system) efi_info from the running boot_params, and the corrected screen_info. What
 * depends on load addresses or the crash memory stays zero and is listed.
 */
public final class ZeroPage {
    private ZeroPage() {}

    /** kexec-tools' loader id (domain.md 4.3). */
    static final int TYPE_OF_LOADER_KEXEC = 0xD0;

    /** Members left zero: their values depend on where kexec places things, never invented. */
    static final List<String> LEFT_OUT = List.of(
            "e820_table and e820_entries (the crash kernel's memory map)",
            "hdr.cmd_line_ptr, ext_cmd_line_ptr, cl_magic/cl_offset (where the command line is placed)",
            "hdr.ramdisk_image, hdr.ramdisk_size, ext_ramdisk_image, ext_ramdisk_size (where the initramfs is placed)",
            "hdr.setup_data (SETUP_EFI, SETUP_RNG_SEED, SETUP_E820_EXT nodes)",
            "efi_info's memory map pointers, when they must point into the crash kernel's copy");

    /** The page, or what was missing to build it. */
    public record Result(BootParams bootParams, byte[] bytes, List<String> leftOut, List<Reason> reasons,
            List<String> missing) {
        public Result {
            bytes = bytes == null ? null : bytes.clone();
            leftOut = List.copyOf(leftOut);
            reasons = List.copyOf(reasons);
            missing = List.copyOf(missing);
        }

        @Override public byte[] bytes() { return bytes == null ? null : bytes.clone(); }
    }

    public static Result build(SystemFacts f, Root root, Path kernelOption, ScreenInfo screenInfo) throws FormatException {
        List<Reason> why = new ArrayList<>();
        ByteSource image;
        String imageName;
        if (kernelOption != null) {
            image = null;
            imageName = kernelOption.toString();
        } else {
            Fact<ByteSource> onRoot = kdumpImage(f, root);
            if (!onRoot.known()) {
                return new Result(null, null, LEFT_OUT, why, List.of("the kdump kernel image (--kernel IMAGE; "
                        + onRoot.source() + ": " + onRoot.unknown() + ")"));
            }
            image = onRoot.value();
            imageName = onRoot.source();
        }
        BootParamsEncoder.Builder b = BootParamsEncoder.zero();
        if (image == null) {
            try (FileSource src = FileSource.openFile(kernelOption, imageName)) {
                b.copySetupHeaderFrom(src);
            }
        } else {
            b.copySetupHeaderFrom(image);
        }
        why.add(Reason.of("setup_header copied from the kdump image (0x202 + byte[0x201] - 0x1f1 bytes)",
                imageName + "; domain.md 2.2"));
        b.setHeader(SetupHeaderLayout.TYPE_OF_LOADER, TYPE_OF_LOADER_KEXEC);
        why.add(Reason.of("type_of_loader 0xD0 (kexec)", "kexec-tools kexec-bzImage64.c (domain.md 4.3)"));
        // both loaders clear the image's LOADED_HIGH and the rest; the kdump kernel sets KASLR_FLAG itself
        b.setHeader(SetupHeaderLayout.LOADFLAGS, 0);
        why.add(Reason.of("loadflags 0, as both loaders write it", "kexec-tools kexec-bzImage64.c, "
                + "arch/x86/kernel/kexec-bzimage64.c (domain.md 4.3, 5.1)"));
        Fact<BootParams> running = f.bootParams();
        if (running.known()) {
            BootParams bp = running.value();
            b.setHeader(SetupHeaderLayout.HARDWARE_SUBARCH, bp.setupHeader().view().get(SetupHeaderLayout.HARDWARE_SUBARCH));
            b.set(BootParamsLayout.ACPI_RSDP_ADDR, bp.acpiRsdpAddr());
            why.add(Reason.of("hardware_subarch and acpi_rsdp_addr from the running boot_params", running.source()));
            if (bp.efiBoot() && f.firmware().efi().orElse(false)) {
                b.efiInfo(bp.efiInfo());
                why.add(Reason.of("efi_info from the running boot_params: an EFI system, so the kdump kernel boots as EFI",
                        running.source() + "; domain.md 4.3, 5.1"));
            }
        } else {
            why.add(Reason.of("no running boot_params: hardware_subarch, acpi_rsdp_addr and efi_info stay 0 ("
                    + running.unknown() + ")", running.source()));
        }
        b.screenInfo(screenInfo);
        BootParams page = b.build("synthesized boot_params");
        return new Result(page, b.bytes(), LEFT_OUT, why, List.of());
    }

    /** The kdump service's kernel, on the root. */
    static Fact<ByteSource> kdumpImage(SystemFacts f, Root root) {
        Fact<String> p = f.kdumpKernel().path();
        if (!p.known()) {
            return p.cast();
        }
        String rel = p.value().replaceAll("/+", "/").replaceAll("^/", "");
        try {
            return root.file(Root.checkPath(rel));
        } catch (IllegalArgumentException e) {
            return Fact.unknown(Fact.Why.MALFORMED, "not a usable path: " + p.value(), p.source());
        }
    }
}
