package org.kexecinspect.cli;

import static org.kexecinspect.cli.HelpSections.example;
import static org.kexecinspect.cli.HelpSections.file;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

import org.kexecinspect.cli.render.JsonPrinter;
import org.kexecinspect.cli.render.Node;
import org.kexecinspect.facts.CaptureWriter;
import org.kexecinspect.facts.Collector;
import org.kexecinspect.facts.Root;
import org.kexecinspect.facts.SystemCalls;
import org.kexecinspect.facts.SystemFacts;
import org.kexecinspect.format.FormatException;
import org.kexecinspect.format.log.KernelLog;
import org.kexecinspect.format.log.LogLimits;
import org.kexecinspect.input.LogFiles;
import org.kexecinspect.live.Identity;
import org.kexecinspect.model.Prediction;
import org.kexecinspect.model.Predictor;
import org.kexecinspect.model.postmortem.Agreement;
import org.kexecinspect.model.postmortem.Postmortem;
import org.kexecinspect.model.postmortem.PostmortemRules;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code diagnose}: collect this system's facts and run the prediction on them. */
@Command(name = "diagnose",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        header = "Will this VM's kdump kernel get a usable screen_info, and keep its NVMe root? A report.",
        description = {
            "Collects this system's facts read-only (as `capture` does; no root needed, what only root can read "
                    + "is said) and runs the same prediction as `predict`. The report leads with the answer, at most "
                    + "12 lines at 80 columns: the verdict in plain words, what to do as a numbered list (one remedy "
                    + "a line, with the file and the exact line to change), and why in at most four lines (the load "
                    + "path, the lfb_base the kdump kernel gets, what that does to pci_hyperv's config window, what is "
                    + "lost). Then a map of the MMIO layout in at most 10 lines, to scale within each range: the low "
                    + "and high range, the vTPM hole, the framebuffer the host uses, what vmbus_reserve_fb() reserves, "
                    + "where each config window lands, the overlap marked. Text wraps to COLUMNS (else 80), never "
                    + "inside a word. --explain adds the reason chains with evidence and sources, and every finding "
                    + "with all its remedies and caveats; a VMBus allocation or PCI window that the running kernel's "
                    + "/proc/iomem already shows on the host's framebuffer is the finding framebuffer-overlap-now. "
                    + "--format json has all of it, and every fact with its source, whatever --explain says.",
            ""},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:No risk found.",
            "1:A risk was found (at-risk or will-fail).",
            "2:Usage error.",
            "3:The root could not be read, or --save or --html could not be written.",
            "4:Not enough facts to decide.",
            "70:Internal error."})
public final class DiagnoseCommand implements Callable<Integer>, HelpSections.Documented {

    /** The FILES and EXAMPLES of this command's help and man page. */
    static final HelpSections HELP_SECTIONS = new HelpSections(
            /* files */ List.of(
                    file(HelpSections.BOOT_PARAMS, HelpSections.BOOT_PARAMS_WHAT),
                    file(HelpSections.IOMEM, HelpSections.IOMEM_WHAT),
                    file(HelpSections.FB0, HelpSections.FB0_WHAT),
                    file(HelpSections.KDUMP_CONFIG, HelpSections.KDUMP_CONFIG_WHAT)),
            /* examples */ List.of(
                    example("This VM: verdict, what to do, why, the MMIO map", "kexec-inspect diagnose"),
                    example("And the evidence behind each step, with its sources", "kexec-inspect diagnose --explain"),
                    example("For a ticket or a log: no colour even on a terminal", "kexec-inspect diagnose --color never"),
                    example("A captured VM, the same report", "kexec-inspect diagnose --root vm.tar.gz"),
                    example("And keep the capture", "kexec-inspect diagnose --save vm.tar.gz"),
                    example("And the post-mortem of the crash that lost a dump, set against the prediction",
                            "kexec-inspect diagnose --log serial-console.log"),
                    example("Every fact with its source, and the prediction, as JSON",
                            "kexec-inspect diagnose --format json"),
                    example("The same report as one HTML page to open in any browser (no script, nothing fetched)",
                            "kexec-inspect diagnose --html kdump-report.html")));

    @Override public HelpSections helpSections() { return HELP_SECTIONS; }

    @Spec CommandSpec spec;

    @Mixin RootOption root;

    @Option(names = "--save", paramLabel = "FILE.tar.gz",
            description = "Also write this system's capture (as `capture -o`).")
    Path save;

