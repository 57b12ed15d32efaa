package org.kexecinspect.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexecinspect.facts.SystemFacts;
import org.kexecinspect.model.Tristate;
import org.kexecinspect.model.fix.FbReserveFixDecision;
import org.kexecinspect.testing.Inputs;

/**
 * The kdump-kernel what-ifs of issue 17 on a capture of a real first kernel: the QEMU Debian 12
 * stage with Debian 12's real /etc/default/kdump-tools (KDUMP_KERNEL=/var/lib/kdump/vmlinuz) and, at
 * that path, the real kernel image of Debian's linux-image-amd64 with its real config in
 * boot/config-RELEASE. No hv_vmbus.ko is in the tree, so whether the kdump kernel carries
 * 016a25e4b0df comes from the release table, and an assumed version must move it.
 */
class KdumpKernelWhatIfTest {
    @TempDir Path tmp;

    Path withRealKdumpKernel(String name) throws IOException {
        Path t = Trees.qemu(Inputs.qemuCapture("efifb-kexec_load", "first"), tmp.resolve(name));
        Trees.write(t, "etc/default/kdump-tools", LoadPathWhatIfTest.resource("debian-12-kdump-tools-1.8.1.etc-default-kdump-tools"));
        Trees.write(t, "etc/os-release", LoadPathWhatIfTest.resource("debian-12.os-release"));
        Path image = Inputs.debianAmd64Kernel();
        Path config = Inputs.configBeside(image);
        Trees.write(t, "var/lib/kdump/vmlinuz", Files.readAllBytes(image));
        Trees.write(t, "boot/" + config.getFileName(), Files.readAllBytes(config));
        return t;
    }

    static String reasons(Prediction p) {
        return p.mmio().reasons().toString();
    }

    @Test
    void anAssumedKdumpKernelVersionMovesTheFixDecisionAcrossTheFirstFixedRelease() throws Exception {
        SystemFacts f = Trees.collect(withRealKdumpKernel("version"));
        assertTrue(f.kdumpKernel().release().known(), f.kdumpKernel().release().toString());
        for (String[] c : new String[][] {{"7.0.13", "YES"}, {"7.0.12", "NO"}, {"6.1.177", "YES"}, {"6.1.176", "NO"},
                {"7.1-rc7", "NO"}, {"7.1", "YES"}}) {
            Assumptions a = Assumptions.parse(List.of("kdumpKernel.version=" + c[0]));
            assertEquals(Tristate.valueOf(c[1]), FbReserveFixDecision.decide(a.apply(f).kdumpKernel()).carried(), c[0]);
            Prediction p = Predictor.predict(f, a);
            String says = (c[1].equals("YES") ? "carries " : "lacks ") + "016a25e4b0df";
            assertTrue(reasons(p).contains(says), c[0] + " must make the MMIO model say '" + says + "': " + reasons(p));
        }
    }

    @Test
    void assumingOneConfigOptionKeepsTheOthersAsRead() throws Exception {
        SystemFacts f = Trees.collect(withRealKdumpKernel("config"));
        Assumptions a = Assumptions.parse(List.of("kdumpKernel.config.CONFIG_SYSFB=n"));
        SystemFacts assumed = a.apply(f);
        assertEquals(Optional.of("n"), assumed.kdumpKernel().option("CONFIG_SYSFB").value());
        // Debian builds hv_vmbus as a module; the assumption must not make CONFIG_HYPERV absent
        assertEquals(f.kdumpKernel().option("CONFIG_HYPERV").value(), assumed.kdumpKernel().option("CONFIG_HYPERV").value());
        assertEquals(Optional.of("m"), assumed.kdumpKernel().option("CONFIG_HYPERV").value());
        String why = reasons(Predictor.predict(f, a));
        assertFalse(why.contains("has no CONFIG_HYPERV"), why);
        assertTrue(why.contains("CONFIG_SYSFB=n"), why);
    }

    @Test
    void assumingOneConfigOptionOfAnUnknownConfigLeavesTheOthersUnknownNotAbsent() throws Exception {
        Path t = withRealKdumpKernel("no-config");
        try (var configs = Files.list(t.resolve("boot"))) {
            for (Path c : configs.filter(p -> p.getFileName().toString().startsWith("config-")).toList()) {
                Files.delete(c);
            }
        }
        SystemFacts f = Trees.collect(t);
        assertFalse(f.kdumpKernel().config().known(), "no config-RELEASE and no IKCONFIG in Debian's image");
        SystemFacts assumed = Assumptions.parse(List.of("kdumpKernel.config.CONFIG_SYSFB=n")).apply(f);
        assertEquals(Optional.of("n"), assumed.kdumpKernel().option("CONFIG_SYSFB").value());
        assertFalse(assumed.kdumpKernel().option("CONFIG_HYPERV").known(), "CONFIG_HYPERV was never read: it stays unknown");
        String why = reasons(Predictor.predict(f, Assumptions.parse(List.of("kdumpKernel.config.CONFIG_SYSFB=n"))));
        assertFalse(why.contains("has no CONFIG_HYPERV"), why);
    }
}
