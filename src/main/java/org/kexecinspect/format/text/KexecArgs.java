package org.kexecinspect.format.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.kexecinspect.format.FormatException;
import org.kexecinspect.format.TextInput;

/**
 * Reads a kexec command line the way kexec-tools' getopt_long() loop does (kexec/kexec.c main(),
 * kexec/kexec.h KEXEC_OPTIONS and KEXEC_OPT_STR "h?vdfixyluet:pscaS", the x86 table in
 * kexec/arch/i386/include/arch/options.h and the arm64 one in kexec/arch/arm64/include/arch/
 * options.h, all v2.0.32). GNU getopt rules apply: short options may be bundled ("-pd"), a
 * required argument may be attached or be the next word, a long option may be abbreviated to an
 * unambiguous prefix, "--" ends the options, and non-option words may stand anywhere (the first
 * is the kernel image). Words the tables do not define are kept in {@link KexecInvocation#unknown()}.
 */
public final class KexecArgs {
    private KexecArgs() {}

    /** Most arguments accepted. */
    public static final int MAX_ARGUMENTS = 4096;
    /** Longest argument: a kernel command line is at most a few KiB (COMMAND_LINE_SIZE). */
    public static final int MAX_ARGUMENT_LENGTH = 64 << 10;
    /** Largest recorded command file ($KDUMP_COREDIR/kexec_cmd is one line). */
    public static final int MAX_RECORDED_CHARS = 256 << 10;

    /** Long options of kexec.h, the x86 and the arm64 tables: name to whether it takes an argument. */
    private static final Map<String, Boolean> LONG = Map.ofEntries(
            Map.entry("help", false), Map.entry("version", false), Map.entry("force", false),
            Map.entry("no-checks", false), Map.entry("no-ifdown", false), Map.entry("no-sync", false),
            Map.entry("load", false), Map.entry("unload", false), Map.entry("exec", false),
            Map.entry("exec-live-update", false), Map.entry("load-preserve-context", false),
            Map.entry("load-jump-back-helper", false), Map.entry("load-live-update", false),
            Map.entry("entry", true), Map.entry("type", true), Map.entry("load-panic", false),
            Map.entry("mem-min", true), Map.entry("mem-max", true), Map.entry("reuseinitrd", false),
            Map.entry("kexec-file-syscall", false), Map.entry("kexec-syscall", false),
            Map.entry("kexec-syscall-auto", false), Map.entry("debug", false), Map.entry("status", false),
            Map.entry("print-ckr-size", false), Map.entry("hotplug", false),
            // x86 (arch/i386/include/arch/options.h); arm64 adds no name beyond these
            Map.entry("reset-vga", false), Map.entry("serial", true), Map.entry("serial-baud", true),
            Map.entry("console-vga", false), Map.entry("console-serial", false),
            Map.entry("elf32-core-headers", false), Map.entry("elf64-core-headers", false),
            Map.entry("pass-memmap-cmdline", false), Map.entry("noefi", false), Map.entry("reuse-video-type", false),
            Map.entry("command-line", true), Map.entry("append", true), Map.entry("reuse-cmdline", false),
            Map.entry("initrd", true), Map.entry("ramdisk", true), Map.entry("args-elf", false),
            Map.entry("args-linux", false), Map.entry("args-none", false), Map.entry("module", true),
            Map.entry("real-mode", false), Map.entry("entry-32bit", false), Map.entry("dtb", true));

    /** KEXEC_OPT_STR's letters and their long names; only 't' takes an argument. */
    private static final Map<Character, String> SHORT = Map.ofEntries(
            Map.entry('h', "help"), Map.entry('?', "help"), Map.entry('v', "version"), Map.entry('d', "debug"),
            Map.entry('f', "force"), Map.entry('i', "no-checks"), Map.entry('x', "no-ifdown"),
            Map.entry('y', "no-sync"), Map.entry('l', "load"), Map.entry('u', "unload"), Map.entry('e', "exec"),
            Map.entry('t', "type"), Map.entry('p', "load-panic"), Map.entry('s', "kexec-file-syscall"),
            Map.entry('c', "kexec-syscall"), Map.entry('a', "kexec-syscall-auto"), Map.entry('S', "status"));

