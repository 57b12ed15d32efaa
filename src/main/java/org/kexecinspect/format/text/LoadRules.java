package org.kexecinspect.format.text;

import java.util.List;
import java.util.Optional;

import org.kexecinspect.format.FormatException;

/** The part of the syscall decision that kexec-tools and the kernel make, shared by the wrappers' rules. */
final class LoadRules {
    private LoadRules() {}

    /**
     * Completes a wrapper's decision: the last syscall option on {@code arguments}, else the
     * kexec-tools default; then what lockdown does to it.
     */
    static LoadPath finish(String wrapper, List<String> arguments, boolean certain, StringBuilder reason, LoadFacts facts) {
        KexecInvocation.Syscall requested;
        try {
            requested = KexecArgs.parse(arguments).syscall();
        } catch (FormatException e) {
            requested = KexecInvocation.Syscall.UNSPECIFIED;   // only caps can fail here; the file's own caps are smaller
            certain = false;
        }
        Optional<KexecInvocation.Syscall> effective;
        if (requested != KexecInvocation.Syscall.UNSPECIFIED) {
            reason.append(" The last syscall option on the command line is ").append(option(requested))
                    .append(", and the last of -c/-s/-a wins (kexec-tools kexec/kexec.c main(): each sets both"
                            + " do_kexec_file_syscall and do_kexec_fallback).");
            effective = Optional.of(requested);
        } else if (facts.kexecTools().isPresent()) {
            KexecToolsVersion v = facts.kexecTools().get();
            effective = Optional.of(v.defaultSyscall());
            reason.append(" No -c/-s/-a is passed, so kexec-tools ").append(v).append(" uses its default, ")
                    .append(option(v.defaultSyscall()))
                    .append(" (kexec/kexec.c main(): KEXEC_LOAD up to 2.0.26, -a from 2.0.27, commit 29fe5067ed07).");
        } else {
            effective = Optional.empty();
            certain = false;
            reason.append(" No -c/-s/-a is passed and the kexec-tools version is unknown: up to 2.0.26 that means"
                    + " KEXEC_LOAD, from 2.0.27 -a (kexec/kexec.c main(), commit 29fe5067ed07).");
        }
        if (facts.kexecTools().filter(v -> v.isAtLeast(KexecToolsVersion.FIRST_XEN_FORCES_LOAD)).isPresent()) {
            reason.append(" Under Xen, kexec-tools ").append(facts.kexecTools().get())
                    .append(" uses KEXEC_LOAD whatever the options (commit 94fbe64fb22d, 2.0.29+).");
        }
        if (facts.lockedDown() && effective.isPresent()) {
            switch (effective.get()) {
                case LOAD -> reason.append(" Lockdown is ").append(facts.lockdown().get())
                        .append(": the kernel refuses KEXEC_LOAD (kernel/kexec.c kexec_load_check():"
                                + " security_locked_down(LOCKDOWN_KEXEC)), so this load fails.");
                case AUTO -> reason.append(" Lockdown is ").append(facts.lockdown().get())
                        .append(": KEXEC_FILE_LOAD is tried first; kexec-tools falls back to KEXEC_LOAD only on"
                                + " ENOSYS, EINVAL, ENOEXEC or ENOTSUP, and that fallback is refused under lockdown.");
                default -> { }
            }
        }
        return new LoadPath(wrapper, arguments, requested, effective, certain, reason.toString().strip());
    }

    static String option(KexecInvocation.Syscall s) {
        return switch (s) {
            case LOAD -> "-c (KEXEC_LOAD)";
            case FILE_LOAD -> "-s (KEXEC_FILE_LOAD)";
            case AUTO -> "-a (KEXEC_FILE_LOAD, falling back to KEXEC_LOAD)";
            case UNSPECIFIED -> "none";
        };
    }
}
