package org.kexecinspect.facts;

import java.util.List;

import org.kexecinspect.facts.Fact.Why;

/**
 * The running kernel: its architecture and release, and its command line.
 *
 * @param arch          the kernel's machine name as uname prints it ("x86_64", "aarch64")
 * @param kernelRelease the running release ("6.1.0-56-amd64")
 * @param uname         `uname -a`
 * @param cmdline       /proc/cmdline
 */
public record Machine(Fact<String> arch, Fact<String> kernelRelease, Fact<String> uname, Fact<String> cmdline) {

    /** Machine names uname(1) prints, as the kernel's utsname.machine gives them. */
    static final List<String> ARCHES = List.of("x86_64", "aarch64", "i686", "i586", "i386", "armv7l",
            "armv8l", "ppc64le", "ppc64", "s390x", "riscv64", "loongarch64");

    static Machine read(Root root, SystemCalls calls) {
        Fact<String> uname = calls.uname().map(String::strip);
        Fact<String> release = Texts.line(root, "proc/sys/kernel/osrelease");
        if (!release.known() && uname.known()) {
            release = uname.map(Machine::releaseOf);
        }
        return new Machine(uname.map(Machine::archOf), release, uname,
                Texts.read(root, "proc/cmdline").map(String::strip));
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

    /** True for the architectures whose kexec path builds an x86 zero page. */
    public static boolean isX86(String arch) {
        return arch.equals("x86_64") || arch.matches("i[3-6]86");
    }

    static <T> Fact<T> notApplicable(String why, String source) {
        return Fact.unknown(Why.NOT_APPLICABLE, why, source);
    }
}
