package org.kexecinspect.model.loadpath;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.kexecinspect.facts.Arch;
import org.kexecinspect.facts.Fact;
import org.kexecinspect.facts.Firmware;
import org.kexecinspect.facts.KdumpServiceFacts;
import org.kexecinspect.facts.SystemFacts;
import org.kexecinspect.format.text.KexecInvocation.Syscall;
import org.kexecinspect.knowledge.Knowledge;
import org.kexecinspect.knowledge.Version;
import org.kexecinspect.model.Assumptions;
import org.kexecinspect.model.Reason;
import org.kexecinspect.model.Tristate;

/**
 * The one place that decides which system call the kdump service's load takes: the wrapper's
 * options, then kexec-tools' choice, then, for -a, where the fallback ends.
 */
public final class LoadPaths {
    private LoadPaths() {}

    /**
     * The decision for a system whose facts already carry the assumptions; an assumed
     * kdumpService.loadPath overrides the wrapper and kexec-tools rules.
     */
    public static LoadPathDecision decide(SystemFacts f, Assumptions a) {
        Optional<String> assumed = a.loadPathOverride();
        if (assumed.isPresent()) {
            Syscall s = fromJson(assumed.get());
            List<Reason> r = new ArrayList<>();
            r.add(Reason.of("the kdump service loads with " + assumed.get(),
                    Assumptions.SOURCE + " kdumpService.loadPath=" + assumed.get()));
            return withUsed(new LoadPathDecision(Assumptions.SOURCE, List.of(), s, Optional.of(s), Optional.empty(),
                    true, r), f);
        }
        return withUsed(configured(f.kdumpService(), f.firmware(), f.kexecTools().version()), f);
    }

    /**
     * What the kdump service asks kexec-tools for and what kexec-tools makes of it, without the
     * running kernel: {@link LoadPathDecision#used()} stays empty. For a configuration file read alone.
     */
    public static LoadPathDecision configured(KdumpServiceFacts s, Firmware fw, Fact<String> kexecToolsVersion) {
        List<Reason> r = new ArrayList<>();
        Fact<String> flavor = s.flavor();
        if (!flavor.known()) {
            r.add(Reason.of("the kdump service cannot be told (" + flavor.unknown() + ")", flavor.source()));
            return new LoadPathDecision("unknown", List.of(), Syscall.UNSPECIFIED, Optional.empty(), Optional.empty(),
                    false, r);
        }
        WrapperCommand w = flavor.value().equals("kdump-tools") ? WrapperRules.kdumpTools(s, fw) : WrapperRules.kdumpctl(s, fw);
        r.addAll(w.reasons());
        if (w.arguments() == null) {
            return new LoadPathDecision(w.wrapper(), List.of(), Syscall.UNSPECIFIED, Optional.empty(), Optional.empty(),
                    false, r);
        }
        boolean certain = w.certain();
        Optional<Syscall> requested = KexecToolsRules.requested(w.arguments());
        Optional<Syscall> effective;
        if (requested.isPresent()) {
            r.add(Reason.of("the last syscall option on the command line is " + KexecToolsRules.option(requested.get())
                    + ", and the last of -c/-s/-a wins", KexecToolsRules.MAIN
                    + ": each sets both do_kexec_file_syscall and do_kexec_fallback"));
            effective = requested;
        } else {
            effective = KexecToolsRules.defaultSyscall(kexecToolsVersion, r);
            certain &= effective.isPresent();
        }
        KexecToolsRules.xenNote(kexecToolsVersion, r);
        if (w.retriesWithoutS() && effective.equals(Optional.of(Syscall.FILE_LOAD))) {
            r.add(Reason.of("with the retry without -s, the effect is that of -a", WrapperRules.UBUNTU_STATEMENT));
            effective = Optional.of(Syscall.AUTO);
            certain = false;
        }
        return new LoadPathDecision(w.wrapper(), w.arguments(), requested.orElse(Syscall.UNSPECIFIED), effective,
                Optional.empty(), certain, r);
    }

    /** The decision with the system call the load ends on, which needs the running kernel. */
    static LoadPathDecision withUsed(LoadPathDecision d, SystemFacts f) {
        if (d.effective().isEmpty()) {
            return d;
        }
        List<Reason> r = new ArrayList<>(d.reasons());
        Optional<KexecSyscall> used = switch (d.effective().get()) {
            case LOAD -> Optional.of(failsIfUnavailable(KexecSyscall.KEXEC_LOAD, f, r));
            case FILE_LOAD -> Optional.of(failsIfUnavailable(KexecSyscall.KEXEC_FILE_LOAD, f, r));
            case AUTO -> auto(f, r);
            case UNSPECIFIED -> Optional.empty();
        };
        return new LoadPathDecision(d.wrapper(), d.arguments(), d.requested(), d.effective(), used, d.certain(), r);
    }

    private static KexecSyscall failsIfUnavailable(KexecSyscall s, SystemFacts f, List<Reason> r) {
        List<Reason> why = new ArrayList<>();
        if (Availability.of(f, s, why).isNo()) {
            r.addAll(why);
            r.add(Reason.of("so this load fails: kexec-tools tries no other system call", KexecToolsRules.MAIN));
        }
        return s;
    }

    private static Optional<KexecSyscall> auto(SystemFacts f, List<Reason> r) {
        Fact<Arch> arch = f.machine().arch();
        boolean archLacks = arch.known() && Availability.archLacksFileLoad(arch.value());
        List<Reason> why = new ArrayList<>();
        Tristate file = archLacks ? Tristate.NO : Availability.of(f, KexecSyscall.KEXEC_FILE_LOAD, why);
        if (!file.isYes()) {
            r.addAll(why);
        }
        return KexecToolsRules.auto(file, archLacks, f.kexecTools().version(), r);
    }

    /**
     * What kexec-tools of this version does without -c, -s or -a: "kexec_load" or "auto", from the
     * knowledge file's kexecTools.defaultSyscall table; unknown when the version is.
     */
    public static Fact<String> defaultSyscall(Fact<String> version) {
        if (!version.known()) {
            return version;
        }
        Version v = Version.parse(version.value());
        Knowledge.Rule r = v == null ? null : Knowledge.get().kexecToolsDefaultSyscall(v);
        return r == null ? Fact.unknown(Fact.Why.NOT_APPLICABLE, "no rule for version " + version.value(), "knowledge.json")
                : Fact.of(r.value(), "knowledge.json: " + r.source());
    }

    /** kexec_load, kexec_file_load or auto, as --assume takes them. */
    static Syscall fromJson(String name) {
        for (Syscall s : Syscall.values()) {
            if (s.jsonName().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("not a load path: " + name);
    }
}
