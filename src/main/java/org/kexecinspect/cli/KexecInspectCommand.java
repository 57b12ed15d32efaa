package org.kexecinspect.cli;

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
public final class KexecInspectCommand implements Runnable {

    @Spec CommandSpec spec;

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "Show stack traces for errors (for bug reports).")
    boolean debug;

    @Override public void run() {
        throw new ParameterException(spec.commandLine(), "no command given (try 'kexec-inspect --help')");
    }
}
