package org.kexecinspect.cli;

import static org.kexecinspect.cli.HelpSections.example;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.kexecinspect.cli.render.JsonPrinter;
import org.kexecinspect.cli.render.Node;
import org.kexecinspect.facts.Captures;
import org.kexecinspect.facts.Collector;
import org.kexecinspect.facts.DirectoryRoot;
import org.kexecinspect.facts.LooseCapture;
import org.kexecinspect.facts.Root;
import org.kexecinspect.facts.SystemCalls;
import org.kexecinspect.facts.SystemFacts;
import org.kexecinspect.format.FormatException;
import org.kexecinspect.format.text.ProcIomem;
import org.kexecinspect.model.Assumptions;
import org.kexecinspect.model.Prediction;
import org.kexecinspect.model.Predictor;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code predict CAPTURE...}: the prediction for captures made elsewhere, or for a few loose files. */
@Command(name = "predict",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        header = "Predict the kdump kernel's screen_info and the Hyper-V outcome for captures, offline.",
        description = {
            "For each CAPTURE (written by `kexec-inspect capture` or kexec-inspect-capture; a directory or a tar "
                    + "archive): the screen_info the kdump kernel will receive on each load path (KEXEC_LOAD as "
                    + "kexec-tools builds it, KEXEC_FILE_LOAD as the running kernel builds it), which path the kdump "
                    + "service takes, what vmbus_reserve_fb() will reserve in the kdump kernel, where pci_hyperv's "
                    + "config window will land, a verdict (ok, at-risk, will-fail, unknown) and findings with remedies.",
            "",
            "The text report of each capture is the one diagnose prints: at most 12 lines at 80 columns with the "
                    + "verdict in plain words, what to do (numbered, the file and line to change) and why in at most "
                    + "four lines, then the MMIO map in at most 10 lines; --explain adds the reason chains with "
                    + "evidence and sources and every remedy's caveats. Text wraps to COLUMNS (else 80).",
            "",
            "From the running kernel's /proc/iomem alone: the framebuffer the host uses (on Gen1 the legacy video "
                    + "BAR of 0000:00:08.0, PCI 1414:5353 when sysfs says so; on Gen2 the synthetic video's VMBus "
                    + "allocation or the firmware framebuffer) and every VMBus allocation or PCI window already on it: "
                    + "finding framebuffer-overlap-now (error), and the verdict at least at-risk.",
            "",
            "Without CAPTURE, the loose-file options build one from the files given (--boot-params, --fb-fix, "
                    + "--fb-var, --fbset, --iomem, --kdump-kernel, --kexec-tools-version, --kexec-args, --arch, "
                    + "--kernel-release); facts not given are unknown and the verdict says which are missing.",
            "",
            "Many captures give one record each; --format jsonl prints one line per capture.",
            ""},
        exitCodeListHeading = "%nExit status (the worst over all captures: 3, then 1, then 4, then 0):%n",
        exitCodeList = {
            "0:No risk found.",
            "1:A risk was found (at-risk or will-fail).",
            "2:Usage error.",
            "3:A capture or a loose file could not be read or is malformed, or --html could not be written.",
            "4:Not enough facts to decide.",
            "70:Internal error."})
public final class PredictCommand implements Callable<Integer>, HelpSections.Documented {

    /** The FILES and EXAMPLES of this command's help and man page. */
    static final HelpSections HELP_SECTIONS = new HelpSections(
            /* files */ List.of(),
            /* examples */ List.of(
                    example("Many captures, one JSON line each", "kexec-inspect predict --format jsonl caps/*"),
                    example("One capture with the evidence behind each step", "kexec-inspect predict --explain vm.tar.gz"),
                    example("Two captures at a time (the model has no shared state)",
                            "kexec-inspect predict --threads 2 caps/*"),
                    example("From loose files and stated facts instead of a capture",
                            "kexec-inspect predict --fb-fix fb0.fix --fb-var fb0.var --boot-params boot_params.bin --kexec-tools-version 2.0.22 --kexec-args \"-p -c\" --arch x86_64 --kernel-release 6.8.0-52-generic"),
                    example("What if kexec-tools were 2.0.27 (its default -a changes the load path)",
                            "kexec-inspect predict --assume kexecTools.version=2.0.27 vm.tar.gz"),
                    example("What if the kdump kernel were 7.0.13 (the 016a25e4b0df decision follows)",
                            "kexec-inspect predict --assume kdumpKernel.version=7.0.13 vm.tar.gz"),
                    example("Every key --assume can replace", "kexec-inspect predict --assume help"),
                    example("One HTML page per capture and an index.html linking them, in report/",
                            "kexec-inspect predict --html report caps/*")));

    @Override public HelpSections helpSections() { return HELP_SECTIONS; }

    @Spec CommandSpec spec;

    @Parameters(paramLabel = "CAPTURE", arity = "0..*", description = "Capture directories or archives.")
    List<String> captures = new ArrayList<>();

