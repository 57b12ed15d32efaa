package org.kexecinspect.cli;

import java.util.ArrayList;
import java.util.List;

import org.kexecinspect.model.Assumptions;

import picocli.CommandLine.Option;

/** --assume KEY=VALUE, shared by predict, diagnose and preflight. */
public final class AssumeOption {
    @Option(names = "--assume", paramLabel = "KEY=VALUE",
            description = "What-if: replace one fact before predicting (repeatable), e.g. "
                    + "kdumpService.loadPath=kexec_file_load, kdumpKernel.hasFbReserveFix=true, "
                    + "modules.pci_hyperv.builtin=true, iomem.lowMmio=f8000000-fed3ffff. "
                    + "Only the named fact changes; facts derived from it are not recomputed. "
                    + "kexec-inspect predict --assume help lists every key.")
    List<String> items = new ArrayList<>();

    Assumptions parse(picocli.CommandLine cl) {
        if (items.contains("help")) {
            StringBuilder b = new StringBuilder("--assume keys:");
            Assumptions.KEYS.forEach((k, v) -> b.append("\n  ").append(k).append("  ").append(v));
            throw new picocli.CommandLine.ParameterException(cl, b.toString());
        }
        try {
            return Assumptions.parse(items);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(cl, e.getMessage());
        }
    }
}
