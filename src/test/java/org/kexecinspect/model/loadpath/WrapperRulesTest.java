package org.kexecinspect.model.loadpath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.kexecinspect.facts.Fact;
import org.kexecinspect.facts.Firmware;
import org.kexecinspect.facts.KdumpServiceFacts;
import org.kexecinspect.facts.KdumpServiceFacts.ConfiguredArgs;
import org.kexecinspect.format.FormatException;
import org.kexecinspect.format.text.KdumpSysconfig;
import org.kexecinspect.format.text.KdumpToolsConfig;
import org.kexecinspect.format.text.KdumpToolsConfig.Flavour;
import org.kexecinspect.format.text.KexecInvocation.Syscall;

/**
 * The wrappers' options and kexec-tools' choice on Debian's and Fedora's shipped files: kdump-config
 * kdump_load() (kdump-tools 1:1.8.1/1:1.10.9) and kdumpctl load_kdump()/prepare_kexec_args().
 */
class WrapperRulesTest {

    static final String BOOKWORM = "2.0.25";
    static final String SID = "2.0.32";

    static String fixture(String name) {
        try (InputStream in = WrapperRulesTest.class.getResourceAsStream("/org/kexecinspect/kdump/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static KdumpToolsConfig debian() throws FormatException {
        return KdumpToolsConfig.parse(fixture("debian-12-kdump-tools-1.8.1.etc-default-kdump-tools"), "kdump-tools");
    }

    static KdumpSysconfig fedora() throws FormatException {
        return KdumpSysconfig.parse(fixture("fedora-kdump-utils.etc-sysconfig-kdump.x86_64"), "sysconfig");
    }

    static <T> Fact<T> fact(T value) {
        return value == null ? Fact.unknown(Fact.Why.ABSENT, "not given", "test") : Fact.of(value, "test");
    }

    static Firmware firmware(Boolean secureBoot, Integer securelevel, String lockdown) {
        return new Firmware(fact(null), fact(secureBoot), fact(false), fact(lockdown), fact(securelevel), fact(null));
    }

    static LoadPathDecision kdumpTools(KdumpToolsConfig c, Flavour flavour, Firmware fw, String version, boolean elf) {
        Fact<ConfiguredArgs> args;
        try {
            args = Fact.of(ConfiguredArgs.of(c), "kdump-tools");
        } catch (FormatException e) {
            args = Fact.unknown(Fact.Why.MALFORMED, e.getMessage(), "kdump-tools");
        }
        KdumpServiceFacts s = new KdumpServiceFacts(Fact.of("kdump-tools", "kdump-tools"), Fact.of(flavour, "os-release"),
                fact(true), args, fact(elf), fact(null), fact(null), fact(null), fact(null));
        return LoadPaths.configured(s, fw, fact(version));
    }

    static LoadPathDecision kdumpctl(KdumpSysconfig c, Firmware fw, String version) {
        KdumpServiceFacts s = new KdumpServiceFacts(Fact.of("kdump-utils", "sysconfig"), fact(null), fact(null),
                Fact.of(ConfiguredArgs.of(c), "sysconfig"), fact(null), fact(null), fact(null), fact(null), fact(null));
        return LoadPaths.configured(s, fw, fact(version));
    }

    // ---- Debian kdump-tools

    @Test
    void debianSecureBootAddsDashS() throws Exception {
        LoadPathDecision p = kdumpTools(debian(), Flavour.DEBIAN, firmware(true, null, null), BOOKWORM, false);
        assertEquals(List.of("-p", "-s"), p.arguments());
        assertEquals(Syscall.FILE_LOAD, p.requested());
        assertEquals(Optional.of(Syscall.FILE_LOAD), p.effective());
        assertTrue(p.certain());
        assertTrue(p.reasonText().contains("check_secure_boot"), p.reasonText());
    }

    @Test
    void secureBootInSetupModeIsNotEnforced() throws Exception {
        Firmware setup = new Firmware(fact(true), fact(true), fact(true), fact(null), fact(null), fact(null));
        LoadPathDecision p = kdumpTools(debian(), Flavour.DEBIAN, setup, BOOKWORM, false);
        assertEquals(List.of("-p"), p.arguments());
        assertEquals(Optional.of(Syscall.LOAD), p.effective());
    }

    @Test
    void debianSecurelevelOneAddsDashS() throws Exception {
        LoadPathDecision p = kdumpTools(debian(), Flavour.DEBIAN, firmware(false, 1, null), BOOKWORM, false);
        assertEquals(Syscall.FILE_LOAD, p.requested());
    }

    @Test
    void debianWithoutSecureBootFollowsTheKexecToolsDefault() throws Exception {
        LoadPathDecision bookworm = kdumpTools(debian(), Flavour.DEBIAN, firmware(false, null, null), BOOKWORM, false);
        assertEquals(List.of("-p"), bookworm.arguments());
        assertEquals(Syscall.UNSPECIFIED, bookworm.requested());
        assertEquals(Optional.of(Syscall.LOAD), bookworm.effective());
        assertTrue(bookworm.certain());
        LoadPathDecision sid = kdumpTools(debian(), Flavour.DEBIAN, firmware(false, null, null), SID, false);
        assertEquals(Optional.of(Syscall.AUTO), sid.effective());
        LoadPathDecision noVersion = kdumpTools(debian(), Flavour.DEBIAN, firmware(false, null, null), null, false);
        assertTrue(noVersion.effective().isEmpty());
        assertFalse(noVersion.certain());
    }

    @Test
    void unknownSecureBootMakesTheAnswerUncertainUnlessKexecArgsDecide() throws Exception {
        LoadPathDecision p = kdumpTools(debian(), Flavour.DEBIAN, firmware(null, null, null), BOOKWORM, false);
        assertEquals(Optional.of(Syscall.LOAD), p.effective());
        assertFalse(p.certain());
        assertTrue(p.reasonText().contains("the Secure Boot state is unknown"), p.reasonText());
        KdumpToolsConfig withC = KdumpToolsConfig.parse("USE_KDUMP=1\nKDUMP_KEXEC_ARGS=\"-c -d\"\n", "k");
        assertTrue(kdumpTools(withC, Flavour.DEBIAN, firmware(null, null, null), BOOKWORM, false).certain());
    }

    /** KDUMP_KEXEC_ARGS="-c -d" is what Ubuntu users set to force KEXEC_LOAD; it overrides the script's -s. */
    @Test
    void kdumpKexecArgsDashCBeatsTheScriptsDashS() throws Exception {
        KdumpToolsConfig c = KdumpToolsConfig.parse("USE_KDUMP=1\nKDUMP_KEXEC_ARGS=\"-c -d\"\n", "k");
        LoadPathDecision p = kdumpTools(c, Flavour.DEBIAN, firmware(true, null, "integrity"), SID, true);
        assertEquals(List.of("-p", "-s", "--args-linux", "-c", "-d"), p.arguments());
        assertEquals(Syscall.LOAD, p.requested());
        assertEquals(Optional.of(Syscall.LOAD), p.effective());
    }

    @Test
    void ubuntuFlavoursAreMarkedUnverified() throws Exception {
        LoadPathDecision noble = kdumpTools(debian(), Flavour.UBUNTU_24_04, firmware(false, null, null), "2.0.28", false);
        assertEquals(Syscall.FILE_LOAD, noble.requested());
        assertEquals(Optional.of(Syscall.AUTO), noble.effective());
        assertFalse(noble.certain());
        LoadPathDecision jammy = kdumpTools(debian(), Flavour.UBUNTU_22_04, firmware(false, null, null), "2.0.22", false);
        assertEquals(Optional.of(Syscall.LOAD), jammy.effective());
        assertFalse(jammy.certain());
    }

    @Test
    void expansionInKexecArgsIsNotTrusted() throws Exception {
        KdumpToolsConfig c = KdumpToolsConfig.parse("KDUMP_KEXEC_ARGS=\"$(cat /etc/kexec-args)\"\n", "k");
        assertFalse(kdumpTools(c, Flavour.DEBIAN, firmware(false, null, null), SID, false).certain());
        KdumpToolsConfig bad = KdumpToolsConfig.parse("KDUMP_KEXEC_ARGS='-c \"open'\n", "k");
        assertThrows(FormatException.class, bad::kexecArgs);
        LoadPathDecision p = kdumpTools(bad, Flavour.DEBIAN, firmware(false, null, null), SID, false);
        assertFalse(p.certain());
        assertTrue(p.effective().isEmpty(), "unsplittable arguments: cannot tell");
    }

    // ---- Fedora kdumpctl

    @Test
    void fedoraShippedKexecArgsMeanFileLoadWhateverSecureBoot() throws Exception {
        for (Boolean sb : new Boolean[] {true, false, null}) {
            LoadPathDecision p = kdumpctl(fedora(), firmware(sb, null, null), "2.0.29");
            assertEquals(Syscall.FILE_LOAD, p.requested(), "secure boot " + sb);
            assertTrue(p.certain(), p.reasonText());
            assertEquals("-p", p.arguments().get(p.arguments().size() - 1));
        }
    }

    @Test
    void fedoraSecureBootDashSComesAfterKexecArgs() throws Exception {
        KdumpSysconfig c = KdumpSysconfig.parse("KEXEC_ARGS=\"-c\"\n", "s");
        assertEquals(Syscall.FILE_LOAD, kdumpctl(c, firmware(true, null, null), SID).requested());
        assertEquals(Syscall.LOAD, kdumpctl(c, firmware(false, null, null), SID).requested());
        KdumpSysconfig empty = KdumpSysconfig.parse("KEXEC_ARGS=\"\"\n", "s");
        assertEquals(Optional.of(Syscall.AUTO), kdumpctl(empty, firmware(false, null, null), "2.0.27").effective());
        assertFalse(kdumpctl(empty, firmware(null, null, null), SID).certain());
    }
}
