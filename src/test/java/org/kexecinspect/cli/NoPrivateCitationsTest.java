package org.kexecinspect.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.kexecinspect.testing.Cli;
import org.kexecinspect.testing.Inputs;
import org.kexecinspect.testing.QemuCaptures;

/**
 * What the tool prints cites public sources only (kernel and kexec-tools files, commit ids,
 * Message-IDs), never the project's own notes, which users do not have: every command, in text and
 * in JSON, on every hand-made Hyper-V capture and every real QEMU capture, and every --help, must not
 * mention domain.md or DESIGN.md, on stdout or stderr. In-process, one JVM.
 */
class NoPrivateCitationsTest {

    static final Pattern PRIVATE = Pattern.compile("domain\\.md|design\\.md", Pattern.CASE_INSENSITIVE);

    static final String[] COMMANDS = {"inspect", "capture", "predict", "diagnose", "preflight", "synthesize"};

    @TempDir static Path tmp;

    /**
     * The hand-made Hyper-V captures (native-fixtures/hyperv-captures/*) and the QEMU stages as capture
     * trees: Debian 12's, and both stages of the Debian 13 and unstable runs.
     */
    static List<Path> captures() throws IOException {
        List<Path> all = new ArrayList<>();
        try (Stream<Path> s = Files.list(Inputs.projectDir().resolve("native-fixtures/hyperv-captures"))) {
            s.filter(Files::isDirectory).filter(d -> !d.getFileName().toString().equals("sources")).sorted()
                    .forEach(all::add);
        }
        for (Path stage : QemuCaptures.stages()) {
            all.add(QemuCaptures.tree(stage, tmp));
        }
        for (String run : List.of("d13-bochs-c", "sid-efifb-s")) {
            for (String stage : List.of("first", "kdump")) {
                all.add(QemuCaptures.tree(Inputs.qemuRun(run, stage), tmp));
            }
        }
        return all;
    }

    /** Each run that should print no private citation, for one capture. */
    static List<String[]> runs(Path capture) {
        String c = capture.toString();
        List<String[]> runs = new ArrayList<>();
        for (String format : new String[] {"text", "json"}) {
            runs.add(new String[] {"inspect", "-f", format, c});
            runs.add(new String[] {"predict", "-f", format, c});
            runs.add(new String[] {"diagnose", "-f", format, "--root", c});
            runs.add(new String[] {"preflight", "--verbose", "-f", format, "--root", c});
            runs.add(new String[] {"synthesize", "--diff", "-f", format, "--root", c});
            runs.add(new String[] {"synthesize", "--from-mmio", "--blob", "screen-info", "-f", format, "--root", c});
        }
        return runs;
    }

    /** The lines of one run's stdout and stderr that cite a private file, each marked with the command. */
    static List<String> citations(String[] args) {
        Cli.Result r = Cli.run(args);
        List<String> found = new ArrayList<>();
        String cmd = String.join(" ", args);
        for (String[] stream : new String[][] {{"stdout", r.out()}, {"stderr", r.err()}}) {
            for (String line : stream[1].split("\n")) {
                if (PRIVATE.matcher(line).find()) {
                    found.add(cmd + " [" + stream[0] + "]: " + line.strip());
                }
            }
        }
        return found;
    }

    static void assertNone(String what, List<String> found) {
        if (!found.isEmpty()) {
            fail(what + ": " + found.size() + " output line(s) cite domain.md or DESIGN.md, which users do not have:\n  "
                    + String.join("\n  ", found));
        }
    }

    @TestFactory
    Stream<DynamicTest> everyCommandOnEveryCapture() throws IOException {
        return captures().stream().map(capture -> DynamicTest.dynamicTest(capture.getFileName().toString(), () -> {
            List<String> found = new ArrayList<>();
            for (String[] args : runs(capture)) {
                found.addAll(citations(args));
            }
            assertNone("capture " + capture.getFileName(), found);
        }));
    }

    @Test
    void everyHelpAndTheAssumeKeys() {
        List<String> found = new ArrayList<>(citations(new String[] {"--help"}));
        for (String command : COMMANDS) {
            found.addAll(citations(new String[] {command, "--help"}));
        }
        for (String command : new String[] {"predict", "diagnose", "preflight", "synthesize"}) {
            found.addAll(citations(new String[] {command, "--assume", "help"}));
        }
        assertNone("--help and --assume help", found);
    }

    /** The check itself: it sees a citation where one is, in either case, and none in plain text. */
    @Test
    void thePatternFindsWhatItLooksFor() {
        assertTrue(PRIVATE.matcher("kexec-tools 2.0.25 defaults to -c (domain.md 4.4)").find());
        assertTrue(PRIVATE.matcher("see ../shared/Design.MD").find());
        assertFalse(PRIVATE.matcher("kexec/kexec.c, 29fe5067ed07 \"kexec: make -a the default\" (v2.0.27)").find());
        String[] help = {"predict", "--help"};
        assertTrue(Cli.run(help).out().toLowerCase(Locale.ROOT).contains("capture"), "the runner captures stdout");
    }
}
