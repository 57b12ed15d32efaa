package org.kexecinspect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kexecinspect.testing.Cli;
import org.kexecinspect.testing.FailingConsoles;
import org.kexecinspect.testing.Inputs;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code postmortem} as a user runs it: the real QEMU consoles as they are, compressed by the real tools,
 * through a pipe and standard input, the failing consoles of {@link FailingConsoles}, and bad input.
 */
class PostmortemCommandTest {

    @TempDir Path tmp;

    static Path console(String name) {
        return Inputs.captures().resolve("qemu-kdump-consoles").resolve(name);
    }

    @Test
    void theJsonContractHoldsBootsEventsOutcomeAndCause() throws Exception {
        Path log = console(FailingConsoles.SID);
        List<String> lines = FailingConsoles.console(FailingConsoles.SID);
        Cli.Result r = Cli.run("postmortem", "--format", "json", log.toString());
        assertEquals(ExitCodes.RISK, r.exit(), r.err());
        JsonNode pm = r.json().get("postmortems").get(0).get("postmortem");
        assertEquals("kdump-failed", pm.get("outcome").asText());
        JsonNode boots = pm.get("boots");
        assertEquals(2, boots.size());
        assertEquals("first", boots.get(0).get("role").asText());
        assertEquals("kdump", boots.get(1).get("role").asText());
        // the releases and command lines as the console's own lines print them
        int kdump = FailingConsoles.kdumpStart(lines);
        assertTrue(lines.get(kdump).contains("Linux version " + boots.get(1).get("kernelRelease").asText() + " "));
        assertTrue(boots.get(1).get("commandLine").asText().contains("elfcorehdr="));
        int reserved = FailingConsoles.grep(lines, "crashkernel reserved:").get(0);
        assertTrue(lines.get(reserved).contains(String.format("0x%016x", boots.get(0).get("crashkernel").get("start").asLong())));
        // the kdump kernel's efifb line: "efifb: framebuffer at 0xc0000000, using 4000k"
        int fb = FailingConsoles.after(lines, kdump, "efifb: framebuffer at 0x");
        JsonNode kfb = boots.get(1).get("framebuffer");
        assertEquals("efifb", kfb.get("driver").asText());
        assertTrue(lines.get(fb).contains(String.format("framebuffer at 0x%x, using %dk", kfb.get("base").asLong(),
                kfb.get("size").asLong() / 1024)), lines.get(fb));
        JsonNode fbEvent = null;
        for (JsonNode e : boots.get(1).get("events")) {
            if (e.get("code").asText().equals("framebuffer")) {
                fbEvent = e;
            }
        }
        assertEquals(fb + 1, fbEvent.get("line").asLong());
        assertTrue(lines.get(fb).endsWith(fbEvent.get("text").asText()) || lines.get(fb).contains(fbEvent.get("text").asText()));
        JsonNode cause = pm.get("cause");
        for (String k : List.of("code", "message", "evidence", "remedy")) {
            assertTrue(cause.has(k), k);
        }
    }

    @Test
    void aRefusedConfigWindowIsExitOneWithTheChainFirst() throws Exception {
        Path log = FailingConsoles.write(tmp, "refused.log", FailingConsoles.configWindowRefused());
        Cli.Result r = Cli.run("postmortem", log.toString());
        assertEquals(ExitCodes.RISK, r.exit(), r.err());
        String[] lines = r.out().split("\n");
        // the outcome and the cause in the first two lines
        assertTrue(lines[0].contains("kdump failed") && lines[0].contains("config-window-refused"), lines[0]);
        assertTrue(lines[1].contains("lfb_base was 0") && lines[1].contains("c0370048"), lines[1]);
        assertTrue(lines[2].startsWith("  do this: "), lines[2]);
        assertTrue(r.out().contains("hv-pci-d0-failed"), r.out());
    }

