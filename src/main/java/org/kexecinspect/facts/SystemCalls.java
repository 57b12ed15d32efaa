package org.kexecinspect.facts;

/**
 * The few facts that need a system call or a command rather than a file. Live, they come from the
 * running system (package {@code live}); from a capture, from the files under kexec-inspect/
 * that the collector wrote (capture format 1).
 */
public interface SystemCalls {

    /** `uname -a`, one line. */
    Fact<String> uname();

    /** `kexec --version`, as printed. */
    Fact<String> kexecVersion();

    /** The raw FBIOGET_FSCREENINFO struct of /dev/fb0 (80 bytes LP64, 68 ILP32). */
    Fact<byte[]> fbFix();

    /** The raw FBIOGET_VSCREENINFO struct of /dev/fb0 (160 bytes). */
    Fact<byte[]> fbVar();

    /** `fbset -i` output. */
    Fact<String> fbset();

    /** The capture's own files under kexec-inspect/, read through its root. */
    static SystemCalls recorded(Root root) {
        return new RecordedCalls(root);
    }
}
