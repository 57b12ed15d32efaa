package org.kexecinspect.fuzz;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import com.code_intelligence.jazzer.junit.FuzzTest;

import org.kexecinspect.cli.CommandLineFactory;
import org.kexecinspect.cli.ExitCodes;
import org.kexecinspect.testing.JsonContract;

/**
 * `kexec-inspect inspect --deep --format json FILE` end to end on any bytes: detection, decoding and
 * the description of what was decoded. It must end in exit 0 or 3, never in the internal-error
 * exit 70 that an exception escaping a decoder or the description would cause, and print JSON that
 * follows the output's schema whatever the bytes.
 */
class CliFuzzTest {

    @FuzzTest
    void inspect(byte[] data) {
        Path file = Fuzz.file("cliInspect", "input", data);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = CommandLineFactory.forArgs(new PrintWriter(out), new PrintWriter(err))
                .execute("inspect", "--deep", "--max-payload", "1M", "--format", "json", file.toString());
        if (exit != ExitCodes.OK && exit != ExitCodes.BAD_INPUT) {
            throw new AssertionError("inspect exited " + exit + ": " + err);
        }
        JsonContract.checkOutput(out.toString(), "inspect --deep --max-payload 1M --format json " + file, "CliFuzzTest");
    }
}
