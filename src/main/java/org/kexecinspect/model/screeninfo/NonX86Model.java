package org.kexecinspect.model.screeninfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.kexecinspect.facts.Arch;
import org.kexecinspect.facts.Fact;
import org.kexecinspect.facts.SystemFacts;
import org.kexecinspect.format.x86.ScreenInfo;
import org.kexecinspect.format.x86.ScreenInfoEncoder;
import org.kexecinspect.model.PathPrediction;
import org.kexecinspect.model.Reason;
import org.kexecinspect.model.Tristate;
import org.kexecinspect.model.loadpath.Availability;
import org.kexecinspect.model.loadpath.KexecSyscall;

/**
 * arm64 and the other non-x86 architectures: neither kexec-tools nor the kernel's kexec_file passes
 * a screen_info, and the EFI stub that fills it is not run for a kexec'd kernel, so the kdump
 * kernel's screen_info is all zero.
 */
final class NonX86Model {
    private NonX86Model() {}

    static final String EFI_STUB = "drivers/firmware/efi/libstub/screen_info.c and efi-init.c init_screen_info(): "
            + "the EFI stub fills screen_info at boot and the table is zeroed after use; purgatory enters a kdump kernel "
            + "past the stub";
    static final String KEXEC_TOOLS = "kexec-tools kexec/arch/arm64: no /dev/fb0 or screen_info anywhere "
            + "(mailing-list message SA1PR21MB692176C1BC53BFC9EAE5CF8EBF51A@SA1PR21MB6921.namprd21.prod.outlook.com)";
    static final String KEXEC_FILE = "arch/arm64/kernel/machine_kexec_file.c load_other_segments(), drivers/of/kexec.c "
            + "of_kexec_alloc_and_setup_fdt(): the new DTB carries no screen_info";

    /**
     * The prediction where the x86 models do not apply: the architecture is unknown, or not x86.
     * Empty for x86.
     */
    static Optional<PathPrediction> unlessX86(SystemFacts f, KexecSyscall s, List<Reason> r) {
        Fact<Arch> arch = f.machine().arch();
        if (!arch.known()) {
            r.add(Reason.of("the architecture cannot be told (" + arch.unknown() + ")", arch.source()));
            return Optional.of(new PathPrediction(s, false, null, Tristate.UNKNOWN, Tristate.UNKNOWN, Tristate.UNKNOWN, r));
        }
        return arch.value().isX86() ? Optional.empty() : Optional.of(predict(f, arch.value(), s));
    }

    static PathPrediction predict(SystemFacts f, Arch arch, KexecSyscall s) {
        boolean fileLoad = s == KexecSyscall.KEXEC_FILE_LOAD;
        List<Reason> r = new ArrayList<>();
        boolean arm64 = arch.isArm64();
        String rule = fileLoad
                ? "the kernel's kexec_file DTB carries no screen_info; the EFI stub's copy is not re-made after kexec"
                : "kexec-tools for " + arch + " never reads /dev/fb0 nor writes a screen_info";
        String evidence = (fileLoad ? KEXEC_FILE : KEXEC_TOOLS) + "; " + EFI_STUB;
        r.add(arm64 ? Reason.of(arch + ": " + rule + ": the kdump kernel's screen_info is all zero, lfb_base 0", evidence)
                : Reason.derived(arch + ": taken to behave like arm64 (" + rule + "): screen_info all zero",
                        evidence + " (read for arm64 only)"));
        ScreenInfo zero = ScreenInfoEncoder.zero().build(arch + " kdump screen_info");
        Tristate available = Availability.of(f, s, r);
        r.add(Reason.of("EFI_BOOT through efi_info is an x86 notion: not applicable to " + arch,
                "arch/x86/include/uapi/asm/bootparam.h struct boot_params efi_info"));
        return new PathPrediction(s, false, zero, Tristate.YES, Tristate.UNKNOWN, available, r);
    }
}
