package org.kexecinspect.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The real QEMU/OVMF stages (native-fixtures/captures/qemu-ovmf-debian-6.1 and
 * qemu-debian-13-and-unstable, READMEs there) as capture trees (capture format 1) that any command reads with a CAPTURE argument or --root.
 */
public final class QemuCaptures {
    private QemuCaptures() {}

    /** Every recorded Debian 12 stage: the first kernels and the kdump kernel they loaded. */
    public static List<Path> stages() {
        return List.of(Inputs.qemuCapture("efifb-kexec_load", "first"), Inputs.qemuCapture("efifb-kexec_load", "kdump"),
                Inputs.qemuCapture("bochs-drm", "first"));
    }

    /**
     * A capture tree made of a real QEMU stage's files: boot_params.bin as
     * sys/kernel/boot_params/data, fb_fix.bin/fb_var.bin as kexec-inspect/fb0.fix/var, and the text
     * files at their system paths, written under {@code tmp} as SCENARIO-STAGE. No sys/firmware or
     * sys/bus marker is written: the stage did not record them, so EFI and Hyper-V stay unknown
     * rather than "absent".
     */
    public static Path tree(Path stage, Path tmp) {
        Path dst = tmp.resolve(stage.getParent().getFileName() + "-" + stage.getFileName());
        put(stage, "boot_params.bin", dst, "sys/kernel/boot_params/data");
        put(stage, "boot_params_version.txt", dst, "sys/kernel/boot_params/version");
        put(stage, "fb_fix.bin", dst, "kexec-inspect/fb0.fix");
        put(stage, "fb_var.bin", dst, "kexec-inspect/fb0.var");
        put(stage, "kexec_version.txt", dst, "kexec-inspect/kexec-version");
        put(stage, "uname.txt", dst, "kexec-inspect/uname");
        put(stage, "cmdline.txt", dst, "proc/cmdline");
        put(stage, "iomem.txt", dst, "proc/iomem");
        put(stage, "proc_fb.txt", dst, "proc/fb");
        put(stage, "modules.txt", dst, "proc/modules");
        put(stage, "kexec_cmd.txt", dst, "kexec-inspect/kexec_cmd");
        return dst;
    }

    private static void put(Path stage, String file, Path root, String rel) {
        Path src = stage.resolve(file);
        if (Files.exists(src)) {
            try {
                Path p = root.resolve(rel);
                Files.createDirectories(p.getParent());
                Files.copy(src, p, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
