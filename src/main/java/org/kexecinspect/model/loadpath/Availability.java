package org.kexecinspect.model.loadpath;

import java.util.List;
import java.util.Optional;

import org.kexecinspect.facts.Arch;
import org.kexecinspect.facts.Fact;
import org.kexecinspect.facts.Fact.Why;
import org.kexecinspect.facts.SystemFacts;
import org.kexecinspect.format.text.KernelCmdline;
import org.kexecinspect.model.Reason;
import org.kexecinspect.model.RunningKernel;
import org.kexecinspect.model.Tristate;

/**
 * Whether a system call can load a kdump kernel at all on the running kernel: the architecture,
 * the config option that provides it, kexec_load_disabled, and lockdown.
 */
public final class Availability {
    private Availability() {}

    /** 32-bit x86: arch/x86/Kconfig offers ARCH_SUPPORTS_KEXEC_FILE for X86_64 only. */
    public static boolean archLacksFileLoad(Arch arch) {
        return arch.family() == Arch.Family.X86_32;
    }

    /**
     * Whether {@code s} can load: yes, no, or unknown; each step it took is added to {@code r}.
     */
    public static Tristate of(SystemFacts f, KexecSyscall s, List<Reason> r) {
        boolean fileLoad = s == KexecSyscall.KEXEC_FILE_LOAD;
        Fact<Arch> arch = f.machine().arch();
        if (fileLoad && arch.known() && archLacksFileLoad(arch.value())) {
            r.add(Reason.of(arch.value() + ": KEXEC_FILE_LOAD exists on x86 only for 64-bit kernels", arch.source()
                    + "; arch/x86/Kconfig: ARCH_SUPPORTS_KEXEC_FILE is X86_64 only"));
            return Tristate.NO;
        }
        if (kexecDisabledOnCmdline(f, r)) {
            return Tristate.NO;
        }
        String option = fileLoad ? "CONFIG_KEXEC_FILE" : "CONFIG_KEXEC";
        Fact<Optional<String>> opt = RunningKernel.config(f, option);
        Tristate configured = Tristate.UNKNOWN;
        if (opt.known()) {
            configured = Tristate.of(RunningKernel.enabled(opt.value()));
            r.add(Reason.of(option + " is " + opt.value().orElse("not in the config") + " in the running kernel",
                    opt.source()));
            if (configured.isNo()) {
                return Tristate.NO;
            }
        } else {
            r.add(Reason.of(option + " of the running kernel cannot be told (" + opt.unknown() + ")", opt.source()));
        }
        Tristate locked = lockedDown(f, r);
        if (locked.isYes()) {
            if (!fileLoad) {
                r.add(Reason.of("under lockdown the kernel refuses KEXEC_LOAD",
                        "kernel/kexec.c kexec_load_check(): security_locked_down(LOCKDOWN_KEXEC)"));
                return Tristate.NO;
            }
            r.add(Reason.of("under lockdown KEXEC_FILE_LOAD takes only a kdump kernel signed with a trusted key; "
                    + "the signature is not among the facts",
                    "kernel/kexec_file.c kimage_validate_signature(): security_locked_down(LOCKDOWN_KEXEC)"));
            return Tristate.UNKNOWN;
        }
        return !configured.known() || !locked.known() ? Tristate.UNKNOWN : Tristate.YES;
    }

    /**
     * Whether the running kernel locks kexec down: lockdown integrity or confidentiality, or an
     * older Ubuntu securelevel above 0 (security/lockdown/lockdown.c: LOCKDOWN_KEXEC is below
     * LOCKDOWN_INTEGRITY_MAX); unknown when it cannot be told. An absent lockdown file means a kernel without
     * the lockdown LSM.
     */
    static Tristate lockedDown(SystemFacts f, List<Reason> r) {
        Fact<String> lock = f.firmware().lockdown();
        Fact<Integer> level = f.firmware().securelevel();
        if (level.known() && level.value() > 0) {
            r.add(Reason.of("securelevel is " + level.value() + ": the kernel refuses unsigned kexec", level.source()));
            return Tristate.YES;
        }
        if (lock.known()) {
            boolean locked = !lock.value().equals("none");
            r.add(Reason.of("lockdown is " + lock.value(), lock.source()));
            return Tristate.of(locked);
        }
        if (lock.unknown().why() == Why.ABSENT) {
            r.add(Reason.of("no lockdown file: the kernel has no lockdown LSM", lock.source()));
            return Tristate.NO;
        }
        r.add(Reason.of("lockdown cannot be told (" + lock.unknown() + ")", lock.source()));
        return Tristate.UNKNOWN;
    }

    /** sysctl.kernel.kexec_load_disabled=1 on the command line disables both system calls (kernel/kexec_core.c). */
    static boolean kexecDisabledOnCmdline(SystemFacts f, List<Reason> r) {
        Optional<KernelCmdline> c = RunningKernel.cmdline(f);
        if (c.isPresent() && c.get().sysctl("kernel.kexec_load_disabled").filter(v -> !v.equals("0")).isPresent()) {
            r.add(Reason.of("sysctl.kernel.kexec_load_disabled is set on the command line: no kexec system call can load",
                    f.machine().cmdline().source()));
            return true;
        }
        return false;
    }
}
