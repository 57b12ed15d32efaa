package org.kexecinspect.format.text;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The facts of a running system that the kdump wrappers consult when they build the kexec
 * command, each empty when unknown.
 *
 * @param secureBootEnforced UEFI Secure Boot in force: the efivars SecureBoot-* variable's data
 *     byte is 1 and SetupMode-*'s is 0 (the fifth byte of each file, after four attribute bytes).
 *     kdump-tools' check_secure_boot() and kdump-utils' is_secure_boot_enforced() both test exactly
 *     this on x86 and arm64 (kdumpctl's also looks at powerpc and s390 firmware; a caller that
 *     knows those can set this true)
 * @param securelevel /sys/kernel/security/securelevel (a distribution patch; absent on mainline)
 * @param lockdown the active mode of /sys/kernel/security/lockdown: none, integrity or confidentiality
 * @param kexecTools the installed kexec-tools version
 */
public record LoadFacts(Optional<Boolean> secureBootEnforced, OptionalInt securelevel, Optional<String> lockdown,
        Optional<KexecToolsVersion> kexecTools) {

    private static final Pattern ACTIVE = Pattern.compile("\\[([a-z]+)\\]");

    public LoadFacts {
        Objects.requireNonNull(secureBootEnforced);
        Objects.requireNonNull(securelevel);
        Objects.requireNonNull(lockdown);
        Objects.requireNonNull(kexecTools);
    }

    /** Nothing known. */
    public static LoadFacts unknown() {
        return new LoadFacts(Optional.empty(), OptionalInt.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * The active mode in /sys/kernel/security/lockdown text, which brackets it
     * ("none [integrity] confidentiality"; security/lockdown/lockdown.c lockdown_read()).
     */
    public static Optional<String> activeLockdown(String sysfsText) {
        Matcher m = ACTIVE.matcher(sysfsText);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /**
     * Secure Boot from the two efivarfs files' bytes: enforced when SecureBoot's data byte is 1 and
     * SetupMode's is 0; empty when either file is shorter than five bytes.
     */
    public static Optional<Boolean> secureBootFromEfivars(byte[] secureBootVar, byte[] setupModeVar) {
        if (secureBootVar.length < 5 || setupModeVar.length < 5) {
            return Optional.empty();
        }
        return Optional.of(secureBootVar[4] == 1 && setupModeVar[4] == 0);
    }

    /** True when lockdown is integrity or confidentiality: the kernel then refuses KEXEC_LOAD. */
    public boolean lockedDown() {
        return lockdown.filter(m -> m.equals("integrity") || m.equals("confidentiality")).isPresent();
    }
}
