package org.kexecinspect.cli;

import static org.kexecinspect.cli.HelpSections.example;
import static org.kexecinspect.cli.HelpSections.file;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.kexecinspect.cli.render.JsonPrinter;
import org.kexecinspect.cli.render.Node;
import org.kexecinspect.format.FormatException;
import org.kexecinspect.format.log.KernelLog;
import org.kexecinspect.format.log.LogLimits;
import org.kexecinspect.facts.LogFacts;
import org.kexecinspect.input.LogFiles;
import org.kexecinspect.model.Assumptions;
import org.kexecinspect.model.Prediction;
import org.kexecinspect.model.Predictor;
import org.kexecinspect.model.postmortem.Agreement;
import org.kexecinspect.model.postmortem.Postmortem;
import org.kexecinspect.model.postmortem.PostmortemRules;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code postmortem LOG...}: why a kdump failed, read from the kernel logs people already have. */
@Command(name = "postmortem",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        header = "Why did this kdump fail? Read from a serial console, dmesg or journal.",
        description = {
            "Reads kernel logs as people keep them: a VM's serial console (Azure boot diagnostics keeps it), "
                    + "`journalctl -k` (short or short-iso format), a saved `dmesg`, or the vmcore-dmesg.txt a saved "
                    + "dump leaves; with or without [seconds] stamps, CRLF line ends and terminal escapes; plain or "
                    + "gzip, xz or zstd compressed (told by the content); - for standard input. Lines that are not "
                    + "the kernel's are kept for context and never required.",
            "",
            "It splits each log into boots (at each \"Linux version\" line, or where the timestamps restart at 0) "
                    + "and gives each a role: first (a normal boot; it reserved crashkernel memory), kdump (its "
                    + "command line has elfcorehdr=, or it used /proc/vmcore) or unknown (the log starts inside it). "
                    + "It finds the lines that tell a kdump's fate (panic, the framebuffer a kernel was handed, "
                    + "vmbus_reserve_fb()'s lines, soft lockups and their stacks, hyperv_fb's vram-ack timeout, hv_pci's "
                    + "failed D0 entry, a missing root, a saved dump) and says what became of the last crash:",
            "",
            "  dump-saved         a vmcore was saved",
            "  kdump-failed       the kdump kernel booted and no dump was saved",
            "  kdump-not-started  the crash did not reach a kdump kernel",
            "  no-crash-seen      the log holds no crash",
            "  unknown            the log ends before the outcome shows",
            "",
            "and, when one can be named, the cause with the log lines it rests on and what to change: "
                    + "stale-framebuffer, config-window-refused, root-missing, kdump-not-loaded, crashkernel-missing, "
                    + "log-ends-after-panic, or kdump-kernel-stopped (the kdump kernel's last line). Each LOG is read "
                    + "once as a stream in bounded memory, whatever its size; one bad LOG does not stop the others.",
            "",
            "The facts the log shows (the first kernel's release, command line, architecture, EFI, Hyper-V, its "
                    + "drivers, the VMBus MMIO ranges vmbus_reserve_fb() printed, an NVMe root behind hv_pci; the kdump "
                    + "kernel's release and whether it printed 016a25e4b0df's lines) go through the same model as "
                    + "`predict`, with --assume for what a log cannot show (the kexec-tools version, the kdump "
                    + "configuration...). Where the prediction foresees the failure the log shows, the remedy is the "
                    + "prediction's; where it cannot decide or says otherwise, the report says so. --format json "
                    + "carries the whole prediction beside the post-mortem.",
            ""},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:A dump was saved, or no crash is in the log.",
            "1:kdump failed or never started (the cause, when one can be named, is printed).",
            "2:Usage error.",
            "3:A LOG could not be read, or is binary.",
            "4:The log ends before the outcome shows.",
            "70:Internal error."})
public final class PostmortemCommand implements Callable<Integer>, HelpSections.Documented {

    /** The FILES and EXAMPLES of this command's help and man page. */
    static final HelpSections HELP_SECTIONS = new HelpSections(
            /* files */ List.of(
                    file("serial console log",
                            "The whole console of the VM: the first kernel, its panic, and the kdump kernel (Azure: boot diagnostics)."),
                    file("/var/crash/*/dmesg.* (kdump-tools), /var/crash/*/vmcore-dmesg.txt (kdumpctl)",
                            "The crashed kernel's log, saved beside a dump.")),
            /* examples */ List.of(
                    example("A saved serial console", "kexec-inspect postmortem serial-console.log"),
                    example("The previous boot's kernel log, saved from the journal with journalctl -k -b -1 > prev.log",
                            "kexec-inspect postmortem prev.log"),
                    example("From standard input", "kexec-inspect postmortem - < vmcore-dmesg.txt"),
                    example("Many consoles, one JSON line each", "kexec-inspect postmortem --format jsonl consoles/*.log.gz")));

    @Override public HelpSections helpSections() { return HELP_SECTIONS; }

    @Spec CommandSpec spec;

    @Parameters(paramLabel = "LOG", arity = "1..*",
            description = "A kernel log: a file (plain, gzip, xz or zstd), a pipe, or - for standard input.")
    List<String> logs;

    @Mixin AssumeOption assume;

    @Mixin OutputFormat format;

    /** Standard input, replaceable by tests. */
    InputStream stdin = System.in;

    @Override public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Assumptions assumptions = assume.parse(spec.commandLine());
        ExitCodes.Worst exit = new ExitCodes.Worst();
        List<Node.Obj> records = new ArrayList<>();
        for (String name : logs) {
            Node.Obj record = new Node.Obj().put("path", name);
            try {
                KernelLog log = LogFiles.read(name, stdin, LogLimits.DEFAULT);
                // the same model predict runs, on the facts the log shows (and what --assume adds)
                PostmortemRules.Kernels kernels = PostmortemRules.kernels(log);
                Prediction prediction = Predictor.predict(LogFacts.of(name, kernels.first(), kernels.kdump()), assumptions);
                Postmortem p = Agreement.compare(PostmortemRules.of(log), prediction);
                exit.add(exitCode(p));
                record.put("postmortem", "postmortem", DescribePostmortem.postmortem(log, p), null);
                record.put("prediction", "prediction from the log's facts", DescribePrediction.prediction(prediction), null);
                if (format.format() == OutputFormat.Format.text) {
                    PostmortemReport.print(out, name, log, p);
                }
            } catch (FormatException e) {
                exit.add(ExitCodes.BAD_INPUT);
                Errors.report(spec.commandLine(), err, e);
                record.put("postmortem", new Node.Null("unreadable"));
                record.put("error", Describe.error(e));
            }
            records.add(record);
        }
        if (format.format() == OutputFormat.Format.json) {
            JsonPrinter.document(out, "postmortems", records);
        } else if (format.format() == OutputFormat.Format.jsonl) {
            JsonPrinter.lines(out, records);
        }
        out.flush();
        return exit.code();
    }

    /** 0 dump saved or no crash, 1 a failure, 4 cannot tell. */
    static int exitCode(Postmortem p) {
        return switch (p.outcome()) {
            case DUMP_SAVED, NO_CRASH_SEEN -> ExitCodes.OK;
            case KDUMP_FAILED, KDUMP_NOT_STARTED -> ExitCodes.RISK;
            case UNKNOWN -> ExitCodes.UNDECIDED;
        };
    }
}
