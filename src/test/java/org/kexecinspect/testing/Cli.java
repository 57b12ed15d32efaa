package org.kexecinspect.testing;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.kexecinspect.cli.CommandLineFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Runs kexec-inspect in-process through the same CommandLine factory as main, capturing output. What it
 * prints as JSON (--format json or jsonl) is validated against the output's JSON Schema ({@link JsonContract}).
 */
public final class Cli {
    private Cli() {}

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one run printed and returned. */
    public record Result(int exit, String out, String err) {
        public JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (Exception e) {
                throw new AssertionError("stdout is not JSON: " + e.getMessage() + "\n" + out, e);
            }
        }

        /** The lines of stderr, without a trailing empty one. */
        public String[] errLines() {
            return err.isEmpty() ? new String[0] : err.split("\n");
        }
    }

    public static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = CommandLineFactory.forArgs(new PrintWriter(out), new PrintWriter(err), args).execute(args);
        JsonContract.checkOutput(out.toString(), String.join(" ", args));
        return new Result(exit, out.toString(), err.toString());
    }
}
