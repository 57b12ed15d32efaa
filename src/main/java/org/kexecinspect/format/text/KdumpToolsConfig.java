package org.kexecinspect.format.text;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.kexecinspect.format.FormatException;

/**
 * Debian's and Ubuntu's kdump-tools configuration, /etc/default/kdump-tools, with the defaults
 * kdump-config applies. Facts below were read in kdump-config (usr/sbin/kdump-config) of Debian's
 * kdump-tools packages 1:1.8.1 (bookworm), 1:1.10.7 (trixie) and 1:1.10.9 (sid), which agree on
 * everything used here:
 * <ul>
 * <li>kdump-config sources /etc/default/kdump-tools first, then applies defaults with
 *     {@code ${VAR:=default}}, which also replaces a variable set to the empty string.</li>
 * <li>KDUMP_COREDIR defaults to /var/crash; after a successful load kdump-config writes the command
 *     it eval'd to $KDUMP_COREDIR/kexec_cmd (kdump_load()).</li>
 * <li>KDUMP_KERNEL / KDUMP_INITRD have no default in the script; the shipped file sets
 *     /var/lib/kdump/vmlinuz and /var/lib/kdump/initrd.img, symbolic links that
 *     kdump_create_symlinks() points at /boot/vmlinuz-$(uname -r) and at the smaller kdump initrd
 *     /var/lib/kdump/initrd.img-$(uname -r) that /etc/kernel/postinst.d/kdump-tools builds. When
 *     KDUMP_KERNEL is empty, locate_kdump_kernel() uses /boot/vmlinuz-$(uname -r) (or vmlinux-)
 *     and /boot/initrd.img-$(uname -r) if the running kernel's config has CONFIG_RELOCATABLE=y.</li>
 * <li>KDUMP_CMDLINE empty: /proc/cmdline without crashkernel=, hugepages=, hugepagesz= and abm=;
 *     KDUMP_CMDLINE_APPEND is then appended (default below).</li>
 * <li>KDUMP_SYSCTL is no longer read: Debian removed it in makedumpfile 1:1.6.7-4 (2020) in favour
 *     of /etc/kdump/sysctl.conf; kdump-config always sets kernel.panic_on_oops=1.</li>
 * </ul>
 */
public record KdumpToolsConfig(ShellAssignments file) {

    /** Where kdump-config reads this file from. */
    public static final String PATH = "/etc/default/kdump-tools";

    /** kdump-config's ${VAR:=default} values (Global Setup section, 1:1.8.1 to 1:1.10.9). */
    public static final Map<String, String> DEFAULTS = Map.of(
            "KDUMP_COREDIR", "/var/crash",
            "KDUMP_DUMP_DMESG", "1",
            "KDUMP_NUM_DUMPS", "0",
            "NFS_TIMEO", "600",
            "NFS_RETRANS", "3",
            "NFS_MOUNT_RETRY", "4",
            "SSH_KDUMP_RETRY", "16",
            "MAKEDUMP_ARGS", "-F -c -d 31",
            "KDUMP_CMDLINE_APPEND", "reset_devices systemd.unit=kdump-tools-dump.service nr_cpus=1 irqpoll usbcore.nousb");

    /** The variant of kdump-config whose rules apply. */
    public enum Flavour {
        /** Debian's kdump-config (1:1.8.1 to 1:1.10.9 read). */
        DEBIAN,
        /** Ubuntu 22.04 and earlier. */
        UBUNTU_22_04,
        /** Ubuntu 24.04 and later. */
        UBUNTU_24_04;

        /**
         * The flavour for an /etc/os-release: ID=ubuntu picks an Ubuntu flavour by VERSION_ID
         * (before 24.04: {@link #UBUNTU_22_04}); anything else is {@link #DEBIAN}, the upstream
         * of kdump-tools. Derivatives that say ID_LIKE=ubuntu count as Ubuntu of unknown release:
         * {@link #UBUNTU_24_04} only if VERSION_ID says so, which for a derivative it rarely does.
         */
        public static Flavour of(OsRelease os) {
            if (!os.isOrIsLike("ubuntu")) {
                return DEBIAN;
            }
            Optional<String> v = os.id().equals("ubuntu") ? os.versionId() : Optional.empty();
            return v.filter(Flavour::atLeast2404).isPresent() ? UBUNTU_24_04 : UBUNTU_22_04;
        }

