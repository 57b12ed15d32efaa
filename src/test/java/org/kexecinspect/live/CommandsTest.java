package org.kexecinspect.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.kexecinspect.facts.Fact;

/** The live side's programs (kexec --version, fbset -i) run with a timeout that holds even when they print nothing. */
class CommandsTest {

    @Test
    void keepsTheOutputOfAProgramThatExitsZero() {
        Fact<String> f = Commands.run("echo", "kexec-tools 2.0.26");
        assertTrue(f.known(), String.valueOf(f.unknown()));
        assertEquals("kexec-tools 2.0.26\n", f.value());
    }

    @Test
    void aNonZeroExitIsUnknown() {
        Fact<String> f = Commands.run("false");
        assertFalse(f.known());
        assertEquals("exited with status 1", f.unknown().detail());
    }

    /**
     * A program that hangs with stdout open and silent: before the fix the output read waited for
     * it to end (here 10 minutes), and the 5 s timeout was never reached.
     */
    @Test
    void aProgramThatHangsSilentlyTimesOut() {
        Fact<String> f = Commands.run("sleep", "600");
        assertFalse(f.known());
        assertEquals("timed out after " + Commands.TIMEOUT_SECONDS + " s", f.unknown().detail());
    }
}