    /** Parses words as a shell would have passed them; a first word naming kexec ("/sbin/kexec") is the program. */
    public static KexecInvocation parse(List<String> argv) throws FormatException {
        return parse(argv, "kexec arguments");
    }

    /**
     * Splits a command line with the shell's quoting rules ({@code --append="a b"}), then parses it;
     * {@code source} names the artifact in errors.
     */
    public static KexecInvocation parse(String commandLine, String source) throws FormatException {
        return parse(splitWords(commandLine, source), source);
    }

    /**
     * Parses a recorded command, such as the $KDUMP_COREDIR/kexec_cmd file kdump-config writes
     * after a successful load (kdump-config kdump_load(): the line it eval'd, echoed to the file;
     * kdump-tools 1:1.8.1 and 1:1.10.9). Since the line was eval'd, the shell's word splitting of
     * it is what kexec received.
     *
     * @throws FormatException when the text is empty, holds more than one command, uses shell
     *     syntax beyond one simple command, or breaks a cap
     */
    public static KexecInvocation parseRecorded(String text, String source) throws FormatException {
        TextInput.check(text, source, MAX_RECORDED_CHARS, "a recorded kexec command");
        List<ShellWords.Command> commands = ShellWords.commands(text, source, MAX_ARGUMENT_LENGTH, 2);
        if (commands.isEmpty()) {
            throw new FormatException(source, -1, "empty: no kexec command recorded");
        }
        if (commands.size() > 1) {
            throw new FormatException(source, commands.get(1).offset(), "line " + commands.get(1).line()
                    + ": more than one command");
        }
        ShellWords.Command c = commands.get(0);
        if (c.complex()) {
            throw new FormatException(source, c.offset(), "line " + c.line() + ": not a simple command");
        }
        List<String> words = c.words().stream().map(ShellWords.Word::value).toList();
        return parse(words, source);
    }

    public static List<String> splitWords(String commandLine, String source) throws FormatException {
        TextInput.check(commandLine, source, MAX_RECORDED_CHARS, "a kexec command line");
        return ShellWords.words(commandLine, source, MAX_ARGUMENT_LENGTH, MAX_ARGUMENTS).stream()
                .map(ShellWords.Word::value).toList();
    }

