package org.kexecinspect.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kexecinspect.model.HypervMmioModelTest.capture;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kexecinspect.facts.Arch;
import org.kexecinspect.facts.Fact;
import org.kexecinspect.facts.SystemFacts;

/** --assume arch=... replaces the observed architecture with an {@link Arch}, and the paths follow it. */
class AssumeArchTest {

    @Test
    void assumedAarch64ReplacesTheObservedX86() {
        SystemFacts observed = capture("gen2-local-x86");
        assertTrue(observed.machine().arch().value().isX86());
        Assumptions a = Assumptions.parse(List.of("arch=aarch64"));
        Fact<Arch> arch = a.apply(observed).machine().arch();
        assertEquals(Arch.of("aarch64"), arch.value());
        assertTrue(arch.source().contains("arch=aarch64"), arch.source());
        Prediction p = Predictor.predict(observed, a);
        assertEquals(Arch.Family.ARM64, p.arch().family());
        for (PathPrediction pp : p.paths()) {
            assertEquals(Tristate.YES, pp.lfbBaseZero(), "arm64 passes no screen_info: " + pp.reasons());
            assertEquals(Tristate.UNKNOWN, pp.efiBoot(), "efi_info is an x86 notion");
        }
    }

    @Test
    void assumedX8664OnArm64() {
        Prediction p = Predictor.predict(capture("gen2-local-arm64"), Assumptions.parse(List.of("arch=x86_64")));
        assertEquals(Arch.of("x86_64"), p.arch());
        assertTrue(p.arch().isX86());
    }

    @ParameterizedTest
    @ValueSource(strings = {"i686", "arm64", "amd64", "ppc64le", ""})
    void onlyX8664OrAarch64IsAccepted(String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Assumptions.parse(List.of("arch=" + value)));
        assertEquals("--assume arch: '" + value + "' is not x86_64 or aarch64", e.getMessage());
    }
}
