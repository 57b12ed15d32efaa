package org.kexecinspect.model.screeninfo;

import java.util.List;
import java.util.Optional;

import org.kexecinspect.facts.Fact;
import org.kexecinspect.facts.KdumpServiceFacts;
import org.kexecinspect.facts.SystemFacts;
import org.kexecinspect.format.FormatException;
import org.kexecinspect.format.text.KexecArgs;
import org.kexecinspect.format.text.KexecInvocation;
import org.kexecinspect.model.Reason;

/** The kexec options the kdump service passes, for the options that change the screen_info (--reuse-video-type, --noefi). */
final class ServiceInvocation {
    private ServiceInvocation() {}

    /**
     * The kexec invocation the service will run: its configured extra arguments, else the recorded
     * last command; empty (with a reason) when neither is known.
     */
    static Optional<KexecInvocation> of(SystemFacts f, List<Reason> r) {
        Fact<KdumpServiceFacts.ConfiguredArgs> args = f.kdumpService().kexecArgs();
        if (args.known()) {
            try {
                return Optional.of(KexecArgs.parse(args.value().words()));
            } catch (FormatException e) {
                r.add(Reason.of("the configured kexec arguments do not parse: " + e.getMessage(), args.source()));
            }
        }
        Fact<String> last = f.kdumpService().lastCommand();
        if (last.known()) {
            try {
                return Optional.of(KexecArgs.parse(last.value(), last.source()));
            } catch (FormatException e) {
                r.add(Reason.of("the recorded kexec command does not parse: " + e.getMessage(), last.source()));
            }
        }
        return Optional.empty();
    }

    static String source(SystemFacts f) {
        return f.kdumpService().kexecArgs().known() ? f.kdumpService().kexecArgs().source()
                : f.kdumpService().lastCommand().source();
    }
}
