package org.kexecinspect.facts;

import org.kexecinspect.facts.Fact.Why;

/**
 * How the running kernel was booted and what it lets kexec do.
 *
 * @param efi          booted through EFI: /sys/firmware/efi exists (drivers/firmware/efi/efi.c registers it only when EFI_BOOT)
 * @param secureBoot   the SecureBoot EFI variable is 1
 * @param setupMode    the SetupMode EFI variable is 1 (Secure Boot not enforced whatever SecureBoot says)
 * @param lockdown     the active lockdown level: "none", "integrity" or "confidentiality"
 * @param securelevel  the securelevel of older Ubuntu kernels (/sys/kernel/security/securelevel)
 * @param efiRuntimeMap /sys/firmware/efi/runtime-map exists: kexec-tools needs it to pass EFI to a KEXEC_LOAD kernel (kexec-tools kexec/arch/x86_64/kexec-bzImage64.c)
 */
public record Firmware(Fact<Boolean> efi, Fact<Boolean> secureBoot, Fact<Boolean> setupMode,
        Fact<String> lockdown, Fact<Integer> securelevel, Fact<Boolean> efiRuntimeMap) {

    /** EFI_GLOBAL_VARIABLE GUID (UEFI spec 3.3). */
    static final String GLOBAL_GUID = "8be4df61-93ca-11d2-aa0d-00e098032b8c";
    public static final String SECURE_BOOT_VAR = "SecureBoot-" + GLOBAL_GUID;
    public static final String SETUP_MODE_VAR = "SetupMode-" + GLOBAL_GUID;

    static Firmware read(Root root) {
        Fact<Boolean> efi = presence(root, "sys/firmware/efi", "sys/firmware");
        return new Firmware(efi,
                efiVariable(root, efi, SECURE_BOOT_VAR),
                efiVariable(root, efi, SETUP_MODE_VAR),
                Texts.line(root, "sys/kernel/security/lockdown").map(Firmware::lockdownLevel),
                Texts.line(root, "sys/kernel/security/securelevel").map(Firmware::integer),
                efi.known() && !efi.value()
                        ? Fact.unknown(Why.NOT_APPLICABLE, "not an EFI boot", root.source("sys/firmware/efi/runtime-map"))
                        : presence(root, "sys/firmware/efi/runtime-map", "sys/firmware/efi"));
    }

    /** A directory that exists or not; unknown when even its parent is missing (a capture without sys/). */
    static Fact<Boolean> presence(Root root, String dir, String parent) {
        if (root.isDirectory(dir)) {
            return Fact.of(true, root.source(dir));
        }
        if (root.isDirectory(parent)) {
            return Fact.of(false, root.source(dir));
        }
        return Fact.unknown(Why.ABSENT, "no " + parent + " to look in", root.source(dir));
    }

    /**
     * efivarfs files hold a 4-byte attribute word then the data; SecureBoot and SetupMode are one
     * byte, 1 for on (UEFI spec 3.3; Documentation/filesystems/efivarfs.rst).
     */
    private static Fact<Boolean> efiVariable(Root root, Fact<Boolean> efi, String name) {
        String path = "sys/firmware/efi/efivars/" + name;
        if (efi.known() && !efi.value()) {
            return Fact.unknown(Why.NOT_APPLICABLE, "not an EFI boot", root.source(path));
        }
        Fact<byte[]> f = root.read(path, 64);
        if (!f.known()) {
            return f.cast();
        }
        if (f.value().length != 5) {
            return Fact.unknown(Why.MALFORMED, "expected 5 bytes (attributes + value), found " + f.value().length, f.source());
        }
        return Fact.of(f.value()[4] == 1, f.source());
    }

    /** "none [integrity] confidentiality": the bracketed word is the active level (security/lockdown/lockdown.c). */
    static String lockdownLevel(String line) {
        int open = line.indexOf('[');
        int close = line.indexOf(']', open + 1);
        return open >= 0 && close > open ? line.substring(open + 1, close) : null;
    }

    private static Integer integer(String s) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
