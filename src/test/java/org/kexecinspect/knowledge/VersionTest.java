package org.kexecinspect.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Linux tags v7.1-rc1 ... v7.1-rc7 before v7.1; distribution suffixes are not versions. */
class VersionTest {

    @ParameterizedTest(name = "{0} < {1}")
    @CsvSource({"7.1-rc7, 7.1", "7.1.0-rc7-amd64, 7.1", "7.1~rc7, 7.1.0", "7.1-rc1, 7.1-rc7", "7.0.13, 7.1-rc1",
            "7.1, 7.1.1", "2.0.9, 2.0.27", "6.1, 6.1.192", "6.12.94, 6.12.95+deb13-amd64", "7.1-rc7, 7.2-rc1"})
    void ordered(String lower, String higher) {
        assertTrue(Version.parse(lower).compareTo(Version.parse(higher)) < 0, lower + " < " + higher);
        assertTrue(Version.parse(higher).compareTo(Version.parse(lower)) > 0, higher + " > " + lower);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({"7.1, 7.1.0", "6.1.0-56-amd64, 6.1.0", "6.12.95+deb13-amd64, 6.12.95", "7.1.0-rc7-amd64, 7.1-rc7"})
    void equal(String a, String b) {
        assertEquals(0, Version.parse(a).compareTo(Version.parse(b)));
    }

    @ParameterizedTest(name = "{0} prints as {1}")
    @CsvSource({"7.1.0-rc7-amd64, 7.1.0-rc7", "6.12.95+deb13-amd64, 6.12.95", "6.1.0-56-amd64, 6.1.0", "7.1, 7.1"})
    void printsNumbersAndReleaseCandidate(String text, String shown) {
        assertEquals(shown, Version.parse(text).toString());
    }
}
