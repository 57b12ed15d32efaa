package org.kexecinspect.cli;

import static org.kexecinspect.cli.HelpSections.example;
import static org.kexecinspect.cli.HelpSections.file;

import java.util.List;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The top-level command: only the options every subcommand shares. Its subcommands are added by
 * {@link CommandLineFactory}, which builds only the one a run names.
 */
@Command(name = "kexec-inspect",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        scope = ScopeType.INHERIT,
        synopsisSubcommandLabel = "COMMAND",
        header = "Will the kdump kernel that kexec loads receive a usable screen_info?",
        description = {
            "kexec-inspect decodes the artifacts behind a kexec load (x86 bzImages, boot_params zero pages, "
                    + "screen_info blobs) and tells whether a kdump kernel will receive a non-zero screen_info.lfb_base. "
                    + "On Hyper-V Generation 2 VMs a zero lfb_base lets pci_hyperv put its config window on the "
                    + "framebuffer, and a kdump kernel with an NVMe root never boots.",
            "",
            "The launcher reads three environment variables: KEXEC_INSPECT_JAVA (the java binary; default: java "
                    + "on PATH), KEXEC_INSPECT_JAVA_OPTS (the JVM flags; default: -XX:TieredStopAtLevel=1 "
                    + "-XX:+UseSerialGC -XX:-UsePerfData -Xshare:auto) and KEXEC_INSPECT_CDS (a class-data-sharing "
                    + "archive, or off; default: kexec-inspect.jsa beside the jar, else "
                    + "/var/cache/kexec-inspect/kexec-inspect.jsa).",
            ""},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:Success (for predict, preflight, diagnose: no risk found).",
            "1:A risk was found.",
            "2:Usage error.",
            "3:An input could not be read or is malformed.",
            "4:Not enough facts to decide.",
            "70:Internal error (a bug; --debug shows the stack trace)."},
        footerHeading = "%nSee also:%n",
        footer = {"kexec(8), fbset(8), kdump-config(8), kdumpctl(8)"})
public final class KexecInspectCommand implements Runnable, HelpSections.Documented {

    /** The FILES and EXAMPLES of this command's help and man page. */
    static final HelpSections HELP_SECTIONS = new HelpSections(
            /* files */ List.of(
                    file("/usr/share/kexec-inspect/kexec-inspect.jar",
                            "The program; /usr/bin/kexec-inspect runs it with the java on PATH, or $KEXEC_INSPECT_JAVA."),
                    file("/var/cache/kexec-inspect/kexec-inspect.jsa",
                            "The class-data-sharing archive the package makes for the installed jar and JVM (start-up only; "
                            + "made again when a JDK changes; KEXEC_INSPECT_CDS=off runs without it)."),
                    file("/usr/bin/kexec-inspect-capture",
                            "The POSIX shell collector for machines without Java: writes the same capture as kexec-inspect capture."),
                    file(HelpSections.BOOT_PARAMS, HelpSections.BOOT_PARAMS_WHAT),
                    file(HelpSections.IOMEM, HelpSections.IOMEM_WHAT),
                    file(HelpSections.FB0, HelpSections.FB0_WHAT),
                    file(HelpSections.KDUMP_CONFIG, HelpSections.KDUMP_CONFIG_WHAT),
                    file(HelpSections.DROP_INS, HelpSections.DROP_INS_WHAT),
                    file(HelpSections.DROP_IN_KDUMP_TOOLS, HelpSections.DROP_IN_KDUMP_TOOLS_WHAT),
                    file(HelpSections.DROP_IN_KDUMP, HelpSections.DROP_IN_KDUMP_WHAT)),
            /* examples */ List.of(
                    example("Decode the boot parameters this machine's kernel received",
                            "kexec-inspect inspect /sys/kernel/boot_params"),
                    example("This VM: the verdict, what to do, why, the MMIO map", "kexec-inspect diagnose"),
                    example("Save this VM's facts, to read anywhere", "kexec-inspect capture -o vm.tar.gz"),
                    example("Many captures, one JSON line each", "kexec-inspect predict --format jsonl caps/*"),
                    example("Before kdump loads (the drop-ins run this)",
                            "kexec-inspect preflight || echo \"kdump would lose its dump\"")));

    @Override public HelpSections helpSections() { return HELP_SECTIONS; }

    @Spec CommandSpec spec;

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "Show stack traces for errors (for bug reports).")
    boolean debug;

    @Override public void run() {
        throw new ParameterException(spec.commandLine(), "no command given (try 'kexec-inspect --help')");
    }
}
