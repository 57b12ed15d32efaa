package org.kexecinspect.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import javax.tools.ToolProvider;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexecinspect.testing.Inputs;

/**
 * src/main/launcher/kexec-inspect, the script /usr/bin/kexec-inspect links to, run for real with a
 * stand-in jar beside it (a class that prints where it was started from and its arguments): it
 * finds the jar through an absolute link, a relative link and a relative path, passes arguments
 * untouched, and for a path that is no link starts no program but java (PATH holds nothing else).
 */
class LauncherTest {

    @TempDir static Path dir;
    private static Path share;
    private static Path java;

    @BeforeAll
    static void installTheLauncherBesideAStandInJar() throws Exception {
        share = Files.createDirectories(dir.resolve("usr/share/kexec-inspect"));
        Path launcher = share.resolve("kexec-inspect");
        Files.copy(Inputs.projectDir().resolve("src/main/launcher/kexec-inspect"), launcher);
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.writeString(src.resolve("Probe.java"), """
                public class Probe {
                    public static void main(String[] args) throws Exception {
                        String jar = Probe.class.getProtectionDomain().getCodeSource().getLocation().getPath();
                        System.out.println(jar);
                        for (String a : args) System.out.println("[" + a + "]");
                    }
                }
                """);
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null,
                "-d", src.toString(), src.resolve("Probe.java").toString()));
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Probe");
        try (OutputStream out = Files.newOutputStream(share.resolve("kexec-inspect.jar"));
                JarOutputStream jar = new JarOutputStream(out, m)) {
            jar.putNextEntry(new JarEntry("Probe.class"));
            jar.write(Files.readAllBytes(src.resolve("Probe.class")));
            jar.closeEntry();
        }
        java = Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** Runs COMMAND in WORKDIR with PATH set to PATH and the launcher's java named; stdout lines. */
    private static List<String> run(Path workDir, String path, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        pb.environment().put("PATH", path);
        pb.environment().put("KEXEC_INSPECT_JAVA", java.toString());
        pb.environment().put("KEXEC_INSPECT_CDS", "off");
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), text);
        return text.lines().toList();
    }

    private static String jar() throws IOException {
        return share.toRealPath().resolve("kexec-inspect.jar").toString();
    }

    @Test
    void anAbsoluteLinkFindsTheJarBesideItsTarget() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("abs/usr/bin"));
        Path link = Files.createSymbolicLink(bin.resolve("kexec-inspect"), share.resolve("kexec-inspect"));
        List<String> out = run(dir, System.getenv("PATH"), link.toString(), "preflight", "--verbose");
        assertEquals(List.of(jar(), "[preflight]", "[--verbose]"), out);
    }

    @Test
    void aRelativeLinkAsTheDebianPackageMakesItFindsTheJarToo() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("usr/bin"));
        Path link = bin.resolve("kexec-inspect");
        if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
            Files.createSymbolicLink(link, Path.of("../share/kexec-inspect/kexec-inspect"));
        }
        assertEquals(List.of(jar(), "[--version]"), run(dir, System.getenv("PATH"), link.toString(), "--version"));
        // found on PATH, as a user types it (a shell looks it up: ProcessBuilder would use this JVM's PATH)
        assertEquals(List.of(jar(), "[--version]"),
                run(dir, bin + ":" + System.getenv("PATH"), "/bin/sh", "-c", "kexec-inspect --version"));
    }

    @Test
    void aPathThatIsNoLinkNeedsNoProgramButJava() throws Exception {
        // PATH holds no readlink, dirname or anything else: the launcher finds its directory with the shell alone
        String empty = Files.createDirectories(dir.resolve("empty-path")).toString();
        assertEquals(List.of(jar(), "[a b]", "[]", "[*]"),
                run(share, empty, "./kexec-inspect", "a b", "", "*"));
        assertEquals(List.of(jar(), "[x]"), run(share.getParent(), empty, "/bin/sh", "kexec-inspect/kexec-inspect", "x"));
        List<String> all = new ArrayList<>(run(dir, empty, share.resolve("kexec-inspect").toString(), "--version"));
        assertEquals(List.of(jar(), "[--version]"), all);
    }
}
