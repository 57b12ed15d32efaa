package org.kexecinspect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexecinspect.testing.Inputs;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * man/ holds the man pages generated from the picocli model (see {@link ManPages}): the AsciiDoc
 * and the troff that Asciidoctor renders from it, one page per command. They are committed; this
 * test fails when they no longer match the commands.
 * Regenerate them with: mvn -B test -Dtest=ManPageTest -Dkexecinspect.updateManPages=true
 */
class ManPageTest {

    @Test
    void theCommittedManPagesMatchTheCommands(@TempDir Path tmp) throws IOException {
        Map<String, String> fresh = ManPages.generate(tmp);
        Path man = Inputs.projectDir().resolve("man");
        if (Boolean.getBoolean("kexecinspect.updateManPages")) {
            Files.createDirectories(man);
            for (Path old : ManPages.read(man).keySet().stream().map(man::resolve).toList()) {
                Files.delete(old);
            }
            for (var e : fresh.entrySet()) {
                Files.writeString(man.resolve(e.getKey()), e.getValue());
            }
        }
        for (String page : new String[] {"kexec-inspect", "kexec-inspect-inspect", "kexec-inspect-preflight"}) {
            assertTrue(fresh.containsKey(page + ".adoc") && fresh.containsKey(page + ".1"), "generated: " + fresh.keySet());
        }
        String regenerate = "; regenerate with mvn -B test -Dtest=ManPageTest -Dkexecinspect.updateManPages=true";
        Map<String, String> committed = ManPages.read(man);
        assertEquals(fresh.keySet(), committed.keySet(), "man/ has other pages than the commands" + regenerate);
        for (var e : fresh.entrySet()) {
            assertEquals(e.getValue(), committed.get(e.getKey()), "man/" + e.getKey() + " is stale" + regenerate);
        }
    }

    /** EXAMPLES are real command lines: each parses, options and values, as main would parse it. */
    @Test
    void everyExampleIsACommandLineTheCommandsAccept() {
        int examples = 0;
        for (CommandSpec spec : ManPages.tree(ManPages.spec(), new ArrayList<>())) {
            assertTrue(spec.userObject() instanceof HelpSections.Documented d && !d.helpSections().examples().isEmpty(),
                    spec.qualifiedName() + " has no EXAMPLES");
            for (HelpSections.Example e : ((HelpSections.Documented) spec.userObject()).helpSections().examples()) {
                List<String> words = shellWords(e.command());
                assertEquals("kexec-inspect", words.get(0), e.command());
                CommandLine cl = CommandLineFactory.forArgs(new java.io.PrintWriter(new java.io.StringWriter()),
                        new java.io.PrintWriter(new java.io.StringWriter()));
                try {
                    cl.parseArgs(words.subList(1, words.size()).toArray(new String[0]));
                } catch (CommandLine.ParameterException ex) {
                    throw new AssertionError(spec.qualifiedName() + " example does not parse: " + e.command() + ": " + ex.getMessage(), ex);
                }
                examples++;
            }
        }
        assertTrue(examples >= 7, "examples: " + examples);
    }

    /** The words of the first simple command: double quotes group, $(uname -r) is one word, ||, |, ; and # end it. */
    static List<String> shellWords(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder w = null;
        boolean quoted = false;
        String s = line.replace("$(uname -r)", "6.1.0-57-amd64");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                w = w == null ? new StringBuilder() : w;
            } else if (!quoted && Character.isWhitespace(c)) {
                if (w != null) {
                    words.add(w.toString());
                    w = null;
                }
            } else if (!quoted && (c == '|' || c == ';' || c == '#' || c == '<' || c == '>') && w == null) {
                break;
            } else {
                w = (w == null ? new StringBuilder() : w).append(c);
            }
        }
        if (w != null) {
            words.add(w.toString());
        }
        return words;
    }
}
