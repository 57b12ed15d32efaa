package org.kexecinspect.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.kexecinspect.facts.Fact;
import org.kexecinspect.facts.KdumpServiceFacts;
import org.kexecinspect.facts.KdumpServiceFacts.ConfiguredArgs;
import org.kexecinspect.testing.Cli;
import org.kexecinspect.testing.Inputs;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The remedies as a list a person can follow: one action each, and for the load path the file of the
 * kdump service this system has and the exact line it should hold. kdump-tools reads KDUMP_KEXEC_ARGS
 * from /etc/default/kdump-tools (kdump-config kdump_load()), kdumpctl reads KEXEC_ARGS from
 * /etc/sysconfig/kdump (kdump-utils kdumpctl load_kdump()); the last of -c/-s/-a wins (kexec-tools
 * kexec/kexec.c main()).
 */
class RemediesTest {
    static final Path LOCAL = Inputs.projectDir().resolve("native-fixtures/hyperv-captures/gen2-local-x86");

    private static KdumpServiceFacts service(String flavor, ConfiguredArgs args) {
        Fact<String> f = flavor == null ? Fact.unknown(Fact.Why.ABSENT, "no kdump service configuration", "test")
                : Fact.of(flavor, "test");
        Fact<ConfiguredArgs> a = args == null ? Fact.unknown(Fact.Why.ABSENT, "none", "test") : Fact.of(args, "test");
        Fact<String> none = Fact.unknown(Fact.Why.ABSENT, "none", "test");
        return new KdumpServiceFacts(f, none.cast(), none.cast(), a, none.cast(), none, none, none, none);
    }

    @Test
    void kdumpToolsGetsItsOwnFileAndLineOnly() {
        List<Remedy> r = Predictor.kexecFileLoad(service("kdump-tools",
                new ConfiguredArgs("KDUMP_KEXEC_ARGS", "", List.of(), true)));
        assertEquals(1, r.size(), r.toString());
        assertEquals("/etc/default/kdump-tools", r.get(0).file());
        assertEquals("KDUMP_KEXEC_ARGS=\"-s\"", r.get(0).line());
        assertTrue(r.get(0).caveat().contains("systemctl restart kdump-tools"), r.get(0).caveat());
    }

    @Test
    void kdumpctlGetsSysconfigAndKeepsTheOtherOptions() {
        List<Remedy> r = Predictor.kexecFileLoad(service("kdump-utils",
                new ConfiguredArgs("KEXEC_ARGS", "-c -d", List.of("-c", "-d"), true)));
        assertEquals(1, r.size(), r.toString());
        assertEquals("/etc/sysconfig/kdump", r.get(0).file());
        assertEquals("KEXEC_ARGS=\"-d -s\"", r.get(0).line(), "-c goes, -d stays, -s last");
    }

    @Test
    void anUnknownServiceGetsBothFilesEachNamed() {
        List<Remedy> r = Predictor.kexecFileLoad(service(null, null));
        assertEquals(List.of("/etc/default/kdump-tools", "/etc/sysconfig/kdump"), r.stream().map(Remedy::file).toList());
        assertEquals(List.of("KDUMP_KEXEC_ARGS=\"-s\"", "KEXEC_ARGS=\"-s\""), r.stream().map(Remedy::line).toList());
        assertTrue(r.get(0).action().contains("Debian, Ubuntu") && r.get(1).action().contains("Fedora, RHEL"), r.toString());
    }

