package org.kexecinspect.input;

import java.util.List;

import org.kexecinspect.format.text.KernelConfig;
import org.kexecinspect.payload.PayloadScan;

/**
 * What a kernel image says about the kernel inside it, from whichever source could tell.
 *
 * @param payload the scan of the decompressed kernel, or null when it was not decompressed
 * @param notScanned why there is no scan (null when there is one)
 * @param release the kernel release (e.g. 6.1.0-56-amd64), or null
 * @param releaseSource where the release came from, or why it is unknown
 * @param config the kernel's .config, or null
 * @param configSource where the config came from, or why there is none
 */
public record KernelFacts(PayloadScan payload, String notScanned, String release, String releaseSource,
        KernelConfig config, String configSource, List<String> warnings) {
    public KernelFacts {
        warnings = List.copyOf(warnings);
    }
}
