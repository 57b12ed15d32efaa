package org.kexecinspect.input;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.kexecinspect.format.ArtifactKind;
import org.kexecinspect.format.ByteSource;
import org.kexecinspect.format.FormatException;
import org.kexecinspect.format.x86.BootParams;
import org.kexecinspect.format.x86.BzImage;
import org.kexecinspect.format.x86.ScreenInfo;
import org.kexecinspect.format.x86.X86Detect;

/** Opens an input the user named, finds its kind (or takes the forced one) and decodes it. */
public final class Artifacts {
    private Artifacts() {}

    /**
     * @param forced the kind from {@code --as}, or null to detect it from the content
     */
    public static Decoded decode(String name, ArtifactKind forced) throws FormatException {
        Path path = Path.of(name);
        List<String> notes = new ArrayList<>();
        if (Inputs.typeOf(path, name) == Inputs.Type.DIRECTORY) {
            if (forced != null && forced != ArtifactKind.BOOT_PARAMS) {
                throw new FormatException(name, -1, "a directory is read only as boot-params "
                        + "(/sys/kernel/boot_params or a copy), not as " + forced);
            }
            return new Decoded(name, ArtifactKind.BOOT_PARAMS, BootParamsDirectory.read(path, name), notes);
        }
        try (FileSource file = FileSource.open(path, name)) {
            ArtifactKind kind = forced != null ? forced : X86Detect.detect(file);
            return switch (kind) {
                case X86_BZIMAGE -> new Decoded(name, kind, BzImage.read(file), notes);
                case BOOT_PARAMS -> new Decoded(name, kind, BootParams.read(prefix(file, BootParams.SIZE, notes)), notes);
                case SCREEN_INFO -> new Decoded(name, kind, ScreenInfo.read(prefix(file, ScreenInfo.SIZE, notes), 0), notes);
            };
        }
    }

    /** A forced kind reads the structure at the start of a larger file; say so. */
    private static ByteSource prefix(ByteSource file, int size, List<String> notes) {
        if (file.size() > size) {
            notes.add("read the first " + size + " bytes of " + file.size());
        }
        return file;
    }
}
