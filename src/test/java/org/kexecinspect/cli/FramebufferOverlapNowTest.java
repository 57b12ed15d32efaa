package org.kexecinspect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexecinspect.testing.Cli;
import org.kexecinspect.testing.Inputs;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A collision the running kernel's /proc/iomem already shows: pci_hyperv's config window on the
 * host's framebuffer. The real text is Vitaly Kuznetsov's Gen1 excerpt posted to linux-hyperv
 * ([ML 20220827130345.1320254-1-vkuznets@redhat.com]; README beside it), read by eye:
 * {@code f8000000-f8001fff : bb8c4f33-...} inside {@code f8000000-fbffffff : 0000:00:08.0}, the
 * bridge window of the same VMBus device holding {@code 2ba2:00:02.0} claimed by mlx4_core. The clean
 * text is Dexuan Cui's complete 2026 Gen1 iomem, where hyperv_drm's VRAM sits high and nothing is in
 * the BAR. Expected values are read off the texts, not off this tool's output.
 */
class FramebufferOverlapNowTest {

    static final Path OWN = Inputs.projectDir().resolve("src/test/resources/org/kexecinspect/format/text/iomem");
    static final Path HYPERV = Inputs.projectDir().resolve("native-fixtures/hyperv-captures");
    static final Path DECUI = Inputs.captures().resolve("real-world/decui-2026-gen1-local-7680x4320.iomem.txt");
    static final String CODE = "framebuffer-overlap-now";
    static final String PASS_THROUGH = "bb8c4f33-2ba2-4808-9f7f-02f3b4da22fe";

    @TempDir Path tmp;

