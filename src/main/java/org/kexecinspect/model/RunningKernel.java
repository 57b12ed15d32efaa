package org.kexecinspect.model;

import java.util.Map;
import java.util.Optional;

import org.kexecinspect.facts.Fact;
import org.kexecinspect.facts.Fact.Why;
import org.kexecinspect.facts.SystemFacts;
import org.kexecinspect.format.FormatException;
import org.kexecinspect.format.text.KernelCmdline;
import org.kexecinspect.knowledge.Knowledge;
import org.kexecinspect.knowledge.Version;

/**
 * The running (first) kernel as the rules need it: its major.minor (its release always starts with
 * it), its upstream version when the release or banner tells, its config options and command line.
 *
 * @param series   major.minor
 * @param upstream the full upstream version, or null when the release hides the sublevel ("6.8.0-52-generic")
 * @param source   where the release came from
 */
public record RunningKernel(Version series, Version upstream, String source) {

    /** "6.1.192", or "6.8.x (sublevel hidden by the release name)". */
    public String text() {
        return upstream != null ? upstream.numbers() : series.numbers() + ".x (sublevel hidden by the release name)";
    }

    /** Whether this kernel carries a change of the knowledge file's "kernel" table. */
    public Knowledge.Carried carries(String change) {
        return Knowledge.get().kernelChange(change).carriedBy(series, upstream);
    }

    /** The running kernel, or null when its release cannot be told. */
    public static RunningKernel of(SystemFacts f) {
        Fact<String> rel = f.machine().kernelRelease();
        if (!rel.known()) {
            return null;
        }
        Version v = Version.parse(rel.value());
        if (v == null || v.parts().size() < 2) {
            return null;
        }
        Fact<String> up = f.machine().upstreamVersion();
        Version upstream = up.known() ? Version.parse(up.value()) : null;
        if (upstream != null && (upstream.part(0) != v.part(0) || upstream.part(1) != v.part(1))) {
            upstream = null; // a banner that disagrees with the release is not trusted
        }
        return new RunningKernel(Version.parse(v.part(0) + "." + v.part(1)), upstream, rel.source());
    }

    /**
     * A config option of the running kernel: boot/config-RELEASE of the running release, or the
     * kdump kernel's config when the kdump kernel is the running release (the usual kdump-tools setup).
     */
    public static Fact<Optional<String>> config(SystemFacts f, String option) {
        Fact<Map<String, Optional<String>>> own = f.machine().config();
        if (own.known() && own.value().containsKey(option)) {
            return Fact.of(own.value().get(option), own.source());
        }
        Fact<String> rel = f.machine().kernelRelease();
        Fact<String> kdumpRel = f.kdumpKernel().release();
        Fact<Map<String, Optional<String>>> kc = f.kdumpKernel().config();
        if (rel.known() && kdumpRel.known() && rel.value().equals(kdumpRel.value()) && kc.known()
                && kc.value().containsKey(option)) {
            return Fact.of(kc.value().get(option), kc.source() + " (the kdump kernel is the running release)");
        }
        return own.known() ? Fact.unknown(Why.NOT_APPLICABLE, option + " is not among the options read", own.source())
                : own.cast();
    }

    /** y or m; an option the config does not mention, or "is not set", is off. */
    public static boolean enabled(Optional<String> value) {
        return value.filter(v -> v.equals("y") || v.equals("m")).isPresent();
    }

    /** The running kernel's command line, when it is known and parses. */
    public static Optional<KernelCmdline> cmdline(SystemFacts f) {
        Fact<String> c = f.machine().cmdline();
        if (!c.known()) {
            return Optional.empty();
        }
        try {
            return Optional.of(KernelCmdline.parse(c.value(), c.source()));
        } catch (FormatException e) {
            return Optional.empty();
        }
    }
}