    @Option(names = "--boot-params", paramLabel = "FILE", description = "A saved /sys/kernel/boot_params/data (x86).")
    Path bootParams;

    @Option(names = "--fb-fix", paramLabel = "FILE", description = "A raw FBIOGET_FSCREENINFO struct of /dev/fb0.")
    Path fbFix;

    @Option(names = "--fb-var", paramLabel = "FILE", description = "A raw FBIOGET_VSCREENINFO struct of /dev/fb0.")
    Path fbVar;

    @Option(names = "--fbset", paramLabel = "FILE", description = "The output of `fbset -i`.")
    Path fbset;

    @Option(names = "--iomem", paramLabel = "FILE", description = "A /proc/iomem text (read as root). Every "
            + "line must be START-END : NAME, indented two spaces per level; a line that is not (e.g. the \"...\" of "
            + "a posted excerpt) is an error naming the file, byte offset and line, exit status 3.")
    Path iomem;

    @Option(names = "--kdump-kernel", paramLabel = "IMAGE", description = "The kdump kernel image.")
    Path kdumpKernel;

    @Option(names = "--kexec-tools-version", paramLabel = "V", description = "kexec-tools' version, e.g. 2.0.22.")
    String kexecToolsVersion;

    @Option(names = "--kexec-args", paramLabel = "ARGS",
            description = "The kexec options the kdump service passes, parsed like kexec's own: -c, -s, -a, "
                    + "--reuse-video-type, --noefi (e.g. \"-p -c\").")
    String kexecArgs;

    @Option(names = "--arch", paramLabel = "ARCH", description = "x86_64 or aarch64.")
    String arch;

