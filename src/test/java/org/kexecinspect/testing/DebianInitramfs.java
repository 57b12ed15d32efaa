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

    /** The first 6.1.y release with 016a25e4b0df (kernel.org's linux-6.1.y push of 2026-07-04; knowledge.json). */
    public static final int[] FIX_6_1 = {6, 1, 177};

    /**
     * A version of linux-image-FLAVOUR that apt lists now, on the asked side of the 6.1.177 backport:
     * the newest with the fix, or the newest without it. Debian's archive moves on (a security update
     * replaces the last one, a point release the oldest), so the tests take what is listed rather than a
     * version written into them; with none on the asked side listed, the test is skipped and says so.
     */
    public static synchronized String listedVersion(String flavour, boolean withFix) {
        String arch = flavour.endsWith("arm64") ? "arm64" : "amd64";
        String out = Inputs.exec(null, "apt-cache", "madison", "linux-image-" + flavour + ":" + arch);
        String best = null;
        int[] bestV = null;
        for (String line : out.split("\n")) {
            String[] f = line.split("\\|");
            if (f.length < 2) {
                continue;
            }
            String version = f[1].trim();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(\\d+)\\.(\\d+)\\.(\\d+)-").matcher(version);
            if (!m.find()) {
                continue;
            }
            int[] v = {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))};
            if (v[0] != 6 || v[1] != 1 || (java.util.Arrays.compare(v, FIX_6_1) >= 0) != withFix) {
                continue;
            }
            if (bestV == null || java.util.Arrays.compare(v, bestV) > 0) {
                best = version;
                bestV = v;
            }
        }
        String found = best;
        Assumptions.assumeTrue(found != null, () -> "apt lists no 6.1 linux-image-" + flavour + (withFix ? " with" : " without")
                + " the 6.1.177 backport now: " + out.strip());
        return found;
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