        private static boolean atLeast2404(String versionId) {
            String[] p = versionId.split("\\.");
            try {
                int major = Integer.parseInt(p[0]);
                int minor = p.length > 1 ? Integer.parseInt(p[1]) : 0;
                return major > 24 || (major == 24 && minor >= 4);
            } catch (NumberFormatException e) {
                return false;
            }
        }
    }

    /**
     * One variable as kdump-config sees it.
     *
     * @param fromFile the file's value, if it assigns one
     * @param effective the value kdump-config uses: the file's, else the default, else ""
     * @param isDefault true when the default applies (the file leaves it unset or empty)
     * @param staticallyKnown false when the file's value holds an expansion
     */
    public record Setting(String name, Optional<String> fromFile, String effective, boolean isDefault,
            boolean staticallyKnown) {}

    public KdumpToolsConfig {
        Objects.requireNonNull(file);
    }

    /** @throws FormatException as {@link ShellAssignments#parse} */
    public static KdumpToolsConfig parse(String text, String source) throws FormatException {
        return new KdumpToolsConfig(ShellAssignments.parse(text, source));
    }

    /** The variable with kdump-config's default applied where the file leaves it unset or empty. */
    public Setting setting(String name) {
        Optional<ShellAssignments.Assignment> a = file.get(name);
        Optional<String> fromFile = a.map(ShellAssignments.Assignment::value);
        boolean known = a.map(ShellAssignments.Assignment::staticallyKnown).orElse(true);
        String def = DEFAULTS.get(name);
        if (def != null && fromFile.filter(v -> !v.isEmpty()).isEmpty()) {
            return new Setting(name, fromFile, def, true, known);
        }
        return new Setting(name, fromFile, fromFile.orElse(""), fromFile.isEmpty(), known);
    }

    /** USE_KDUMP: kdump-config check_kdump_support() refuses to load when it is unset, empty or "0". */
    public boolean useKdump() {
        String v = setting("USE_KDUMP").effective();
        return !v.isEmpty() && !v.equals("0");
    }

    /** KDUMP_KERNEL; empty means kdump-config picks the running kernel's /boot/vmlinuz-&lt;release&gt;. */
    public Optional<String> kdumpKernel() {
        return nonEmpty("KDUMP_KERNEL");
    }

    /** KDUMP_INITRD; empty means /boot/initrd.img-&lt;release&gt; (only when KDUMP_KERNEL is empty too). */
    public Optional<String> kdumpInitrd() {
        return nonEmpty("KDUMP_INITRD");
    }

    /** KDUMP_COREDIR, default /var/crash. */
    public String kdumpCoredir() {
        return setting("KDUMP_COREDIR").effective();
    }

    /** Where kdump-config records the last successful kexec command: $KDUMP_COREDIR/kexec_cmd. */
    public String kexecCmdFile() {
        String dir = kdumpCoredir();
        return (dir.endsWith("/") ? dir : dir + "/") + "kexec_cmd";
    }

    /** KDUMP_KEXEC_ARGS as written (after the file's own quote removal). */
    public String kdumpKexecArgs() {
        return setting("KDUMP_KEXEC_ARGS").effective();
    }

    /**
     * KDUMP_KEXEC_ARGS as kexec receives it: kdump-config pastes it into KEXEC_CMD and runs
     * {@code eval $KEXEC_CMD}, so quotes inside the value group words.
     *
     * @throws FormatException when the value is not a plain word list (an unterminated quote, an operator)
     */
    public List<String> kexecArgs() throws FormatException {
        return KexecArgs.splitWords(kdumpKexecArgs(), file.source() + ": KDUMP_KEXEC_ARGS");
    }

    private Optional<String> nonEmpty(String name) {
        return file.value(name).filter(v -> !v.isEmpty());
    }
}