    @Test
    void aStaleFramebufferNamesTheLockupAndTheBase() throws Exception {
        Path log = FailingConsoles.write(tmp, "stale.log", FailingConsoles.staleFramebuffer());
        JsonNode pm = Cli.run("postmortem", "--format", "jsonl", log.toString()).json().get("postmortem");
        assertEquals("stale-framebuffer", pm.get("cause").get("code").asText());
        assertTrue(pm.get("cause").get("message").asText().contains("0xc0000000"));
        JsonNode lockup = null;
        for (JsonNode e : pm.get("boots").get(1).get("events")) {
            if (e.get("code").asText().equals("soft-lockup")) {
                lockup = e;
            }
        }
        assertTrue(lockup.get("detail").get("functions").toString().contains("efifb_probe"), lockup.toString());
    }

    @Test
    void aSavedDumpIsExitZero() throws Exception {
        Path log = FailingConsoles.write(tmp, "saved.log", FailingConsoles.dumpSaved());
        Cli.Result r = Cli.run("postmortem", log.toString());
        assertEquals(ExitCodes.OK, r.exit(), r.out());
        assertTrue(r.out().startsWith(log + ": dump saved (dump-saved)"), r.out());
    }

    @Test
    void aConsoleCutAfterThePanicIsExitFour() throws Exception {
        List<String> c = FailingConsoles.console(FailingConsoles.D13);
        Path log = FailingConsoles.write(tmp, "cut.log", c.subList(0, FailingConsoles.kdumpStart(c)));
        Cli.Result r = Cli.run("postmortem", log.toString());
        assertEquals(ExitCodes.UNDECIDED, r.exit(), r.out());
        assertTrue(r.out().contains("log-ends-after-panic"), r.out());
    }

