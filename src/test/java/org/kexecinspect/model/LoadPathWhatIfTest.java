package org.kexecinspect.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexecinspect.facts.SystemFacts;
import org.kexecinspect.model.loadpath.KexecSyscall;
import org.kexecinspect.model.loadpath.LoadPathDecision;
import org.kexecinspect.model.loadpath.LoadPaths;
import org.kexecinspect.testing.Cli;
import org.kexecinspect.testing.Inputs;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The what-ifs of issue 17 on a capture of a real first kernel: the QEMU Debian 12 stage (kernel
 * 6.1.0-56-amd64, kexec-tools 2.0.25), with Debian 12's real /etc/default/kdump-tools (no -c/-s/-a),
 * its os-release and the Debian kernel package's real config (CONFIG_KEXEC_FILE=y). kdump-config
 * kdump_load() then passes no syscall option, so kexec-tools' release decides: KEXEC_LOAD up to
 * 2.0.26, -a from 2.0.27 (29fe5067ed07); Secure Boot makes kdump-config add -s.
 */
class LoadPathWhatIfTest {
    @TempDir Path tmp;

    static byte[] resource(String name) throws IOException {
        try (InputStream in = LoadPathWhatIfTest.class.getResourceAsStream("/org/kexecinspect/kdump/" + name)) {
            return in.readAllBytes();
        }
    }

    /** The Debian 12 first kernel's capture with the kdump-tools configuration it would have. */
    Path debian12(String name) throws IOException {
        Path t = Trees.qemu(Inputs.qemuCapture("efifb-kexec_load", "first"), tmp.resolve(name));
        Trees.write(t, "etc/default/kdump-tools", resource("debian-12-kdump-tools-1.8.1.etc-default-kdump-tools"));
        Trees.write(t, "etc/os-release", resource("debian-12.os-release"));
        byte[] config = Files.readAllBytes(Inputs.configBeside(Inputs.debianAmd64Kernel()));
        assertTrue(new String(config, java.nio.charset.StandardCharsets.UTF_8).contains("\nCONFIG_KEXEC_FILE=y\n"));
        Trees.write(t, "boot/config-6.1.0-56-amd64", config);
        return t;
    }

    static PathPrediction used(Prediction p) {
        return p.paths().stream().filter(PathPrediction::used).findFirst().orElseThrow(() -> new AssertionError(p));
    }

    @Test
    void asCapturedKexecTools2025LoadsWithKexecLoad() throws Exception {
        SystemFacts f = Trees.collect(debian12("as-captured"));
        LoadPathDecision d = LoadPaths.decide(f, Assumptions.NONE);
        assertEquals(List.of("-p"), d.arguments(), d.reasonText());
        assertEquals(java.util.Optional.of(KexecSyscall.KEXEC_LOAD), d.used(), d.reasonText());
        Prediction p = Predictor.predict(f, Assumptions.NONE);
        assertEquals("kexec_load", p.configuredLoadPath());
        assertEquals(KexecSyscall.KEXEC_LOAD, used(p).loadPath());
    }

    @Test
    void kexecTools2027MakesItTryKexecFileLoadFirst() throws Exception {
        SystemFacts f = Trees.collect(debian12("2.0.27"));
        Prediction p = Predictor.predict(f, Assumptions.parse(List.of("kexecTools.version=2.0.27")));
        assertEquals("auto", p.configuredLoadPath());
        PathPrediction used = used(p);
        assertEquals(KexecSyscall.KEXEC_FILE_LOAD, used.loadPath(), used.reasons().toString());
        assertEquals(Tristate.YES, used.available());
        Prediction before = Predictor.predict(f, Assumptions.parse(List.of("kexecTools.version=2.0.26")));
        assertEquals(KexecSyscall.KEXEC_LOAD, used(before).loadPath(), "2.0.26 still defaults to KEXEC_LOAD");
    }

    @Test
    void secureBootMakesKdumpConfigAddDashS() throws Exception {
        SystemFacts f = Trees.collect(debian12("secure-boot"));
        Assumptions a = Assumptions.parse(List.of("firmware.secureBoot=true", "firmware.setupMode=false"));
        Prediction p = Predictor.predict(f, a);
        assertEquals("kexec_file_load", p.configuredLoadPath());
        assertEquals(KexecSyscall.KEXEC_FILE_LOAD, used(p).loadPath());
        LoadPathDecision d = LoadPaths.decide(a.apply(f), a);
        assertEquals(List.of("-p", "-s"), d.arguments());
        assertTrue(d.reasonText().contains("check_secure_boot"), d.reasonText());
        Prediction setupMode = Predictor.predict(f, Assumptions.parse(List.of("firmware.secureBoot=true",
                "firmware.setupMode=true")));
        assertEquals(KexecSyscall.KEXEC_LOAD, used(setupMode).loadPath(), "setup mode: Secure Boot not enforced");
    }

    @Test
    void securelevelOneAlsoAddsDashS() throws Exception {
        Prediction p = Predictor.predict(Trees.collect(debian12("securelevel")),
                Assumptions.parse(List.of("firmware.securelevel=1")));
        assertEquals("kexec_file_load", p.configuredLoadPath());
    }

