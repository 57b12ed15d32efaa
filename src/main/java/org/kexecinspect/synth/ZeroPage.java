package org.kexecinspect.synth;

import java.util.ArrayList;
import java.util.List;

import org.kexecinspect.facts.Fact;
import org.kexecinspect.facts.SystemFacts;
import org.kexecinspect.format.ByteSource;
import org.kexecinspect.format.FormatException;
import org.kexecinspect.format.x86.BootParams;
import org.kexecinspect.format.x86.BootParamsEncoder;
import org.kexecinspect.format.x86.BootParamsLayout;
import org.kexecinspect.format.x86.ScreenInfo;
import org.kexecinspect.format.x86.ScreenInfoEncoder;
import org.kexecinspect.format.x86.ScreenInfoLayout;
import org.kexecinspect.format.x86.SetupHeaderLayout;
import org.kexecinspect.model.Reason;
import org.kexecinspect.model.screeninfo.KexecToolsCommandLine;

/**
 * The 4096-byte zero page the kdump kernel should receive, built as both loaders build it
 * (kexec-tools kexec/arch/x86_64/kexec-bzImage64.c and kexec/arch/i386/x86-linux-setup.c;
 * arch/x86/kernel/kexec-bzimage64.c setup_boot_parameters()): zeroed, the kdump image's
 * setup_header, type_of_loader 0xD0, loadflags 0, hardware_subarch, acpi_rsdp_addr and (on an EFI
 * system) efi_info from the running boot_params, and the corrected screen_info. What depends on
 * load addresses or the crash memory stays zero and is listed. Pure: the caller reads the image.
 */
public final class ZeroPage {
    private ZeroPage() {}

    /**
     * How much of the kdump image's start the caller hands in: the setup header starts at 0x1f1 and
     * the jump at 0x200 ends it by 0x202 + 0xff (Documentation/arch/x86/boot.rst), well inside 4 KiB.
     */
    public static final int IMAGE_HEAD_BYTES = 4096;

    /** kexec-tools' loader id (kexec/arch/x86_64/kexec-bzImage64.c; the kernel's kexec_file writes the same). */
    static final int TYPE_OF_LOADER_KEXEC = 0xD0;

    /** Members left zero: their values depend on where kexec places things, never invented. */
    static final List<String> LEFT_OUT = List.of(
            "e820_table and e820_entries (the crash kernel's memory map)",
            "hdr.cmd_line_ptr, ext_cmd_line_ptr (where the command line is loaded)",
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

    /** No page: the kdump image, whose setup_header the page must carry, could not be read ({@code why}). */
    public static Result withoutImage(String why) {
        return new Result(null, null, LEFT_OUT, List.of(), List.of("the kdump kernel image (--kernel IMAGE; " + why + ")"));
    }

    /**
     * The page for a kdump image whose first {@link #IMAGE_HEAD_BYTES} bytes (or all of a shorter
     * file) are {@code imageHead}, named as the image is.
     */
    public static Result build(SystemFacts f, ByteSource imageHead, ScreenInfo screenInfo) throws FormatException {
        List<Reason> why = new ArrayList<>();
        BootParamsEncoder.Builder b = BootParamsEncoder.zero();
        b.copySetupHeaderFrom(imageHead);
        why.add(Reason.of("setup_header copied from the kdump image (0x202 + byte[0x201] - 0x1f1 bytes)",
                imageHead.name() + "; Documentation/arch/x86/boot.rst"));
        b.setHeader(SetupHeaderLayout.TYPE_OF_LOADER, TYPE_OF_LOADER_KEXEC);
        why.add(Reason.of("type_of_loader 0xD0 (kexec)", "kexec-tools kexec/arch/x86_64/kexec-bzImage64.c"));
        // both loaders clear the image's LOADED_HIGH and the rest; the kdump kernel sets KASLR_FLAG itself
        b.setHeader(SetupHeaderLayout.LOADFLAGS, 0);
        why.add(Reason.of("loadflags 0, as both loaders write it", "kexec-tools kexec/arch/x86_64/kexec-bzImage64.c, "
                + "arch/x86/kernel/kexec-bzimage64.c"));
        Fact<BootParams> running = f.bootParams();
        if (running.known()) {
            BootParams bp = running.value();
            b.setHeader(SetupHeaderLayout.HARDWARE_SUBARCH, bp.setupHeader().view().get(SetupHeaderLayout.HARDWARE_SUBARCH));
            b.set(BootParamsLayout.ACPI_RSDP_ADDR, bp.acpiRsdpAddr());
            why.add(Reason.of("hardware_subarch and acpi_rsdp_addr from the running boot_params", running.source()));
            if (bp.efiBoot() && f.firmware().efi().orElse(false)) {
                b.efiInfo(bp.efiInfo());
                why.add(Reason.of("efi_info from the running boot_params: an EFI system, so the kdump kernel boots as EFI",
                        running.source() + "; kexec-tools kexec/arch/i386/x86-linux-setup.c setup_efi_info(), "
                                + "arch/x86/kernel/kexec-bzimage64.c setup_efi_state()"));
            }
        } else {
            why.add(Reason.of("no running boot_params: hardware_subarch, acpi_rsdp_addr and efi_info stay 0 ("
                    + running.unknown() + ")", running.source()));
        }
        b.screenInfo(screenInfo);
        int setupSects = b.build("synthesized boot_params").setupHeader().setupSects();
        int clOffset = KexecToolsCommandLine.offset(setupSects);
        b.screenInfo(ScreenInfoEncoder.from(screenInfo).set(ScreenInfoLayout.CL_MAGIC, KexecToolsCommandLine.CL_MAGIC)
                .set(ScreenInfoLayout.CL_OFFSET, clOffset).build("synthesized screen_info"));
        why.add(Reason.of(String.format("screen_info cl_magic 0xA33F and cl_offset 0x%x, as kexec-tools writes them for an "
                + "image with %d setup sectors", clOffset, setupSects), imageHead.name() + "; " + KexecToolsCommandLine.SOURCE));
        BootParams page = b.build("synthesized boot_params");
        return new Result(page, b.bytes(), LEFT_OUT, why, List.of());
    }
}
