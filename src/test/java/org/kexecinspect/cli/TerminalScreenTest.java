package org.kexecinspect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexecinspect.cli.text.Style;
import org.kexecinspect.facts.Captures;
import org.kexecinspect.facts.Collector;
import org.kexecinspect.facts.Root;
import org.kexecinspect.facts.SystemCalls;
import org.kexecinspect.model.Assumptions;
import org.kexecinspect.model.Prediction;
import org.kexecinspect.model.Predictor;
import org.kexecinspect.model.Verdict;
import org.kexecinspect.testing.Inputs;
import org.kexecinspect.testing.QemuCaptures;

/**
 * diagnose as a person on an 80x24 terminal sees it: the launcher runs inside tmux
 * ({@code tmux new-session -d -x 80 -y 24}, the command typed with {@code send-keys}, the screen read
 * with {@code capture-pane -p}), and the first screen must hold the verdict, the first remedy (or what
 * to find out, or that nothing is to be done) and the whole MMIO map. Under tmux standard output is a
 * terminal, so --color auto colours, unless NO_COLOR is set or --color never is given.
 *
 * <p>The launcher is src/main/launcher/kexec-inspect, the script the package phase copies to
 * target/kexec-inspect unchanged; since tests run before the jar is built, it runs beside a
 * kexec-inspect.jar that holds only a manifest naming Main and, as its Class-Path, target/classes and
 * the runtime libraries: the real script, the real classes, what {@code target/kexec-inspect} runs.
 * Each screen has a tmux server of its own (-S, a socket in the test's temporary directory), killed afterwards.
 */
class TerminalScreenTest {
    static final Path CAPS = Inputs.projectDir().resolve("native-fixtures/hyperv-captures");
    static final List<String> HAND_MADE = ShortReportTest.HAND_MADE;
    private static final AtomicInteger SESSIONS = new AtomicInteger();

    @TempDir static Path dir;
    private static Path bin;

