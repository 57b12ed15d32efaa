package org.kexecinspect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.kexecinspect.testing.Inputs;

import picocli.AutoComplete;

/**
 * src/main/completion/kexec-inspect.bash is the bash completion script picocli's AutoComplete
 * generates from the command model (without the #! line); the .deb installs it as
 * /usr/share/bash-completion/completions/kexec-inspect. It is committed; this test fails when it
 * no longer matches the commands, or when bash does not register it.
 * Regenerate it with: mvn -B test -Dtest=CompletionTest -Dkexecinspect.updateCompletion=true
 */
class CompletionTest {

    static Path committed() {
        return Inputs.projectDir().resolve("src/main/completion/kexec-inspect.bash");
    }

    /** AutoComplete's script, less its #! line: bash-completion sources the file, it is never run. */
    static String generate() {
        String script = AutoComplete.bash("kexec-inspect",
                CommandLineFactory.forArgs(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())));
        return script.startsWith("#!") ? script.substring(script.indexOf('\n') + 1) : script;
    }

    @Test
    void theCommittedCompletionMatchesTheCommands() throws IOException {
        String fresh = generate();
        if (Boolean.getBoolean("kexecinspect.updateCompletion")) {
            Files.createDirectories(committed().getParent());
            Files.writeString(committed(), fresh);
        }
        for (String word : new String[] {"inspect", "preflight", "synthesize", "--max-payload", "x86-bzimage"}) {
            assertTrue(fresh.contains(word), "the completion lacks " + word);
        }
        assertEquals(fresh, Files.readString(committed()), committed() + " is stale; regenerate with "
                + "mvn -B test -Dtest=CompletionTest -Dkexecinspect.updateCompletion=true");
    }

    @Test
    void bashRegistersItAndCompletesTheCommands() throws IOException, InterruptedException {
        // what bash-completion does with the installed file, then one completion as a user's TAB runs it
        String script = "source \"$1\" && complete -p kexec-inspect"
                + " && COMP_WORDS=(kexec-inspect pre) COMP_CWORD=1 COMP_LINE='kexec-inspect pre' COMP_POINT=17"
                + " && _complete_kexec-inspect && printf '%s\\n' \"${COMPREPLY[@]}\"";
        Process p = new ProcessBuilder("bash", "-c", script, "bash", committed().toString())
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "bash did not finish");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("complete ") && l.endsWith(" kexec-inspect")
                || l.startsWith("complete ") && l.contains(" kexec-inspect ")), out);
        assertTrue(out.lines().anyMatch(l -> l.trim().equals("preflight")), "no 'preflight' for 'pre':\n" + out);
    }
}
