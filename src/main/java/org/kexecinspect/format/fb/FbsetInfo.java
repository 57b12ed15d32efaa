package org.kexecinspect.format.fb;

import java.util.Objects;
import java.util.Optional;

/**
 * The output of {@code fbset -i}, as parsed by {@link FbsetText#parse}: the same facts as
 * {@link FbVar} and {@link FbFix} where fbset shows them.
 *
 * @param source the artifact's name, used in errors
 * @param mode the mode block; empty when the text has none ({@code fbset -i} always prints one,
 *     but only the device block is required)
 * @param device the "Frame buffer device information:" block
 */
public record FbsetInfo(String source, Optional<FbsetMode> mode, FbsetDevice device) {
    public FbsetInfo {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(device, "device");
    }
}