    @Test
    void kdumpKexecArgsDashCBeatsTheSecureBootDashS() throws Exception {
        Prediction p = Predictor.predict(Trees.collect(debian12("dash-c")),
                Assumptions.parse(List.of("firmware.secureBoot=true", "kdumpService.kexecArgs=-c -d")));
        assertEquals("kexec_load", p.configuredLoadPath());
        assertEquals(KexecSyscall.KEXEC_LOAD, used(p).loadPath());
    }

    @Test
    void lockdownMakesAnExplicitKexecLoadFail() throws Exception {
        SystemFacts f = Trees.collect(debian12("lockdown"));
        Assumptions a = Assumptions.parse(List.of("firmware.lockdown=integrity"));
        LoadPathDecision d = LoadPaths.decide(a.apply(f), a);
        assertEquals(java.util.Optional.of(KexecSyscall.KEXEC_LOAD), d.used());
        assertTrue(d.reasonText().contains("refuses KEXEC_LOAD"), d.reasonText());
        assertEquals(Tristate.NO, used(Predictor.predict(f, a)).available());
    }

    @Test
    void withoutKexecFileTheAutoDefaultFallsBackOnlyFrom2021() throws Exception {
        Path t = debian12("no-kexec-file");
        Path config = t.resolve("boot/config-6.1.0-56-amd64");
        Files.writeString(config, Files.readString(config).replace("\nCONFIG_KEXEC_FILE=y\n", "\n# CONFIG_KEXEC_FILE is not set\n"));
        SystemFacts f = Trees.collect(t);
        assertEquals(KexecSyscall.KEXEC_LOAD, used(Predictor.predict(f, Assumptions.parse(List.of("kexecTools.version=2.0.27"))))
                .loadPath());
        assertEquals(KexecSyscall.KEXEC_LOAD, used(Predictor.predict(f, Assumptions.parse(List.of(
                "kexecTools.version=2.0.21", "kdumpService.kexecArgs=-a")))).loadPath());
        assertEquals(KexecSyscall.KEXEC_FILE_LOAD, used(Predictor.predict(f, Assumptions.parse(List.of(
                "kexecTools.version=2.0.20", "kdumpService.kexecArgs=-a")))).loadPath(), "2.0.20's -a does not fall back");
    }

    /** The real arm64 Hyper-V capture (kexec-tools 2.0.22) with a kernel config without KEXEC_FILE: -a ends on KEXEC_LOAD. */
    @Test
    void arm64WithoutFileLoadFallsBackToKexecLoad() throws Exception {
        Path t = Trees.hyperv("gen2-local-arm64", tmp);
        SystemFacts f = Trees.collect(t);
        String release = f.machine().kernelRelease().value();
        Trees.write(t, "boot/config-" + release, "CONFIG_KEXEC=y\n# CONFIG_KEXEC_FILE is not set\n");
        Prediction p = Predictor.predict(Trees.collect(t), Assumptions.parse(List.of("kexecTools.version=2.0.27")));
        assertEquals("auto", p.configuredLoadPath());
        assertEquals(KexecSyscall.KEXEC_LOAD, used(p).loadPath());
        assertFalse(p.paths().get(1).used());
    }

    @Test
    void anAssumedLoadPathOverridesTheDecisionAndTheOldDefaultSyscallKeyIsGone() throws Exception {
        SystemFacts f = Trees.collect(debian12("override"));
        Prediction p = Predictor.predict(f, Assumptions.parse(List.of("kdump.loadPath=kexec_file_load")));
        assertEquals(KexecSyscall.KEXEC_FILE_LOAD, used(p).loadPath());
        assertThrows(IllegalArgumentException.class, () -> Assumptions.parse(List.of("kexecTools.defaultSyscall=auto")));
    }

    /** The same what-ifs through the command line: the verdict JSON shows the used path. */
    @Test
    void predictCommandShowsTheRederivedPath() throws Exception {
        Path t = debian12("cli");
        assertEquals("kexec_load", usedPath(t));
        assertEquals("kexec_file_load", usedPath(t, "--assume", "kexecTools.version=2.0.27"));
        assertEquals("kexec_file_load", usedPath(t, "--assume", "firmware.secureBoot=true"));
        Cli.Result bad = Cli.run("predict", "--assume", "kexecTools.defaultSyscall=auto", t.toString());
        assertEquals(2, bad.exit(), bad.err());
    }

    static String usedPath(Path capture, String... assume) {
        String[] args = new String[assume.length + 4];
        args[0] = "predict";
        System.arraycopy(assume, 0, args, 1, assume.length);
        args[assume.length + 1] = "--format";
        args[assume.length + 2] = "json";
        args[assume.length + 3] = capture.toString();
        Cli.Result r = Cli.run(args);
        JsonNode p = r.json().get("predictions").get(0).get("prediction");
        String used = null;
        for (JsonNode path : p.get("paths")) {
            if (path.get("used").asBoolean()) {
                used = path.get("loadPath").asText();
            }
        }
        assertEquals(used, p.get("configuredLoadPath").asText().equals("auto") ? used : p.get("configuredLoadPath").asText());
        return used;
    }
}
