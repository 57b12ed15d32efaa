package org.kexecinspect.fuzz;

import static org.kexecinspect.fuzz.Fuzz.decodes;

import java.nio.file.Path;

import com.code_intelligence.jazzer.junit.FuzzTest;

import org.kexecinspect.format.ArtifactKind;
import org.kexecinspect.format.ByteSource;
import org.kexecinspect.format.arm64.Arm64Detect;
import org.kexecinspect.format.arm64.Arm64Image;
import org.kexecinspect.format.arm64.EfiZboot;
import org.kexecinspect.input.Artifacts;
import org.kexecinspect.input.DecodeOptions;

/** The arm64 decoders: the Image header, the EFI zboot header, and the whole arm64 path of `inspect`. */
class Arm64FuzzTest {

    static final long CAP = 1 << 20;

    /** An arm64 kernel file as `inspect` reads it: raw Image, Image.gz or zboot, the payload scanned. */
    @FuzzTest
    void arm64Kernel(byte[] data) {
        decodes(() -> Arm64Image.read(ByteSource.of("arm64-kernel", data), 0));
        decodes(() -> Arm64Detect.detect(ByteSource.of("arm64-kernel", data)));
        Path file = Fuzz.file("arm64Kernel", "kernel", data);
        decodes(() -> Artifacts.decode(file.toString(), new DecodeOptions(ArtifactKind.ARM64_IMAGE, false, CAP, null)));
    }

    @FuzzTest
    void efiZbootHeader(byte[] data) {
        decodes(() -> EfiZboot.read(ByteSource.of("zboot", data)));
    }
}
