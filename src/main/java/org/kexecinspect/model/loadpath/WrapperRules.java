package org.kexecinspect.model.loadpath;

import java.util.ArrayList;
import java.util.List;

import org.kexecinspect.facts.Fact;
import org.kexecinspect.facts.Firmware;
import org.kexecinspect.facts.KdumpServiceFacts;
import org.kexecinspect.facts.KdumpServiceFacts.ConfiguredArgs;
import org.kexecinspect.format.text.KdumpSysconfig;
import org.kexecinspect.format.text.KdumpToolsConfig;
import org.kexecinspect.format.text.KdumpToolsConfig.Flavour;
import org.kexecinspect.model.Reason;
import org.kexecinspect.model.Tristate;

/** The options each kdump wrapper puts on the kexec command line. */
final class WrapperRules {
    private WrapperRules() {}

    static final String KDUMP_CONFIG = "kdump-config kdump_load(), kdump-tools 1:1.8.1 to 1:1.10.9";
    static final String UBUNTU_STATEMENT = "mailing-list message 20260123053909.95584-1-matthew.ruffell@canonical.com";
    static final String KDUMP_LIB = "kdump-utils kdump-lib.sh prepare_kexec_args(), is_secure_boot_enforced()";

    /**
     * UEFI Secure Boot in force: SecureBoot is 1 and SetupMode is 0, what kdump-tools'
     * check_secure_boot() and kdump-utils' is_secure_boot_enforced() test; no without EFI; unknown when it cannot be told.
     */
    static Tristate secureBootEnforced(Firmware fw) {
        if (fw.secureBoot().known()) {
            return Tristate.of(fw.secureBoot().value() && !fw.setupMode().orElse(false));
        }
        return fw.efi().known() && !fw.efi().value() ? Tristate.NO : Tristate.UNKNOWN;
    }

    /**
     * Debian's kdump-config kdump_load(): {@code kexec -p}, then -s when check_secure_boot() or
     * check_securelevel() (securelevel 1) holds (it never adds -c and does not consult lockdown or
     * mokutil), then --args-linux for an ELF kernel, then KDUMP_KEXEC_ARGS, so a -c or -a there wins
     * over the script's -s. Ubuntu's script was not read: 22.04 is taken to follow Debian's rule
     * (a mailing-list statement: "KEXEC_LOAD unless Secure Boot is on"), 24.04 "tries
     * KEXEC_FILE_LOAD first", taken as -s with a retry without it; both are marked not certain.
     */
    static WrapperCommand kdumpTools(KdumpServiceFacts s, Firmware fw) {
        List<Reason> r = new ArrayList<>();
        boolean certain = true;
        Fact<Flavour> flavourFact = s.scriptFlavour();
        Flavour flavour = flavourFact.orElse(Flavour.DEBIAN);
        String wrapper = "kdump-tools (" + flavour.name().toLowerCase(java.util.Locale.ROOT) + ")"
                + (flavourFact.known() ? "" : " (no os-release: taken as Debian)");
        List<String> args = new ArrayList<>(List.of("-p"));
        Fact<ConfiguredArgs> configured = s.kexecArgs();
        if (flavour == Flavour.UBUNTU_24_04) {
            args.add("-s");
            certain = false;
            r.add(Reason.of("Ubuntu 24.04's kdump-config tries KEXEC_FILE_LOAD first and falls back to KEXEC_LOAD "
                    + "(not checked against Ubuntu's script)", UBUNTU_STATEMENT));
        } else {
            if (flavour == Flavour.UBUNTU_22_04) {
                certain = false;
                r.add(Reason.of("Ubuntu 22.04's kdump-config is taken to follow Debian's rule (a mailing-list statement "
                        + "says it uses KEXEC_LOAD unless Secure Boot is on; Ubuntu's script was not read)", UBUNTU_STATEMENT));
            }
            Tristate sb = secureBootEnforced(fw);
            Fact<Integer> level = fw.securelevel();
            boolean sl = level.known() && level.value() == 1;
            if (sb.isYes() || sl) {
                args.add("-s");
                r.add(Reason.of("kdump-config adds -s because " + (sb.isYes()
                        ? "Secure Boot is enforced (efivars SecureBoot=1, SetupMode=0)"
                        : "/sys/kernel/security/securelevel reads 1"), KDUMP_CONFIG + ", check_secure_boot()/check_securelevel()"));
            } else {
                if (!sb.known()) {
                    // the script's -s comes before KDUMP_KEXEC_ARGS, so a syscall option there makes it moot
                    certain &= configured.known() && KexecToolsRules.requested(configured.value().words()).isPresent();
                }
                r.add(Reason.of("kdump-config adds no syscall option: " + (!sb.known()
                        ? "the Secure Boot state is unknown, and with Secure Boot enforced it would add -s"
                        : "Secure Boot is not enforced") + (level.known() ? " and securelevel is not 1" : "")
                        + "; it never adds -c and does not consult lockdown or mokutil",
                        KDUMP_CONFIG));
            }
        }
        if (Boolean.TRUE.equals(s.kernelIsElf().orElse(false))) {
            args.add("--args-linux");
        }
        if (!configured.known()) {
            r.add(Reason.of("KDUMP_KEXEC_ARGS cannot be told (" + configured.unknown() + ")", KdumpToolsConfig.PATH));
            return new WrapperCommand(wrapper, null, false, false, r);
        }
        ConfiguredArgs a = configured.value();
        if (!a.text().isEmpty()) {
            args.addAll(a.words());
            r.add(Reason.of(a.variable() + "=\"" + a.text() + "\" follows the script's own options", KdumpToolsConfig.PATH));
        }
        if (!a.staticallyKnown()) {
            certain = false;
            r.add(Reason.of(a.variable() + " holds an expansion the file leaves to the shell", KdumpToolsConfig.PATH));
        }
        return new WrapperCommand(wrapper, args, certain, flavour == Flavour.UBUNTU_24_04, r);
    }

