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
 * stand-in jar beside it (a class that prints the -jar path it was given and its arguments): it
 * finds the jar, by an absolute path, through an absolute link, a relative link, a relative path and
 * a bare name, in directories with blanks in their names; passes arguments untouched; and for a path
 * that is no link starts no program but java (PATH holds nothing else).
 */
class LauncherTest {

    private static final String PROBE = """
            public class Probe {
                public static void main(String[] args) {
                    // with -jar, the class path is the launcher's -jar argument as it gave it
                    System.out.println(System.getProperty("java.class.path"));
                    for (String a : args) System.out.println("[" + a + "]");
                }
            }
            """;

    @TempDir static Path dir;
    private static Path share;
    private static Path java;

    @BeforeAll
    static void installTheLauncherBesideAStandInJar() throws Exception {
        share = install(dir.resolve("usr/share/kexec-inspect"));
        java = Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** The launcher and a stand-in kexec-inspect.jar in DIR. */
    private static Path install(Path at) throws Exception {
        Path d = Files.createDirectories(at);
        Path launcher = d.resolve("kexec-inspect");
        Files.copy(Inputs.projectDir().resolve("src/main/launcher/kexec-inspect"), launcher);
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path src = Files.createDirectories(dir.resolve("src"));
        if (!Files.exists(src.resolve("Probe.class"))) {
            Files.writeString(src.resolve("Probe.java"), PROBE);
            assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null,
                    "-d", src.toString(), src.resolve("Probe.java").toString()));
        }
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Probe");
        try (OutputStream out = Files.newOutputStream(d.resolve("kexec-inspect.jar"));
                JarOutputStream jar = new JarOutputStream(out, m)) {
            jar.putNextEntry(new JarEntry("Probe.class"));
            jar.write(Files.readAllBytes(src.resolve("Probe.class")));
            jar.closeEntry();
        }
        return d;
    }

    /** Runs COMMAND in WORKDIR with PATH set to PATH, the launcher's java named and no CDS archive; stdout lines. */
    private static List<String> run(Path workDir, String path, String... command) throws Exception {
        return runWithCds(workDir, path, "off", command);
    }

    /** The same with KEXEC_INSPECT_CDS set to CDS (null: unset, the launcher looks beside itself). */
    private static List<String> runWithCds(Path workDir, String path, String cds, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        pb.environment().put("PATH", path);
        pb.environment().put("KEXEC_INSPECT_JAVA", java.toString());
        if (cds == null) {
            pb.environment().remove("KEXEC_INSPECT_CDS");
        } else {
            pb.environment().put("KEXEC_INSPECT_CDS", cds);
        }
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), text);
        List<String> lines = new ArrayList<>(text.lines().toList());
        // the -jar path: absolute (whatever the working directory), and the jar beside the launcher
        Path given = Path.of(lines.get(0));
        assertTrue(given.isAbsolute(), lines.get(0));
        lines.set(0, given.toRealPath().toString());
        return lines;
    }

    private static String jar() throws IOException {
        return jar(share);
    }

    private static String jar(Path in) throws IOException {
        return in.toRealPath().resolve("kexec-inspect.jar").toString();
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
        // a bare name: sh kexec-inspect in its own directory
        assertEquals(List.of(jar(), "[y]"), run(share, empty, "/bin/sh", "kexec-inspect", "y"));
        assertEquals(List.of(jar(), "[--version]"), run(dir, empty, share.resolve("kexec-inspect").toString(), "--version"));
    }

    @Test
    void blanksInItsDirectoryAndItsArchivePathStayWhole() throws Exception {
        Path spaced = install(dir.resolve("with blank/share dir"));
        // an archive beside it: the launcher passes -XX:SharedArchiveFile=PATH as one word (this one is
        // no archive, which the JVM ignores under -Xshare:auto, silently with cds logging off)
        Files.writeString(spaced.resolve("kexec-inspect.jsa"), "not an archive");
        String empty = Files.createDirectories(dir.resolve("empty-path")).toString();
        assertEquals(List.of(jar(spaced), "[z]"), runWithCds(dir, empty, null, spaced.resolve("kexec-inspect").toString(), "z"));
        Path link = dir.resolve("with blank/kexec inspect link");
        Files.createSymbolicLink(link, spaced.resolve("kexec-inspect"));
        assertEquals(List.of(jar(spaced), "[z z]"), runWithCds(dir, System.getenv("PATH"), null, link.toString(), "z z"));
    }
}
