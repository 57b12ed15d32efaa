package org.kexecinspect.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Where the tests' real inputs are: the captures under native-fixtures/captures (copies of
 * ../shared/fixtures), and a real Debian kernel image downloaded once into a cache
 * outside the repository by src/test/scripts/debian-kernel.sh.
 */
public final class Inputs {
    private Inputs() {}

    public static Path projectDir() {
        return Path.of(System.getProperty("kexecinspect.projectDir", ".")).toAbsolutePath().normalize();
    }

    public static Path buildDir() {
        return Path.of(System.getProperty("kexecinspect.buildDir", "target")).toAbsolutePath().normalize();
    }

    /**
     * native-fixtures/captures: unchanged copies of ../shared/fixtures, the real captures each
     * folder's README describes, kept in the repository so the tests run from any clone.
     */
    public static Path captures() {
        return projectDir().resolve("native-fixtures").resolve("captures");
    }

    /** The QEMU/OVMF Debian 6.1 captures (qemu-ovmf-debian-6.1/README.md). */
    public static Path qemuCapture(String scenario, String stage) {
        return captures().resolve("qemu-ovmf-debian-6.1").resolve(scenario).resolve(stage);
    }

    /**
     * A stage of the QEMU/OVMF runs of Debian 13 and unstable (qemu-debian-13-and-unstable/README.md):
     * run "d13-bochs-c" or "sid-efifb-s", stage "first" or "kdump".
     */
    public static Path qemuRun(String run, String stage) {
        return captures().resolve("qemu-debian-13-and-unstable").resolve(run).resolve(stage);
    }

    private static final java.util.Map<String, Path> KERNELS = new java.util.HashMap<>();

    /**
     * The current Debian amd64 kernel image (bzImage), from the package linux-image-amd64 depends
     * on; KEXEC_INSPECT_KERNEL names another image instead.
     */
    public static Path debianAmd64Kernel() {
        String override = System.getenv("KEXEC_INSPECT_KERNEL");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        return debianKernel("amd64");
    }

    /** The current Debian arm64 kernel: a raw Image with the EFI stub. */
    public static Path debianArm64Kernel() {
        return debianKernel("arm64");
    }

    /** The image of linux-image-FLAVOUR's current dependency, downloaded once by debian-kernel.sh. */
    public static Path debianKernel(String flavour) {
        return debianKernel(flavour, "");
    }

    /**
     * The image of linux-image-FLAVOUR's current dependency in a Debian suite ("trixie", "sid"),
     * which debian-kernel.sh fetches through a private apt configuration in its cache; "" means the
     * system's own package lists.
     */
    public static synchronized Path debianKernel(String flavour, String suite) {
        String key = flavour + "@" + suite;
        Path cached = KERNELS.get(key);
        if (cached != null) {
            return cached;
        }
        Path script = projectDir().resolve("src/test/scripts/debian-kernel.sh");
        try {
            Process p = new ProcessBuilder("sh", script.toString(), flavour, suite).redirectErrorStream(false).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0 || out.isEmpty()) {
                fail("could not obtain a Debian " + flavour + (suite.isEmpty() ? "" : " (" + suite + ")")
                        + " kernel image with " + script + ": " + err
                        + " (run `apt-get update` first; for arm64 `dpkg --add-architecture arm64` before it)");
            }
            KERNELS.put(key, Path.of(out));
            return Path.of(out);
        } catch (IOException e) {
            return fail("cannot run " + script + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        }
    }

    /**
     * The package's config beside a Debian kernel image: config-RELEASE in the /boot layout, or
     * "config" beside usr/lib/modules/RELEASE/vmlinuz (the 7.x packages).
     */
    public static Path configBeside(Path image) {
        try (java.util.stream.Stream<Path> s = Files.list(image.getParent())) {
            java.util.List<Path> configs = s.filter(f -> f.getFileName().toString().startsWith("config-")
                    || f.getFileName().toString().equals("config")).toList();
            if (configs.size() != 1) {
                fail("expected one config-* beside " + image + ": " + configs);
            }
            return configs.get(0);
        } catch (IOException e) {
            return fail("cannot list " + image.getParent() + ": " + e.getMessage());
        }
    }

    /** Runs a program, returns its stdout, fails the test with its stderr when it fails. */
    public static String exec(Path dir, String... command) {
        try {
            Process p = new ProcessBuilder(command).directory(dir == null ? null : dir.toFile()).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                fail(String.join(" ", command) + " failed: " + err);
            }
            return out;
        } catch (IOException e) {
            return fail("cannot run " + command[0] + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        }
    }

    /** A copy of the directory tree {@code src} at {@code dst}. */
    public static void copyTree(Path src, Path dst) {
        try (java.util.stream.Stream<Path> s = Files.walk(src)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path t = dst.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Whether a program is an executable path, or is found on PATH. */
    public static boolean onPath(String program) {
        if (program.contains("/")) {
            return Files.isExecutable(Path.of(program));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
