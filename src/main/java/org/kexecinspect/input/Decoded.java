package org.kexecinspect.input;

import org.kexecinspect.format.ArtifactKind;

/**
 * One input, decoded: its kind and the structure read from it (a {@code BzImage}, a
 * {@code BootParams}, a {@code BootParamsDirectory} or a {@code ScreenInfo}).
 *
 * @param notes what the reader wants the user to know about how it read the input
 */
public record Decoded(String path, ArtifactKind kind, Object value, java.util.List<String> notes) {
    public Decoded {
        notes = java.util.List.copyOf(notes);
    }
}
