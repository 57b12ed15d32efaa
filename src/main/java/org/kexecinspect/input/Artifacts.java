package org.kexecinspect.input;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.kexecinspect.format.ArtifactKind;
import org.kexecinspect.format.ByteSource;
import org.kexecinspect.format.FormatException;
import org.kexecinspect.format.arm64.Arm64Detect;
import org.kexecinspect.format.x86.BootParams;
import org.kexecinspect.format.x86.BzImage;
import org.kexecinspect.format.x86.ScreenInfo;
import org.kexecinspect.format.x86.X86Detect;

/** Opens an input the user named, finds its kind (or takes the forced one) and decodes it. */
public final class Artifacts {
    private Artifacts() {}

    public static Decoded decode(String name, DecodeOptions options) throws FormatException {
        ArtifactKind forced = options.forced();
        Path path = Path.of(name);
        List<String> notes = new ArrayList<>();
        if (forced == ArtifactKind.CAPTURE) {
            throw new IllegalArgumentException("captures are read through facts.Captures, not as artifacts");
        }
        if (Inputs.typeOf(path, name) == Inputs.Type.DIRECTORY) {
            if (forced != null && forced != ArtifactKind.BOOT_PARAMS) {
                throw new FormatException(name, -1, "a directory is read only as boot-params "
                        + "(/sys/kernel/boot_params or a copy), not as " + forced);
            }
            return new Decoded.BootParamsDir(BootParamsDirectory.read(path, name), notes);
        }
        try (FileSource file = FileSource.open(path, name)) {
            return decode(path, file, options, notes);
        }
    }

    /**
     * Decodes a file a root handed out (a kdump kernel on a capture). Nothing is read beside it: a
     * root's other files, a config-RELEASE included, are read through the root.
     */
    public static Decoded decode(ByteSource file, DecodeOptions options) throws FormatException {
        if (options.forced() == ArtifactKind.CAPTURE) {
            throw new IllegalArgumentException("captures are read through facts.Captures, not as artifacts");
        }
        return decode(null, file, options, new ArrayList<>());
    }

    /** {@code path} is where to look for a kernel's config-RELEASE beside it, or null. */
    private static Decoded decode(Path path, ByteSource file, DecodeOptions options, List<String> notes)
            throws FormatException {
        ArtifactKind kind = options.forced() != null ? options.forced() : detect(file);
        return switch (kind) {
            case X86_BZIMAGE -> {
                BzImage img = BzImage.read(file);
                yield new Decoded.X86Kernel(img, KernelImages.x86(path, file, img, options), notes);
            }
            case ARM64_IMAGE -> KernelImages.arm64(path, file, options, notes);
            case BOOT_PARAMS -> new Decoded.BootParamsPage(BootParams.read(prefix(file, BootParams.SIZE, notes)), notes);
            case SCREEN_INFO -> new Decoded.ScreenInfoBlob(ScreenInfo.read(prefix(file, ScreenInfo.SIZE, notes), 0), notes);
            case CAPTURE -> throw new IllegalStateException("handled above");
            default -> TextArtifacts.decode(kind, file, notes);
        };
    }

    /**
     * arm64 kernels first (a raw Image's magic, a zboot header, or gzip data, which only an arm64
     * Image.gz is among our kinds), then the x86 kinds. Only files larger than a zero page can be
     * kernels, so a 64-byte screen_info or a 4096-byte page is never taken for one.
     */
    private static ArtifactKind detect(ByteSource file) throws FormatException {
        ArtifactKind small = file.size() != ScreenInfo.SIZE && file.size() != BootParams.SIZE ? TextArtifacts.detect(file) : null;
        if (small != null) {
            return small;
        }
        if (file.size() > BootParams.SIZE
                && (Arm64Detect.detect(file) != Arm64Detect.Kind.NONE || Arm64Detect.isGzip(file))) {
            return ArtifactKind.ARM64_IMAGE;
        }
        return X86Detect.detect(file);
    }

    /** A forced kind reads the structure at the start of a larger file; say so. */
    private static ByteSource prefix(ByteSource file, int size, List<String> notes) {
        if (file.size() > size) {
            notes.add("read the first " + size + " bytes of " + file.size());
        }
        return file;
    }
}