    /**
     * kdumpctl load_kdump(): {@code kexec $(prepare_kexec_args "$KEXEC_ARGS") -p ...}, where
     * prepare_kexec_args() appends -s after KEXEC_ARGS when Secure Boot is enforced, so then -s
     * wins over a -c there. The shipped file (gen-kdump-sysconfig.sh) sets KEXEC_ARGS="-s" on
     * x86_64, aarch64, ppc64le and s390x.
     */
    static WrapperCommand kdumpctl(KdumpServiceFacts s, Firmware fw) {
        List<Reason> r = new ArrayList<>();
        Fact<ConfiguredArgs> configured = s.kexecArgs();
        if (!configured.known()) {
            r.add(Reason.of("KEXEC_ARGS cannot be told (" + configured.unknown() + ")", KdumpSysconfig.PATH));
            return new WrapperCommand("kdumpctl", null, false, false, r);
        }
        ConfiguredArgs a = configured.value();
        boolean certain = a.staticallyKnown();
        List<String> args = new ArrayList<>(a.words());
        if (!a.text().isBlank()) {
            r.add(Reason.of(a.variable() + "=\"" + a.text() + "\" comes first", KdumpSysconfig.PATH));
        } else {
            r.add(Reason.of(a.variable() + " is empty (the shipped x86_64, aarch64, ppc64le and s390x files say \"-s\")",
                    KdumpSysconfig.PATH + "; kdump-utils gen-kdump-sysconfig.sh"));
        }
        if (!a.staticallyKnown()) {
            r.add(Reason.of(a.variable() + " holds an expansion the file leaves to the shell", KdumpSysconfig.PATH));
        }
        Tristate sb = secureBootEnforced(fw);
        if (sb.isYes()) {
            args.add("-s");
            r.add(Reason.of("Secure Boot is enforced, so prepare_kexec_args() appends -s after it",
                    KDUMP_LIB));
        } else if (!sb.known()) {
            // the appended -s only matters when KEXEC_ARGS does not already end its syscall options with -s
            boolean endsWithS = KexecToolsRules.requested(args)
                    .filter(o -> o == org.kexecinspect.format.text.KexecInvocation.Syscall.FILE_LOAD).isPresent();
            certain &= endsWithS;
            r.add(Reason.of("the Secure Boot state is unknown; with Secure Boot enforced prepare_kexec_args() would append -s"
                    + (endsWithS ? ", which changes nothing here" : ""), KDUMP_LIB));
        } else {
            r.add(Reason.of("Secure Boot is not enforced, so prepare_kexec_args() adds nothing",
                    KDUMP_LIB));
        }
        args.add("-p");
        return new WrapperCommand("kdumpctl", args, certain, false, r);
    }
}
