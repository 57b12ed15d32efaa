package org.kexecinspect.cli;

import static org.kexecinspect.cli.HelpSections.example;
import static org.kexecinspect.cli.HelpSections.file;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.kexecinspect.cli.render.BlobPrinter;
import org.kexecinspect.cli.render.JsonPrinter;
import org.kexecinspect.cli.render.Node;
import org.kexecinspect.cli.render.TextPrinter;
import org.kexecinspect.facts.Collector;
import org.kexecinspect.facts.Fact;
import org.kexecinspect.facts.LooseCapture;
import org.kexecinspect.facts.Root;
import org.kexecinspect.facts.SystemCalls;
import org.kexecinspect.facts.SystemFacts;
import org.kexecinspect.format.ByteSource;
import org.kexecinspect.format.FormatException;
import org.kexecinspect.format.x86.BootParamsLayout;
import org.kexecinspect.format.x86.ScreenInfoLayout;
import org.kexecinspect.input.FileSource;
import org.kexecinspect.model.PathPrediction;
import org.kexecinspect.model.Prediction;
import org.kexecinspect.model.Predictor;

import org.kexecinspect.synth.ScreenInfoCorrection;
import org.kexecinspect.synth.ScreenInfoDiff;
import org.kexecinspect.synth.ZeroPage;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code synthesize}: the boot_params / screen_info the kdump kernel should have received. */
@Command(name = "synthesize",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        header = "Write the boot_params or screen_info the kdump kernel should receive, and how it differs.",
        description = {
            "Builds the corrected screen_info from the best source there is, and says which: the boot-time "
                    + "screen_info (/sys/kernel/boot_params/data), moved where the driver relocated the "
                    + "framebuffer, with lfb_size in bytes for VIDEO_TYPE_EFI and in 64 KiB units for "
                    + "VIDEO_TYPE_VLFB, and a base above 4 GiB split into ext_lfb_base with "
                    + "VIDEO_CAPABILITY_64BIT_BASE; or, with --from-mmio (arm64, or no boot-time screen_info), "
                    + "the Hyper-V layout: the framebuffer at the VMBus low MMIO base, sized from the resolution "
                    + "rounded up to 2 MiB (with no resolution known: the size the fixed kernel, 016a25e4b0df, "
                    + "reserves there, min((4 GiB - base)/2, 128 MiB)). --lfb-base, --lfb-size, --width, --height, --depth, --linelength and "
                    + "--video-type override either.",
            "",
            "--blob boot-params (x86; the default there) writes a 4096-byte zero page as the loaders build "
                    + "it: zeroed, the kdump kernel image's setup_header, type_of_loader 0xD0, loadflags 0, hardware_subarch, "
                    + "acpi_rsdp_addr and (on an EFI system) efi_info from the running boot_params, and the "
                    + "corrected screen_info. Fields that depend on load addresses or the crash memory (e820, "
                    + "command line and ramdisk pointers, setup_data) are left zero and listed. --blob screen-info "
                    + "writes the 64-byte screen_info alone (both architectures).",
            "",
            "-o FILE writes the raw blob atomically (never over an input, a device or, without --force, an "
                    + "existing file). Without -o: --format text (the report), hex, c (a C initializer) or json. "
                    + "--diff lists the members where the kdump kernel's predicted screen_info (on the configured "
                    + "load path) differs from the corrected one.",
            ""},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:The blob was built (and written).",
            "2:Usage error.",
            "3:An input could not be read, or the output could not be written.",
            "4:Not enough facts to build it (the message says which are missing).",
            "70:Internal error."})
public final class SynthesizeCommand implements Callable<Integer>, HelpSections.Documented {

