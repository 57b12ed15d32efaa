package org.kexecinspect.cli;

import java.util.ArrayList;
import java.util.List;

import org.kexecinspect.model.Assumptions;

import picocli.CommandLine.Option;

/** --assume KEY=VALUE, shared by predict, diagnose and preflight. */
public final class AssumeOption {
    @Option(names = "--assume", paramLabel = "KEY=VALUE",
            description = "What-if: replace one observed fact before predicting (repeatable), e.g. "
                    + "kexecTools.version=2.0.27, firmware.secureBoot=true, kdumpKernel.version=7.0.13, "
                    + "kdumpKernel.config.CONFIG_SYSFB=n, modules.pci_hyperv.builtin=true, iomem.lowMmio=f8000000-fed3ffff. "
                    + "Everything derived from the fact is recomputed: the load path, whether the kdump kernel "
                    + "carries 016a25e4b0df, the MMIO outcome and the verdict. A config option changes that option "
                    + "only. kdumpService.loadPath and kdumpKernel.hasFbReserveFix override a decision instead of a fact. "
                    + "kexec-inspect predict --assume help lists every key.")
    List<String> items = new ArrayList<>();

    Assumptions parse(picocli.CommandLine cl) {
        if (items.contains("help")) {
            StringBuilder b = new StringBuilder("--assume keys (each replaces an observed fact, and everything derived from it"
                    + " is recomputed; kdumpService.loadPath and kdumpKernel.hasFbReserveFix override a decision):");
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
