package org.kexecinspect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.kexecinspect.testing.Cli;
import org.kexecinspect.testing.Inputs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The command line's contract: help, version, exit codes and the JSON document's shape. */
class CliTest {

    static Path bootParams() {
        return Inputs.qemuCapture("efifb-kexec_load", "first").resolve("boot_params.bin");
    }

    @Test
    void helpExplainsEveryKindAndExitsZero() {
        Cli.Result r = Cli.run("inspect", "--help");
        assertEquals(0, r.exit());
        for (String word : new String[] {"x86-bzimage", "boot-params", "screen-info", "--as", "--format", "Exit status"}) {
            assertTrue(r.out().contains(word), "help lacks " + word + ":\n" + r.out());
        }
        Cli.Result top = Cli.run("--help");
        assertEquals(0, top.exit());
        assertTrue(top.out().contains("inspect"), top.out());
    }

    @Test
    void aRunBuildsOnlyTheSubcommandItNamesAndHelpListsThemAll() {
        java.io.PrintWriter sink = new java.io.PrintWriter(new java.io.StringWriter());
        for (String name : CommandLineFactory.SUBCOMMANDS.keySet()) {
            var cl = CommandLineFactory.forArgs(sink, sink, "--debug", name, "--help");
            assertEquals(java.util.Set.of(name), cl.getSubcommands().keySet());
            // the map's name is the command's own @Command name
            assertEquals(name, cl.getSubcommands().get(name).getCommandSpec().userObject().getClass()
                    .getAnnotation(picocli.CommandLine.Command.class).name());
            // the shared option reaches it (scope INHERIT)
            assertTrue(cl.getSubcommands().get(name).getCommandSpec().findOption("--debug") != null, name);
        }
        var all = CommandLineFactory.forArgs(sink, sink, "--help").getSubcommands().keySet();
        assertEquals(java.util.List.copyOf(CommandLineFactory.SUBCOMMANDS.keySet()), java.util.List.copyOf(all));
        Cli.Result typo = Cli.run("inspcet");
        assertEquals(2, typo.exit());
        assertTrue(typo.err().contains("inspect"), "a misspelt name gets suggestions: " + typo.err());
        Cli.Result top = Cli.run("--help");
        for (String name : CommandLineFactory.SUBCOMMANDS.keySet()) {
            assertTrue(top.out().contains(name), top.out());
        }
    }

    @Test
    void versionNamesTheBuild() {
        for (String v : new String[] {"--version", "-V"}) {
            Cli.Result r = Cli.run(v);
            assertEquals(0, r.exit());
            assertTrue(r.out().matches("kexec-inspect \\d+\\.\\d+\\.\\d+.*\\n"), r.out());
        }
        Cli.Result sub = Cli.run("inspect", "--version");
        assertEquals(0, sub.exit(), sub.err());
        assertTrue(sub.out().startsWith("kexec-inspect "), sub.out());
    }

