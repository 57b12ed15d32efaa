package org.kexecinspect.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.kexecinspect.facts.Fact;
import org.kexecinspect.facts.Fact.Why;
import org.kexecinspect.facts.SystemFacts;
import org.kexecinspect.format.FormatException;
import org.kexecinspect.format.text.KernelCmdline;
import org.kexecinspect.format.text.KexecArgs;
import org.kexecinspect.format.text.KexecInvocation;
import org.kexecinspect.format.x86.ScreenInfo;
import org.kexecinspect.format.x86.ScreenInfoEncoder;
import org.kexecinspect.format.x86.ScreenInfoLayout;
import org.kexecinspect.knowledge.Knowledge;
import org.kexecinspect.knowledge.Version;

/** What both load-path models need: the running kernel, availability, the kexec options, the arm64 answer. */
final class Common {
    private Common() {}

    static final String TABLE = "domain.md 8";

    /** "sys/kernel/boot_params/data" etc.: a fact's source, or its unknown reason with the source. */
    static String describe(Fact<?> f) {
        return f.known() ? f.source() : f.source() + " (" + f.unknown() + ")";
    }

    // ---- the running kernel ---------------------------------------------------------------------

    /** The running kernel's major.minor (from its release, which always starts with it) and its upstream version when told. */
    record Kernel(Version series, Version upstream, String source) {
        String text() {
            return upstream != null ? upstream.numbers() : series.numbers() + ".x (sublevel hidden by the release name)";
        }

        boolean atLeast(String v) {
            return series.compareTo(Version.parse(v)) >= 0;
        }
    }

    static Kernel kernel(SystemFacts f) {
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
        return new Kernel(Version.parse(v.part(0) + "." + v.part(1)), upstream, rel.source());
    }

    static Knowledge.Carried carried(String change, Kernel k) {
        return Knowledge.get().kernelChange(change).carriedBy(k.series(), k.upstream());
    }

