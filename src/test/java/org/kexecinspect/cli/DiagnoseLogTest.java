package org.kexecinspect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexecinspect.testing.Cli;
import org.kexecinspect.testing.FailingConsoles;
import org.kexecinspect.testing.Inputs;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code diagnose --log}: the post-mortem of the last crash set against the same VM's prediction, on the
 * hand-made Hyper-V captures (native-fixtures/hyperv-captures) and the failing consoles of {@link FailingConsoles}.
 */
class DiagnoseLogTest {

    @TempDir Path tmp;

    static String capture(String name) {
        return Inputs.projectDir().resolve("native-fixtures").resolve("hyperv-captures").resolve(name).toString();
    }

    static JsonNode finding(JsonNode prediction, String code) {
        for (JsonNode f : prediction.get("findings")) {
            if (f.get("code").asText().equals(code)) {
                return f;
            }
        }
        return null;
    }

    /** gen2-local-x86 predicts lfb_base 0 (hyperv_drm behind fb0, KEXEC_LOAD): the log's refused window is what it foresaw. */
    @Test
    void aPredictionThatForeseesTheRefusedWindowGivesItsRemedy() throws Exception {
        Path log = FailingConsoles.write(tmp, "refused.log", FailingConsoles.configWindowRefused());
        Cli.Result r = Cli.run("diagnose", "--root", capture("gen2-local-x86"), "--log", log.toString(), "--format", "json");
        JsonNode d = r.json().get("diagnoses").get(0);
        JsonNode prediction = d.get("prediction");
        assertEquals(prediction.get("verdict").asText().equals("ok") ? 0 : prediction.get("verdict").asText().equals("unknown") ? 4 : 1,
                r.exit(), "the exit status stays the prediction's");
        JsonNode pm = d.get("postmortem");
        assertEquals("config-window-refused", pm.get("cause").get("code").asText());
        JsonNode agreement = pm.get("prediction");
        assertTrue(agreement.get("agrees").asBoolean(), agreement.toString());
        JsonNode foreseen = finding(prediction, agreement.get("finding").asText());
        assertEquals(foreseen.get("remedy").asText(), pm.get("cause").get("remedy").asText());

        Cli.Result text = Cli.run("diagnose", "--root", capture("gen2-local-x86"), "--log", log.toString());
        assertTrue(text.out().contains("postmortem of the last crash"), text.out());
        assertTrue(text.out().contains("prediction: " + prediction.get("verdict").asText() + ". The prediction foresees it"), text.out());
    }

    /** gen1-local-x86 predicts ok (a Gen1 VM reserves its framebuffer from the PCI BAR): the log disagrees, and the report says so. */
    @Test
    void aPredictionOfOkAgainstARefusedWindowSaysTheyDiffer() throws Exception {
        Path log = FailingConsoles.write(tmp, "refused.log", FailingConsoles.configWindowRefused());
        Cli.Result r = Cli.run("diagnose", "--root", capture("gen1-local-x86"), "--log", log.toString(), "--format", "json");
        JsonNode d = r.json().get("diagnoses").get(0);
        assertEquals("ok", d.get("prediction").get("verdict").asText());
        assertEquals(ExitCodes.OK, r.exit());
        JsonNode agreement = d.get("postmortem").get("prediction");
        assertFalse(agreement.get("agrees").asBoolean(), agreement.toString());
        assertTrue(agreement.get("note").asText().contains("yet the log shows config-window-refused"), agreement.toString());
    }

    @Test
    void anUnreadableLogIsExitThreeWithOneLine() throws Exception {
        Path binary = tmp.resolve("vmcore");
        Files.write(binary, new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0});
        Cli.Result r = Cli.run("diagnose", "--root", capture("gen2-local-x86"), "--log", binary.toString());
        assertEquals(ExitCodes.BAD_INPUT, r.exit());
        assertEquals(1, r.errLines().length, r.err());
        assertTrue(r.err().contains(binary + ": offset 0x7: NUL byte"), r.err());
    }
}
