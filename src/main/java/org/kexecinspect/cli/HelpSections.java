package org.kexecinspect.cli;

import java.util.List;

/**
 * The FILES and EXAMPLES sections of a command, held by the command ({@link Documented}) beside its
 * {@code @Command}. {@link CommandLineFactory} puts them into picocli's usage help (between the exit
 * status and the footer), and the man pages are generated from the same data (picocli-codegen's
 * ManPageGenerator renders only its fixed sections, so the man page generator in the tests adds
 * these two).
 *
 * <p>Data, not an annotation: the JDK makes a proxy class for every annotation type it reads, and a
 * command's annotations are all read when picocli reads its {@code @Command}, on every run; three
 * more proxy classes cost about 4 ms of a 130 ms start-up, for sections only --help shows.
 *
 * @param files FILES: what the command reads or writes
 * @param examples EXAMPLES: real command lines (README's, with the installed command's name)
 */
public record HelpSections(List<File> files, List<Example> examples) {

    // FILES entries that several commands share, stated once
    static final String DROP_INS = "/usr/share/doc/kexec-inspect/examples/";
    static final String DROP_INS_WHAT = "systemd drop-ins, one for kdump-tools.service and one for kdump.service (in UNIT.d/, "
            + "named kexec-inspect.conf), that run kexec-inspect preflight before the kdump service loads "
            + "the crash kernel (ExecStartPre=-/usr/bin/kexec-inspect preflight). The package installs "
            + "them disabled.";
    static final String BOOT_PARAMS = "/sys/kernel/boot_params/data";
    static final String BOOT_PARAMS_WHAT = "The boot parameters this kernel received, with the boot-time screen_info (x86).";
    static final String IOMEM = "/proc/iomem";
    static final String IOMEM_WHAT = "The MMIO layout: the VMBus ranges, the framebuffer, Crash kernel (addresses only when read with CAP_SYS_ADMIN).";
    static final String FB0 = "/dev/fb0";
    static final String FB0_WHAT = "The framebuffer, through FBIOGET_FSCREENINFO and FBIOGET_VSCREENINFO on a read-only descriptor (else fbset -i, /proc/fb).";
    static final String KDUMP_CONFIG = "/etc/default/kdump-tools, /etc/sysconfig/kdump, /etc/kdump.conf";
    static final String KDUMP_CONFIG_WHAT = "The kdump service's configuration (kdump-tools; kdump-utils): the kexec options, the kdump kernel and initramfs.";
    static final String DROP_IN_KDUMP_TOOLS = "/etc/systemd/system/kdump-tools.service.d/kexec-inspect.conf";
    static final String DROP_IN_KDUMP_TOOLS_WHAT = "The drop-in, enabled, for kdump-tools (Debian, Ubuntu): copied here, then systemctl daemon-reload.";
    static final String DROP_IN_KDUMP = "/etc/systemd/system/kdump.service.d/kexec-inspect.conf";
    static final String DROP_IN_KDUMP_WHAT = "The same for kdump.service (Fedora, RHEL).";

    public HelpSections {
        files = List.copyOf(files);
        examples = List.copyOf(examples);
    }

    /** A command that has these sections. */
    public interface Documented {
        HelpSections helpSections();
    }

    /**
     * One FILES entry.
     *
     * @param path a path, or a pattern of paths
     * @param what what the command does with it: one or more sentences
     */
    public record File(String path, String what) {}

    /**
     * One EXAMPLES entry.
     *
     * @param does what the command line does, as a sentence without its final period
     * @param command the command line as it is typed: starts with kexec-inspect
     */
    public record Example(String does, String command) {}

    static File file(String path, String what) {
        return new File(path, what);
    }

    static Example example(String does, String command) {
        return new Example(does, command);
    }
}