    /** The FILES and EXAMPLES of this command's help and man page. */
    static final HelpSections HELP_SECTIONS = new HelpSections(
            /* files */ List.of(
                    file("/sys/kernel/boot_params/data",
                            "The boot-time screen_info, the source of the corrected one (x86; without --root or --boot-params)."),
                    file("/proc/iomem", "Where the framebuffer is now, and the VMBus low MMIO range for --from-mmio.")),
            /* examples */ List.of(
                    example("x86: a zero page for the kdump kernel",
                            "kexec-inspect synthesize --kernel /boot/vmlinuz-$(uname -r) -o kdump-boot_params.bin"),
                    example("What KEXEC_LOAD loses",
                            "kexec-inspect synthesize --root vm.tar.gz --blob screen-info --diff"),
                    example("arm64: the screen_info from the Hyper-V MMIO layout, as C",
                            "kexec-inspect synthesize --root arm64-vm.tar.gz --from-mmio --format c"),
                    example("A framebuffer above 4 GiB, as hex",
                            "kexec-inspect synthesize --root vm.tar.gz --blob screen-info --lfb-base 0xfe0000000 --format hex")));

    @Override public HelpSections helpSections() { return HELP_SECTIONS; }

    /** What the blob is. */
    enum Blob { boot_params, screen_info }

    /** How the blob goes to stdout. */
    enum Format { text, hex, c, json }

    @Spec CommandSpec spec;

    @Option(names = "--blob", paramLabel = "KIND", converter = BlobConverter.class,
            description = "boot-params (x86, default there) or screen-info (default elsewhere).")
    Blob blob;

    @Mixin RootOption root;

    @Option(names = "--kernel", paramLabel = "IMAGE", description = "The kdump kernel image whose setup_header the zero page carries.")
    Path kernel;

    @Option(names = "--boot-params", paramLabel = "FILE",
            description = "A saved /sys/kernel/boot_params/data to use as the boot-time source (with no --root: the only facts).")
    Path bootParams;

    @Option(names = "--from-mmio", description = "Build the screen_info from the Hyper-V MMIO layout, not the boot-time one.")
    boolean fromMmio;

    @Option(names = "--lfb-base", paramLabel = "ADDR", converter = NumberConverter.class, description = "Framebuffer address.")
    Long lfbBase;

    @Option(names = "--lfb-size", paramLabel = "BYTES", converter = NumberConverter.class,
            description = "Framebuffer size in bytes (stored in 64 KiB units for VIDEO_TYPE_VLFB).")
    Long lfbSize;

    @Option(names = "--width", paramLabel = "PIXELS") Integer width;

    @Option(names = "--height", paramLabel = "PIXELS") Integer height;

    @Option(names = "--depth", paramLabel = "BITS") Integer depth;

    @Option(names = "--linelength", paramLabel = "BYTES") Integer lineLength;

    @Option(names = "--video-type", paramLabel = "TYPE", converter = NumberConverter.class,
            description = "orig_video_isVGA, e.g. 0x70 (EFI) or 0x23 (VLFB).")
    Long videoType;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the raw blob here.")
    Path output;

    @Option(names = "--force", description = "Replace an existing output file.")
    boolean force;

    @Option(names = "--diff", description = "List the members where the predicted kdump screen_info differs from the corrected one.")
    boolean diff;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "Stdout: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Mixin AssumeOption assume;

    /** Accepts 0x-prefixed hex or decimal. */
    static final class NumberConverter implements picocli.CommandLine.ITypeConverter<Long> {
        @Override public Long convert(String v) {
            try {
                String s = v.strip().toLowerCase(java.util.Locale.ROOT);
                return s.startsWith("0x") ? Long.parseUnsignedLong(s.substring(2), 16) : Long.parseLong(s);
            } catch (NumberFormatException e) {
                throw new picocli.CommandLine.TypeConversionException("'" + v + "' is not a number (decimal or 0x hex)");
            }
        }
    }

