package org.kexecinspect.cli;

import java.io.PrintWriter;

import org.kexecinspect.format.FormatException;

import picocli.CommandLine;

/** The one place a CommandLine is built, for main and for tests alike. */
public final class CommandLineFactory {
    private CommandLineFactory() {}

    public static CommandLine create(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new KexecInspectCommand());
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