    static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    Path write(String name, String text) {
        try {
            Path p = tmp.resolve(name);
            Files.writeString(p, text, StandardCharsets.UTF_8);
            return p;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The posted excerpt without the author's "..." lines; each stretch between them is verbatim (README). */
    static String withoutElisions(String file) {
        StringBuilder b = new StringBuilder();
        for (String line : read(OWN.resolve(file)).split("\n")) {
            if (!line.equals("...")) {
                b.append(line).append('\n');
            }
        }
        return b.toString();
    }

    static List<JsonNode> findings(JsonNode prediction, String code) {
        List<JsonNode> out = new ArrayList<>();
        prediction.get("findings").forEach(f -> {
            if (f.get("code").asText().equals(code)) {
                out.add(f);
            }
        });
        return out;
    }

    static JsonNode onlyPrediction(Cli.Result r) {
        JsonNode ps = r.json().get("predictions");
        assertEquals(1, ps.size());
        return ps.get(0).get("prediction");
    }

    /** The one finding, its message naming both ranges and the devices, its remedy the cost and the fix. */
    static JsonNode assertGen1Collision(JsonNode prediction) {
        List<JsonNode> fs = findings(prediction, CODE);
        assertEquals(1, fs.size(), prediction.toString());
        JsonNode f = fs.get(0);
        assertEquals("error", f.get("severity").asText());
        String m = f.get("message").asText();
        for (String s : List.of("f8000000-f8001fff", "f8000000-fbffffff", "0000:00:08.0", PASS_THROUGH,
                "config window", "2ba2:00:02.0 (mlx4_core)")) {
            assertTrue(m.contains(s), s + " in: " + m);
        }
        String remedy = f.get("remedy").asText();
        for (String s : List.of("can't reserve", "c0370048", "2a8a8afba0c3")) {
            assertTrue(remedy.contains(s), s + " in: " + remedy);
        }
        return f;
    }

    // ---- predict --iomem: the running kernel's iomem alone

    @Test
    void theRealGen1CollisionThroughPredictIomem() {
        Path iomem = write("before.iomem", withoutElisions("vkuznets-2022-gen1-hv_pci-before.iomem.txt"));
        Cli.Result r = Cli.run("predict", "--format", "json", "--iomem", iomem.toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        JsonNode p = onlyPrediction(r);
        assertGen1Collision(p);
        assertEquals(CODE, p.get("findings").get(0).get("code").asText(), "the lead finding");
        assertEquals("at-risk", p.get("verdict").asText());

        Cli.Result text = Cli.run("predict", "--iomem", iomem.toString());
        assertEquals(1, text.exit());
        assertTrue(text.out().contains("\nkdump is at risk on this VM: a device already sits on the screen memory\n"),
                text.out());
        assertTrue(text.out().contains("\n  /proc/iomem already shows a device on the framebuffer: the host may refuse it\n"),
                text.out());
        Cli.Result explained = Cli.run("predict", "--explain", "--iomem", iomem.toString());
        assertTrue(explained.out().replaceAll("\n +", " ").contains("error: The running kernel's /proc/iomem already shows"
                + " f8000000-f8001fff"), explained.out());
    }

    @Test
    void theSecondExcerptOfTheSameMailShowsTheSameWindowButNotTheVramBesideItAsACollision() {
        // by eye: hyperv_drm's "f8100000-f88fffff : 5620e0c7-..." also sits in the BAR: the framebuffer's own user
        Path iomem = write("after.iomem", withoutElisions("vkuznets-2022-gen1-hv_pci-after.iomem.txt"));
        Cli.Result r = Cli.run("predict", "--format", "json", "--iomem", iomem.toString());
        assertEquals(1, r.exit(), r.err());
        JsonNode f = findings(onlyPrediction(r), CODE).get(0);
        String m = f.get("message").asText();
        assertTrue(m.contains("f8000000-f8001fff") && m.contains(PASS_THROUGH), m);
        assertTrue(!m.contains("f8100000-f88fffff"), m);
    }

    @Test
    void theCleanGen1TextGivesNoSuchFinding() {
        Cli.Result r = Cli.run("predict", "--format", "json", "--iomem", DECUI.toString());
        assertEquals(List.of(), findings(onlyPrediction(r), CODE), r.out());
        Cli.Result inspect = Cli.run("inspect", "--format", "json", DECUI.toString());
        assertEquals(0, inspect.exit(), inspect.err());
        JsonNode io = inspect.json().get("artifacts").get(0).get("iomem");
        assertEquals(0, io.get("findings").size());
        // by eye: "  f8000000-fbffffff : 0000:00:08.0", nothing inside it
        assertEquals("gen1-legacy-video-bar", io.get("hostFramebuffer").get("kind").asText());
        assertEquals(0xf8000000L, Long.decode(io.get("hostFramebuffer").get("start").asText()));
    }

    @Test
    void inspectOnTheLoneTextReportsTheFramebufferAndTheFinding() {
        Path iomem = write("before.iomem", withoutElisions("vkuznets-2022-gen1-hv_pci-before.iomem.txt"));
        Cli.Result r = Cli.run("inspect", "--format", "json", iomem.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode io = r.json().get("artifacts").get(0).get("iomem");
        assertEquals("0000:00:08.0", io.get("hostFramebuffer").get("device").asText());
        assertEquals(CODE, io.get("findings").get(0).get("code").asText());
    }

    // ---- captures: the hand-made Gen1 capture with the real colliding iomem swapped in

    Path captureWith(String capture, String iomem) {
        Path dir = tmp.resolve(capture);
        Inputs.copyTree(HYPERV.resolve(capture), dir);
        try {
            Files.writeString(dir.resolve("proc/iomem"), iomem, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return dir;
    }

    @Test
    void aGen1CaptureWithTheRealCollisionIsAtRiskNotOk() {
        Path cap = captureWith("gen1-local-x86", withoutElisions("vkuznets-2022-gen1-hv_pci-before.iomem.txt"));
        Cli.Result r = Cli.run("predict", "--format", "json", cap.toString());
        assertEquals(1, r.exit(), r.err());
        JsonNode p = onlyPrediction(r);
        JsonNode f = assertGen1Collision(p);
        // the capture's sysfs says 0000:00:08.0 is 1414:5353 (README table): the BAR is named from it
        assertTrue(f.get("message").asText().contains("1414:5353"), f.get("message").asText());
        assertEquals("at-risk", p.get("verdict").asText(), "a Gen1 VM is ok by screen_info, not with the window already on the BAR");
        assertEquals(1, findings(p, "gen1").size(), "the Gen1 note stays");

        Cli.Result diagnose = Cli.run("diagnose", "--root", cap.toString(), "--format", "json");
        assertEquals(1, diagnose.exit(), diagnose.err());
        assertTrue(diagnose.out().contains(CODE), diagnose.out());

        Cli.Result inspect = Cli.run("inspect", "--format", "json", cap.toString());
        assertEquals(0, inspect.exit(), inspect.err());
        JsonNode io = inspect.json().get("artifacts").get(0).get("facts").get("iomem");
        assertEquals(CODE, io.get("findings").get(0).get("code").asText());
    }

    @Test
    void theGen1CaptureAsMadeHasNoCollision() {
        Cli.Result r = Cli.run("predict", "--format", "json", HYPERV.resolve("gen1-local-x86").toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(List.of(), findings(onlyPrediction(r), CODE));
    }

    // ---- Gen2: the synthetic video's allocation is the host's framebuffer

    @Test
    void aGen2VmbusAllocationOnTheSyntheticVideoIsFound() {
        // gen2-local-x86's iomem with pci_hyperv's config window moved from f8800000, just past hyperv_drm's
        // 8 MiB, to the start of that VRAM: constructed (no Gen2 iomem with a collision was found posted);
        // a text can only show two overlapping ranges nested
        String made = read(HYPERV.resolve("gen2-local-x86/proc/iomem"));
        String window = "f8800000-f8801fff : 8625029d-d7c3-5f52-9fa9-4d32f2e1c66f\n";
        String video = "f8000000-f87fffff : 5620e0c7-8062-4dce-aeb7-520c7ef76171\n";
        assertTrue(made.contains(video + window), "the capture as README describes it");
        Path cap = captureWith("gen2-local-x86", made.replace(video + window,
                video + "  f8000000-f8001fff : 8625029d-d7c3-5f52-9fa9-4d32f2e1c66f\n"));
        Cli.Result r = Cli.run("predict", "--format", "json", cap.toString());
        assertEquals(1, r.exit(), r.err());
        JsonNode p = onlyPrediction(r);
        List<JsonNode> fs = findings(p, CODE);
        assertEquals(1, fs.size(), p.toString());
        String m = fs.get(0).get("message").asText();
        // the NVMe function behind the same VMBus device: "fe0000000-fe0003fff : d7c3:00:00.0" / "nvme"
        for (String s : List.of("f8000000-f8001fff", "f8000000-f87fffff", "8625029d-d7c3-5f52-9fa9-4d32f2e1c66f",
                "5620e0c7-8062-4dce-aeb7-520c7ef76171", "d7c3:00:00.0 (nvme)")) {
            assertTrue(m.contains(s), s + " in: " + m);
        }
        assertTrue(fs.get(0).get("remedy").asText().contains("016a25e4b0df"), fs.get(0).get("remedy").asText());
        assertTrue(List.of("at-risk", "will-fail").contains(p.get("verdict").asText()));

        Cli.Result asMade = Cli.run("predict", "--format", "json", HYPERV.resolve("gen2-local-x86").toString());
        assertEquals(List.of(), findings(onlyPrediction(asMade), CODE), "f8800000 is just past the VRAM");
    }

    @Test
    void aGen2WindowInsideTheFirmwareFramebufferIsFound() {
        // constructed: sysfb's BOOTFB device that no driver claimed (a platform resource, not busy, so a
        // request may nest inside it), pci_hyperv's window at its start; no synthetic video allocation yet
        String text = """
                00000000-00000fff : Reserved
                00001000-0009ffff : System RAM
                00100000-5ed1cfff : System RAM
                f8000000-f82fffff : BOOTFB
                  f8000000-f8001fff : 8625029d-d7c3-5f52-9fa9-4d32f2e1c66f
                fe0000000-fe0003fff : 8625029d-d7c3-5f52-9fa9-4d32f2e1c66f
                  fe0000000-fe0003fff : d7c3:00:00.0
                    fe0000000-fe0003fff : nvme
                """;
        Cli.Result r = Cli.run("predict", "--format", "json", "--iomem", write("bootfb.iomem", text).toString());
        assertEquals(1, r.exit(), r.err());
        String m = findings(onlyPrediction(r), CODE).get(0).get("message").asText();
        assertTrue(m.contains("f8000000-f82fffff") && m.contains("BOOTFB") && m.contains("d7c3:00:00.0 (nvme)"), m);
    }

    // ---- excerpts the reader refuses: one error naming the file, the byte offset and the line; exit 3

    @Test
    void theExcerptAsPostedIsOneClearError() {
        Path posted = OWN.resolve("vkuznets-2022-gen1-hv_pci-before.iomem.txt");
        for (String command : List.of("predict --iomem", "inspect")) {
            List<String> args = new ArrayList<>(List.of(command.split(" ")));
            args.add(posted.toString());
            Cli.Result r = Cli.run(args.toArray(String[]::new));
            assertEquals(3, r.exit(), command + ": " + r.out() + r.err());
            assertEquals(1, r.errLines().length, r.err());
            // by eye: the first line is the author's "..."
            assertTrue(r.err().startsWith("kexec-inspect: " + posted + ": offset 0x0: line 1: malformed:"), r.err());
        }
    }

    @Test
    void wrongIndentationAndAMissingSeparatorAreOneErrorEach() {
        String first = "f8000000-fffbffff : PCI Bus 0000:00\n";   // 36 bytes
        record Bad(String name, String text, String where) {}
        for (Bad b : List.of(
                new Bad("odd", first + "   f8000000-fbffffff : 0000:00:08.0\n", "offset 0x24: line 2: malformed: indented by an odd"),
                new Bad("deep", first + "    f8000000-fbffffff : 0000:00:08.0\n", "offset 0x24: line 2: indented 2 levels"),
                new Bad("colon", first + "  f8000000-fbffffff 0000:00:08.0\n", "offset 0x24: line 2: malformed: no \" : \""))) {
            Path p = write(b.name() + ".iomem", b.text());
            Cli.Result r = Cli.run("predict", "--format", "json", "--iomem", p.toString());
            assertEquals(3, r.exit(), b.name() + ": " + r.err());
            assertEquals(1, r.errLines().length, r.err());
            assertTrue(r.err().startsWith("kexec-inspect: " + p + ": " + b.where()), r.err());
            JsonNode rec = r.json().get("predictions").get(0);
            assertTrue(rec.get("prediction").isNull(), "no prediction from a text that was not read");
            Cli.Result inspect = Cli.run("inspect", p.toString());
            assertEquals(3, inspect.exit(), inspect.err());
            assertTrue(inspect.err().contains(b.where()), inspect.err());
        }
    }
}
