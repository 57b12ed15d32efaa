package org.kexecinspect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexecinspect.testing.Inputs;

import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * man/ holds the man pages generated from the picocli model (picocli-codegen's ManPageGenerator,
 * AsciiDoc). They are committed; this test fails when they no longer match the commands.
 * Regenerate them with: mvn -B test -Dtest=ManPageTest -Dkexecinspect.updateManPages=true
 */
class ManPageTest {

    static Map<String, String> generate(Path dir) throws IOException {
        var spec = CommandLineFactory.create(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))
                .getCommandSpec();
        int rc = ManPageGenerator.generateManPage(dir.toFile(), null, new boolean[0], true, spec);
        assertEquals(0, rc, "ManPageGenerator failed");
        return read(dir);
    }

    static Map<String, String> read(Path dir) throws IOException {
        Map<String, String> pages = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (p.getFileName().toString().endsWith(".adoc")) {
                    pages.put(p.getFileName().toString(), Files.readString(p));
                }
            }
        }
        return pages;
    }

    @Test
    void theCommittedManPagesMatchTheCommands(@TempDir Path tmp) throws IOException {
        Map<String, String> fresh = generate(tmp);
        Path man = Inputs.projectDir().resolve("man");
        if (Boolean.getBoolean("kexecinspect.updateManPages")) {
            Files.createDirectories(man);
            for (Path old : read(man).keySet().stream().map(man::resolve).toList()) {
                Files.delete(old);
            }
            for (var e : fresh.entrySet()) {
                Files.writeString(man.resolve(e.getKey()), e.getValue());
            }
        }
        assertTrue(fresh.containsKey("kexec-inspect.adoc") && fresh.containsKey("kexec-inspect-inspect.adoc"),
                "generated: " + fresh.keySet());
        assertEquals(fresh, read(man), "man/ is stale; regenerate with "
                + "mvn -B test -Dtest=ManPageTest -Dkexecinspect.updateManPages=true");
    }

}
