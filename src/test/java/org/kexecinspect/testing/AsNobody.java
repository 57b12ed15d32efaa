package org.kexecinspect.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs kexec-inspect in a child JVM as nobody (uid 65534), from a world-readable copy of the
 * classes and the runtime jars: root reads everything, so this is how tests see what an
 * unprivileged user gets.
 */
public final class AsNobody {
    private AsNobody() {}

    private static Path copy;

    /** True when this JVM runs as root, the only case where setpriv can drop to nobody. */
    public static boolean root() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException e) {
            return false;
        }
    }

    /** The class path, copied once per JVM into a directory anyone can read. */
    private static synchronized List<String> classPath() throws IOException {
        if (copy == null) {
            Path dir = Files.createTempDirectory(Path.of("/tmp"), "kexec-inspect-nobody-");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            copyTree(Inputs.buildDir().resolve("classes"), dir.resolve("classes"));
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                Path e = Path.of(entry);
                String name = e.getFileName() == null ? "" : e.getFileName().toString();
                // runtime jars only: the test libraries are not needed by the CLI
                if (name.endsWith(".jar") && !name.startsWith("junit") && !name.startsWith("opentest4j")
                        && !name.startsWith("apiguardian") && !name.contains("codegen") && !name.startsWith("surefire")) {
                    Path c = dir.resolve("jars").resolve(name);
                    Files.createDirectories(c.getParent());
                    Files.setPosixFilePermissions(c.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
                    if (!Files.exists(c)) {
                        Files.copy(e, c);
                        Files.setPosixFilePermissions(c, PosixFilePermissions.fromString("rw-r--r--"));
                    }
                }
            }
            copy = dir;
        }
        List<String> cp = new ArrayList<>();
        cp.add(copy.resolve("classes").toString());
        try (Stream<Path> s = Files.list(copy.resolve("jars"))) {
            s.sorted().forEach(p -> cp.add(p.toString()));
        }
        return cp;
    }

    /** Runs `kexec-inspect ARGS` as nobody in {@code workDir}; JSON it prints is validated as {@link Cli#run}'s is. */
    public static Cli.Result run(Path workDir, String... args) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                java.toString(), "-XX:-UsePerfData", "-cp", String.join(File.pathSeparator, classPath()),
                "org.kexecinspect.cli.Main"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(workDir.toFile()).start();
        p.getOutputStream().close();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("the child JVM did not finish");
        }
        String stdout = new String(out.get(), StandardCharsets.UTF_8);
        JsonContract.checkOutput(stdout, String.join(" ", args), "AsNobody.run");
        return new Cli.Result(p.exitValue(), stdout, new String(err.get(), StandardCharsets.UTF_8));
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path src : s.toList()) {
                Path dst = to.resolve(from.relativize(src).toString());
                if (Files.isDirectory(src)) {
                    Files.createDirectories(dst);
                    Files.setPosixFilePermissions(dst, PosixFilePermissions.fromString("rwxr-xr-x"));
                } else {
                    Files.copy(src, dst);
                    Files.setPosixFilePermissions(dst, PosixFilePermissions.fromString("rw-r--r--"));
                }
            }
        }
    }
}
