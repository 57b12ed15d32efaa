package org.kexecinspect.format;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The kinds of artifact `inspect` decodes, named as in JSON and in {@code --as}. */
public enum ArtifactKind {
    X86_BZIMAGE("x86-bzimage"),
    BOOT_PARAMS("boot-params"),
    SCREEN_INFO("screen-info"),
    /** An arm64 kernel: a raw Image, a gzip-compressed Image (Image.gz) or an EFI zboot image. */
    ARM64_IMAGE("arm64-image"),
    /** A capture of a system (capture format 1: a directory, a tar archive, an sosreport). */
    CAPTURE("capture"),
    /** A raw FBIOGET_FSCREENINFO struct (80 bytes LP64, 68 ILP32). */
    FB_FIX("fb-fix"),
    /** A raw FBIOGET_VSCREENINFO struct (160 bytes). */
    FB_VAR("fb-var"),
    /** The text of `fbset -i`. */
    FBSET("fbset"),
    /** The text of /proc/iomem. */
    IOMEM("iomem"),
    /** A kernel .config. */
    KERNEL_CONFIG("kernel-config"),
    /** Debian/Ubuntu /etc/default/kdump-tools. */
    KDUMP_TOOLS("kdump-tools"),
    /** Fedora/RHEL /etc/sysconfig/kdump. */
    SYSCONFIG_KDUMP("sysconfig-kdump"),
    /** Fedora/RHEL /etc/kdump.conf. */
    KDUMP_CONF("kdump-conf"),
    /** A recorded kexec command line (kdump-tools' kexec_cmd). */
    KEXEC_CMD("kexec-cmd");

    private final String id;

    ArtifactKind(String id) { this.id = id; }

    public String id() { return id; }

    public static ArtifactKind byId(String id) {
        for (ArtifactKind k : values()) {
            if (k.id.equals(id)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown kind '" + id + "' (kinds: " + ids() + ")");
    }

    public static String ids() {
        return Arrays.stream(values()).map(ArtifactKind::id).collect(Collectors.joining(", "));
    }

    @Override public String toString() { return id; }
}
