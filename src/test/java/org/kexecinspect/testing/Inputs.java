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

    private static Path cachedKernel;

    /**
     * The current Debian amd64 kernel image (bzImage), from the package linux-image-amd64 depends
     * on; KEXEC_INSPECT_KERNEL names another image instead.
     */
    public static synchronized Path debianAmd64Kernel() {
        if (cachedKernel != null) {
            return cachedKernel;
        }
        String override = System.getenv("KEXEC_INSPECT_KERNEL");
        if (override != null && !override.isBlank()) {
            return cachedKernel = Path.of(override);
        }
        Path script = projectDir().resolve("src/test/scripts/debian-kernel.sh");
        try {
            Process p = new ProcessBuilder("sh", script.toString(), "amd64").redirectErrorStream(false).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0 || out.isEmpty()) {
                fail("could not obtain a Debian kernel image with " + script + ": " + err
                        + " (run `apt-get update` first, or set KEXEC_INSPECT_KERNEL=/path/to/vmlinuz)");
            }
            return cachedKernel = Path.of(out);
        } catch (IOException e) {
            return fail("cannot run " + script + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
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
}