    @Test
    void aValueTheShellExpandsKeepsItsTextAndEndsWithS() {
        assertEquals("$EXTRA -d -s", Predictor.withFileLoad("KDUMP_KEXEC_ARGS",
                new ConfiguredArgs("KDUMP_KEXEC_ARGS", "$EXTRA -d", List.of("$EXTRA", "-d"), false)));
        assertEquals("-s", Predictor.withFileLoad("KEXEC_ARGS",
                new ConfiguredArgs("KDUMP_KEXEC_ARGS", "-d", List.of("-d"), true)), "another service's variable says nothing");
        assertEquals("--reuse-video-type -s", Predictor.withFileLoad("KDUMP_KEXEC_ARGS",
                new ConfiguredArgs("KDUMP_KEXEC_ARGS", "--kexec-syscall-auto --reuse-video-type",
                        List.of("--kexec-syscall-auto", "--reuse-video-type"), true)));
    }

    @Test
    void theSentenceJoinsTheClausesAndBracketsTheCaveats() {
        List<Remedy> r = List.of(Remedy.edit("load it with KEXEC_FILE_LOAD", "/etc/default/kdump-tools",
                "KDUMP_KEXEC_ARGS=\"-s\"").withCaveat("a").withCaveat("b"), Remedy.of("use a kernel with the fix"));
        assertEquals("load it with KEXEC_FILE_LOAD: KDUMP_KEXEC_ARGS=\"-s\" in /etc/default/kdump-tools; or use a kernel"
                + " with the fix (a; b)", Remedy.sentence(r));
        assertNull(Remedy.sentence(List.of()));
    }

    private static JsonNode predict(String... more) {
        List<String> a = new ArrayList<>(List.of("predict", "--format", "json"));
        a.addAll(List.of(more));
        a.add(LOCAL.toString());
        Cli.Result r = Cli.run(a.toArray(new String[0]));
        assertTrue(r.exit() <= 4, r.err());
        return r.json().get("predictions").get(0).get("prediction");
    }

    private static JsonNode finding(JsonNode p, String code) {
        for (JsonNode f : p.get("findings")) {
            if (f.get("code").asText().equals(code)) {
                return f;
            }
        }
        return null;
    }

    /** The Ubuntu 22.04-like capture runs kdump-tools: its remedy names only /etc/default/kdump-tools. */
    @Test
    void theJsonCarriesTheListAndTheSentenceNamesOnlyTheServiceThisVmHas() {
        JsonNode f = finding(predict(), "kdump-lfb-base-zero");
        JsonNode rs = f.get("remedies");
        assertEquals(2, rs.size(), rs.toString());
        assertEquals("/etc/default/kdump-tools", rs.get(0).get("file").asText());
        assertEquals("KDUMP_KEXEC_ARGS=\"-s\"", rs.get(0).get("line").asText());
        assertTrue(rs.get(0).get("caveat").asText().contains("--reuse-video-type does not help"), rs.toString());
        assertTrue(rs.get(1).get("file").isNull() && rs.get(1).get("action").asText().contains("016a25e4b0df"), rs.toString());
        assertFalse(f.get("remedy").asText().contains("/etc/sysconfig/kdump"), f.get("remedy").asText());
        assertTrue(f.get("remedy").asText().startsWith("load the kdump kernel with KEXEC_FILE_LOAD: KDUMP_KEXEC_ARGS=\"-s\""
                + " in /etc/default/kdump-tools; or use a kdump kernel"), f.get("remedy").asText());
    }

    /** Following the remedy's line (here as --assume) takes the load path to kexec_file_load and lfb_base 0 away. */
    @Test
    void theLineTheRemedyNamesIsTheLineThatHelps() {
        JsonNode before = finding(predict("--assume", "kdumpService.kexecArgs=-c -d"), "kdump-lfb-base-zero");
        String line = before.get("remedies").get(0).get("line").asText();
        assertEquals("KDUMP_KEXEC_ARGS=\"-d -s\"", line);
        String value = line.substring(line.indexOf('"') + 1, line.length() - 1);
        JsonNode after = predict("--assume", "kdumpService.kexecArgs=" + value);
        assertEquals("kexec_file_load", after.get("configuredLoadPath").asText());
        assertNull(finding(after, "kdump-lfb-base-zero"), after.get("findings").toString());
    }
}
