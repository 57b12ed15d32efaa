package org.kexecinspect.model;

import java.util.List;

import org.kexecinspect.facts.Arch;
import org.kexecinspect.model.mmio.MmioPrediction;

/**
 * The answer for one system: the screen_info the kdump kernel will receive on each load path, the
 * MMIO outcome, the verdict and the findings (JSON contract: prediction {arch, verdict,
 * configuredLoadPath, paths, mmio, findings}).
 *
 * @param arch    the running kernel's architecture (JSON: its uname machine name); null when unknown
 * @param summary the verdict in plain words and the chain in a few lines, for the top of a report
 */
public record Prediction(Arch arch, Verdict verdict, String configuredLoadPath, List<PathPrediction> paths,
        MmioPrediction mmio, List<Finding> findings, Summary summary) {
    public Prediction {
        paths = List.copyOf(paths);
        findings = List.copyOf(findings);
        java.util.Objects.requireNonNull(summary, "summary");
    }
}
