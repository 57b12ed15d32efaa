package org.kexecinspect.format.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kexecinspect.format.FormatException;

/** The sourced-file parser against /bin/sh on real and on tricky files, and on bad input. */
class ShellAssignmentsTest {

    private static Map<String, String> parsedValues(ShellAssignments a) {
        Map<String, String> m = new TreeMap<>();
        a.variables().forEach((k, v) -> m.put(k, v.value()));
        return m;
    }

    @ParameterizedTest
    @ValueSource(strings = {KdumpFixtures.DEBIAN_DEFAULT, KdumpFixtures.FEDORA_SYSCONFIG, KdumpFixtures.OS_RELEASE})
    void realFilesGiveTheValuesShGives(String fixture) throws Exception {
        String text = KdumpFixtures.text(fixture);
        ShellAssignments a = ShellAssignments.parse(text, fixture);
        assertTrue(a.unevaluated().isEmpty(), "these files are plain assignments: " + a.unevaluated());
        assertTrue(a.variables().values().stream().allMatch(ShellAssignments.Assignment::staticallyKnown));
        List<String> names = new ArrayList<>(a.variables().keySet());
        names.addAll(List.of("KDUMP_KEXEC_ARGS", "KDUMP_CMDLINE", "NFS"));   // commented out in the Debian file
        assertEquals(new TreeMap<>(KdumpFixtures.shValues(text, names)), parsedValues(a));
    }

    @Test
    void debianDefaultFileReadByEye() throws Exception {
        ShellAssignments a = ShellAssignments.parse(KdumpFixtures.text(KdumpFixtures.DEBIAN_DEFAULT), "debian");
        assertEquals("1", a.value("USE_KDUMP").orElseThrow());
        assertEquals("/var/lib/kdump/vmlinuz", a.value("KDUMP_KERNEL").orElseThrow());
        assertEquals("/var/lib/kdump/initrd.img", a.value("KDUMP_INITRD").orElseThrow());
        assertEquals("/var/crash", a.value("KDUMP_COREDIR").orElseThrow());
        assertEquals("\"/var/crash\"", a.get("KDUMP_COREDIR").orElseThrow().raw());
        assertEquals(4, a.variables().size(), "only four assignments are not commented out: " + a.variables().keySet());
        assertFalse(a.value("KDUMP_KEXEC_ARGS").isPresent());
    }

    /** Quoting, continuation, export, comments and empty values, checked against sh itself. */
    @Test
    void trickyStaticSyntaxAgreesWithSh() throws Exception {
        String text = String.join("\n",
                "A=plain",
                "B=\"two words\"  # trailing comment",
                "C='single $NOT expanded'",
                "D=",
                "E=\"\"",
                "export F=exported G=\"also \\\"quoted\\\"\"",
                "H=a\\ b\\\\c",
                "I=\"line \\",
                "continued\"",
                "J=x#not-a-comment",
                "K=first; K=second",
                "L='multi",
                "line'",
                "M=\"\\$literal and \\\\ and \\a\"",
                "   N=indented\t",
                "O=$ P=\"cost: $\"",
                "Q=a'b'\"c\"d",
                "");
        ShellAssignments a = ShellAssignments.parse(text, "tricky");
        List<String> names = List.of("A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O", "P", "Q");
        assertEquals(new TreeMap<>(KdumpFixtures.shValues(text, names)), parsedValues(a));
        assertTrue(a.get("F").orElseThrow().exported());
        assertTrue(a.get("G").orElseThrow().exported());
        assertFalse(a.get("A").orElseThrow().exported());
        assertEquals("second", a.value("K").orElseThrow());
        assertEquals(14, a.get("M").orElseThrow().line(), "a quoted newline and a continuation move the line count");
    }

    @Test
    void expansionsAreKeptAsWrittenAndMarkedNotStaticallyKnown() throws Exception {
        ShellAssignments a = ShellAssignments.parse(String.join("\n",
                "KVER=$(uname -r)",
                "KERNEL=\"/boot/vmlinuz-${KVER}\"",
                "OLD=`uname -m`",
                "HOMEY=~/x",
                "STATIC=\"no expansion\""), "dyn");
        assertEquals("$(uname -r)", a.value("KVER").orElseThrow());
        assertEquals("/boot/vmlinuz-${KVER}", a.value("KERNEL").orElseThrow());
        assertEquals("`uname -m`", a.value("OLD").orElseThrow());
        for (String n : List.of("KVER", "KERNEL", "OLD", "HOMEY")) {
            assertFalse(a.get(n).orElseThrow().staticallyKnown(), n);
        }
        assertTrue(a.get("STATIC").orElseThrow().staticallyKnown());
    }

    @Test
    void logicIsRecordedNotEvaluated() throws Exception {
        ShellAssignments a = ShellAssignments.parse(String.join("\n",
                "A=1",
                "[ -f /etc/foo ] && A=2",
                "if true; then",
                "  B=3",
                "fi",
                "C=4 some_command",
                "f() { D=5; }"), "logic");
        assertEquals("1", a.value("A").orElseThrow(), "a conditional assignment is not applied");
        assertFalse(a.value("C").isPresent(), "an assignment prefixing a command does not outlive it");
        // ';' separates commands, so "if true; then" and "f() { D=5; }" are two statements each
        assertEquals(List.of(2, 3, 3, 5, 6, 7, 7), a.unevaluated().stream().map(ShellAssignments.Statement::line).toList());
        // B=3 between if and fi is a plain assignment line and is applied: the parser does not track blocks
        assertEquals("3", a.value("B").orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"A=\"open", "A='open", "A=$(uname", "A=${X", "A=`date", "cat <<EOF\nB=1\nEOF"})
    void unterminatedSyntaxIsAFormatException(String text) {
        FormatException e = assertThrows(FormatException.class, () -> ShellAssignments.parse(text, "bad.conf"));
        assertTrue(e.getMessage().startsWith("bad.conf: "), e.getMessage());
    }

    @Test
    void binaryAndHugeInputsAreRefused() {
        assertThrows(FormatException.class, () -> ShellAssignments.parse("A=1\0\1\2", "bin"));
        String huge = "A=" + "x".repeat(ShellAssignments.MAX_INPUT_CHARS);
        FormatException e = assertThrows(FormatException.class, () -> ShellAssignments.parse(huge, "huge"));
        assertTrue(e.reason().contains("too large"), e.reason());
        String longWord = "A=" + "x".repeat(ShellAssignments.MAX_WORD_LENGTH + 1);
        assertThrows(FormatException.class, () -> ShellAssignments.parse(longWord, "long"));
        String manyCommands = "A=1;".repeat(ShellAssignments.MAX_COMMANDS + 1);
        assertThrows(FormatException.class, () -> ShellAssignments.parse(manyCommands, "many"));
    }
}
