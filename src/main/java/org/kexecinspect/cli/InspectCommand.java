package org.kexecinspect.cli;

import static org.kexecinspect.cli.HelpSections.example;
import static org.kexecinspect.cli.HelpSections.file;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.kexecinspect.cli.render.JsonPrinter;
import org.kexecinspect.cli.render.Node;
import org.kexecinspect.cli.render.TextPrinter;
import org.kexecinspect.facts.Captures;
import org.kexecinspect.facts.Collector;
import org.kexecinspect.facts.Root;
import org.kexecinspect.facts.SystemCalls;
import org.kexecinspect.facts.SystemFacts;
import org.kexecinspect.format.ArtifactKind;
import org.kexecinspect.format.FormatException;
import org.kexecinspect.input.Artifacts;
import org.kexecinspect.input.DecodeOptions;
import org.kexecinspect.input.Decoded;

import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code inspect FILE...}: decode every input and print one record each. */
@Command(name = "inspect",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        header = "Decode kernel images, boot_params, screen_info, fb structs, system texts and whole captures.",
        description = {
            "Decodes each FILE completely and prints one record per input:",
            "",
            "  x86-bzimage  an x86 kernel image (e.g. /boot/vmlinuz-*): its setup_header with every field the "
                    + "image's boot protocol defines, the kernel version string, the payload's place and "
                    + "compression, kernel_info, and whether kexec-tools (KEXEC_LOAD) and the kernel's "
                    + "kexec_file (KEXEC_FILE_LOAD) would accept it. Only the header area is read.",
            "  boot-params  a 4096-byte zero page (a saved /sys/kernel/boot_params/data), or the directory "
                    + "/sys/kernel/boot_params itself (data, version and setup_data/N): screen_info with the "
                    + "framebuffer address and size as the kernel reads them, efi_info and whether the kernel "
                    + "considers itself EFI-booted, the e820 table, the setup_header copy, setup_data nodes.",
            "  screen-info  a 64-byte struct screen_info.",
            "  arm64-image  an arm64 kernel: a raw Image (Debian's /boot/vmlinuz), a gzip-compressed Image "
                    + "(Ubuntu's) or an EFI zboot image (Fedora's vmlinuz.efi): the wrapper, the Image header "
                    + "(page size, endianness, placement, EFI stub), the release from the Image's banner, and "
                    + "what kexec-tools and the kernel's kexec_file would do with the file.",
            "  capture      a capture of a system (written by `kexec-inspect capture` or kexec-inspect-capture; "
                    + "a directory or a tar archive, plain, gzip, xz or zstd; an sosreport reads the same): every "
                    + "fact the prediction needs, each with its source or the reason it is unknown: arch, "
                    + "kernelRelease, firmware (EFI, Secure Boot, lockdown), hyperv (guest, generation, CVM, "
                    + "pass-through devices), bootScreenInfo, framebuffer (/dev/fb0 and its driver), iomem (VMBus "
                    + "ranges, framebuffer region, the host's framebuffer and what already overlaps it, Crash kernel), "
                    + "modules, kexecTools, kdumpService (the load path and why), kdumpKernel (release, config, initramfs "
                    + "contents, the 016a25e4b0df fix), rootDevice (through LVM, LUKS and md to every disk it needs).",
            "  fb-fix, fb-var  raw FBIOGET_FSCREENINFO (80 or 68 bytes) and FBIOGET_VSCREENINFO (160 bytes) structs.",
            "  fbset        the text of `fbset -i`.",
            "  iomem        the text of /proc/iomem: VMBus ranges and allocations, PCI windows, the host's "
                    + "framebuffer, and the framebuffer-overlap-now finding when something already sits on it. "
                    + "A posted excerpt whose lines are mostly iomem lines is read as iomem, and its first other "
                    + "line (\"...\") is the error.",
            "  kernel-config  a kernel .config (the options that matter, or all with --all-config).",
            "  kdump-tools, sysconfig-kdump, kdump-conf  /etc/default/kdump-tools, /etc/sysconfig/kdump, /etc/kdump.conf.",
            "  kexec-cmd    a recorded kexec command line (kdump-tools' $KDUMP_COREDIR/kexec_cmd).",
            "",
            "For kernel images of both architectures: the kernel release, and the kernel config options "
                    + "that matter for kdump on Hyper-V with where they came from: --config FILE, else the "
                    + "config embedded in the kernel (CONFIG_IKCONFIG), else config-RELEASE beside the image "
                    + "(or config beside usr/lib/modules/RELEASE/vmlinuz). "
                    + "Payloads are decompressed as a stream (gzip, bzip2, lzma, xz, lz4, zstd, lzo), never "
                    + "held whole in memory, and stopped at --max-payload.",
            "",
            "The kind comes from the content and size, never from the name; --as forces it. One bad input "
                    + "does not stop the others: it gets one line on stderr naming the file, the byte offset "
                    + "and the reason, and the exit status is the worst of all inputs.",
            ""},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:Every input was decoded.",
            "2:Usage error.",
            "3:At least one input could not be read or is malformed.",
            "70:Internal error."})