    /** gzip, xz and zstd as the real tools write them (rotated logs, saved consoles) read as the plain log does. */
    @ParameterizedTest
    @ValueSource(strings = {"gzip", "xz", "zstd"})
    void compressedLogsReadAsThePlainOne(String tool) throws Exception {
        Path plain = console(FailingConsoles.D13);
        Path packed = tmp.resolve("console.log." + tool);
        Process p = new ProcessBuilder(tool, "-c", plain.toString()).redirectOutput(packed.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        assertEquals(0, p.waitFor());
        JsonNode a = Cli.run("postmortem", "--format", "jsonl", plain.toString()).json().get("postmortem");
        JsonNode b = Cli.run("postmortem", "--format", "jsonl", packed.toString()).json().get("postmortem");
        assertEquals(a, b);
    }

    @Test
    void standardInputIsDash() throws Exception {
        byte[] bytes = Files.readAllBytes(console(FailingConsoles.SID));
        InputStream saved = System.in;
        try {
            System.setIn(new ByteArrayInputStream(bytes));
            Cli.Result r = Cli.run("postmortem", "-");
            assertEquals(ExitCodes.RISK, r.exit(), r.err());
            assertTrue(r.out().startsWith("-: kdump failed"), r.out());
        } finally {
            System.setIn(saved);
        }
    }

    /** A binary file, a cut gzip and a directory each get one line and exit 3; the good log beside them is still read. */
    @Test
    void badLogsGetOneLineAndExitThreeWithoutStoppingTheOthers() throws Exception {
        Path gz = tmp.resolve("cut.log.gz");
        Process p = new ProcessBuilder("gzip", "-c", console(FailingConsoles.D13).toString()).redirectOutput(gz.toFile()).start();
        assertEquals(0, p.waitFor());
        byte[] whole = Files.readAllBytes(gz);
        Files.write(gz, java.util.Arrays.copyOf(whole, whole.length / 2));
        Path binary = tmp.resolve("vmlinuz");
        Files.write(binary, new byte[] {0x4d, 0x5a, 0, 0, 1, 2, 3});
        Cli.Result r = Cli.run("postmortem", "--format", "json", binary.toString(), gz.toString(), tmp.toString(),
                console(FailingConsoles.SID).toString());
        assertEquals(ExitCodes.BAD_INPUT, r.exit());
        String[] err = r.errLines();
        assertEquals(3, err.length, r.err());
        assertTrue(err[0].contains(binary + ": offset 0x2: NUL byte"), err[0]);
        assertTrue(err[1].contains(gz.toString()) && err[1].contains("truncated"), err[1]);
        assertTrue(err[2].contains("is a directory"), err[2]);
        for (String line : err) {
            assertFalse(line.contains("Exception"), line);
        }
        JsonNode records = r.json().get("postmortems");
        assertEquals(4, records.size());
        assertTrue(records.get(0).get("postmortem").isNull());
        assertEquals("kdump-failed", records.get(3).get("postmortem").get("outcome").asText());
    }

    @Test
    void crlfAndEscapesOfASerialConsoleReadAsThePlainLog() throws Exception {
        List<String> lines = FailingConsoles.configWindowRefused();
        StringBuilder b = new StringBuilder();
        for (String l : lines) {
            String bare = l.endsWith("\r") ? l.substring(0, l.length() - 1) : l;
            b.append("\u001b[0m").append(bare).append("\r\n");
        }
        Path crlf = tmp.resolve("crlf.log");
        Files.writeString(crlf, b, StandardCharsets.ISO_8859_1);
        Path plain = FailingConsoles.write(tmp, "plain.log", lines);
        JsonNode a = Cli.run("postmortem", "--format", "jsonl", plain.toString()).json().get("postmortem");
        JsonNode c = Cli.run("postmortem", "--format", "jsonl", crlf.toString()).json().get("postmortem");
        assertEquals(a.get("outcome"), c.get("outcome"));
        assertEquals(a.get("cause"), c.get("cause"));
    }

    /**
     * The facts the log shows go through predict's model: the architecture and releases come from the log
     * (checked against its banner), and --assume fills what a log cannot show. On arm64 (assumed here) the
     * kdump kernel gets lfb_base 0 on either path, so the prediction foresees the refused window and its
     * remedy, a kdump kernel with 016a25e4b0df, replaces the generic one (no KEXEC_FILE_LOAD advice on arm64).
     */
    @Test
    void theLogsFactsGoThroughPredictsModelAndAssumeStillWorks() throws Exception {
        List<String> lines = FailingConsoles.configWindowRefused();
        Path log = FailingConsoles.write(tmp, "refused.log", lines);
        JsonNode alone = Cli.run("postmortem", "--format", "jsonl", log.toString()).json();
        assertEquals("x86_64", alone.get("prediction").get("arch").asText());
        assertEquals("unknown", alone.get("prediction").get("verdict").asText());
        assertTrue(alone.get("postmortem").get("prediction").get("agrees").isNull());
        assertTrue(alone.get("postmortem").get("cause").get("remedy").asText().contains("KEXEC_FILE_LOAD"));

        Cli.Result r = Cli.run("postmortem", "--format", "jsonl", "--assume", "arch=aarch64",
                "--assume", "kdumpService.loadPath=kexec_file_load", "--assume", "kdumpKernel.hasFbReserveFix=false", log.toString());
        assertEquals(ExitCodes.RISK, r.exit(), r.err());
        JsonNode agreement = r.json().get("postmortem").get("prediction");
        assertTrue(agreement.get("agrees").asBoolean(), agreement.toString());
        JsonNode finding = DiagnoseLogTest.finding(r.json().get("prediction"), agreement.get("finding").asText());
        String remedy = r.json().get("postmortem").get("cause").get("remedy").asText();
        assertEquals(finding.get("remedy").asText(), remedy);
        assertTrue(remedy.contains("016a25e4b0df") && !remedy.contains("KEXEC_FILE_LOAD"), remedy);

        assertEquals(ExitCodes.USAGE, Cli.run("postmortem", "--assume", "nonsense=1", log.toString()).exit());
    }
}