    @Option(names = "--kernel-release", paramLabel = "R", description = "The running kernel's release.")
    String kernelRelease;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "Read and predict N captures at a time (the model has no shared state). Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--html", paramLabel = "DIR",
            description = "Also write one self-contained HTML page per capture (no script, nothing fetched: the verdict, "
                    + "what to do, the MMIO map drawn to scale, the findings, the reason chain, the facts with their sources) "
                    + "into DIR, named after the capture (its last path element without .tar.gz and the like, other "
                    + "characters than letters, digits, '.', '_' and '-' as '-', made unique with -2, -3...), and index.html "
                    + "linking them with each verdict. DIR is made if missing; a file in it is replaced only with --force, "
                    + "never when it is an input; each is written atomically, as synthesize -o writes. Exit status 3 when "
                    + "one cannot be written.")
    Path html;

    @Option(names = "--force", description = "With --html: replace the pages and index.html already in DIR.")
    boolean force;

    @Mixin AssumeOption assume;

    @Mixin OutputFormat format;

    @Mixin ExplainOption explain;

    @Mixin ColorOption color;

    /** One capture's outcome, computed on any thread, printed in input order. */
    private record Done(Node.Obj record, Prediction prediction, String name, List<String> notes, FormatException error,
            String page) {}

    private Done one(String c, Assumptions a) {
        try (Root root = Captures.open(Path.of(c), c)) {
            SystemFacts f = Collector.collect(root, SystemCalls.recorded(root));
            Prediction p = Predictor.predict(f, a);
            return new Done(new Node.Obj().put("path", c).put("prediction", "prediction", DescribePrediction.prediction(p), null),
                    p, c, root.notes(), null, pages == null ? null : HtmlReport.page("kexec-inspect predict", c, p, f));
        } catch (FormatException e) {
            return new Done(new Node.Obj().put("path", c).put("prediction", new Node.Null("unreadable"))
                    .put("error", Describe.error(e)), null, c, List.of(), e, null);
        }
    }

    /** The --html directory's plan, or null without --html. */
    private HtmlReport.Directory pages;

    /** Plans --html DIR before any capture is read: null when it may be written (or is not asked for), else exit 3. */
    private Integer planPages(boolean loose, PrintWriter err) {
        if (html == null) {
            return null;
        }
        List<String> names = new ArrayList<>();
        List<Path> inputs = new ArrayList<>();
        if (loose) {
            names.add(LOOSE);
        }
        for (Path p : new Path[] {bootParams, fbFix, fbVar, fbset, iomem, kdumpKernel}) {
            if (p != null) {
                inputs.add(p);
            }
        }
        for (String c : captures) {
            names.add(c);
            inputs.add(Path.of(c));
        }
        try {
            pages = HtmlReport.Directory.plan(html, force, names, inputs);
            return null;
        } catch (IOException e) {
            HtmlReport.refused(err, html, e);
            return ExitCodes.BAD_INPUT;
        }
    }

    private static final String LOOSE = "(loose files)";

    @Override public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Assumptions a = assume.parse(spec.commandLine());
        boolean loose = bootParams != null || fbFix != null || fbVar != null || fbset != null || iomem != null
                || kdumpKernel != null || kexecToolsVersion != null || kexecArgs != null || arch != null || kernelRelease != null;
        if (captures.isEmpty() && !loose) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "give at least one CAPTURE, or loose files (--boot-params, --fb-fix, ...)");
        }
        Integer refused = planPages(loose, err);
        if (refused != null) {
            return refused;
        }
        List<Node.Obj> records = new ArrayList<>();
        ExitCodes.Worst worst = new ExitCodes.Worst();
        if (loose && iomem != null) {
            FormatException bad = malformedIomem(iomem);
            if (bad != null) {
                Errors.report(spec.commandLine(), err, bad);
                loose = false;
                worst.add(ExitCodes.BAD_INPUT);
                if (pages != null) {
                    pages.unreadable(LOOSE, bad.getMessage());
                }
                Node.Obj rec = new Node.Obj().put("path", "(loose files)").put("prediction", new Node.Null("unreadable"))
                        .put("error", Describe.error(bad));
                if (format.format() == OutputFormat.Format.jsonl) {
                    JsonPrinter.lines(out, List.of(rec));
                } else {
                    records.add(rec);
                }
            }
        }
        if (loose) {
            String name = "(loose files)";
            try (LooseCapture lc = LooseCapture.build(new LooseCapture.Pieces(bootParams, fbFix, fbVar, fbset, iomem,
                    kdumpKernel, kexecToolsVersion, kexecArgs, arch, kernelRelease));
                 Root root = DirectoryRoot.capture(name, lc.dir(), List.of())) {
                Node.Obj rec = run(name, root, a, out, worst);
                if (format.format() == OutputFormat.Format.jsonl) {
                    JsonPrinter.lines(out, List.of(rec));
                } else {
                    records.add(rec);
                }
            } catch (IOException e) {
                err.println(Errors.PREFIX + "cannot read the loose files: " + e.getMessage());
                worst.add(ExitCodes.BAD_INPUT);
                if (pages != null) {
                    pages.unreadable(LOOSE, "cannot read the loose files: " + e.getMessage());
                }
            }
        }
        if (threads < 1 || threads > 256) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--threads takes 1 to 256");
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<Done>> futures = new ArrayList<>();
            for (String c : captures) {
                futures.add(pool.submit(() -> one(c, a)));
            }
            for (java.util.concurrent.Future<Done> fu : futures) {
                Done d = fu.get();
                for (String note : d.notes()) {
                    err.println(Errors.PREFIX + note);
                }
                if (pages != null) {
                    if (d.error() != null) {
                        pages.unreadable(d.name(), d.error().getMessage());
                    } else {
                        pages.page(err, d.name(), d.prediction(), d.page(), worst);
                    }
                }
                if (d.error() != null) {
                    Errors.report(spec.commandLine(), err, d.error());
                    worst.add(ExitCodes.BAD_INPUT);
                } else {
                    worst.add(d.prediction().verdict().exitCode());
                    if (format.format() == OutputFormat.Format.text) {
                        Report.print(out, d.name() + ":", d.prediction(), Report.Options.of(explain, color));
                    }
                }
                if (format.format() == OutputFormat.Format.jsonl) {
                    JsonPrinter.lines(out, List.of(d.record()));   // streamed: many captures need no memory
                } else {
                    records.add(d.record());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        if (format.format() == OutputFormat.Format.json) {
            JsonPrinter.document(out, "predictions", records);
        }
        if (pages != null) {
            pages.index(err, worst);
        }
        out.flush();
        err.flush();
        return worst.code();
    }

    private Node.Obj run(String name, Root root, Assumptions a, PrintWriter out, ExitCodes.Worst worst) {
        SystemFacts f = Collector.collect(root, SystemCalls.recorded(root));
        Prediction p = Predictor.predict(f, a);
        worst.add(p.verdict().exitCode());
        if (pages != null) {
            pages.page(spec.commandLine().getErr(), name, p, HtmlReport.page("kexec-inspect predict", name, p, f), worst);
        }
        if (format.format() == OutputFormat.Format.text) {
            Report.print(out, name + ":", p, Report.Options.of(explain, color));
        }
        return new Node.Obj().put("path", name).put("prediction", "prediction", DescribePrediction.prediction(p), null);
    }

    /**
     * A --iomem file the parser refuses, as the error to report (null when it parses or cannot be
     * read: LooseCapture then says why). In a capture a malformed iomem is a fact left unknown; a
     * file given on its own is what the user asked about, so it is one error naming the file, the
     * byte offset and the line, and exit status 3, not a prediction made without it.
     */
    static FormatException malformedIomem(Path file) {
        byte[] bytes;
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            bytes = in.readNBytes(ProcIomem.MAX_INPUT_BYTES + 1);
        } catch (IOException e) {
            return null;
        }
        try {
            ProcIomem.parse(new String(bytes, java.nio.charset.StandardCharsets.UTF_8), file.toString());
            return null;
        } catch (FormatException e) {
            return e;
        }
    }
}
