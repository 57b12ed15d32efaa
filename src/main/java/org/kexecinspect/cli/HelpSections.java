package org.kexecinspect.cli;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The FILES and EXAMPLES sections of a command, beside its {@code @Command}. {@link CommandLineFactory}
 * puts them into picocli's usage help (between the exit status and the footer), and the man pages
 * are generated from the same annotation (picocli-codegen's ManPageGenerator renders only its fixed
 * sections, so the man page generator in the tests adds these two).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface HelpSections {

    // FILES entries that several commands share, stated once
    String DROP_INS = "/usr/share/doc/kexec-inspect/examples/";
    String DROP_INS_WHAT = "systemd drop-ins, one for kdump-tools.service and one for kdump.service (in UNIT.d/, "
            + "named kexec-inspect.conf), that run kexec-inspect preflight before the kdump service loads "
            + "the crash kernel (ExecStartPre=-/usr/bin/kexec-inspect preflight). The package installs "
            + "them disabled.";
    String BOOT_PARAMS = "/sys/kernel/boot_params/data";
    String BOOT_PARAMS_WHAT = "The boot parameters this kernel received, with the boot-time screen_info (x86).";
    String IOMEM = "/proc/iomem";
    String IOMEM_WHAT = "The MMIO layout: the VMBus ranges, the framebuffer, Crash kernel (addresses only when read with CAP_SYS_ADMIN).";
    String FB0 = "/dev/fb0";
    String FB0_WHAT = "The framebuffer, through FBIOGET_FSCREENINFO and FBIOGET_VSCREENINFO on a read-only descriptor (else fbset -i, /proc/fb).";
    String KDUMP_CONFIG = "/etc/default/kdump-tools, /etc/sysconfig/kdump, /etc/kdump.conf";
    String KDUMP_CONFIG_WHAT = "The kdump service's configuration (kdump-tools; kdump-utils): the kexec options, the kdump kernel and initramfs.";
    String DROP_IN_KDUMP_TOOLS = "/etc/systemd/system/kdump-tools.service.d/kexec-inspect.conf";
    String DROP_IN_KDUMP_TOOLS_WHAT = "The drop-in, enabled, for kdump-tools (Debian, Ubuntu): copied here, then systemctl daemon-reload.";
    String DROP_IN_KDUMP = "/etc/systemd/system/kdump.service.d/kexec-inspect.conf";
    String DROP_IN_KDUMP_WHAT = "The same for kdump.service (Fedora, RHEL).";

    /** FILES: what the command reads or writes. */
    File[] files() default {};

    /** EXAMPLES: real command lines (README's, with the installed command's name). */
    Example[] examples() default {};

    /** One FILES entry. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target({})
    @interface File {
        /** A path, or a pattern of paths. */
        String path();
        /** What the command does with it: one or more sentences. */
        String what();
    }

    /** One EXAMPLES entry. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target({})
    @interface Example {
        /** What the command line does, as a sentence without its final period. */
        String does();
        /** The command line as it is typed: starts with kexec-inspect. */
        String command();
    }
}
