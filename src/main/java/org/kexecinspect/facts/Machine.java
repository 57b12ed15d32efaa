package org.kexecinspect.facts;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.kexecinspect.facts.Fact.Why;
import org.kexecinspect.format.text.KdumpConfigOptions;

/**
 * The running kernel: its architecture and release, its command line and its config.
 *
 * @param arch          the kernel's architecture, by the machine name uname prints ("x86_64", "aarch64")
 * @param kernelRelease the running release ("6.1.0-56-amd64")
 * @param uname         `uname -a`
 * @param cmdline       /proc/cmdline
 * @param config        the kdump-relevant options of the running release's config (boot/config-RELEASE,
 *                      usr/lib/modules/RELEASE/config, lib/modules/RELEASE/config or /proc/config.gz)
 *                      ({@link KdumpConfigOptions#select}: absent option = empty, "is not set" = "n");
 *                      the running kernel decides which kexec system calls exist (CONFIG_KEXEC, CONFIG_KEXEC_FILE)
 */
public record Machine(Fact<Arch> arch, Fact<String> kernelRelease, Fact<String> uname, Fact<String> cmdline,
        Fact<Map<String, Optional<String>>> config) {

    /** Machine names uname(1) prints, as the kernel's utsname.machine gives them. */
    static final List<String> ARCHES = List.of("x86_64", "aarch64", "i686", "i586", "i386", "armv7l",
            "armv8l", "ppc64le", "ppc64", "s390x", "riscv64", "loongarch64");

    static Machine read(Root root, SystemCalls calls) {
        Fact<String> uname = calls.uname().map(String::strip);
        Fact<String> release = Texts.line(root, "proc/sys/kernel/osrelease");
        if (!release.known() && uname.known()) {
            release = uname.map(Machine::releaseOf);
        }
        return new Machine(uname.map(Machine::archOf).map(Arch::of), release, uname,
                Texts.read(root, "proc/cmdline").map(String::strip), config(root, release));
    }

    /**
     * A release as the part of a path it becomes (boot/config-RELEASE, lib/modules/RELEASE/...). It
     * comes from captured text or a kernel's banner, so it may hold anything; a '/', a leading '.'
     * or a NUL would make the path leave its directory or be no path at all.
     */
    static Fact<String> asFileName(Fact<String> release) {
        if (!release.known()) {
            return release;
        }
        String r = release.value();
        if (r.isEmpty() || r.contains("/") || r.startsWith(".") || r.indexOf('\0') >= 0) {
            return Fact.unknown(Why.MALFORMED, "not a usable release for a file name: \""
                    + r.replaceAll("[^\\x20-\\x7e]", "?") + "\"", release.source());
        }
        return release;
    }

    /** The running release's config where it is ({@link KernelConfigFiles}: boot, usr/lib/modules, /proc/config.gz). */
    static Fact<Map<String, Optional<String>>> config(Root root, Fact<String> release) {
        return KernelConfigFiles.read(root, release, true).map(KdumpConfigOptions::select);
    }

    /**
     * The running kernel's upstream version where it can be told: Debian's version signature in
     * `uname -a` ("Debian 6.1.192-2"), else a release that is not a distribution ABI name
     * ("6.8.12"). Unknown for "6.8.0-52-generic": its sublevel is hidden.
     */
    public Fact<String> upstreamVersion() {
        return KdumpKernelReader.upstreamVersion(kernelRelease, uname);
    }

    /** `uname -a` is "sysname nodename release version machine [processor platform] os"; the version has spaces. */
    static String archOf(String uname) {
        String[] words = uname.split("\\s+");
        for (int i = words.length - 1; i >= 0; i--) {
            if (ARCHES.contains(words[i])) {
                return words[i];
            }
        }
        return null;
    }

    static String releaseOf(String uname) {
        String[] words = uname.split("\\s+");
        return words.length >= 3 ? words[2] : null;
    }

    /** crashkernel= of the command line (the last one counts), or why there is none. */
    public Fact<String> crashkernel() {
        Fact<org.kexecinspect.format.text.KernelCmdline> c = Parsed.parse(cmdline, org.kexecinspect.format.text.KernelCmdline::parse);
        if (!c.known()) {
            return c.cast();
        }
        return c.value().crashkernel().map(v -> Fact.of(v, c.source()))
                .orElse(Fact.unknown(Fact.Why.ABSENT, "no crashkernel= on the command line: no memory is reserved for kdump", c.source()));
    }

    static <T> Fact<T> notApplicable(String why, String source) {
        return Fact.unknown(Why.NOT_APPLICABLE, why, source);
    }
}