    @BeforeAll
    static void theLauncherBesideAJarOfThisBuild() throws IOException {
        bin = Files.createDirectories(dir.resolve("bin"));
        Path launcher = bin.resolve("kexec-inspect");
        Files.copy(Inputs.projectDir().resolve("src/main/launcher/kexec-inspect"), launcher);
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> cp = new ArrayList<>();
        cp.add(Inputs.buildDir().resolve("classes").toUri().toString());
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName() == null ? "" : Path.of(entry).getFileName().toString();
            if (entry.endsWith(".jar") && !name.startsWith("junit") && !name.startsWith("surefire")
                    && !name.startsWith("jazzer") && !name.startsWith("asciidoctor") && !name.startsWith("jruby")
                    && !name.startsWith("opentest4j") && !name.startsWith("archunit")) {
                cp.add(Path.of(entry).toUri().toString());
            }
        }
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "org.kexecinspect.cli.Main");
        m.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", cp));
        try (OutputStream out = Files.newOutputStream(bin.resolve("kexec-inspect.jar"));
                JarOutputStream jar = new JarOutputStream(out, m)) {
            jar.flush();
        }
    }

    /** What one screen showed: its 24 lines as text, and the same with tmux's SGR sequences (capture-pane -e). */
    record Screen(List<String> lines, String escaped) {
        String text() {
            return String.join("\n", lines);
        }
    }

    /** Types COMMAND at a shell prompt in WORKDIR, in an 80x24 tmux pane, and reads the screen once it is done. */
    static Screen screen(Path workDir, Map<String, String> env, String command) throws Exception {
        String socket = dir.resolve("tmux-" + SESSIONS.incrementAndGet()).toString();
        Map<String, String> e = new java.util.HashMap<>();
        e.put("PATH", bin + File.pathSeparator + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        e.put("HOME", dir.toString());
        e.put("TERM", "xterm");
        e.put("LANG", "C.UTF-8");
        e.put("PS1", "$ ");
        e.put("KEXEC_INSPECT_CDS", "off");   // no archive of another jar
        e.put("KEXEC_INSPECT_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        e.putAll(env);
        try {
            tmux(socket, e, "-f", "/dev/null", "new-session", "-d", "-x", "80", "-y", "24", "-s", "t", "-c",
                    workDir.toString(), "/bin/sh");
            waitFor(socket, e, s -> prompt(s), "a shell prompt");
            tmux(socket, e, "send-keys", "-t", "t", command, "Enter");
            waitFor(socket, e, s -> s.contains(command) && prompt(s.substring(s.indexOf(command))), command + " to finish");
            String text = tmux(socket, e, "capture-pane", "-p", "-t", "t");
            String escaped = tmux(socket, e, "capture-pane", "-p", "-e", "-t", "t");
            List<String> lines = List.of(text.split("\n", -1));
            assertTrue(lines.size() <= 25, "an 80x24 pane: " + lines.size());
            for (String l : lines) {
                assertTrue(l.length() <= 80, "an 80-column pane: " + l);
            }
            return new Screen(lines, escaped);
        } finally {
            tmux(socket, e, "kill-server");
        }
    }

    /** The last non-blank line is a shell's prompt ("$" or root's "#"), with nothing typed after it. */
    private static boolean prompt(String history) {
        List<String> ls = history.lines().map(String::stripTrailing).filter(l -> !l.isEmpty()).toList();
        return !ls.isEmpty() && (ls.get(ls.size() - 1).equals("$") || ls.get(ls.size() - 1).equals("#"));
    }

    private static void waitFor(String socket, Map<String, String> env, java.util.function.Predicate<String> done,
            String what) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        String last = "";
        while (System.nanoTime() < until) {
            last = tmux(socket, env, "capture-pane", "-p", "-S", "-", "-t", "t");   // the history too
            if (done.test(last)) {
                return;
            }
            Thread.sleep(100);
        }
        fail("waited two minutes for " + what + "; the pane shows:\n" + last);
    }

    private static String tmux(String socket, Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-S", socket));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException x) {
            return fail("tmux is needed to see the report as a terminal shows it (apt-get install tmux): " + x.getMessage());
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("tmux " + String.join(" ", args) + " did not finish");
        }
        if (p.exitValue() != 0 && !args[0].equals("kill-server")) {
            fail("tmux " + String.join(" ", args) + " exited " + p.exitValue() + ": " + out);
        }
        return out;
    }

    /**
     * The report as the same code prints it in this JVM for the title the screen shows (80 columns, no
     * colour), from the verdict to the map's legend: the lines the screen must show, contiguous.
     */
    static List<String> expected(Path root, String shown) throws Exception {
        Prediction p;
        try (Root r = Captures.open(root, shown)) {
            p = Predictor.predict(Collector.collect(r, SystemCalls.recorded(r)), Assumptions.NONE);
        }
        List<String> all = Report.lines("kexec-inspect diagnose: " + shown, p,
                new Report.Options(false, Style.OFF, 80));
        int verdict = all.indexOf(p.summary().headline() + (p.verdict() == Verdict.UNKNOWN ? " (--explain)" : ""));
        assertTrue(verdict > 0, all.toString());
        return all.subList(verdict, all.size() - 1);   // the last is the blank line after the map
    }

    static void assertFirstScreen(String what, Screen s, List<String> report) {
        String text = s.text();
        assertTrue(text.contains(String.join("\n", report)), what + ": the first screen holds the report from the verdict to"
                + " the map's legend:\n" + text + "\n--- expected ---\n" + String.join("\n", report));
        String verdict = report.get(0);
        assertTrue(s.lines().contains(verdict), what + ": the verdict");
        assertTrue(s.lines().stream().anyMatch(l -> l.startsWith("  1. ") || l.startsWith("Do this: nothing")),
                what + ": the first remedy, or what to find out, or that nothing is to do:\n" + text);
        assertTrue(s.lines().stream().anyMatch(l -> l.startsWith("MMIO map")), what + ": the map");
        assertTrue(s.lines().stream().anyMatch(l -> l.startsWith("= VMBus MMIO") || l.startsWith("MMIO map: no MMIO")),
                what + ": the whole map, its legend too:\n" + text);
    }

    @Test
    void theFirstScreenHoldsTheVerdictTheFirstRemedyAndTheMapOnEveryHandMadeCapture() throws Exception {
        for (String c : HAND_MADE) {
            Screen s = screen(CAPS, Map.of(), "kexec-inspect diagnose --root " + c);
            assertFirstScreen(c, s, expected(CAPS.resolve(c), c));
            assertTrue(s.lines().contains("kexec-inspect diagnose: " + c), c + ": and the title:\n" + s.text());
        }
    }

    @Test
    void theFirstScreenHoldsTheVerdictTheFirstRemedyAndTheMapOnTheQemuCaptures() throws Exception {
        Path trees = Files.createDirectories(dir.resolve("qemu"));
        List<Path> stages = new ArrayList<>(QemuCaptures.stages());
        stages.add(Inputs.qemuRun("d13-bochs-c", "first"));
        stages.add(Inputs.qemuRun("sid-efifb-s", "first"));
        for (Path stage : stages) {
            Path root = QemuCaptures.tree(stage, trees);
            Screen s = screen(trees, Map.of(), "kexec-inspect diagnose --root " + root.getFileName());
            assertFirstScreen(stage.toString(), s, expected(root, root.getFileName().toString()));
        }
    }

    /** A terminal gets colour (tmux reports it with -e); NO_COLOR and --color never take it away, only it. */
    @Test
    void aTerminalGetsColourUnlessNoColorOrNever() throws Exception {
        String cmd = "kexec-inspect diagnose --root gen2-local-x86";
        Screen auto = screen(CAPS, Map.of(), cmd);
        assertTrue(auto.escaped().contains("\033["), "colour on a terminal:\n" + auto.escaped());
        Screen noColor = screen(CAPS, Map.of("NO_COLOR", "1"), cmd);
        assertFalse(noColor.escaped().contains("\033["), "NO_COLOR=1:\n" + noColor.escaped());
        Screen never = screen(CAPS, Map.of(), cmd + " --color never");
        assertFalse(never.escaped().contains("\033["), "--color never:\n" + never.escaped());
        assertEquals(auto.text(), noColor.text(), "colour or not, the same characters on the screen");
    }
}
