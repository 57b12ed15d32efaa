package org.kexecinspect.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.kexecinspect.format.FormatException;

import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.IHelpSectionRenderer;
import picocli.CommandLine.Model.UsageMessageSpec;

/** The one place a CommandLine is built, for main and for tests alike. */
public final class CommandLineFactory {
    private CommandLineFactory() {}

    /**
     * The subcommands by name, in the order help lists them. picocli builds a command's model by
     * reflection when it is added, so a run adds only the one it names (see {@link #forArgs}).
     */
    static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

    private static Map<String, Supplier<Object>> subcommands() {
        Map<String, Supplier<Object>> m = new LinkedHashMap<>();
        m.put("inspect", InspectCommand::new);
        m.put("capture", CaptureCommand::new);
        m.put("predict", PredictCommand::new);
        m.put("diagnose", DiagnoseCommand::new);
        m.put("preflight", PreflightCommand::new);
        m.put("synthesize", SynthesizeCommand::new);
        m.put("postmortem", PostmortemCommand::new);
        return java.util.Collections.unmodifiableMap(m);
    }

    /**
     * The tree a run with these arguments needs: the top-level command and the subcommand the first
     * word that is not an option names. Without one (--help, a misspelt name) every subcommand, so
     * help lists them and a typo gets suggestions; for --version alone, none. With no arguments at
     * all, the whole tree, as help, man pages and completion need it.
     */
    public static CommandLine forArgs(PrintWriter out, PrintWriter err, String... args) {
        boolean versionOnly = args.length > 0;
        for (String a : args) {
            if (!a.startsWith("-")) {
                return build(out, err, SUBCOMMANDS.containsKey(a) ? List.of(a) : SUBCOMMANDS.keySet());
            }
            versionOnly &= a.equals("--version") || a.equals("-V");
        }
        return build(out, err, versionOnly ? List.of() : SUBCOMMANDS.keySet());
    }

    private static CommandLine build(PrintWriter out, PrintWriter err, java.util.Collection<String> names) {
        CommandLine cl = new CommandLine(new KexecInspectCommand());
        for (String name : names) {
            cl.addSubcommand(name, SUBCOMMANDS.get(name).get());
        }
        addHelpSections(cl);
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(false);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter e = commandLine.getErr();
            if (ex instanceof FormatException fe) {
                Errors.report(commandLine, e, fe);
                return ExitCodes.BAD_INPUT;
            }
            e.println(Errors.PREFIX + "internal error: " + ex
                    + (Errors.debug(commandLine) ? "" : " (run with --debug for the stack trace)"));
            if (Errors.debug(commandLine)) {
                ex.printStackTrace(e);
            }
            e.flush();
            return ExitCodes.INTERNAL_ERROR;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            PrintWriter e = c.getErr();
            e.println(Errors.PREFIX + ex.getMessage());
            if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, e)) {
                e.println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            }
            e.flush();
            return ExitCodes.USAGE;
        });
        return cl;
    }

    /** Help section keys of the {@link HelpSections}, after the exit status and before the footer (SEE ALSO). */
    static final String FILES = "kexecinspect.files";
    static final String EXAMPLES = "kexecinspect.examples";

    /** Puts each command's {@link HelpSections} into its own usage help (not its subcommands'). */
    static void addHelpSections(CommandLine cl) {
        if (cl.getCommandSpec().userObject() instanceof HelpSections.Documented documented) {
            HelpSections sections = documented.helpSections();
            UsageMessageSpec usage = cl.getCommandSpec().usageMessage();
            List<String> keys = new ArrayList<>(usage.sectionKeys());
            Map<String, IHelpSectionRenderer> map = new LinkedHashMap<>(usage.sectionMap());
            int at = keys.indexOf(UsageMessageSpec.SECTION_KEY_FOOTER_HEADING);
            if (!sections.files().isEmpty()) {
                keys.add(at++, FILES);
                map.put(FILES, new SectionRenderer(sections, true));
            }
            if (!sections.examples().isEmpty()) {
                keys.add(at, EXAMPLES);
                map.put(EXAMPLES, new SectionRenderer(sections, false));
            }
            usage.sectionKeys(keys);
            usage.sectionMap(map);
        }
        for (CommandLine sub : cl.getSubcommands().values()) {
            addHelpSections(sub);
        }
    }

    /** FILES (path, then what) or EXAMPLES (what, then the command line), wrapped to the help's width. */
    private static final class SectionRenderer implements IHelpSectionRenderer {
        private final HelpSections sections;
        private final boolean files;

        SectionRenderer(HelpSections sections, boolean files) {
            this.sections = sections;
            this.files = files;
        }

        @Override public String render(Help help) {
            StringBuilder sb = new StringBuilder(String.format("%n%s:%n", files ? "Files" : "Examples"));
            if (files) {
                for (HelpSections.File f : sections.files()) {
                    sb.append(wrap(help, f.path(), 2)).append(wrap(help, f.what(), 6));
                }
            } else {
                for (HelpSections.Example e : sections.examples()) {
                    sb.append(wrap(help, e.does() + ":", 2)).append(wrap(help, e.command(), 6));
                }
            }
            return sb.toString();
        }

        private static String wrap(Help help, String text, int indent) {
            Help.TextTable table = Help.TextTable.forColumns(help.colorScheme(),
                    new Help.Column(help.commandSpec().usageMessage().width(), indent, Help.Column.Overflow.WRAP));
            table.addRowValues(text);
            return table.toString();
        }
    }
}