    @Option(names = "--log", paramLabel = "LOG",
            description = "Also read this kernel log of the last crash (a serial console, dmesg, journalctl -k; plain or "
                    + "gzip, xz, zstd; - for standard input) and add its post-mortem, as `postmortem` gives it, set against "
                    + "this VM's prediction: where the prediction foresees the failure the log shows, the remedy is the "
                    + "prediction's; where it does not, the report says they differ. The exit status stays the prediction's, "
                    + "or 3 when LOG cannot be read.")
    String log;

    @Option(names = "--html", paramLabel = "FILE",
            description = "Also write the report as one self-contained HTML page (no script, nothing fetched): the verdict, "
                    + "what to do, the MMIO map drawn to scale (inline SVG; hover a range for its exact addresses), the "
                    + "findings, the reason chain (collapsed), and the facts with their sources. Written atomically, as "
                    + "synthesize -o writes: never over an input, a device or, without --force, an existing file. The report "
                    + "still goes to standard output; the exit status stays the prediction's, or 3 when FILE cannot be written.")
    Path html;

    @Option(names = "--force", description = "With --html: replace an existing FILE.")
    boolean force;

    @Mixin AssumeOption assume;

    @Mixin OutputFormat format;

    @Mixin ExplainOption explain;

    @Mixin ColorOption color;

    @Override public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        var a = assume.parse(spec.commandLine());
        List<Path> inputs = htmlInputs();
        if (html != null) {
            try {
                HtmlReport.check(html, force, inputs);
            } catch (IOException e) {
                HtmlReport.refused(err, html, e);
                return ExitCodes.BAD_INPUT;
            }
        }
        try (Root r = root.open()) {
            SystemCalls calls = root.calls(r);
            SystemFacts f = Collector.collect(r, calls);
            if (save != null) {
                new CaptureWriter(r, calls, "kexec-inspect", VersionProvider.version(), Identity.ofThisProcess().uid())
                        .write(Collector.plan(f, true), save, "kexec-inspect-capture", Instant.now());
            }
            Prediction p = Predictor.predict(f, a);
            KernelLog kernelLog = log == null ? null : LogFiles.read(log, System.in, LogLimits.DEFAULT);
            Postmortem pm = kernelLog == null ? null : Agreement.compare(PostmortemRules.of(kernelLog), p);
            Node.Obj rec = new Node.Obj().put("path", r.name())
                    .put("prediction", "prediction", DescribePrediction.prediction(p), null);
            if (pm != null) {
                rec.put("postmortem", "post-mortem of " + log, DescribePostmortem.postmortem(kernelLog, pm), null);
            }
            for (Node.Entry e : DescribeFacts.facts(f).entries()) {
                if (e.key().equals("facts")) {
                    rec.put(e.key(), e.label(), e.value(), e.meaning());
                }
            }
            switch (format.format()) {
                case json -> JsonPrinter.document(out, "diagnoses", List.of(rec));
                case jsonl -> JsonPrinter.lines(out, List.of(rec));
                default -> {
                    Report.print(out, "kexec-inspect diagnose: " + r.name(), p, Report.Options.of(explain, color));
                    if (pm != null) {
                        out.println("kexec-inspect postmortem of the last crash");
                        PostmortemReport.print(out, log, kernelLog, pm);
                    }
                }
            }
            out.flush();
            if (html != null) {
                try {
                    HtmlReport.write(html, HtmlReport.page("kexec-inspect diagnose", r.name(), p, f), force, inputs);
                } catch (IOException e) {
                    HtmlReport.refused(err, html, e);
                    return ExitCodes.BAD_INPUT;
                }
            }
            return p.verdict().exitCode();
        } catch (FormatException e) {
            Errors.report(spec.commandLine(), err, e);
            return ExitCodes.BAD_INPUT;
        } catch (IOException e) {
            err.println(Errors.PREFIX + save + ": cannot write the capture: " + e.getMessage());
            err.flush();
            return ExitCodes.BAD_INPUT;
        }
    }

    /** What --html may not write over: the root, the log and --save's archive (the same path as --save is a usage error). */
    private List<Path> htmlInputs() {
        if (html != null && save != null && html.toAbsolutePath().normalize().equals(save.toAbsolutePath().normalize())) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--html and --save name the same file");
        }
        List<Path> inputs = new java.util.ArrayList<>();
        for (Object in : new Object[] {root.root, log == null || log.equals("-") ? null : Path.of(log), save}) {
            if (in != null) {
                inputs.add((Path) in);
            }
        }
        return inputs;
    }
}
