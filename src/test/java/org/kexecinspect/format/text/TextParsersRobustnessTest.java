package org.kexecinspect.format.text;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.kexecinspect.format.TextInput;
import org.kexecinspect.format.FormatException;

/**
 * Seeded byte flips, truncations and splices of the real fixtures through every text parser: each
 * input either parses or is refused with a FormatException naming the artifact; nothing else escapes.
 */
class TextParsersRobustnessTest {

    private interface Parser {
        Object parse(String text, String source) throws FormatException;
    }

    private static final List<Parser> PARSERS = List.of(
            ShellAssignments::parse, KdumpToolsConfig::parse, KdumpSysconfig::parse, KdumpConf::parse,
            OsRelease::parse, KernelCmdline::parse, ProcModules::parse, ModulesBuiltin::parse, ProcMounts::parse,
            ModprobeCommands::parse, KexecArgs::parseRecorded, KexecToolsVersion::parse,
            (t, s) -> KexecArgs.parse(t, s));

    private static final List<String> SEEDS = List.of(
            KdumpFixtures.text(KdumpFixtures.DEBIAN_DEFAULT), KdumpFixtures.text(KdumpFixtures.FEDORA_SYSCONFIG),
            KdumpFixtures.text(KdumpFixtures.FEDORA_KDUMP_CONF), KdumpFixtures.text(KdumpFixtures.PROC_MOUNTS),
            KdumpFixtures.text(KdumpFixtures.HYPERV_CMDLINE), KdumpFixtures.capture("bochs-drm", "first", "kexec_cmd.txt"),
            KdumpFixtures.capture("bochs-drm", "first", "modules.txt"), "A=\"$(x \")\" y)\" B=`q` C=${D:-\"}\"}");

    private static final String NASTY = "\"'`$(){}\\\n\t #;&|<>=~\0\u00ff-";

    @Test
    void mutatedInputsParseOrFailWithAFormatException() {
        Random r = new Random(20260721);
        int refused = 0;
        for (int round = 0; round < 400; round++) {
            String seed = SEEDS.get(r.nextInt(SEEDS.size()));
            StringBuilder b = new StringBuilder(seed);
            int edits = 1 + r.nextInt(8);
            for (int e = 0; e < edits && b.length() > 0; e++) {
                int at = r.nextInt(b.length());
                switch (r.nextInt(4)) {
                    case 0 -> b.setCharAt(at, NASTY.charAt(r.nextInt(NASTY.length())));
                    case 1 -> b.setLength(at);
                    case 2 -> b.insert(at, NASTY.charAt(r.nextInt(NASTY.length())));
                    default -> b.setCharAt(at, (char) r.nextInt(256));
                }
            }
            String text = b.toString();
            for (Parser p : PARSERS) {
                try {
                    p.parse(text, "mutant");
                } catch (FormatException ex) {
                    assertTrue(ex.getMessage().startsWith("mutant: "), ex.getMessage());
                    refused++;
                } catch (RuntimeException ex) {
                    fail("round " + round + ": " + ex + " on " + TextInput.shown(text), ex);
                }
            }
        }
        if (refused == 0) {
            fail("no mutant was refused: the mutations are too weak to test anything");
        }
    }
}
