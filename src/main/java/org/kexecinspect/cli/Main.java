package org.kexecinspect.cli;

import java.io.PrintWriter;

/** Entry point of the jar. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, false);
        PrintWriter err = new PrintWriter(System.err, false);
        int code = CommandLineFactory.forArgs(out, err, args).execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }
}
