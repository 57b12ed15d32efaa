package org.kexecinspect.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;

/**
 * The JSON Schema of the output (src/main/resources/org/kexecinspect/schema/kexec-inspect-1.schema.json),
 * checked on every JSON document and JSON line the tests see: {@link Cli#run} and {@link AsNobody#run}
 * pass each run's stdout here, so a member renamed, added, dropped or of another type without the same
 * change to the schema fails the test that printed it.
 */
public final class JsonContract {
    private JsonContract() {}

    /** Where the schema is on the class path (and so in the jar). */
    public static final String RESOURCE = "org/kexecinspect/schema/kexec-inspect-1.schema.json";

    /** The schema's $id: the output format's name and version, kexec-inspect/1. */
    public static final String ID = "https://kexec-inspect.invalid/schema/kexec-inspect-1.json";

    /** The schema's text, as the class path has it. */
    public static final String TEXT = load();

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            b -> b.schemas(Map.of(ID, TEXT)).schemaRegistryConfig(SchemaRegistryConfig.builder()
                    .pathType(PathType.JSON_POINTER).locale(Locale.ROOT).formatAssertionsEnabled(true).build()));

    private static final Schema ROOT = REGISTRY.getSchema(SchemaLocation.of(ID));

    private static final Map<String, Schema> DEFS = new ConcurrentHashMap<>();

    /** How many documents and lines were validated, by command; written to target/ when the JVM ends. */
    private static final Map<String, LongAdder> COUNTS = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(JsonContract::writeCounts, "json-contract-counts"));
    }

    private static String load() {
        try (InputStream in = JsonContract.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Checks what a run printed when it is kexec-inspect/1 JSON: one document (--format json, printed
     * pretty, its first line "{") or JSON lines (--format jsonl, one record a line). Other output (text,
     * hex, C, nothing) is left alone.
     *
     * @param command what ran, for the message (e.g. "predict --format json CAPTURE")
     * @param by who ran it, for the count (e.g. "Cli.run")
     * @return how many documents or lines were validated
     * @throws AssertionError naming the JSON pointer and the schema's complaint of each violation
     */
    public static int checkOutput(String stdout, String command, String by) {
        if (!stdout.startsWith("{")) {
            return 0;
        }
        String what = "?";
        for (String word : command.strip().split("\\s+")) {
            if (!word.startsWith("-")) {
                what = word;   // the subcommand: the first word that is no option (--debug may come first)
                break;
            }
        }
        if (stdout.startsWith("{\n")) {
            fail(problems(stdout, "document"), "the JSON document of `" + command + "`");
            count("outputs\t" + by + ": " + what + " --format json");
            tally(stdout);
            return 1;
        }
        int n = 0;
        for (String line : stdout.split("\n")) {
            n++;
            fail(problems(line, "jsonLine"), "JSON line " + n + " of `" + command + "`");
            count("outputs\t" + by + ": " + what + " --format jsonl");
            tally(line);
        }
        return n;
    }

    /** As {@link #checkOutput(String, String, String)}, run by the tests' {@link Cli#run}. */
    public static int checkOutput(String stdout, String command) {
        return checkOutput(stdout, command, "Cli.run");
    }

    /** Checks one JSON text against the $def named {@code def} (e.g. "facts"); the JSON pointer in a message is relative to it. */
    public static void check(String json, String def, String what) {
        fail(problemsAgainst(def, json), what);
        count("outputs\t" + "#/$defs/" + def);
    }

    /**
     * What the schema finds wrong with a document or a JSON line: "POINTER: MESSAGE" each, empty when it
     * follows the schema. The root's oneOf says only that neither branch holds; {@code branch}
     * ("document" or "jsonLine") then gives the messages of the one the text is meant to follow.
     */
    public static List<String> problems(String json, String branch) {
        List<Error> errors = ROOT.validate(json, InputFormat.JSON);
        if (errors.isEmpty()) {
            return List.of();
        }
        List<String> focused = problemsAgainst(branch, json);
        return focused.isEmpty() ? describe(errors) : focused;
    }

    /** What the schema's $def {@code def} finds wrong with {@code json}. */
    public static List<String> problemsAgainst(String def, String json) {
        Schema s = DEFS.computeIfAbsent(def, d -> REGISTRY.getSchema(SchemaLocation.of(ID + "#/$defs/" + d)));
        return describe(s.validate(json, InputFormat.JSON));
    }

    /**
     * "POINTER: MESSAGE (KEYWORD at SCHEMA LOCATION): VALUE" for each error that is a cause, not a consequence:
     * when a member fails, its object's unevaluatedProperties and the null branch of a nullable member's
     * anyOf fail too, and saying so only hides the member that is wrong.
     */
    private static List<String> describe(List<Error> errors) {
        List<Error> causes = new ArrayList<>();
        for (Error e : errors) {
            if (!isConsequence(e)) {
                causes.add(e);
            }
        }
        List<String> out = new ArrayList<>();
        for (Error e : causes.isEmpty() ? errors : causes) {
            String at = e.getInstanceLocation().toString();
            String value = String.valueOf(e.getInstanceNode());
            out.add((at.isEmpty() ? "/" : at) + ": " + e.getMessage() + " (" + e.getKeyword() + " at "
                    + e.getSchemaLocation().getFragment() + "): " + (value.length() > 200 ? value.substring(0, 200) + "..." : value));
        }
        return out;
    }

    private static boolean isConsequence(Error e) {
        return "unevaluatedProperties".equals(e.getKeyword())
                || "type".equals(e.getKeyword()) && e.getSchemaLocation().getFragment().toString().matches(".*/anyOf/\\d+/type")
                        && String.valueOf(e.getSchemaNode()).replaceAll("[\\s\"{}]", "").matches("(type:)?null");
    }

    private static void fail(List<String> problems, String what) {
        if (!problems.isEmpty()) {
            throw new AssertionError(what + " does not follow the schema " + RESOURCE + ":\n  "
                    + String.join("\n  ", problems));
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Counts the records a validated text holds, by list (or JSON line), and the artifacts by kind. */
    private static void tally(String json) {
        try {
            JsonNode n = JSON.readTree(json);
            List<JsonNode> records = new ArrayList<>();
            if (n.has("path")) {
                records.add(n);
                count("records\tJSON line");
            } else {
                for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (e.getValue().isArray()) {
                        e.getValue().forEach(records::add);
                        for (int i = 0; i < e.getValue().size(); i++) {
                            count("records\t" + e.getKey());
                        }
                    }
                }
            }
            for (JsonNode r : records) {
                if (r.has("kind")) {
                    count("kinds\tartifact " + (r.get("kind").isNull() ? "null (unreadable)" : r.get("kind").asText()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void count(String key) {
        COUNTS.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    /**
     * target/json-schema-validated.txt, when the JVM ends: how many outputs (documents, JSON lines, $def
     * subtrees) were validated, by who ran them, command and format; the records they held, by list; and
     * the artifacts by kind. Each section ends with its sum.
     */
    private static void writeCounts() {
        if (COUNTS.isEmpty()) {
            return;
        }
        Map<String, Map<String, Long>> sections = new TreeMap<>(java.util.Comparator.comparing(List.of("outputs", "records", "kinds")::indexOf));
        COUNTS.forEach((k, v) -> {
            String[] parts = k.split("\t", 2);
            sections.computeIfAbsent(parts[0], x -> new TreeMap<>()).put(parts[1], v.sum());
        });
        StringBuilder s = new StringBuilder();
        sections.forEach((section, counts) -> {
            long total = 0;
            s.append(section).append(":\n");
            for (Map.Entry<String, Long> e : counts.entrySet()) {
                s.append(String.format("%8d  %s%n", e.getValue(), e.getKey()));
                total += e.getValue();
            }
            s.append(String.format("%8d  in all%n%n", total));
        });
        try {
            Path dir = Inputs.buildDir();
            if (Files.isDirectory(dir)) {
                Files.writeString(dir.resolve("json-schema-validated.txt"), s.toString());
            }
        } catch (IOException e) {
            // a count is a report, not a test: nothing to fail
        }
    }
}
