package org.kexecinspect.input;

import org.kexecinspect.format.ArtifactKind;

/**
 * One input, decoded: its kind and the structure read from it (a {@code BzImage}, a
 * {@code BootParams}, a {@code BootParamsDirectory}, a {@code ScreenInfo} or an {@code Arm64Kernel}), and for a
 * kernel image what it says about the kernel inside.
 *
 * @param notes what the reader wants the user to know about how it read the input
 */
public record Decoded(String path, ArtifactKind kind, Object value, KernelFacts kernel, java.util.List<String> notes) {
    public Decoded {
        notes = java.util.List.copyOf(notes);
    }

    public Decoded(String path, ArtifactKind kind, Object value, java.util.List<String> notes) {
        this(path, kind, value, null, notes);
    }
}
