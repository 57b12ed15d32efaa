package org.kexecinspect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexecinspect.cli.text.Lead;
import org.kexecinspect.cli.text.MmioMap;
import org.kexecinspect.testing.Cli;
import org.kexecinspect.testing.Inputs;
import org.kexecinspect.testing.QemuCaptures;

/**
 * The text report of diagnose and predict as a person sees it: the answer first (at most 12 lines at
 * 80 columns: the verdict, what to do, why), then the MMIO map in at most 10; the evidence with
 * --explain; colour only when asked for or on a terminal. On every hand-made capture and on the real
 * QEMU captures.
 */
class ShortReportTest {
    static final Path CAPS = Inputs.projectDir().resolve("native-fixtures/hyperv-captures");
    static final List<String> HAND_MADE = List.of("gen2-local-x86", "gen2-azure-x86", "gen2-local-arm64",
            "gen2-azure-cvm-x86", "gen1-local-x86");
    @TempDir Path tmp;

    /** The report's lines, split at the map: the lead, then the map. */
    record Shown(List<String> lead, List<String> map, List<String> all) {
        static Shown of(String out) {
            List<String> all = List.of(out.split("\n", -1));
            List<String> lead = new ArrayList<>();
            List<String> map = new ArrayList<>();
            boolean inMap = false;
            for (String l : all) {
                inMap |= l.startsWith("MMIO map");
                if (inMap && l.isEmpty()) {
                    break;
                }
                (inMap ? map : lead).add(l);
            }
            return new Shown(lead, map, all);
        }
    }

    static void assertShort(String what, Shown r) {
        assertTrue(r.lead().size() <= Lead.MAX_LINES, what + ": a lead of " + r.lead().size() + " lines:\n"
                + String.join("\n", r.lead()));
        assertTrue(!r.map().isEmpty() && r.map().size() <= MmioMap.MAX_LINES, what + ": a map of " + r.map().size() + " lines");
        for (String l : r.all()) {
            assertTrue(l.length() <= 80, what + ": wider than 80 columns: " + l);
            assertFalse(l.contains("\033"), what + ": colour where none was asked for: " + l);
        }
        // the title may wrap (a long path goes to its own line); the verdict follows it, in words
        int verdict = -1;
        for (int i = 0; i < r.lead().size() && verdict < 0; i++) {
            verdict = r.lead().get(i).matches("(kdump will fail|kdump is at risk|kdump looks safe|cannot tell).*") ? i : -1;
        }
        assertTrue(verdict >= 1 && verdict <= 2, what + ": the verdict right after the title, in words:\n"
                + String.join("\n", r.lead()));
    }

    @Test
    void diagnoseLeadsWithTheAnswerOnEveryHandMadeCapture() {
        for (String c : HAND_MADE) {
            Cli.Result r = Cli.run("diagnose", "--root", CAPS.resolve(c).toString());
            assertTrue(r.exit() <= 4, c + ": " + r.err());
            assertShort(c, Shown.of(r.out()));
            assertFalse(r.out().contains("(native-fixtures/"), c + ": evidence only with --explain");
        }
    }

    @Test
    void predictLeadsWithTheAnswerForEachCapture() {
        List<String> args = new ArrayList<>(List.of("predict"));
        HAND_MADE.forEach(c -> args.add(CAPS.resolve(c).toString()));
        Cli.Result r = Cli.run(args.toArray(new String[0]));
        String[] reports = r.out().split("\n\n");
        assertEquals(HAND_MADE.size(), reports.length, r.out());
        for (int i = 0; i < reports.length; i++) {
            assertTrue(reports[i].startsWith(CAPS.resolve(HAND_MADE.get(i)) + ":"), reports[i]);
            assertShort(HAND_MADE.get(i), Shown.of(reports[i] + "\n"));
        }
    }

    @Test
    void diagnoseLeadsWithTheAnswerOnTheRealQemuCaptures() {
        List<Path> stages = new ArrayList<>(QemuCaptures.stages());
        for (String run : List.of("d13-bochs-c", "sid-efifb-s")) {
            stages.add(Inputs.qemuRun(run, "first"));
            stages.add(Inputs.qemuRun(run, "kdump"));
        }
        for (Path stage : stages) {
            Path root = QemuCaptures.tree(stage, tmp);
            Cli.Result r = Cli.run("diagnose", "--root", root.toString());
            assertTrue(r.exit() <= 4, stage + ": " + r.err());
            assertShort(stage.toString(), Shown.of(r.out()));
        }
    }

    /** The reported case: the remedy is a file and a line, the map marks the overlap. */
    @Test
    void theWillFailCaseSaysWhatToChangeAndShowsTheOverlap() {
        Cli.Result r = Cli.run(DiagnosePreflightTest.withArgs("diagnose", "--assume", "kdumpKernel.hasFbReserveFix=false")
                .toArray(new String[0]));
        assertEquals(1, r.exit(), r.err());
        Shown rep = Shown.of(r.out());
        assertShort("will-fail", rep);
        int at = rep.lead().indexOf("kdump will fail on this VM: the crash kernel will lose its NVMe root disk");
        assertTrue(at == 1 || at == 2, "after the title (whose long path may take a line of its own): " + rep.lead());
        assertEquals(List.of("Do this (any one is enough):", "  1. Set KDUMP_KEXEC_ARGS=\"-s\" in /etc/default/kdump-tools"),
                rep.lead().subList(at + 1, at + 3));
        assertTrue(rep.lead().contains("Why (--explain gives the evidence):"), rep.lead().toString());
        assertTrue(rep.lead().contains("  the host refuses it, and the NVMe root /dev/nvme0n1p1 is lost: no dump"),
                rep.lead().toString());
        assertTrue(rep.map().stream().anyMatch(l -> l.startsWith("config win  |X")), rep.map().toString());
        assertTrue(rep.map().contains("X = config window f8000000-f8001fff on the framebuffer f8000000-f87fffff"),
                rep.map().toString());
    }