public final class InspectCommand implements Callable<Integer>, HelpSections.Documented {

    /** The FILES and EXAMPLES of this command's help and man page. */
    static final HelpSections HELP_SECTIONS = new HelpSections(
            /* files */ List.of(
                    file("/sys/kernel/boot_params",
                            "The boot parameters this kernel received: data (the zero page), version and setup_data/N."),
                    file("/boot/vmlinuz-RELEASE, /boot/config-RELEASE",
                            "A kernel image, and the config that inspect reads beside it when the kernel embeds none and --config is not given."),
                    file("/usr/lib/modules/RELEASE/vmlinuz, /usr/lib/modules/RELEASE/config",
                            "The same where Debian's 7.x packages (and Fedora's and RHEL's) put them, with nothing under /boot.")),
            /* examples */ List.of(
                    example("Decode the running kernel's image", "kexec-inspect inspect /boot/vmlinuz-$(uname -r)"),
                    example("The boot parameters and every installed kernel, as one JSON document",
                            "kexec-inspect inspect --format json /sys/kernel/boot_params /boot/vmlinuz-*"),
                    example("The screen_info at the start of a saved zero page",
                            "kexec-inspect inspect --as screen-info saved-boot_params.bin"),
                    example("Decompress the payloads: banner, size, embedded config",
                            "kexec-inspect inspect --deep --format json /boot/vmlinuz-*"),
                    example("A config from elsewhere",
                            "kexec-inspect inspect --config ./config-6.12.0-arm64 vmlinuz.efi"),
                    example("Every fact of a capture, as JSON", "kexec-inspect inspect --format json vm.tar.gz"),
                    example("System files one by one", "kexec-inspect inspect /proc/iomem /etc/default/kdump-tools")));

