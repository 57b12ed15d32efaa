package org.kexecinspect.model.loadpath;

import java.util.List;

import org.kexecinspect.model.Reason;

/**
 * The kexec options a kdump wrapper puts on its command line, before kexec-tools reads them.
 *
 * @param wrapper          "kdump-tools (debian)", "kdumpctl"
 * @param arguments        the options, the wrapper's own and the configured ones, in order; null when unknown
 * @param certain          false when an unknown fact or a rule not read in the wrapper's source could change them
 * @param retriesWithoutS  the wrapper retries a failed -s load without it, which acts like -a
 * @param reasons          how the options came about
 */
record WrapperCommand(String wrapper, List<String> arguments, boolean certain, boolean retriesWithoutS,
        List<Reason> reasons) {
    WrapperCommand {
        arguments = arguments == null ? null : List.copyOf(arguments);
        reasons = List.copyOf(reasons);
    }
}
