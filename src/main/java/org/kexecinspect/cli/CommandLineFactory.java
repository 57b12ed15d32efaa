package org.kexecinspect.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.kexecinspect.format.FormatException;

import picocli.CommandLine;

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
        return java.util.Collections.unmodifiableMap(m);
    }

    /** The whole command tree: help, man pages and completion see every subcommand. */
    public static CommandLine create(PrintWriter out, PrintWriter err) {
        return build(out, err, SUBCOMMANDS.keySet());
    }

    /**
     * The tree a run with these arguments needs: the top-level command and the subcommand the first
     * word that is not an option names. Without one (--help, --version, a misspelt name) every
     * subcommand, so help lists them and a typo gets suggestions.
     */
    public static CommandLine forArgs(PrintWriter out, PrintWriter err, String... args) {
        for (String a : args) {
            if (!a.startsWith("-")) {
                return build(out, err, SUBCOMMANDS.containsKey(a) ? List.of(a) : SUBCOMMANDS.keySet());
            }
        }
        return build(out, err, SUBCOMMANDS.keySet());
    }

    private static CommandLine build(PrintWriter out, PrintWriter err, java.util.Collection<String> names) {
        CommandLine cl = new CommandLine(new KexecInspectCommand());
        for (String name : names) {
            cl.addSubcommand(name, SUBCOMMANDS.get(name).get());
        }
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
}