    /**
     * A config option of the running kernel: boot/config-RELEASE of the running release, or the
     * kdump kernel's config when the kdump kernel is the running release (the usual kdump-tools setup).
     */
    static Fact<Optional<String>> runningConfig(SystemFacts f, String option) {
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
    static boolean enabled(Optional<String> value) {
        return value.filter(v -> v.equals("y") || v.equals("m")).isPresent();
    }

    /**
     * Whether the running kernel locks kexec down: lockdown integrity or confidentiality, or an
     * older Ubuntu securelevel above 0 (security/lockdown: LOCKDOWN_KEXEC; domain.md 4.4). Null
     * when unknown. An absent lockdown file means a kernel without the lockdown LSM.
     */
    static Boolean lockedDown(SystemFacts f, List<Reason> r) {
        Fact<String> lock = f.firmware().lockdown();
        Fact<Integer> level = f.firmware().securelevel();
        if (level.known() && level.value() > 0) {
            r.add(Reason.of("securelevel is " + level.value() + ": the kernel refuses unsigned kexec", level.source()));
            return true;
        }
        if (lock.known()) {
            boolean locked = !lock.value().equals("none");
            r.add(Reason.of("lockdown is " + lock.value(), lock.source()));
            return locked;
        }
        if (lock.unknown().why() == Why.ABSENT) {
            r.add(Reason.of("no lockdown file: the kernel has no lockdown LSM", lock.source()));
            return false;
        }
        r.add(Reason.of("lockdown cannot be told (" + lock.unknown() + ")", lock.source()));
        return null;
    }

    /** sysctl.kernel.kexec_load_disabled=1 on the command line disables both system calls (kernel/kexec_core.c). */
    static boolean kexecDisabledOnCmdline(SystemFacts f, List<Reason> r) {
        Optional<KernelCmdline> c = cmdline(f);
        if (c.isPresent() && c.get().sysctl("kernel.kexec_load_disabled").filter(v -> !v.equals("0")).isPresent()) {
            r.add(Reason.of("sysctl.kernel.kexec_load_disabled is set on the command line: no kexec system call can load",
                    f.machine().cmdline().source()));
            return true;
        }
        return false;
    }

    static Optional<KernelCmdline> cmdline(SystemFacts f) {
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

    /**
     * Whether a system call can load at all on this kernel: the config option that provides it
     * (CONFIG_KEXEC, CONFIG_KEXEC_FILE) and lockdown.
     */
    static Boolean available(SystemFacts f, String option, boolean fileLoad, List<Reason> r) {
        if (kexecDisabledOnCmdline(f, r)) {
            return false;
        }
        Fact<Optional<String>> opt = runningConfig(f, option);
        Boolean configured = null;
        if (opt.known()) {
            configured = enabled(opt.value());
            r.add(Reason.of(option + " is " + opt.value().orElse("not in the config") + " in the running kernel",
                    opt.source()));
            if (!configured) {
                return false;
            }
        } else {
            r.add(Reason.of(option + " of the running kernel cannot be told (" + opt.unknown() + ")", opt.source()));
        }
        Boolean locked = lockedDown(f, r);
        if (Boolean.TRUE.equals(locked)) {
            if (!fileLoad) {
                r.add(Reason.of("under lockdown the kernel refuses KEXEC_LOAD", "security/lockdown LOCKDOWN_KEXEC (domain.md 4.4)"));
                return false;
            }
            r.add(Reason.of("under lockdown KEXEC_FILE_LOAD takes only a kdump kernel signed with a trusted key; "
                    + "the signature is not among the facts", "kexec_file signature verification (domain.md 4.4)"));
            return null;
        }
        return configured == null || locked == null ? null : true;
    }

    /**
     * Whether the kdump service takes this path: its load path, and for "auto" the fallback rule
     * (KEXEC_FILE_LOAD first; KEXEC_LOAD only after ENOSYS, EINVAL, ENOEXEC or ENOTSUP: domain.md 4.4).
     */
    static boolean used(SystemFacts f, boolean fileLoad, Boolean fileAvailable, List<Reason> r) {
        Fact<String> lp = f.kdumpService().loadPath();
        if (!lp.known()) {
            r.add(Reason.of("the kdump service's load path cannot be told (" + lp.unknown() + ")", lp.source()));
            return false;
        }
        String path = lp.value();
        if (path.equals("auto")) {
            // a kernel without CONFIG_KEXEC_FILE answers ENOSYS, one of the errors the fallback takes
            boolean fileFails = Boolean.FALSE.equals(fileAvailable);
            r.add(Reason.of("the service tries KEXEC_FILE_LOAD first and falls back to KEXEC_LOAD on ENOSYS, EINVAL, "
                    + "ENOEXEC or ENOTSUP" + (fileFails ? "; KEXEC_FILE_LOAD is not available here" : ""),
                    lp.source() + "; kexec/kexec.c (domain.md 4.4)"));
            return fileLoad != fileFails;
        }
        boolean mine = path.equals(fileLoad ? PathPrediction.KEXEC_FILE_LOAD : PathPrediction.KEXEC_LOAD);
        r.add(Reason.of("the kdump service loads with " + path, lp.source()));
        return mine;
    }

    // ---- kexec options --------------------------------------------------------------------------

    /**
     * The kexec invocation the service will run: its configured extra arguments, else the recorded
     * last command; empty (with a reason) when neither is known.
     */
    static Optional<KexecInvocation> invocation(SystemFacts f, List<Reason> r) {
        Fact<List<String>> args = f.kdumpService().kexecArgs();
        if (args.known()) {
            try {
                return Optional.of(KexecArgs.parse(args.value()));
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

    static String invocationSource(SystemFacts f) {
        return f.kdumpService().kexecArgs().known() ? f.kdumpService().kexecArgs().source()
                : f.kdumpService().lastCommand().source();
    }

    // ---- screen_info helpers -------------------------------------------------------------------

    /** Members the models do not predict: kexec paths recompute ext_mem_k, kexec-tools writes cl_magic/cl_offset from the image. */
    static ScreenInfoEncoder.Builder withoutNonVideo(ScreenInfoEncoder.Builder b) {
        return b.set(ScreenInfoLayout.EXT_MEM_K, 0).set(ScreenInfoLayout.CL_MAGIC, 0).set(ScreenInfoLayout.CL_OFFSET, 0);
    }

    static Boolean lfbBaseZero(ScreenInfo s) {
        return s == null ? null : s.lfbAddress() == 0;
    }

    /**
     * arm64 and the other non-x86 architectures: neither kexec-tools nor the kernel's kexec_file
     * passes a screen_info, and the EFI stub's copy is not re-made for a kexec'd kernel, so the
     * kdump kernel's screen_info is all zero (domain.md 4.5, 5.2, 5.3; rows 18 and 19).
     */
    static PathPrediction nonX86(SystemFacts f, String arch, boolean fileLoad) {
        List<Reason> r = new java.util.ArrayList<>();
        boolean arm64 = arch.equals("aarch64");
        String rule = fileLoad
                ? "the kernel's kexec_file DTB carries no screen_info; the EFI stub's copy is not re-made after kexec"
                : "kexec-tools for " + arch + " never reads /dev/fb0 nor writes a screen_info";
        String evidence = arm64 ? (fileLoad ? "domain.md 5.2, 5.3; " + TABLE + " row 19" : "domain.md 4.5, 5.3; " + TABLE + " row 18")
                : "domain.md 4.5, 5.2, 5.3 (read for arm64 only)";
        r.add(arm64 ? Reason.of(arch + ": " + rule + ": the kdump kernel's screen_info is all zero, lfb_base 0", evidence)
                : Reason.derived(arch + ": taken to behave like arm64 (" + rule + "): screen_info all zero", evidence));
        ScreenInfo zero = ScreenInfoEncoder.zero().build(arch + " kdump screen_info");
        List<Reason> avail = new java.util.ArrayList<>();
        Boolean available = available(f, fileLoad ? "CONFIG_KEXEC_FILE" : "CONFIG_KEXEC", fileLoad, avail);
        Boolean fileAvailable = fileLoad ? available : available(f, "CONFIG_KEXEC_FILE", true, new java.util.ArrayList<>());
        boolean used = used(f, fileLoad, fileAvailable, r);
        r.addAll(avail);
        r.add(Reason.of("EFI_BOOT through efi_info is an x86 notion: not applicable to " + arch, "domain.md 2.1"));
        return new PathPrediction(fileLoad ? PathPrediction.KEXEC_FILE_LOAD : PathPrediction.KEXEC_LOAD, used, zero,
                true, null, available, r);
    }
}
