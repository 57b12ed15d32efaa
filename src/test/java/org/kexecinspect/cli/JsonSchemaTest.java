package org.kexecinspect.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexecinspect.cli.render.JsonPrinter;
import org.kexecinspect.testing.Cli;
import org.kexecinspect.testing.Inputs;
import org.kexecinspect.testing.JsonContract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

/**
 * The JSON Schema of the output, src/main/resources/org/kexecinspect/schema/kexec-inspect-1.schema.json:
 * a valid draft 2020-12 schema whose $id carries the format's version, shipped in the jar and the
 * package, and strict enough that a renamed, retyped, dropped or added member fails. That every JSON
 * output of the test suite follows it is checked where the tests run the CLI (testing.Cli, JsonContract).
 */
class JsonSchemaTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path SOURCE = Inputs.projectDir().resolve("src/main/resources").resolve(JsonContract.RESOURCE);
    static final Path GEN2_LOCAL = Inputs.projectDir().resolve("native-fixtures/hyperv-captures/gen2-local-x86");
    static final Path SID_CONSOLE = Inputs.captures().resolve("qemu-kdump-consoles/sid-efifb-s.log");

    // ---- the schema itself ------------------------------------------------------------------------

    @Test
    void theSchemaIsAValidDraft202012SchemaWhoseIdCarriesTheVersion() throws IOException {
        JsonNode schema = JSON.readTree(JsonContract.TEXT);
        assertEquals("https://json-schema.org/draft/2020-12/schema", schema.get("$schema").asText());
        // the meta-schema (bundled with the validator: no network) accepts it
        var metaSchema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        assertEquals(List.of(), metaSchema.validate(JsonContract.TEXT, InputFormat.JSON).stream().map(Object::toString).toList());
        // kexec-inspect/1: the version is in the $id, the title, and the one schema name a document may carry
        assertEquals(JsonContract.ID, schema.get("$id").asText());
        assertTrue(schema.get("$id").asText().endsWith("/" + JsonPrinter.SCHEMA.replace('/', '-') + ".json"), schema.get("$id").asText());
        assertEquals(JsonPrinter.SCHEMA, schema.get("title").asText());
        assertEquals(JsonPrinter.SCHEMA, schema.at("/$defs/schemaName/const").asText());
    }

    /** Every $ref names a $def that exists, and every $def is used: no dangling name, no dead definition. */
    @Test
    void everyReferenceResolvesAndEveryDefinitionIsUsed() throws IOException {
        JsonNode schema = JSON.readTree(JsonContract.TEXT);
        Set<String> defs = new TreeSet<>();
        schema.get("$defs").fieldNames().forEachRemaining(defs::add);
        Set<String> used = new TreeSet<>();
        Matcher m = Pattern.compile("\"\\$ref\"\\s*:\\s*\"#/\\$defs/([^\"]+)\"").matcher(JsonContract.TEXT);
        while (m.find()) {
            used.add(m.group(1));
        }
        Set<String> dangling = new TreeSet<>(used);
        dangling.removeAll(defs);
        assertEquals(Set.of(), dangling, "$refs to no $def");
        Set<String> dead = new TreeSet<>(defs);
        dead.removeAll(used);
        assertEquals(Set.of(), dead, "$defs nothing refers to");
        assertFalse(JsonContract.TEXT.matches("(?s).*\"\\$ref\"\\s*:\\s*\"(?!#/\\$defs/).*"), "a $ref outside the file");
    }

    // ---- where it ships ---------------------------------------------------------------------------

    /** On the class path the jar is built from, as it is in the source tree. */
    @Test
    void theSchemaIsAResourceOfTheJar() throws IOException {
        byte[] source = Files.readAllBytes(SOURCE);
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(JsonContract.RESOURCE)) {
            assertNotNull(in, JsonContract.RESOURCE + " is not on the class path");
            assertArrayEquals(source, in.readAllBytes());
        }
        // a jar built since the schema last changed carries the same bytes (mvn package runs after the tests)
        Path jar = Inputs.buildDir().resolve("kexec-inspect.jar");
        Assumptions.assumeTrue(Files.isRegularFile(jar)
                && Files.getLastModifiedTime(jar).compareTo(Files.getLastModifiedTime(SOURCE)) > 0, "no jar built since the schema changed");
        try (JarFile j = new JarFile(jar.toFile())) {
            ZipEntry e = j.getEntry(JsonContract.RESOURCE);
            assertNotNull(e, jar + " has no " + JsonContract.RESOURCE);
            try (InputStream in = j.getInputStream(e)) {
                assertArrayEquals(source, in.readAllBytes());
            }
        }
    }

    /** The .deb and the .rpm install it under /usr/share/kexec-inspect/, and README says where it is. */
    @Test
    void thePackageInstallsItAndReadmeSaysWhere() throws IOException {
        String pom = Files.readString(Inputs.projectDir().resolve("pom.xml"));
        Matcher data = Pattern.compile("(?s)<data>\\s*<src>\\$\\{project\\.basedir\\}/src/main/resources/" + Pattern.quote(JsonContract.RESOURCE)
                + "</src>.*?</data>").matcher(pom);
        assertTrue(data.find(), "pom.xml's jdeb dataSet does not ship " + JsonContract.RESOURCE);
        assertTrue(data.group().contains("<prefix>/usr/share/kexec-inspect</prefix>"), data.group());
        String spec = Files.readString(Inputs.projectDir().resolve("src/rpm/kexec-inspect.spec"));
        assertTrue(spec.contains("\n%{_datadir}/%{name}/kexec-inspect-1.schema.json\n"), "the spec's %files lack the schema");
        assertTrue(pom.contains("<fileset dir=\"${project.basedir}/src/main/resources/org/kexecinspect/schema\" includes=\"kexec-inspect-1.schema.json\"/>"),
                "the pom does not stage the schema for rpmbuild");
        String readme = Files.readString(Inputs.projectDir().resolve("README.md"));
        assertTrue(readme.contains("/usr/share/kexec-inspect/kexec-inspect-1.schema.json"), "README names the installed schema");
        assertTrue(readme.contains(JsonContract.ID), "README names the $id");
    }

    // ---- every command, every record kind --------------------------------------------------------

    /**
     * Each command's JSON, as a document and as JSON lines, with every kind of artifact, the error records
     * and diagnose --log: the other tests validate what they print, this one makes sure nothing the tool
     * can write is left out. Cli.run validates each output; the assertions say the run printed records.
     */
    @Test
    void everyCommandInEveryFormatFollowsIt(@TempDir Path tmp) throws IOException {
        Path kdump = Inputs.projectDir().resolve("src/test/resources/org/kexecinspect/kdump");
        Path fbset = Inputs.projectDir().resolve("native-fixtures/fbset");
        Path qemu = Inputs.qemuCapture("efifb-kexec_load", "first");
        Path azure = Inputs.projectDir().resolve("native-fixtures/hyperv-captures/gen2-azure-x86");
        Path config = Files.writeString(tmp.resolve("config"), "CONFIG_SYSFB=y\n# CONFIG_FB_EFI is not set\nCONFIG_KERNEL_XZ=y\n");
        Path binary = Files.write(tmp.resolve("binary.log"), new byte[] {0, 1, 2, 3, (byte) 0xff, 0, 0, 0});
        Path amd64 = Inputs.debianAmd64Kernel();
        List<String> inputs = List.of(amd64.toString(), Inputs.debianArm64Kernel().toString(),
                qemu.resolve("boot_params.bin").toString(), azure.resolve("sys/kernel/boot_params").toString(), azure.toString(),
                fbset.resolve("efifb-qemu.fix").toString(), fbset.resolve("efifb-qemu.var").toString(), fbset.resolve("efifb-qemu.txt").toString(),
                azure.resolve("proc/iomem").toString(), config.toString(),
                kdump.resolve("debian-12-kdump-tools-1.8.1.etc-default-kdump-tools").toString(),
                kdump.resolve("fedora-kdump-utils.etc-sysconfig-kdump.x86_64").toString(),
                kdump.resolve("fedora-kdump-utils.etc-kdump.conf.x86_64").toString(),
                qemu.resolve("kexec_cmd.txt").toString(), tmp.resolve("missing").toString());
        Set<String> kinds = new TreeSet<>();
        for (String format : List.of("json", "jsonl")) {
            List<String> args = new ArrayList<>(List.of("inspect", "--deep", "--format", format));
            args.addAll(inputs);
            for (JsonNode r : records(Cli.run(args.toArray(String[]::new)), "artifacts")) {
                kinds.add(r.get("kind").isNull() ? "null" : r.get("kind").asText());
            }
            for (JsonNode r : records(Cli.run("inspect", "--as", "screen-info", "--format", format,
                    qemu.resolve("boot_params.bin").toString()), "artifacts")) {
                kinds.add(r.get("kind").asText());
            }
            assertEquals(2, records(Cli.run("predict", "--format", format, GEN2_LOCAL.toString(), tmp.resolve("missing").toString()),
                    "predictions").size());
            assertEquals(1, records(Cli.run("predict", "--format", format, "--boot-params", qemu.resolve("boot_params.bin").toString(),
                    "--kexec-tools-version", "2.0.25", "--arch", "x86_64"), "predictions").size());
            assertEquals(1, records(Cli.run("preflight", "--format", format, "--root", azure.toString()), "preflight").size());
            assertEquals(1, records(Cli.run("diagnose", "--format", format, "--root", GEN2_LOCAL.toString(),
                    "--log", SID_CONSOLE.toString()), "diagnoses").size());
            assertEquals(3, records(Cli.run("postmortem", "--format", format, SID_CONSOLE.toString(),
                    Inputs.captures().resolve("real-world/nathan-2021-local-gen2-win10-5.13-journal.log").toString(), binary.toString()),
                    "postmortems").size());
            assertEquals(1, records(Cli.run("capture", "--without-images", "--format", format, "-o", tmp.resolve("capture-" + format).toString()),
                    "captures").size());
        }
        Set<String> all = new TreeSet<>();
        JSON.readTree(JsonContract.TEXT).at("/$defs/artifactRecord/properties/kind/enum")
                .forEach(k -> all.add(k.isNull() ? "null" : k.asText()));
        assertEquals(all, kinds, "the kinds inspect printed, against those the schema knows");
        for (List<String> synth : List.of(List.of("--blob", "screen-info", "--diff"), List.of("--kernel", amd64.toString(), "--diff"),
                List.of("--blob", "screen-info", "--from-mmio"))) {
            List<String> args = new ArrayList<>(List.of("synthesize", "--format", "json", "--root", GEN2_LOCAL.toString()));
            args.addAll(synth);
            assertEquals(1, records(Cli.run(args.toArray(String[]::new)), "synthesized").size());
        }
    }

    /** The records of a run's JSON: those of the document's list, or one per JSON line. */
    private static List<JsonNode> records(Cli.Result r, String list) throws IOException {
        assertTrue(r.out().startsWith("{"), "no JSON: " + r.err());
        List<JsonNode> out = new ArrayList<>();
        if (r.out().startsWith("{\n")) {
            r.json().get(list).forEach(out::add);
        } else {
            for (String line : r.out().split("\n")) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    // ---- strict enough that a change to the output fails --------------------------------------------

    /** The prediction of a real capture and the post-mortem of a real console follow the schema as printed. */
    @Test
    void realOutputsFollowIt() {
        assertEquals(List.of(), JsonContract.problems(predictJson(), "document"));
        assertEquals(List.of(), JsonContract.problems(postmortemJson(), "document"));
        for (String line : Cli.run("postmortem", "--format", "jsonl", SID_CONSOLE.toString()).out().split("\n")) {
            assertEquals(List.of(), JsonContract.problems(line, "jsonLine"));
        }
    }

    @Test
    void aRenamedMemberFails() throws IOException {
        fails(predictJson(), d -> rename((ObjectNode) d.at("/predictions/0/prediction"), "verdict", "verdikt"),
                "/predictions/0/prediction", "verdikt");
        fails(postmortemJson(), d -> rename((ObjectNode) d.at("/postmortems/0/postmortem/boots/0"), "kernelRelease", "release"),
                "/postmortems/0/postmortem/boots/0", "release");
        fails(predictJson(), d -> rename((ObjectNode) d.at("/predictions/0"), "prediction", "predictions"),
                "/predictions/0", "predictions");
        fails(predictJson(), d -> rename((ObjectNode) d, "predictions", "prediction"), "", "prediction");
    }

    @Test
    void aMemberOfAnotherTypeFails() throws IOException {
        fails(predictJson(), d -> ((ObjectNode) d.at("/predictions/0/prediction/paths/0")).put("used", "true"),
                "/predictions/0/prediction/paths/0/used", "boolean");
        fails(predictJson(), d -> ((ObjectNode) d.at("/predictions/0/prediction/paths/0/kdumpScreenInfo")).put("lfbBase", "0xc0000000"),
                "/predictions/0/prediction/paths/0/kdumpScreenInfo/lfbBase", "integer");
        fails(predictJson(), d -> ((ObjectNode) d.at("/predictions/0/prediction/paths/0/kdumpScreenInfo")).put("lfbBase", 1.5),
                "/predictions/0/prediction/paths/0/kdumpScreenInfo/lfbBase", "integer");
        fails(postmortemJson(), d -> ((ObjectNode) d.at("/postmortems/0/postmortem/log")).put("lines", -1),
                "/postmortems/0/postmortem/log/lines", "minimum");
        fails(postmortemJson(), d -> ((ObjectNode) d.at("/postmortems/0/postmortem/log")).putNull("endsMidLine"),
                "/postmortems/0/postmortem/log/endsMidLine", "boolean");
    }

    @Test
    void aDroppedMemberFails() throws IOException {
        fails(postmortemJson(), d -> ((ObjectNode) d.at("/postmortems/0/postmortem")).remove("outcome"),
                "/postmortems/0/postmortem", "outcome");
        fails(predictJson(), d -> ((ObjectNode) d.at("/predictions/0/prediction/findings/0")).remove("remedy"),
                "/predictions/0/prediction/findings/0", "remedy");
        fails(predictJson(), d -> ((ObjectNode) d.at("/predictions/0/prediction/paths/0/kdumpScreenInfo")).remove("extLfbBase"),
                "/predictions/0/prediction/paths/0/kdumpScreenInfo", "extLfbBase");
    }

    @Test
    void anAddedMemberFails() throws IOException {
        fails(postmortemJson(), d -> ((ObjectNode) d.at("/postmortems/0/postmortem/boots/0/events/0")).put("severity", "error"),
                "/postmortems/0/postmortem/boots/0/events/0", "severity");
        fails(predictJson(), d -> ((ObjectNode) d.at("/predictions/0")).put("kind", "capture"), "/predictions/0", "kind");
        fails(predictJson(), d -> ((ObjectNode) d).putArray("artifacts"), "", "at most 2 properties");   // one list a document
    }

    @Test
    void anUnknownCodeFails() throws IOException {
        fails(predictJson(), d -> ((ObjectNode) d.at("/predictions/0/prediction")).put("verdict", "maybe"),
                "/predictions/0/prediction/verdict", "enumeration");
        fails(predictJson(), d -> ((ObjectNode) d.at("/predictions/0/prediction/findings/0")).put("code", "new-finding"),
                "/predictions/0/prediction/findings/0/code", "enumeration");
        fails(postmortemJson(), d -> ((ObjectNode) d.at("/postmortems/0/postmortem")).put("outcome", "lost"),
                "/postmortems/0/postmortem/outcome", "enumeration");
        fails(postmortemJson(), d -> ((ObjectNode) d.at("/postmortems/0/postmortem/boots/0/events/0")).put("code", "oops"),
                "/postmortems/0/postmortem/boots/0/events/0/code", "enumeration");
        fails(predictJson(), d -> ((ObjectNode) d).put("schema", "kexec-inspect/2"), "/schema", "kexec-inspect/1");
    }

    /** JSON lines too: each line is one record with its schema, checked on its own. */
    @Test
    void aChangedJsonLineFails() throws IOException {
        String line = Cli.run("predict", "--format", "jsonl", GEN2_LOCAL.toString()).out().strip();
        assertEquals(List.of(), JsonContract.problems(line, "jsonLine"));
        ObjectNode n = (ObjectNode) JSON.readTree(line);
        rename((ObjectNode) n.at("/prediction/mmio"), "configWindow", "configurationWindow");
        String changed = JSON.writeValueAsString(n) + "\n";
        AssertionError e = assertThrows(AssertionError.class, () -> JsonContract.checkOutput(changed, "predict --format jsonl"));
        assertTrue(e.getMessage().contains("/prediction/mmio: ") && e.getMessage().contains("configurationWindow"), e.getMessage());
        // a line without its schema is no kexec-inspect/1 line
        ObjectNode bare = (ObjectNode) JSON.readTree(line);
        bare.remove("schema");
        assertFalse(JsonContract.problems(JSON.writeValueAsString(bare), "jsonLine").isEmpty());
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private static String predictJson() {
        Cli.Result r = Cli.run("predict", "--format", "json", GEN2_LOCAL.toString());
        assertEquals(1, r.exit(), r.err());   // at-risk
        return r.out();
    }

    private static String postmortemJson() {
        Cli.Result r = Cli.run("postmortem", "--format", "json", SID_CONSOLE.toString());
        assertTrue(r.exit() == 0 || r.exit() == 1 || r.exit() == 4, r.err());
        return r.out();
    }

    /** Changes the document with {@code change} and asserts the schema refuses it, at {@code pointer}, saying {@code word}. */
    private static void fails(String json, Consumer<JsonNode> change, String pointer, String word) throws IOException {
        JsonNode doc = JSON.readTree(json);
        change.accept(doc);
        String changed = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc);
        List<String> problems = JsonContract.problems(changed, "document");
        assertFalse(problems.isEmpty(), "the schema accepts the changed document at " + pointer);
        String prefix = (pointer.isEmpty() ? "/" : pointer) + ": ";
        assertTrue(problems.stream().anyMatch(p -> p.startsWith(prefix) && p.contains(word)),
                "no problem at " + pointer + " saying " + word + ": " + problems);
        // and the hook on the CLI's output turns it into a failing test
        AssertionError e = assertThrows(AssertionError.class, () -> JsonContract.checkOutput(changed, "changed output"));
        assertTrue(e.getMessage().contains(prefix), e.getMessage());
    }

    /** Renames a member, keeping its place. */
    private static void rename(ObjectNode o, String from, String to) {
        assertTrue(o.has(from), from + " in " + o);
        List<String> names = new ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        List<JsonNode> values = new ArrayList<>();
        for (Iterator<JsonNode> it = o.elements(); it.hasNext(); ) {
            values.add(it.next());
        }
        o.removeAll();
        for (int i = 0; i < names.size(); i++) {
            o.set(names.get(i).equals(from) ? to : names.get(i), values.get(i));
        }
    }
}
