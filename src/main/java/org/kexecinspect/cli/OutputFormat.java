package org.kexecinspect.cli;

import picocli.CommandLine.Option;

/** The --format option, shared by commands that print records. */
public final class OutputFormat {

    /** How records are printed. */
    public enum Format { text, json, jsonl }

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). "
                    + "json is one document {\"schema\": \"kexec-inspect/1\", LIST: [...]} holding one record per input, "
                    + "where LIST is the command's (artifacts, predictions, diagnoses, postmortems...); "
                    + "jsonl is one record per line, each with its schema.")
    Format format = Format.text;

    public Format format() { return format; }
}
