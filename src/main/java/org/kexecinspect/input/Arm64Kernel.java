package org.kexecinspect.input;

import org.kexecinspect.format.arm64.Arm64Image;
import org.kexecinspect.format.arm64.Arm64Loadability;
import org.kexecinspect.format.arm64.EfiZboot;

/**
 * An arm64 kernel file: the wrapper around its Image, the Image's header (read from the file, or
 * from the first bytes of the decompressed payload) and what the loaders make of the file.
 *
 * @param wrapper "none" (raw Image), "gzip" (Image.gz) or "efi-zboot"
 * @param zboot the zboot header, or null for the other wrappers
 * @param payloadOffset where the (compressed) Image starts in the file
 * @param payloadLength its length in the file
 */
public record Arm64Kernel(String wrapper, long fileSize, EfiZboot zboot, Arm64Image header,
        long payloadOffset, long payloadLength, Arm64Loadability loadability) {
    public static final String NONE = "none";
    public static final String GZIP = "gzip";
    public static final String EFI_ZBOOT = "efi-zboot";
}