    @Test
    void versionAloneBuildsNoSubcommandAndAnythingElseStillFindsThem() {
        java.io.PrintWriter sink = new java.io.PrintWriter(new java.io.StringWriter());
        assertTrue(CommandLineFactory.forArgs(sink, sink, "--version").getSubcommands().isEmpty());
        assertEquals(CommandLineFactory.SUBCOMMANDS.size(),
                CommandLineFactory.forArgs(sink, sink, "--version", "--help").getSubcommands().size());
        assertEquals(CommandLineFactory.SUBCOMMANDS.size(), CommandLineFactory.forArgs(sink, sink).getSubcommands().size());
        // --version alone: the same outcome as with the whole tree
        for (String v : new String[] {"--version", "-V"}) {
            java.io.StringWriter out = new java.io.StringWriter();
            java.io.StringWriter err = new java.io.StringWriter();
            int full = CommandLineFactory.forArgs(new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true)).execute(v);
            Cli.Result alone = Cli.run(v);
            assertEquals(full, alone.exit());
            assertEquals(out.toString(), alone.out());
            assertEquals(err.toString(), alone.err());
        }
    }

    @Test
    void noCommandIsAUsageError() {
        Cli.Result r = Cli.run();
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("kexec-inspect: "), r.err());
    }

    @Test
    void jsonIsOneDocumentWithTheSchemaAndOneRecordPerInput() {
        Cli.Result r = Cli.run("inspect", "--format", "json", bootParams().toString(), bootParams().toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode doc = r.json();
        assertEquals("kexec-inspect/1", doc.get("schema").asText());
        assertEquals("schema", doc.fieldNames().next(), "schema comes first");
        assertEquals(2, doc.get("artifacts").size());
        JsonNode rec = doc.get("artifacts").get(0);
        assertEquals(bootParams().toString(), rec.get("path").asText());
        for (String key : new String[] {"screenInfo", "efiInfo", "acpiRsdpAddr", "e820", "setupHeader"}) {
            assertTrue(rec.has(key), "boot-params record lacks " + key);
        }
        for (String key : new String[] {"origVideoIsVGA", "lfbBase", "lfbSize", "extLfbBase", "capabilities",
            "videoType", "lfbAddress", "lfbSizeBytes"}) {
            assertTrue(rec.get("screenInfo").has(key), "screenInfo lacks " + key);
            assertTrue(rec.get("screenInfo").get(key).isNumber() || key.equals("videoType"), key + " is a number");
        }
    }

    @Test
    void jsonLinesGiveOneSelfDescribingRecordPerLine() throws Exception {
        Cli.Result r = Cli.run("inspect", "--format", "jsonl", bootParams().toString(),
                Inputs.qemuCapture("efifb-kexec_load", "first").resolve("screen_info_global.bin").toString());
        assertEquals(0, r.exit(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals(2, lines.length);
        ObjectMapper m = new ObjectMapper();
        assertEquals("boot-params", m.readTree(lines[0]).get("kind").asText());
        assertEquals("screen-info", m.readTree(lines[1]).get("kind").asText());
        assertEquals("kexec-inspect/1", m.readTree(lines[1]).get("schema").asText());
    }

    @Test
    void textShowsTheKernelFieldNamesWithHexAddressesAndMeanings() {
        Cli.Result r = Cli.run("inspect", bootParams().toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("orig_video_isVGA     0x70"), r.out());
        assertTrue(r.out().contains("VIDEO_TYPE_EFI"), r.out());
        assertTrue(r.out().contains("lfb_base             0xc0000000"), r.out());
        assertTrue(r.out().contains("4096000 (3.9 MiB)"), r.out());
        assertFalse(r.out().contains("Exception"));
    }

    @Test
    void forcingScreenInfoReadsTheStructAtTheStartOfAZeroPage() {
        Cli.Result r = Cli.run("inspect", "--as", "screen-info", "--format", "json", bootParams().toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode rec = r.json().get("artifacts").get(0);
        assertEquals("screen-info", rec.get("kind").asText());
        assertEquals(0xc0000000L, rec.get("screenInfo").get("lfbBase").asLong());
        assertTrue(rec.get("notes").get(0).asText().contains("first 64 bytes of 4096"), rec.toString());
    }

    @Test
    void u64ValuesAboveTwoToTheSixtyThreeStayUnsignedInJson() throws Exception {
        // the C-written reference page carries u64 members with the top bit set (see NativeReferenceBlobTest)
        byte[] page = java.nio.file.Files.readAllBytes(bootParams());
        java.nio.ByteBuffer.wrap(page).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(0x070, 0xfedcba9876543210L);
        Path tmp = java.nio.file.Files.createTempFile("bp", ".bin");
        try {
            java.nio.file.Files.write(tmp, page);
            JsonNode rec = Cli.run("inspect", "--format", "json", tmp.toString()).json().get("artifacts").get(0);
            assertEquals("18364758544493064720", rec.get("acpiRsdpAddr").asText());
        } finally {
            java.nio.file.Files.delete(tmp);
        }
    }
}
