package org.kexecinspect.format;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The kinds of artifact `inspect` decodes, named as in JSON and in {@code --as}. */
public enum ArtifactKind {
    X86_BZIMAGE("x86-bzimage"),
    BOOT_PARAMS("boot-params"),
    SCREEN_INFO("screen-info"),
    /** An arm64 kernel: a raw Image, a gzip-compressed Image (Image.gz) or an EFI zboot image. */
    ARM64_IMAGE("arm64-image");

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
