package org.kexecinspect.cli;

import java.io.PrintWriter;

import org.kexecinspect.format.FormatException;

import picocli.CommandLine;

/** How errors reach a user: one line each; a stack trace only with --debug. */
final class Errors {
    private Errors() {}

    static final String PREFIX = "kexec-inspect: ";

    static boolean debug(CommandLine cl) {
        CommandLine root = cl;
        while (root.getParent() != null) {
            root = root.getParent();
        }
        // --debug is inherited: it may have been given before or after the subcommand's name
        CommandLine.ParseResult pr = root.getParseResult();
        while (pr != null) {
            if (pr.hasMatchedOption("--debug")) {
                return true;
            }
            pr = pr.subcommand();
        }
        return false;
    }

    /** "kexec-inspect: FILE: offset 0x1f1: reason" */
    static void report(CommandLine cl, PrintWriter err, FormatException e) {
        err.println(PREFIX + e.getMessage());
        if (debug(cl)) {
            e.printStackTrace(err);
        }
        err.flush();
    }
}
