package org.kexecinspect.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Real kernel modules from Debian's packages and real initramfs images built from them, made once by
 * src/test/scripts/initramfs.sh into a cache outside the repository (see the script for how).
 */
public final class DebianInitramfs {
    private DebianInitramfs() {}

    private static final Map<String, Path> CACHE = new HashMap<>();

    /** The script's exit status when the machine cannot give mkinitramfs a private mount namespace. */
    static final int UNSUPPORTED = 77;

    /**
     * The directory of Hyper-V-related modules of linux-image-FLAVOUR (amd64, arm64) at {@code version}
     * (a Debian package version, or null for the current one): lib/modules/RELEASE/kernel/..., and the
     * files "release" and "version".
     */
    public static synchronized Path modules(String flavour, String version) {
        return version == null ? run("modules", flavour) : run("modules", flavour, version);
    }

    /** The module file under {@code kernelPath} (e.g. "drivers/hv/hv_vmbus.ko") in {@link #modules}. */
    public static Path module(Path modulesDir, String kernelPath) {
        return modulesDir.resolve("lib/modules").resolve(text(modulesDir.resolve("release"))).resolve("kernel")
                .resolve(kernelPath);
    }

    /** The directory of images the script assembles with GNU cpio and the real compressors. */
    public static synchronized Path images() {
        return run("images");
    }

    /** An image made by Debian's mkinitramfs; skips the test where the script says it cannot run here. */
    public static synchronized Path mkinitramfs() {
        return run("mkinitramfs");
    }

    /** One line of an IMAGE.segments file. */
    public record Part(String compression, String listFile, long offset, long length) {}

    public static List<Part> parts(Path image) {
        return lines(image.resolveSibling(image.getFileName() + ".segments")).stream().map(l -> {
            String[] f = l.split(" ");
            return new Part(f[0], f[1], Long.parseLong(f[2]), Long.parseLong(f[3]));
        }).toList();
    }

    public static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return fail("cannot read " + file + ": " + e.getMessage());
        }
    }

    public static String text(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return fail("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static Path run(String... args) {
        String key = String.join(" ", args);
        Path cached = CACHE.get(key);
        if (cached != null) {
            return cached;
        }
        Path script = Inputs.projectDir().resolve("src/test/scripts/initramfs.sh");
        String[] command = new String[args.length + 2];
        command[0] = "sh";
        command[1] = script.toString();
        System.arraycopy(args, 0, command, 2, args.length);
        try {
            Process p = new ProcessBuilder(command).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroy();
                return fail(key + ": " + script + " did not finish");
            }
            Assumptions.assumeFalse(p.exitValue() == UNSUPPORTED,
                    () -> script + " " + key + " cannot run on this machine: " + err);
            if (p.exitValue() != 0 || out.isEmpty()) {
                return fail("could not make " + key + " with " + script + ": " + err
                        + " (run `apt-get update` first; arm64 needs `dpkg --add-architecture arm64` before it; "
                        + "needs cpio, kmod, initramfs-tools-core)");
            }
            Path result = Path.of(out);
            CACHE.put(key, result);
            return result;
        } catch (IOException e) {
            return fail("cannot run " + script + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        }
    }
}
