package org.kexecinspect.cli;

import static org.kexecinspect.cli.HelpSections.example;
import static org.kexecinspect.cli.HelpSections.file;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

import org.kexecinspect.cli.render.JsonPrinter;
import org.kexecinspect.cli.render.Node;
import org.kexecinspect.facts.Collector;
import org.kexecinspect.facts.Root;
import org.kexecinspect.facts.SystemCalls;
import org.kexecinspect.format.FormatException;
import org.kexecinspect.model.Finding;
import org.kexecinspect.model.Prediction;
import org.kexecinspect.model.Predictor;
import org.kexecinspect.model.Verdict;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code preflight}: for kdump-tools / kdumpctl before they load the crash kernel. */
@Command(name = "preflight",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        header = "Check before kdump loads: quiet when ok, one line per finding otherwise, a meaningful exit code.",
        description = {
            "Runs the same prediction as `diagnose` on this system and prints nothing when the verdict is ok "
                    + "(unless --verbose). Otherwise one line per finding on stderr: "
                    + "`kexec-inspect: <severity>: <message>` (and its remedy). Meant for ExecStartPre= of "
                    + "kdump-tools.service or kdump.service; README shows the drop-ins.",
            ""},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:ok.",
            "1:A risk was found (at-risk or will-fail).",
            "2:Usage error.",
            "3:The root could not be read.",
            "4:Not enough facts to decide.",
            "70:Internal error."})
public final class PreflightCommand implements Callable<Integer>, HelpSections.Documented {

    /** The FILES and EXAMPLES of this command's help and man page. */
    static final HelpSections HELP_SECTIONS = new HelpSections(
            /* files */ List.of(
                    file(HelpSections.DROP_INS, HelpSections.DROP_INS_WHAT),
                    file(HelpSections.DROP_IN_KDUMP_TOOLS, HelpSections.DROP_IN_KDUMP_TOOLS_WHAT),
                    file(HelpSections.DROP_IN_KDUMP, HelpSections.DROP_IN_KDUMP_WHAT),
                    file(HelpSections.BOOT_PARAMS, HelpSections.BOOT_PARAMS_WHAT),
                    file(HelpSections.IOMEM, HelpSections.IOMEM_WHAT),
                    file(HelpSections.FB0, HelpSections.FB0_WHAT),
                    file(HelpSections.KDUMP_CONFIG, HelpSections.KDUMP_CONFIG_WHAT)),
            /* examples */ List.of(
                    example("What the kdump service would be told",
                            "kexec-inspect preflight || echo \"kdump would lose its dump\""),
                    example("The findings even when the verdict is ok", "kexec-inspect preflight --verbose"),
                    example("A captured VM, as JSON", "kexec-inspect preflight --root vm.tar.gz --format json")));

    @Override public HelpSections helpSections() { return HELP_SECTIONS; }

    @Spec CommandSpec spec;

    @Mixin RootOption root;

    @Option(names = {"-v", "--verbose"}, description = "Also print the findings when the verdict is ok.")
    boolean verbose;

    @Mixin AssumeOption assume;

    @Mixin OutputFormat format;

    @Override public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        var a = assume.parse(spec.commandLine());
        try (Root r = root.open()) {
            SystemCalls calls = root.calls(r);
            Prediction p = Predictor.predict(Collector.collect(r, calls), a);
            if (format.format() != OutputFormat.Format.text) {
                Node.Obj rec = new Node.Obj().put("path", r.name())
                        .put("prediction", "prediction", DescribePrediction.prediction(p), null);
                if (format.format() == OutputFormat.Format.json) {
                    JsonPrinter.document(out, "preflight", List.of(rec));
                } else {
                    JsonPrinter.lines(out, List.of(rec));
                }
            } else if (verbose || p.verdict() != Verdict.OK) {
                err.println(Errors.PREFIX + "verdict: " + p.verdict().label());
                for (Finding f : p.findings()) {
                    if (verbose || f.severity() != Finding.Severity.INFO) {
                        err.println(Errors.PREFIX + f.severity().label() + ": " + f.message()
                                + (f.remedy() == null ? "" : " Remedy: " + f.remedy()));
                    }
                }
            }
            out.flush();
            err.flush();
            return p.verdict().exitCode();
        } catch (FormatException e) {
            Errors.report(spec.commandLine(), err, e);
            return ExitCodes.BAD_INPUT;
        }
    }
}