    private static KexecInvocation parse(List<String> argv, String source) throws FormatException {
        if (argv.size() > MAX_ARGUMENTS) {
            throw new FormatException(source, -1, "more than " + MAX_ARGUMENTS + " arguments");
        }
        for (String a : argv) {
            if (a.length() > MAX_ARGUMENT_LENGTH) {
                throw new FormatException(source, -1, "an argument longer than " + MAX_ARGUMENT_LENGTH + " characters");
            }
        }
        Builder b = new Builder();
        int k = 0;
        if (!argv.isEmpty() && isKexecProgram(argv.get(0))) {
            b.program = Optional.of(argv.get(0));
            k = 1;
        }
        List<String> args = argv.subList(k, argv.size());
        boolean optionsEnded = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (optionsEnded || a.equals("-") || !a.startsWith("-")) {
                b.operand(a);
            } else if (a.equals("--")) {
                optionsEnded = true;
            } else if (a.startsWith("--")) {
                i = longOption(b, args, i);
            } else {
                i = shortOptions(b, args, i);
            }
        }
        return new KexecInvocation(b.program, args, b.syscall, b.status ? KexecInvocation.Action.STATUS : b.action, b.kernelImage, b.initrd, b.commandLine,
                b.reuseCmdline, b.reuseVideoType, b.noEfi, b.debug, b.other, b.unknown, b.extra);
    }

    /** True when the word's last path element is "kexec". */
    static boolean isKexecProgram(String word) {
        return word.equals("kexec") || word.endsWith("/kexec");
    }

    private static int longOption(Builder b, List<String> args, int i) {
        String a = args.get(i);
        int eq = a.indexOf('=');
        String written = eq < 0 ? a.substring(2) : a.substring(2, eq);
        String name = resolveLong(written);
        if (name == null) {
            b.unknown.add(a);
            return i;
        }
        boolean takesArg = LONG.get(name);
        String value = null;
        if (takesArg) {
            if (eq >= 0) {
                value = a.substring(eq + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                b.unknown.add(a);   // getopt: "option requires an argument"
                return i;
            }
        } else if (eq >= 0) {
            b.unknown.add(a);       // getopt: "option doesn't allow an argument"
            return i;
        }
        b.apply(name, value);
        return i;
    }

    /** getopt_long: an exact name, else the one option the written text abbreviates; null if none or ambiguous. */
    private static String resolveLong(String written) {
        if (LONG.containsKey(written)) {
            return written;
        }
        if (written.isEmpty()) {
            return null;
        }
        String found = null;
        for (String n : LONG.keySet()) {
            if (n.startsWith(written)) {
                if (found != null) {
                    return null;
                }
                found = n;
            }
        }
        return found;
    }

    private static int shortOptions(Builder b, List<String> args, int i) {
        String a = args.get(i);
        for (int p = 1; p < a.length(); p++) {
            char c = a.charAt(p);
            String name = SHORT.get(c);
            if (name == null) {
                b.unknown.add("-" + c);
            } else if (LONG.get(name)) {
                String value;
                if (p + 1 < a.length()) {
                    value = a.substring(p + 1);
                } else if (i + 1 < args.size()) {
                    value = args.get(++i);
                } else {
                    b.unknown.add("-" + c);
                    return i;
                }
                b.apply(name, value);
                return i;
            } else {
                b.apply(name, null);
            }
        }
        return i;
    }

    private static final class Builder {
        Optional<String> program = Optional.empty();
        KexecInvocation.Syscall syscall = KexecInvocation.Syscall.UNSPECIFIED;
        KexecInvocation.Action action = KexecInvocation.Action.LOAD_AND_EXEC;
        Optional<String> kernelImage = Optional.empty();
        Optional<String> initrd = Optional.empty();
        Optional<String> commandLine = Optional.empty();
        boolean reuseCmdline;
        boolean reuseVideoType;
        boolean noEfi;
        boolean debug;
        boolean status;
        final List<String> other = new ArrayList<>();
        final List<String> unknown = new ArrayList<>();
        final List<String> extra = new ArrayList<>();

        void operand(String a) {
            if (kernelImage.isEmpty()) {
                kernelImage = Optional.of(a);
            } else {
                extra.add(a);
            }
        }

        void apply(String name, String value) {
            switch (name) {
                // main(): each of the three sets both do_kexec_file_syscall and do_kexec_fallback, so the last wins
                case "kexec-syscall" -> syscall = KexecInvocation.Syscall.LOAD;
                case "kexec-file-syscall" -> syscall = KexecInvocation.Syscall.FILE_LOAD;
                case "kexec-syscall-auto" -> syscall = KexecInvocation.Syscall.AUTO;
                case "load-panic" -> action = KexecInvocation.Action.LOAD_PANIC;
                // -l clears neither kexec_flags nor kexec_file_flags, so a -p before it still loads a crash kernel
                case "load" -> action = action == KexecInvocation.Action.LOAD_PANIC ? action : KexecInvocation.Action.LOAD;
                case "unload" -> action = KexecInvocation.Action.UNLOAD;
                case "exec" -> action = KexecInvocation.Action.EXEC;
                case "force" -> action = KexecInvocation.Action.FORCE;
                // main() checks do_status after the loop and then turns every other action off
                case "status" -> {
                    action = KexecInvocation.Action.STATUS;
                    status = true;
                }
                case "help", "version", "print-ckr-size", "load-preserve-context", "load-jump-back-helper",
                        "load-live-update", "exec-live-update" -> {
                    action = KexecInvocation.Action.OTHER;
                    other.add("--" + name);
                }
                // the loaders keep the last value they see (kexec-bzImage64.c, kexec-arm64.c: plain assignment)
                case "initrd", "ramdisk" -> initrd = Optional.of(value);
                case "command-line", "append" -> commandLine = Optional.of(value);
                case "reuse-cmdline" -> reuseCmdline = true;
                case "reuse-video-type" -> reuseVideoType = true;
                case "noefi" -> noEfi = true;
                // OPT_DEBUG falls through to OPT_NOIFDOWN in main(), which only matters for kexec -e
                case "debug" -> debug = true;
                default -> other.add(value == null ? "--" + name : "--" + name + "=" + value);
            }
        }
    }
}
