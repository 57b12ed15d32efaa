package org.kexecinspect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexecinspect.cli.render.JsonPrinter;
import org.kexecinspect.facts.CaptureWriter;
import org.kexecinspect.facts.Captures;
import org.kexecinspect.facts.Collector;
import org.kexecinspect.facts.DirectoryRoot;
import org.kexecinspect.facts.Root;
import org.kexecinspect.facts.SystemCalls;
import org.kexecinspect.facts.SystemFacts;
import org.kexecinspect.live.LiveCalls;
import org.kexecinspect.testing.Cli;
import org.kexecinspect.testing.Inputs;
import org.kexecinspect.testing.JsonContract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Live collection and capture reading are the same code over two roots: this machine's facts read
 * live, from a capture that `capture` wrote, and from one the shell collector wrote, are the same
 * (sources aside, which name where each came from).
 */
class CaptureRoundTripTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path SCRIPT = Inputs.projectDir().resolve("src/main/sh/kexec-inspect-capture");

    @TempDir static Path tmp;
    static JsonNode live;

    @BeforeAll
    static void readLive() throws Exception {
        try (Root root = DirectoryRoot.live(Path.of("/"))) {
            live = values(Collector.collect(root, new LiveCalls()));
        }
    }

    /** The facts of a record, without the parts that say where they came from. */
    static JsonNode values(SystemFacts f) throws Exception {
        StringWriter w = new StringWriter();
        JsonPrinter.lines(w, List.of(DescribeFacts.facts(f)));
        JsonNode n = JSON.readTree(w.toString()).get("facts");
        JsonContract.check(n.toString(), "facts", "the facts of " + f.root());
        strip(n);
        return n;
    }

    static void strip(JsonNode n) {
        if (n instanceof ObjectNode o) {
            o.remove("source");
            o.remove("unknown");
            for (Iterator<JsonNode> it = o.elements(); it.hasNext(); ) {
                strip(it.next());
            }
        } else if (n.isArray()) {
            n.forEach(CaptureRoundTripTest::strip);
        }
    }

    static JsonNode fromCapture(Path capture) throws Exception {
        try (Root root = Captures.open(capture, capture.toString())) {
            assertTrue(root.notes().isEmpty(), root.notes().toString());
            return values(Collector.collect(root, SystemCalls.recorded(root)));
        }
    }

    @Test
    void aCaptureWrittenByCaptureGivesTheLiveFacts() throws Exception {
        Path out = tmp.resolve("java.tar.gz");
        try (Root root = DirectoryRoot.live(Path.of("/"))) {
            LiveCalls calls = new LiveCalls();
            SystemFacts f = Collector.collect(root, calls);
            new CaptureWriter(root, calls, "kexec-inspect", "test", 1000).write(Collector.plan(f, true), out, "top", Instant.now());
        }
        assertEquals(live, fromCapture(out));
        assertFalse(live.get("arch").isNull(), "this machine's architecture is known live");
    }

    @Test
    void aCaptureWrittenByTheShellCollectorGivesTheSameFacts() throws Exception {
        Path out = tmp.resolve("shell.tar.gz");
        Process p = new ProcessBuilder("sh", SCRIPT.toString(), "-o", out.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), log);
        assertEquals(live, fromCapture(out));
    }

    @Test
    void inspectReadsACaptureDirectoryAndArchiveAlike() throws Exception {
        Path dir = tmp.resolve("dir");
        Cli.Result w = Cli.run("capture", "-o", dir.toString());
        assertEquals(0, w.exit(), w.err());
        assertTrue(Files.isRegularFile(dir.resolve("kexec-inspect/manifest.json")));
        Cli.Result r = Cli.run("inspect", "-f", "json", dir.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode rec = r.json().get("artifacts").get(0);
        assertEquals("capture", rec.get("kind").asText());
        assertEquals("kexec-inspect", rec.get("capture").get("collector").asText());
        JsonNode facts = rec.get("facts");
        strip(facts);
        assertEquals(live, facts);
    }

    @Test
    void captureRefusesToOverwrite() throws Exception {
        Path exists = Files.writeString(tmp.resolve("exists.tar.gz"), "keep me");
        Cli.Result r = Cli.run("capture", "-o", exists.toString());
        assertEquals(3, r.exit());
        assertEquals(1, r.errLines().length, r.err());
        assertTrue(r.err().contains("already exists"), r.err());
        assertEquals("keep me", Files.readString(exists));
    }

    /** What only root can read is recorded as such: a capture by nobody has /proc/iomem with every address 0. */
    @Test
    void aCaptureByNobodySaysWhatOnlyRootCouldRead() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(org.kexecinspect.testing.AsNobody.root(), "needs root to become nobody");
        Path work = Files.createTempDirectory(Path.of("/tmp"), "kexec-inspect-nobody-out-");
        Files.setPosixFilePermissions(work, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        try {
            Cli.Result w = org.kexecinspect.testing.AsNobody.run(work, "capture", "-o", work.resolve("cap").toString());
            assertEquals(0, w.exit(), w.err());
            Cli.Result r = Cli.run("inspect", "-f", "json", work.resolve("cap").toString());
            assertEquals(0, r.exit(), r.err());
            JsonNode rec = r.json().get("artifacts").get(0);
            assertEquals(65534, rec.get("capture").get("uid").asInt());
            JsonNode iomem = rec.get("facts").get("iomem");
            assertTrue(iomem.get("addressesHidden").asBoolean(), iomem.toString());
            assertTrue(iomem.get("crashKernel").isNull());
            assertTrue(iomem.get("unknown").get("crashKernel").asText().startsWith("not permitted"), iomem.toString());
            // the same machine as root shows the addresses
            assertFalse(live.get("iomem").get("addressesHidden").asBoolean());
        } finally {
            try (var walk = Files.walk(work)) {
                for (Path q : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(q);
                }
            }
        }
    }

    /** A link that leads out of the trees a capture copies is not followed; its file stays out. */
    @Test
    void aLinkOutOfTheCopiedTreesIsNotFollowed() throws Exception {
        Path fake = tmp.resolve("fake-root");
        Files.createDirectories(fake.resolve("etc/default"));
        Files.createDirectories(fake.resolve("home"));
        Files.writeString(fake.resolve("home/secret"), "USE_KDUMP=1\n# a secret\n");
        Files.createSymbolicLink(fake.resolve("etc/default/kdump-tools"), fake.resolve("home/secret"));
        Files.createDirectories(fake.resolve("proc"));
        Files.writeString(fake.resolve("proc/cmdline"), "quiet\n");
        Path out = tmp.resolve("fake.tar.gz");
        try (Root root = DirectoryRoot.live(fake)) {
            SystemCalls calls = SystemCalls.recorded(root);
            SystemFacts f = Collector.collect(root, calls);
            var res = new CaptureWriter(root, calls, "kexec-inspect", "test", 1000).write(Collector.plan(f, false), out, "top", Instant.now());
            assertTrue(res.notRead().stream().anyMatch(n -> n.path().equals("etc/default/kdump-tools")
                    && n.reason().startsWith("not collected: a link to")), res.notRead().toString());
        }
        try (Root cap = Captures.open(out, "fake.tar.gz")) {
            assertFalse(cap.read("etc/default/kdump-tools", 1000).known());
            assertTrue(cap.read("proc/cmdline", 1000).known());
        }
    }

    /** Captures come as tar, tar.xz and tar.zst too, made here by GNU tar and the real compressors. */
    @Test
    void everyArchiveFormatReadsTheSame() throws Exception {
        Path dir = tmp.resolve("fmt");
        Cli.Result w = Cli.run("capture", "-o", dir.toString());
        assertEquals(0, w.exit(), w.err());
        for (String flag : List.of("", "--xz", "--zstd")) {
            Path archive = tmp.resolve("fmt.tar" + (flag.isEmpty() ? "" : flag.equals("--xz") ? ".xz" : ".zst"));
            List<String> cmd = new java.util.ArrayList<>(List.of("tar", "-C", tmp.toString(), "-cf", archive.toString()));
            if (!flag.isEmpty()) {
                cmd.add(1, flag);
            }
            cmd.add("fmt");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.waitFor(), log);
            assertEquals(fromCapture(dir), fromCapture(archive), archive.toString());
        }
    }
}
