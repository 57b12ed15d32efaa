package org.kexecinspect.cli;

import picocli.CommandLine.Option;

/** --explain (-v): the text report's evidence below its lead, shared by diagnose and predict. */
public final class ExplainOption {
    @Option(names = {"-v", "--explain"},
            description = "Below the verdict, what to do, why and the MMIO map, add the whole reason chain: each load "
                    + "path's screen_info and every step with its evidence and sources, the MMIO outcome's steps, and "
                    + "every finding with all its remedies and their caveats. JSON always has all of it.")
    boolean explain;

    public boolean explain() { return explain; }
}
