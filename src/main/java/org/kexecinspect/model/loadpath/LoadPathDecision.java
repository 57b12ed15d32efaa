package org.kexecinspect.model.loadpath;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import org.kexecinspect.format.text.KexecInvocation.Syscall;
import org.kexecinspect.model.Reason;

/**
 * Which system call the kdump service's load takes, and why.
 *
 * @param wrapper   who builds the kexec command: "kdump-tools (debian)", "kdumpctl", or "--assume"
 * @param arguments the kexec options on that command before the command line, initrd and kernel,
 *                  the wrapper's own included (e.g. ["-p", "-s", "-c", "-d"])
 * @param requested the syscall option in force on that command line: the last of -c/-s/-a, or
 *                  {@link Syscall#UNSPECIFIED}
 * @param effective what kexec-tools does: {@code requested}, else its release's default; empty when unknown
 * @param used      the system call the load ends on (for -a, after the fallback); empty when unknown
 * @param certain   false when an unknown fact or a rule not read in the wrapper's source could change the answer
 * @param reasons   the chain of facts and rules, each with its source
 */
public record LoadPathDecision(String wrapper, List<String> arguments, Syscall requested, Optional<Syscall> effective,
        Optional<KexecSyscall> used, boolean certain, List<Reason> reasons) {

    public LoadPathDecision {
        Objects.requireNonNull(wrapper);
        arguments = List.copyOf(arguments);
        Objects.requireNonNull(requested);
        Objects.requireNonNull(effective);
        Objects.requireNonNull(used);
        reasons = List.copyOf(reasons);
    }

    /** The effective choice's JSON name ("kexec_load", "kexec_file_load", "auto"), or null when unknown. */
    public String effectiveName() {
        return effective.map(Syscall::jsonName).orElse(null);
    }

    /** The reasons as sentences, each with its source in parentheses. */
    public String reasonText() {
        StringBuilder b = new StringBuilder();
        for (Reason r : reasons) {
            String t = r.text();
            b.append(b.length() == 0 ? "" : " ").append(sentence(t))
                    .append(r.evidence().isEmpty() ? "" : " (" + r.evidence() + ")").append('.');
        }
        return b.toString();
    }

    /** A sentence starts with a capital, unless its first word is a name such as kdump-config or -a. */
    private static String sentence(String t) {
        String first = t.split(" ", 2)[0];
        boolean name = first.matches(".*[-_/.(].*") || !first.equals(first.toLowerCase(Locale.ROOT));
        return name ? t : t.substring(0, 1).toUpperCase(Locale.ROOT) + t.substring(1);
    }
}
