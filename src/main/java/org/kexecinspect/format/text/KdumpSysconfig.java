package org.kexecinspect.format.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.kexecinspect.format.FormatException;

/**
 * Fedora's and RHEL's /etc/sysconfig/kdump, read by kdumpctl (rhkdump/kdump-utils; before the
 * split, Fedora's kexec-tools package). Facts from kdump-utils' kdumpctl (load_kdump(),
 * commit 12bd9cb3f657 of the prudo1/kdump-utils mirror) and kdump-lib.sh (prepare_kexec_args(),
 * prepare_kdump_kernel(), prepare_kdump_bootinfo(), commit 5d603c3fb709 of the same mirror):
 * <ul>
 * <li>kdumpctl sets KEXEC_ARGS="" and KDUMP_COMMANDLINE_REMOVE="hugepages hugepagesz slub_debug"
 *     before sourcing the file, so the file's values replace these.</li>
 * <li>The load is {@code kexec $(prepare_kexec_args "$KEXEC_ARGS") -p --command-line=...
 *     --initrd=$TARGET_INITRD $KDUMP_KERNEL}; prepare_kexec_args() appends -s when
 *     is_secure_boot_enforced(), after KEXEC_ARGS, so under Secure Boot -s wins over a -c there.</li>
 * <li>The shipped file (gen-kdump-sysconfig.sh) sets KEXEC_ARGS="-s" on x86_64, aarch64, ppc64le
 *     and s390x, "--dt-no-old-root" on ppc64 and "" on i386; older kexec-tools packages shipped
 *     kdump.sysconfig.x86_64 with KEXEC_ARGS="" and added -s only under Secure Boot.</li>
 * </ul>
 */
public record KdumpSysconfig(ShellAssignments file) {

    public static final String PATH = "/etc/sysconfig/kdump";
    /** The boot directories prepare_kdump_kernel() searches when KDUMP_BOOTDIR is unset, in order. */
    public static final List<String> DEFAULT_BOOT_DIRS = List.of("/boot", "/boot/efi", "/efi", "/");
    /** Where prepare_kdump_bootinfo() puts the kdump initrd when the boot directory is not writable. */
    public static final String READ_ONLY_BOOT_INITRD_DIR = "/var/lib/kdump";

    public KdumpSysconfig {
        Objects.requireNonNull(file);
    }

    /** @throws FormatException as {@link ShellAssignments#parse} */
    public static KdumpSysconfig parse(String text, String source) throws FormatException {
        return new KdumpSysconfig(ShellAssignments.parse(text, source));
    }

    /** KEXEC_ARGS ("" when unset, kdumpctl's initial value). */
    public String kexecArgs() {
        return file.value("KEXEC_ARGS").orElse("");
    }

    /**
     * KEXEC_ARGS as words. kdumpctl splits the output of prepare_kexec_args on blanks
     * ({@code read -r -a}), so quotes inside the value do not group words.
     */
    public List<String> kexecArgWords() {
        String v = kexecArgs().strip();
        return v.isEmpty() ? List.of() : List.of(v.split("[ \t\n]+"));
    }

    /** KDUMP_KERNELVER; empty means the running kernel's release (a -debug kernel's non-debug twin if installed). */
    public Optional<String> kdumpKernelver() {
        return nonEmpty("KDUMP_KERNELVER");
    }

    public String kdumpCommandlineAppend() {
        return file.value("KDUMP_COMMANDLINE_APPEND").orElse("");
    }

    /** KDUMP_IMG, the kernel image's name prefix ("vmlinuz" in the shipped file; kdumpctl has no default). */
    public String kdumpImg() {
        return file.value("KDUMP_IMG").orElse("");
    }

    public String kdumpImgExt() {
        return file.value("KDUMP_IMG_EXT").orElse("");
    }

    public Optional<String> kdumpBootdir() {
        return nonEmpty("KDUMP_BOOTDIR");
    }

    private Optional<String> nonEmpty(String name) {
        return file.value(name).filter(v -> !v.isEmpty());
    }

    /**
     * The paths prepare_kdump_kernel() tries for the kdump kernel, in order; the first that exists
     * wins. For each boot directory (KDUMP_BOOTDIR, else /boot /boot/efi /efi /): the
     * BOOT_IMAGE= path of /proc/cmdline if it names this release, $KDUMP_IMG-&lt;kver&gt;$KDUMP_IMG_EXT,
     * &lt;machine-id&gt;/&lt;kver&gt;/$KDUMP_IMG, and EFI/Linux/&lt;machine-id&gt;-&lt;kver&gt;.efi (a UKI; the
     * StubImageIdentifier EFI variable's path replaces it when present, not modelled here).
     *
     * @param bootImage the BOOT_IMAGE= value of /proc/cmdline, if any (GRUB's "(hd0,gpt1)" prefix included)
     */
    public List<String> kernelCandidates(String kernelRelease, String machineId, Optional<String> bootImage) {
        List<String> images = new ArrayList<>();
        bootImage.filter(b -> b.contains(kernelRelease)).ifPresent(b -> images.add(b.substring(b.indexOf('/') + 1)));
        images.add(kdumpImg() + "-" + kernelRelease + kdumpImgExt());
        images.add(machineId + "/" + kernelRelease + "/" + kdumpImg());
        images.add("EFI/Linux/" + machineId + "-" + kernelRelease + ".efi");
        List<String> dirs = kdumpBootdir().map(List::of).orElse(DEFAULT_BOOT_DIRS);
        List<String> paths = new ArrayList<>();
        for (String d : dirs) {
            for (String i : images) {
                paths.add((d + "/" + i).replaceAll("/+", "/"));
            }
        }
        return paths;
    }

    /**
     * The kdump initrd's file name, from the default initrd's (prepare_kdump_bootinfo()):
     * none found gives initramfs-&lt;kver&gt;kdump.img; "initramfs-6.8.5-301.fc40.x86_64.img" gives
     * "initramfs-6.8.5-301.fc40.x86_64kdump.img"; a name without a dot gets "kdump" appended.
     * It lives in the kernel's directory, or in /var/lib/kdump when that directory is not writable.
     */
    public static String kdumpInitrdName(String kernelRelease, Optional<String> defaultInitrdName) {
        if (defaultInitrdName.isEmpty()) {
            return "initramfs-" + kernelRelease + "kdump.img";
        }
        String base = defaultInitrdName.get();
        int dot = base.lastIndexOf('.');
        return dot >= 0 ? base.substring(0, dot) + "kdump" + base.substring(dot) : base + "kdump";
    }
}
