package org.kexecinspect.format.text;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which kexec syscall a kdump wrapper's load will use, and why.
 *
 * @param wrapper the wrapper and flavour the rule came from ("kdump-tools (debian)", "kdumpctl")
 * @param arguments the kexec options the wrapper passes before the command line, initrd and kernel
 *     (e.g. ["-p", "-s", "-c", "-d"]); a word may carry an expansion the file left unexpanded
 * @param requested the syscall option in force on that command line: the last of -c/-s/-a, or
 *     {@link KexecInvocation.Syscall#UNSPECIFIED}
 * @param effective what kexec-tools does: {@code requested}, or the kexec-tools version's default;
 *     empty when neither is known
 * @param certain false when an unknown fact (Secure Boot state, kexec-tools version) or an
 *     unverified rule could change the answer
 * @param reason the chain of facts and rules, each rule with its source
 */
public record LoadPath(String wrapper, List<String> arguments, KexecInvocation.Syscall requested,
        Optional<KexecInvocation.Syscall> effective, boolean certain, String reason) {

    public LoadPath {
        Objects.requireNonNull(wrapper);
        arguments = List.copyOf(arguments);
        Objects.requireNonNull(requested);
        Objects.requireNonNull(effective);
        Objects.requireNonNull(reason);
    }
}
