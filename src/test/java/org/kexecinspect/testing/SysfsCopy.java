package org.kexecinspect.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Builds a copy of /sys/kernel/boot_params the way arch/x86/kernel/ksysfs.c lays it out: data (the
 * real zero page of the QEMU/OVMF capture), and setup_data/N/{type,data}.
 */
public final class SysfsCopy {
    private SysfsCopy() {}

    /** DIR/name/data holding the captured first-kernel zero page. */
    public static Path bootParams(Path dir, String name) throws IOException {
        Path d = Files.createDirectories(dir.resolve(name));
        Files.copy(Inputs.qemuCapture("efifb-kexec_load", "first").resolve("boot_params.bin"), d.resolve("data"));
        return d;
    }

    /** setup_data/N with the type file's exact text and the payload. */
    public static void setupDataNode(Path bootParams, int n, String typeText, byte[] data) throws IOException {
        Path node = Files.createDirectories(bootParams.resolve("setup_data").resolve(Integer.toString(n)));
        Files.writeString(node.resolve("type"), typeText);
        Files.write(node.resolve("data"), data);
    }
}