    @Override public HelpSections helpSections() { return HELP_SECTIONS; }

    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "1..*",
            description = "Kernel image, boot_params page or directory, screen_info blob, capture, fb struct, or system text file.")
    List<String> inputs;

    @Option(names = "--as", paramLabel = "KIND", converter = KindConverter.class,
            description = "Read every FILE as this kind: ${COMPLETION-CANDIDATES}. "
                    + "boot-params and screen-info read the structure at the start of a larger file.",
            completionCandidates = KindNames.class)
    ArtifactKind as;

    @Option(names = "--deep",
            description = "Decompress an x86 bzImage's payload and scan it: its size, the \"Linux version\" "
                    + "banner and the embedded config (CONFIG_IKCONFIG). Without it an x86 image is read "
                    + "header-only. arm64 files are always scanned: their release is only in the Image.")
    boolean deep;

    @Option(names = "--max-payload", paramLabel = "SIZE", converter = SizeConverter.class,
            defaultValue = "1G",
            description = "Stop decompressing a payload past SIZE bytes (suffixes K, M, G: powers of 1024); "
                    + "real kernels expand to under 100 MiB. Default: ${DEFAULT-VALUE}.")
    long maxPayload;

    @Option(names = "--config", paramLabel = "FILE",
            description = "The kernel .config to report options from, instead of the embedded config or "
                    + "config-RELEASE beside the image (the /boot layout; config beside usr/lib/modules/RELEASE/vmlinuz).")
    java.nio.file.Path config;

    @Option(names = "--all-config",
            description = "List every option of the kernel config, not only those that matter for kdump on Hyper-V.")
    boolean allConfig;

    @Mixin OutputFormat output;

    /** A byte count with an optional K, M or G (binary) suffix. */
    static final class SizeConverter implements ITypeConverter<Long> {
        @Override public Long convert(String value) {
            String v = value.strip().toUpperCase(java.util.Locale.ROOT);
            int shift = 0;
            if (v.endsWith("K") || v.endsWith("M") || v.endsWith("G")) {
                shift = "KMG".indexOf(v.charAt(v.length() - 1)) * 10 + 10;
                v = v.substring(0, v.length() - 1);
            }
            try {
                long n = Long.parseLong(v);
                if (n <= 0 || n > (Long.MAX_VALUE >> shift)) {
                    throw new NumberFormatException();
                }
                return n << shift;
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a positive size (e.g. 1G, 512M, 65536)");
            }
        }
    }

    /** The JSON kind names, for --help. */
    static final class KindNames implements Iterable<String> {
        @Override public java.util.Iterator<String> iterator() {
            return java.util.Arrays.stream(ArtifactKind.values()).map(ArtifactKind::id).iterator();
        }
    }

    /** Accepts the JSON kind names. */
    static final class KindConverter implements ITypeConverter<ArtifactKind> {
        @Override public ArtifactKind convert(String value) {
            try {
                return ArtifactKind.byId(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** A capture, read as the live system would be: every fact with its source. */
    private static SystemFacts capture(String input) throws FormatException {
        try (Root root = Captures.open(java.nio.file.Path.of(input), input)) {
            return Collector.collect(root, SystemCalls.recorded(root));
        }
    }

    /** One input's kind and report tree. */
    private record Described(ArtifactKind kind, Node.Obj tree) {}

    /** Decodes and describes one input; a capture's notes go to stderr, one line each (e.g. an archive entry skipped). */
    private Described describe(String input, PrintWriter err) throws FormatException {
        if (as == ArtifactKind.CAPTURE || as == null && Captures.looksLikeCapture(java.nio.file.Path.of(input))) {
            SystemFacts facts = capture(input);
            for (String note : facts.notes()) {
                err.println(Errors.PREFIX + note);
            }
            err.flush();
            return new Described(ArtifactKind.CAPTURE, DescribeFacts.facts(facts));
        }
        Decoded d = Artifacts.decode(input, new DecodeOptions(as, deep, maxPayload, config));
        return new Described(d.kind(), Describe.artifact(d, allConfig));
    }

    @Override public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int exit = ExitCodes.OK;
        List<Node.Obj> records = new ArrayList<>();
        TextPrinter text = new TextPrinter(out);
        for (String input : inputs) {
            Node.Obj record = new Node.Obj().put("path", input);
            try {
                Described described = describe(input, err);
                record.put("kind", described.kind().id());
                for (Node.Entry e : described.tree().entries()) {
                    record.put(e.key(), e.label(), e.value(), e.meaning());
                }
                if (output.format() == OutputFormat.Format.text) {
                    text.record(input + ": " + described.kind().id(), described.tree());
                    out.println();
                }
            } catch (FormatException e) {
                exit = Math.max(exit, ExitCodes.BAD_INPUT);
                Errors.report(spec.commandLine(), err, e);
                record.put("kind", new Node.Null("unreadable"));
                record.put("error", Describe.error(e));
            }
            records.add(record);
        }
        if (output.format() == OutputFormat.Format.json) {
            JsonPrinter.document(out, "artifacts", records);
        } else if (output.format() == OutputFormat.Format.jsonl) {
            JsonPrinter.lines(out, records);
        }
        out.flush();
        return exit;
    }
}