    static final class BlobConverter implements picocli.CommandLine.ITypeConverter<Blob> {
        @Override public Blob convert(String v) {
            return switch (v) {
                case "boot-params" -> Blob.boot_params;
                case "screen-info" -> Blob.screen_info;
                default -> throw new picocli.CommandLine.TypeConversionException("--blob is boot-params or screen-info, not '" + v + "'");
            };
        }
    }

    @Override public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        var a = assume.parse(spec.commandLine());
        if (width != null && width <= 0 || height != null && height <= 0 || depth != null && (depth <= 0 || depth > 32)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--width, --height and --depth must be positive (depth at most 32)");
        }
        if (bootParams != null) {
            // a file the user named that is not a zero page is bad input (exit 3), not a missing fact
            try (org.kexecinspect.input.FileSource src = org.kexecinspect.input.FileSource.openFile(bootParams, bootParams.toString())) {
                org.kexecinspect.format.x86.BootParams.read(src);
            } catch (FormatException e) {
                Errors.report(spec.commandLine(), err, e);
                return ExitCodes.BAD_INPUT;
            }
        }
        List<Path> inputs = new ArrayList<>();
        for (Path p : new Path[] {kernel, bootParams, root.root}) {
            if (p != null) {
                inputs.add(p);
            }
        }
        try (LooseCapture loose = bootParams != null && root.root == null
                ? LooseCapture.build(new LooseCapture.Pieces(bootParams, null, null, null, null, null, null, null, null, null)) : null;
             Root r = loose != null ? org.kexecinspect.facts.DirectoryRoot.capture(bootParams.toString(), loose.dir(), List.of())
                     : root.open()) {
            SystemCalls calls = loose != null ? SystemCalls.recorded(r) : root.calls(r);
            SystemFacts f = a.apply(Collector.collect(r, calls));
            Prediction p = Predictor.predict(f, a);
            ScreenInfoCorrection.Result c = ScreenInfoCorrection.correct(f, p.mmio(), fromMmio,
                    new ScreenInfoCorrection.Overrides(lfbBase, lfbSize, width, height, depth, lineLength,
                            videoType == null ? null : videoType.intValue()),
                    org.kexecinspect.model.mmio.HypervMmioModel.fallbackReservationCap());
            if (c.screenInfo() == null) {
                err.println(Errors.PREFIX + "cannot build the screen_info: missing " + String.join("; ", c.missing()));
                err.flush();
                return ExitCodes.UNDECIDED;
            }
            boolean x86 = f.machine().arch().known() && f.machine().arch().value().isX86();
            Blob kind = blob != null ? blob : x86 ? Blob.boot_params : Blob.screen_info;
            ZeroPage.Result zp = null;
            byte[] bytes;
            if (kind == Blob.boot_params) {
                Fact<ByteSource> head = kdumpImageHead(f, r);
                zp = head.known() ? ZeroPage.build(f, head.value(), c.screenInfo())
                        : ZeroPage.withoutImage(head.source() + ": " + head.unknown());
                if (zp.bootParams() == null) {
                    err.println(Errors.PREFIX + "cannot build the zero page: missing " + String.join("; ", zp.missing()));
                    err.flush();
                    return ExitCodes.UNDECIDED;
                }
                bytes = zp.bytes();
            } else {
                bytes = org.kexecinspect.format.x86.ScreenInfoEncoder.encode(c.screenInfo());
            }
            if (output != null) {
                BlobFile.write(output, bytes, force, inputs);
            }
            PathPrediction used = p.paths().stream().filter(PathPrediction::used).findFirst().orElse(null);
            switch (format) {
                case hex -> BlobPrinter.hex(out, bytes);
                case c -> {
                    if (kind == Blob.boot_params) {
                        BlobPrinter.c(out, "boot_params", "kdump_boot_params", zp.bootParams().view(), BootParamsLayout.LAYOUT);
                    } else {
                        BlobPrinter.c(out, "screen_info", "kdump_screen_info", c.screenInfo().view(), ScreenInfoLayout.LAYOUT);
                    }
                }
                case json -> JsonPrinter.document(out, "synthesized", List.of(record(kind, c, zp, used)));
                default -> new TextPrinter(out).record("synthesized " + kind.name().replace('_', '-')
                        + (output != null ? " -> " + output : ""), record(kind, c, zp, used));
            }
            out.flush();
            return ExitCodes.OK;
        } catch (FormatException e) {
            Errors.report(spec.commandLine(), err, e);
            return ExitCodes.BAD_INPUT;
        } catch (IOException e) {
            err.println(Errors.PREFIX + (output != null ? output + ": " : "") + e.getMessage());
            err.flush();
            return ExitCodes.BAD_INPUT;
        }
    }

    /**
     * The start of the kdump image whose setup_header the zero page carries: --kernel, else the
     * kdump service's kernel on the root. A --kernel that cannot be read is bad input.
     */
    private Fact<ByteSource> kdumpImageHead(SystemFacts f, Root r) throws FormatException {
        if (kernel != null) {
            try (FileSource image = FileSource.openFile(kernel, kernel.toString())) {
                return Fact.of(head(image), kernel.toString());
            }
        }
        Fact<String> p = f.kdumpKernel().path();
        if (!p.known()) {
            return p.cast();
        }
        String rel = p.value().replaceAll("/+", "/").replaceAll("^/", "");
        Fact<ByteSource> image;
        try {
            image = r.file(Root.checkPath(rel));
        } catch (IllegalArgumentException e) {
            return Fact.unknown(Fact.Why.MALFORMED, "not a usable path: " + p.value(), p.source());
        }
        return image.known() ? Fact.of(head(image.value()), image.source()) : image;
    }

    private static ByteSource head(ByteSource image) throws FormatException {
        return ByteSource.of(image.name(), image.read(0, (int) Math.min(image.size(), ZeroPage.IMAGE_HEAD_BYTES)));
    }

    private Node.Obj record(Blob kind, ScreenInfoCorrection.Result c, ZeroPage.Result zp, PathPrediction used) {
        Node.Obj o = new Node.Obj().put("blob", kind.name().replace('_', '-'))
                .put("source", c.source().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
                .put("reasons", "reasons", DescribePrediction.reasons(c.reasons()), null);
        if (zp != null) {
            o.put("bootParams", "boot_params", Describe.bootParams(zp.bootParams()), null);
            o.put("leftOut", "left zero (they depend on load addresses or crash memory)", Node.strings(zp.leftOut()), null);
            o.put("zeroPageReasons", "zero page", DescribePrediction.reasons(zp.reasons()), null);
        } else {
            o.put("screenInfo", "screen_info", Describe.screenInfo(c.screenInfo()), null);
        }
        if (diff) {
            o.put("diff", "differences from the predicted kdump screen_info", diffNode(used, c), null);
        }
        return o;
    }

    private static Node diffNode(PathPrediction used, ScreenInfoCorrection.Result c) {
        if (used == null || used.kdumpScreenInfo() == null) {
            return new Node.Null("the kdump kernel's screen_info cannot be predicted" + (used == null ? " (load path unknown)" : ""));
        }
        List<Node> rows = new ArrayList<>();
        for (ScreenInfoDiff.Change ch : ScreenInfoDiff.diff(used.kdumpScreenInfo(), c.screenInfo())) {
            int w = ch.size() * 2;
            rows.add(new Node.Obj().put("field", ch.field())
                    .put("predicted", Node.hex(ch.predicted(), ch.size()))
                    .put("corrected", Node.hex(ch.corrected(), ch.size()))
                    .put("change", String.format("%s 0x%0" + w + "x -> 0x%0" + w + "x", ch.field(), ch.predicted(), ch.corrected())));
        }
        return new Node.Obj().put("loadPath", used.loadPath().jsonName()).put("fields", new Node.Arr(rows));
    }

}
