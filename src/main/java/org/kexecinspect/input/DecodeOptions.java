package org.kexecinspect.input;

import java.nio.file.Path;

import org.kexecinspect.format.ArtifactKind;
import org.kexecinspect.payload.Payloads;

/**
 * How to decode inputs.
 *
 * @param forced the kind from {@code --as}, or null to detect it from the content
 * @param deep decompress and scan an x86 payload even though the header answers without it
 * @param maxPayload cap on a payload's decompressed size
 * @param configFile a kernel .config to use instead of looking for one, or null
 */
public record DecodeOptions(ArtifactKind forced, boolean deep, long maxPayload, Path configFile) {
    public static final DecodeOptions DEFAULT = new DecodeOptions(null, false, Payloads.DEFAULT_MAX_OUTPUT, null);
}