    /** --explain and -v add today's chain with evidence and sources; the JSON is the same with or without. */
    @Test
    void explainAddsTheEvidenceAndTheJsonKeepsEverythingEitherWay() {
        String root = CAPS.resolve("gen2-local-x86").toString();
        Cli.Result shortOne = Cli.run("diagnose", "--root", root);
        Cli.Result explained = Cli.run("diagnose", "--explain", "--root", root);
        Cli.Result v = Cli.run("diagnose", "-v", "--root", root);
        assertEquals(explained.out(), v.out());
        assertTrue(explained.out().startsWith(shortOne.out().stripTrailing()), "the same lead and map first");
        for (String s : List.of("Load paths (configured: kexec_load)", "kexec_load (used): orig_video_isVGA 0x00",
                "MMIO in the kdump kernel", "Findings", "warning: The kdump kernel will receive lfb_base 0",
                "caveat: then reload the kdump kernel: systemctl restart kdump-tools",
                "kexec-tools kexec/arch/i386/x86-linux-setup.c setup_linux_vesafb()")) {
            assertTrue(explained.out().contains(s), s + " in:\n" + explained.out());
        }
        for (String l : explained.out().split("\n")) {
            assertTrue(l.length() <= 80 || !l.strip().contains(" "), "wrapped at 80 unless one word is longer: " + l);
        }
        assertEquals(Cli.run("diagnose", "--format", "json", "--root", root).json().get("diagnoses").get(0).get("prediction"),
                Cli.run("diagnose", "--format", "json", "--explain", "--root", root).json().get("diagnoses").get(0)
                        .get("prediction"));
    }

    @Test
    void colourOnlyWhenAskedOrOnATerminal() {
        String[] will = DiagnosePreflightTest.withArgs("diagnose", "--assume", "kdumpKernel.hasFbReserveFix=false")
                .toArray(new String[0]);
        Cli.Result always = Cli.run(concat(will, "--color", "always"));
        assertTrue(always.out().contains("\033[1;31mkdump will fail on this VM"), "the verdict in red:\n" + always.out());
        assertTrue(always.out().contains("\033[1;31mX\033[0m"), "the overlap in red");
        assertEquals(Cli.run(will).out(), always.out().replaceAll("\033\\[[0-9;]*m", ""), "colour adds nothing but colour");
        for (String when : List.of("never", "auto")) {
            Cli.Result r = Cli.run(concat(will, "--color", when));
            assertFalse(r.out().contains("\033"), when + ": the tests' standard output is no terminal");
        }
        assertEquals(2, Cli.run(concat(will, "--color", "sometimes")).exit(), "a usage error");
        // auto: a terminal, and NO_COLOR unset or empty (https://no-color.org/)
        assertTrue(ColorOption.resolve(ColorOption.When.auto, Map.of(), true));
        assertTrue(ColorOption.resolve(ColorOption.When.auto, Map.of("NO_COLOR", ""), true));
        assertFalse(ColorOption.resolve(ColorOption.When.auto, Map.of("NO_COLOR", "1"), true));
        assertFalse(ColorOption.resolve(ColorOption.When.auto, Map.of(), false));
        assertTrue(ColorOption.resolve(ColorOption.When.always, Map.of("NO_COLOR", "1"), false), "asked for is asked for");
        assertFalse(ColorOption.resolve(ColorOption.When.never, Map.of(), true));
    }

    /** The README shows the report of the hand-made local capture as diagnose prints it, line for line. */
    @Test
    void theReadmeShowsTheReportAsItIs() throws Exception {
        String shown = "native-fixtures/hyperv-captures/gen2-local-x86";
        String prompt = "$ target/kexec-inspect diagnose --root " + shown;
        List<String> readme = java.nio.file.Files.readAllLines(Inputs.projectDir().resolve("README.md"));
        int at = readme.indexOf(prompt);
        assertTrue(at > 0, "README.md shows " + prompt);
        List<String> rest = readme.subList(at + 1, readme.size());
        List<String> block = rest.subList(0, rest.indexOf("```"));
        org.kexecinspect.model.Prediction p;
        try (org.kexecinspect.facts.Root r = org.kexecinspect.facts.Captures.open(Inputs.projectDir().resolve(shown), shown)) {
            p = org.kexecinspect.model.Predictor.predict(org.kexecinspect.facts.Collector.collect(r,
                    org.kexecinspect.facts.SystemCalls.recorded(r)), org.kexecinspect.model.Assumptions.NONE);
        }
        List<String> printed = Report.lines("kexec-inspect diagnose: " + shown, p,
                new Report.Options(false, org.kexecinspect.cli.text.Style.OFF, 80));
        assertEquals(printed.subList(0, printed.size() - 1), block);
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
