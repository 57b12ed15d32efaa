package org.kexecinspect.model.loadpath;

import java.util.List;
import java.util.Optional;

import org.kexecinspect.facts.Fact;
import org.kexecinspect.format.FormatException;
import org.kexecinspect.format.text.KexecArgs;
import org.kexecinspect.format.text.KexecInvocation.Syscall;
import org.kexecinspect.knowledge.Knowledge;
import org.kexecinspect.knowledge.Version;
import org.kexecinspect.model.Reason;
import org.kexecinspect.model.Tristate;

/** How kexec-tools picks its system call: the options, its release's default, and -a's fallback. */
final class KexecToolsRules {
    private KexecToolsRules() {}

    static final String MAIN = "kexec-tools kexec/kexec.c main()";

    /**
     * The syscall option in force: the last of -c/-s/-a, because each of them sets both
     * do_kexec_file_syscall and do_kexec_fallback (kexec-tools kexec/kexec.c main()). Empty when
     * none is given or the words do not parse.
     */
    static Optional<Syscall> requested(List<String> arguments) {
        try {
            Syscall s = KexecArgs.parse(arguments).syscall();
            return s == Syscall.UNSPECIFIED ? Optional.empty() : Optional.of(s);
        } catch (FormatException e) {
            return Optional.empty();   // only caps can fail here; the configuration's own words are fewer
        }
    }

    /** "-c (KEXEC_LOAD)" and so on: an option as a sentence names it. */
    static String option(Syscall s) {
        return switch (s) {
            case LOAD -> "-c (KEXEC_LOAD)";
            case FILE_LOAD -> "-s (KEXEC_FILE_LOAD)";
            case AUTO -> "-a (KEXEC_FILE_LOAD, falling back to KEXEC_LOAD)";
            case UNSPECIFIED -> "none";
        };
    }

    /** The parsed kexec-tools version, or null when unknown or not a version. */
    static Version version(Fact<String> v) {
        return v.known() ? Version.parse(v.value()) : null;
    }

    /**
     * What kexec-tools does without -c, -s or -a: its release's default (the knowledge file's
     * kexecTools.defaultSyscall table); empty when the version is unknown.
     */
    static Optional<Syscall> defaultSyscall(Fact<String> versionFact, List<Reason> r) {
        Version v = version(versionFact);
        Knowledge k = Knowledge.get();
        Knowledge.Rule rule = v == null ? null : k.kexecToolsDefaultSyscall(v);
        if (rule == null) {
            Knowledge.Since auto = k.kexecToolsAutoDefault();
            r.add(Reason.of("no -c/-s/-a is passed and the kexec-tools version is unknown: before " + auto.from()
                    + " that means KEXEC_LOAD, from " + auto.from() + " -a", auto.source() + "; kexec --version"));
            return Optional.empty();
        }
        Syscall s = rule.value().equals("auto") ? Syscall.AUTO : Syscall.LOAD;
        r.add(Reason.of("no -c/-s/-a is passed, so kexec-tools " + versionFact.value() + " uses its default, " + option(s),
                "knowledge.json: " + rule.source() + "; kexec --version"));
        return Optional.of(s);
    }

    /** From kexec-tools v2.0.29 (the knowledge file's kexecTools.xenForcesKexecLoad), Xen forces KEXEC_LOAD. */
    static void xenNote(Fact<String> versionFact, List<Reason> r) {
        Version v = version(versionFact);
        Knowledge.Since xen = Knowledge.get().kexecToolsSince(Knowledge.XEN_FORCES_LOAD);
        if (v != null && xen.in(v)) {
            r.add(Reason.of("under Xen, kexec-tools " + versionFact.value() + " uses KEXEC_LOAD whatever the options",
                    "knowledge.json: " + xen.source()));
        }
    }

    /**
     * Where -a ends: KEXEC_FILE_LOAD first; KEXEC_LOAD when this kexec-tools has no
     * kexec_file_load for the architecture, or (from the knowledge file's kexecTools.autoFallback
     * release on) when the kernel answers ENOSYS, EINVAL, ENOEXEC or ENOTSUP, which is what a
     * kernel that cannot take KEXEC_FILE_LOAD does. Empty when that cannot be told.
     *
     * @param fileAvailable whether the running kernel can take KEXEC_FILE_LOAD
     * @param archLacksFile kexec-tools has no kexec_file_load for the architecture
     */
    static Optional<KexecSyscall> auto(Tristate fileAvailable, boolean archLacksFile, Fact<String> versionFact,
            List<Reason> r) {
        if (archLacksFile) {
            r.add(Reason.of("-a: there is no KEXEC_FILE_LOAD for this architecture, so kexec-tools uses KEXEC_LOAD",
                    MAIN + ": !is_kexec_file_load_implemented()"));
            return Optional.of(KexecSyscall.KEXEC_LOAD);
        }
        if (fileAvailable.isYes()) {
            r.add(Reason.of("-a: KEXEC_FILE_LOAD is available, so it is used", MAIN));
            return Optional.of(KexecSyscall.KEXEC_FILE_LOAD);
        }
        if (!fileAvailable.known()) {
            r.add(Reason.of("-a: whether KEXEC_FILE_LOAD is available is unknown, so the path is unknown", MAIN));
            return Optional.empty();
        }
        Knowledge.Since fallback = Knowledge.get().kexecToolsSince(Knowledge.AUTO_FALLBACK);
        Version v = version(versionFact);
        if (v == null) {
            r.add(Reason.of("-a: KEXEC_FILE_LOAD fails here; kexec-tools falls back to KEXEC_LOAD from " + fallback.from()
                    + " on, and its version is unknown", "knowledge.json: " + fallback.source() + "; kexec --version"));
            return Optional.empty();
        }
        if (!fallback.in(v)) {
            r.add(Reason.of("-a: KEXEC_FILE_LOAD fails here, and kexec-tools " + versionFact.value() + " does not fall back "
                    + "(the fallback exists from " + fallback.from() + "): the load fails on KEXEC_FILE_LOAD",
                    "knowledge.json: " + fallback.source()));
            return Optional.of(KexecSyscall.KEXEC_FILE_LOAD);
        }
        r.add(Reason.of("-a: KEXEC_FILE_LOAD fails here, so kexec-tools falls back to KEXEC_LOAD",
                MAIN + " fallback on ENOSYS, EINVAL, ENOEXEC, ENOTSUP; knowledge.json: " + fallback.source()));
        return Optional.of(KexecSyscall.KEXEC_LOAD);
    }
}
