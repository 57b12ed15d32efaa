package org.kexecinspect.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** JSON prints a Tristate as true, false or null: the round trip through Boolean must hold. */
class TristateTest {

    @Test
    void nullIsUnknownAndUnknownIsNull() {
        assertEquals(Tristate.UNKNOWN, Tristate.of(null));
        assertNull(Tristate.UNKNOWN.toBoolean());
        assertFalse(Tristate.UNKNOWN.known());
        assertFalse(Tristate.UNKNOWN.isYes());
        assertFalse(Tristate.UNKNOWN.isNo());
    }

    @Test
    void yesAndNoRoundTripThroughBoolean() {
        assertEquals(Tristate.YES, Tristate.of(Boolean.TRUE));
        assertEquals(Tristate.NO, Tristate.of(Boolean.FALSE));
        assertEquals(Boolean.TRUE, Tristate.YES.toBoolean());
        assertEquals(Boolean.FALSE, Tristate.NO.toBoolean());
        assertTrue(Tristate.YES.isYes() && Tristate.YES.known() && !Tristate.YES.isNo());
        assertTrue(Tristate.NO.isNo() && Tristate.NO.known() && !Tristate.NO.isYes());
    }

    /** Kleene logic, as KexecFileLoadModel combines what the running kernel carries. */
    @Test
    void notAndAndFollowKleene() {
        assertEquals(Tristate.NO, Tristate.YES.not());
        assertEquals(Tristate.YES, Tristate.NO.not());
        assertEquals(Tristate.UNKNOWN, Tristate.UNKNOWN.not());
        assertEquals(Tristate.YES, Tristate.and(Tristate.YES, Tristate.YES));
        assertEquals(Tristate.NO, Tristate.and(Tristate.UNKNOWN, Tristate.NO, Tristate.YES), "a NO decides");
        assertEquals(Tristate.UNKNOWN, Tristate.and(Tristate.YES, Tristate.UNKNOWN));
        assertEquals(Tristate.YES, Tristate.and(), "the empty AND is YES");
    }
}
