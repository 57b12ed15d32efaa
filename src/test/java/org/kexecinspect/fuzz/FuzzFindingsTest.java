package org.kexecinspect.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.kexecinspect.facts.Captures;
import org.kexecinspect.facts.Collector;
import org.kexecinspect.facts.Fact;
import org.kexecinspect.facts.Root;
import org.kexecinspect.facts.SystemCalls;
import org.kexecinspect.facts.SystemFacts;
import org.kexecinspect.testing.Cli;
import org.kexecinspect.testing.Inputs;

/**
 * What fuzzing found, each as a readable case beside the crashing input committed in the seed
 * corpus (whose FuzzedDataProvider encoding depends on the harness): the command must answer
 * (exit 0 or 3), never fail with the internal-error exit 70.
 */
class FuzzFindingsTest {

    @TempDir
    Path tmp;

    /** A copy of one of the hand-made Hyper-V capture trees. */
    Path capture(String name) throws IOException {
        Path src = Inputs.projectDir().resolve("native-fixtures/hyperv-captures").resolve(name);
        Path dst = tmp.resolve(name);
        try (Stream<Path> s = Files.walk(src)) {
            for (Path p : s.toList()) {
                Path t = dst.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
        return dst;
    }

    static SystemFacts collect(Path dir) throws Exception {
        try (Root root = Captures.open(dir, dir.getFileName().toString())) {
            return Collector.collect(root, SystemCalls.recorded(root));
        }
    }

    /**
     * crash-capture-release-with-nul: a release holding a NUL made boot/config-RELEASE an invalid
     * path, and InvalidPathException escaped the collector (CaptureFuzzTest#tar).
     */
    @Test
    void aKernelReleaseWithANulIsAMalformedFactNotACrash() throws Exception {
        Path dir = capture("gen2-local-x86");
        Files.writeString(dir.resolve("proc/sys/kernel/osrelease"), "6.8.0\0-52-generic\n", StandardCharsets.ISO_8859_1);
        Fact<?> config = collect(dir).machine().config();
        assertFalse(config.known());
        assertEquals(Fact.Why.MALFORMED, config.unknown().why());
        Cli.Result r = Cli.run("inspect", dir.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("not a possible file name"), r.out());
    }
}
