package org.kexecinspect.model;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kexecinspect.model.HypervMmioModelTest.capture;
import static org.kexecinspect.model.HypervMmioModelTest.kdump;
import static org.kexecinspect.model.HypervMmioModelTest.lfbAt;
import static org.kexecinspect.model.HypervMmioModelTest.lfbZero;
import static org.kexecinspect.model.HypervMmioModelTest.typical;
import static org.kexecinspect.model.HypervMmioModelTest.with;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kexecinspect.facts.KdumpKernelFacts;
import org.kexecinspect.facts.SystemFacts;
import org.kexecinspect.model.mmio.HypervMmioModel;
import org.kexecinspect.model.mmio.MmioPrediction;

/**
 * Every reason the MMIO model and the exposure give cites what a user can look up (a kernel file and
 * function, a commit, a Message-ID, a fact's source), never the project's own notes. The text
 * quoted from knowledge.json is that file's business and is left out here.
 */
class MmioPublicSourcesTest {

    private static final List<String> PRIVATE = List.of("domain.md", "DESIGN.md");

    @ParameterizedTest
    @ValueSource(strings = {"gen1-local-x86", "gen2-azure-cvm-x86", "gen2-azure-x86", "gen2-local-arm64", "gen2-local-x86"})
    void reasonsCiteOnlyPublicSources(String name) throws Exception {
        SystemFacts base = capture(name);
        List<KdumpKernelFacts> kernels = List.of(base.kdumpKernel(), kdump("6.1.177", true, typical("y"), null, null),
                kdump("6.8.0", false, typical("n"), null, null), kdump("5.15.0", null, null, null, null),
                kdump(null, null, null, null, null));
        List<PathPrediction> paths = Arrays.asList(lfbZero(Tristate.YES), lfbZero(Tristate.NO),
                lfbZero(Tristate.UNKNOWN), lfbAt(0xF8000000L, 0x300000, Tristate.YES),
                lfbAt(0x40000000L, 0x300000, Tristate.NO), null);
        int checked = 0;
        for (KdumpKernelFacts k : kernels) {
            SystemFacts f = with(base, k);
            for (PathPrediction used : paths) {
                MmioPrediction m = HypervMmioModel.predict(f, used);
                List<Reason> all = new ArrayList<>(m.reasons());
                all.addAll(HypervMmioModel.exposure(f, m).reasons());
                for (Reason r : all) {
                    String evidence = r.evidence();
                    int quoted = evidence.indexOf("knowledge.json:");
                    String own = r.text() + " | " + (quoted < 0 ? evidence : evidence.substring(0, quoted));
                    assertFalse(evidence.isBlank(), () -> name + ": a reason without evidence: " + r.text());
                    for (String p : PRIVATE) {
                        assertFalse(own.contains(p), () -> name + " cites " + p + ": " + own);
                    }
                    checked++;
                }
            }
        }
        assertTrue(checked > 100, name + ": only " + checked + " reasons checked");
    }
}
