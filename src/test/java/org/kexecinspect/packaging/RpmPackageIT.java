package org.kexecinspect.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kexecinspect.testing.Inputs;

/**
 * The RPM this build made (pom.xml, the antrun execution "rpm"; README, "Packaging"), read back with
 * {@code rpm -qp}: its header, its requirements, every file with its mode, flags and digest against
 * the build's own files, and the scriptlets that make and remove the class-data-sharing archive.
 * It runs after the package phase (surefire's execution "packages", for *IT classes) and is skipped,
 * with the reason, where rpmbuild was not on PATH (so no RPM was built) or rpm is not.
 */
class RpmPackageIT {

    private static Path rpm;
    private static String version;

    @BeforeAll
    static void theBuiltRpm() {
        String pomVersion = System.getProperty("kexecinspect.version");
        assertTrue(pomVersion != null && !pomVersion.isBlank(), "surefire sets kexecinspect.version (pom.xml)");
        version = pomVersion.replaceAll("[-.]SNAPSHOT$", "~snapshot");
        rpm = Inputs.buildDir().resolve("kexec-inspect-" + version + "-1.noarch.rpm");
    }

    /** Each test, not the class, is skipped: surefire counts and shows a skipped test with its reason. */
    @BeforeEach
    void theRpmAndRpmAreThere() {
        assumeTrue(Files.isRegularFile(rpm), "no " + rpm.getFileName()
                + ": rpmbuild was not on PATH when mvn package ran (Debian: apt-get install rpm)");
        assumeTrue(onPath("rpm"), "no rpm on PATH to read " + rpm.getFileName());
    }

    static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    /** rpm -qp ARGS on the built RPM: its standard output (the command must succeed). */
    static String query(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("rpm", "-qp"));
        command.addAll(List.of(args));
        command.add(rpm.toString());
        Path err = Files.createTempFile("rpm-qp", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", command));
            assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + Files.readString(err));
            return out;
        } finally {
            Files.deleteIfExists(err);
        }
    }

    static String read(String path) throws IOException {
        return Files.readString(Inputs.projectDir().resolve(path));
    }

    /** Name, version (the pom's, -SNAPSHOT as ~snapshot), release, noarch, the licenses, the summary. */
    @Test
    void theHeader() throws Exception {
        String[] h = query("--qf", "%{NAME}\\n%{VERSION}\\n%{RELEASE}\\n%{ARCH}\\n%{LICENSE}\\n%{SUMMARY}\\n").split("\n");
        assertEquals("kexec-inspect", h[0]);
        assertEquals(version, h[1]);
        assertEquals("1", h[2]);
        assertEquals("noarch", h[3]);
        // every license of src/deb/copyright's stand-alone License paragraphs, in SPDX spelling, and
        // the project's own "none-chosen-yet" (the spec says why it is a LicenseRef)
        String license = h[4];
        assertTrue(license.startsWith("LicenseRef-none-chosen-yet AND "), license);
        for (String name : RpmSourcesTest.copyrightLicenses()) {
            assertTrue((" " + license.replaceAll("[()]", " ") + " ").contains(" " + RpmSourcesTest.spdx(name) + " "),
                    "License: " + license + " lacks " + name + " (src/deb/copyright)");
        }
        // the .deb's synopsis, capitalised as Fedora wants
        String synopsis = read("src/deb/control/control").lines().filter(l -> l.startsWith("Description: "))
                .findFirst().orElseThrow().substring("Description: ".length());
        assertEquals(Character.toUpperCase(synopsis.charAt(0)) + synopsis.substring(1), h[5]);
    }

    /**
     * A Java 17+ headless runtime as one boolean dependency, the POSIX tools the launcher, the
     * collector and the scriptlets run, and nothing else: no bash, nothing rpmbuild found by itself
     * but the #! lines' /bin/sh.
     */
    @Test
    void theRequirements() throws Exception {
        TreeSet<String> requires = new TreeSet<>();
        TreeSet<String> rpmlib = new TreeSet<>();
        for (String line : query("--requires").split("\n")) {
            (line.startsWith("rpmlib(") ? rpmlib : requires).add(line.trim());
        }
        assertEquals(new TreeSet<>(List.of(
                "(java-17-openjdk-headless or java-21-openjdk-headless or java-25-openjdk-headless)",
                "/bin/sh", "coreutils", "grep", "gzip", "sed", "tar")), requires);
        // the boolean dependency and the ~ in the version: rpm >= 4.13 reads this package
        assertTrue(rpmlib.stream().anyMatch(r -> r.startsWith("rpmlib(RichDependencies)")), rpmlib.toString());
        assertTrue(rpmlib.stream().anyMatch(r -> r.startsWith("rpmlib(TildeInVersions)")), rpmlib.toString());
        assertEquals(List.of("fbset", "kexec-tools"), List.of(query("--suggests").split("\n")));
    }

    /** One line of the file list: mode, rpm's flags (d doc, l license, g ghost; none on directories), link target, digest. */
    record Entry(String mode, String flags, String link, String digest) {
        static Entry of(String mode, String flags) {
            return new Entry(mode, flags, "", "");
        }
    }

    /**
     * Exactly the files README's table lists, at Fedora's paths, each with its mode and flags, and the
     * bytes of this build's files (the jar, the launcher, the collector, the gzipped man pages the .deb
     * carries, the completion, the drop-in, README and the copyright file).
     */
    @Test
    void everyFileWithItsModeAndBytes() throws Exception {
        String algo = query("--qf", "%{FILEDIGESTALGO}").trim();
        String digest = switch (algo) {
            case "8" -> "SHA-256";
            case "10" -> "SHA-512";
            default -> throw new AssertionError("file digest algorithm " + algo + " (rpm's PGPHASHALGO)");
        };
        Map<String, Entry> files = new TreeMap<>();
        for (String line : query("--qf", "[%{FILENAMES}\\t%{FILEMODES:perms}\\t%{FILEFLAGS:fflags}\\t%{FILELINKTOS}\\t%{FILEDIGESTS}\\n]")
                .split("\n")) {
            String[] f = line.split("\t", -1);
            assertEquals(5, f.length, line);
            files.put(f[0], new Entry(f[1], f[2], f[3], f[4]));
        }
        Path b = Inputs.buildDir();
        Path p = Inputs.projectDir();
        Map<String, Entry> expected = new TreeMap<>();
        String dir = "drwxr-xr-x";
        String exe = "-rwxr-xr-x";
        String doc = "-rw-r--r--";
        expected.put("/usr/bin/kexec-inspect", new Entry("lrwxrwxrwx", "", "../share/kexec-inspect/kexec-inspect", ""));
        expected.put("/usr/bin/kexec-inspect-capture", file(exe, "", p.resolve("src/main/sh/kexec-inspect-capture"), digest));
        expected.put("/usr/share/kexec-inspect", Entry.of(dir, ""));
        expected.put("/usr/share/kexec-inspect/kexec-inspect", file(exe, "", p.resolve("src/main/launcher/kexec-inspect"), digest));
        expected.put("/usr/share/kexec-inspect/kexec-inspect.jar", file(doc, "", b.resolve("kexec-inspect.jar"), digest));
        expected.put("/usr/share/kexec-inspect/kexec-inspect-1.schema.json",
                file(doc, "", p.resolve("src/main/resources/org/kexecinspect/schema/kexec-inspect-1.schema.json"), digest));
        try (var pages = Files.list(p.resolve("man"))) {
            for (Path page : pages.filter(f -> f.getFileName().toString().endsWith(".1")).toList()) {
                String gz = page.getFileName() + ".gz";
                expected.put("/usr/share/man/man1/" + gz, file(doc, "d", b.resolve("deb/man1").resolve(gz), digest));
            }
        }
        expected.put("/usr/share/bash-completion", Entry.of(dir, ""));
        expected.put("/usr/share/bash-completion/completions", Entry.of(dir, ""));
        expected.put("/usr/share/bash-completion/completions/kexec-inspect",
                file(doc, "", p.resolve("src/main/completion/kexec-inspect.bash"), digest));
        String docs = "/usr/share/doc/kexec-inspect";
        expected.put(docs, Entry.of(dir, ""));
        expected.put(docs + "/README.md", file(doc, "d", p.resolve("README.md"), digest));
        expected.put(docs + "/examples", Entry.of(dir, ""));
        expected.put(docs + "/examples/kdump.service.d", Entry.of(dir, ""));
        expected.put(docs + "/examples/kdump.service.d/kexec-inspect.conf",
                file(doc, "d", p.resolve("src/deb/examples/kdump.service.d/kexec-inspect.conf"), digest));
        expected.put("/usr/share/licenses/kexec-inspect", Entry.of(dir, ""));
        expected.put("/usr/share/licenses/kexec-inspect/copyright", file(doc, "l", p.resolve("src/deb/copyright"), digest));
        // made by %post, owned so that rpm -e takes it (and %postun the directory) away
        expected.put("/var/cache/kexec-inspect", Entry.of(dir, ""));
        expected.put("/var/cache/kexec-inspect/kexec-inspect.jsa", Entry.of("-r--r--r--", "g"));
        assertEquals(expected.keySet(), files.keySet(), "the RPM's files");
        for (var e : expected.entrySet()) {
            assertEquals(e.getValue(), files.get(e.getKey()), e.getKey());
        }
    }

    static Entry file(String mode, String flags, Path source, String algorithm) throws Exception {
        byte[] d = MessageDigest.getInstance(algorithm).digest(Files.readAllBytes(source));
        return new Entry(mode, flags, "", HexFormat.of().formatHex(d));
    }

    /**
     * %post makes the archive with the .deb postinst's own make_archive, verbatim; %postun removes
     * it on erase only ($1 = 0: on an upgrade the new package's %post has made the archive it uses);
     * file triggers on /usr/lib/jvm make it again, as the .deb's trigger does.
     */
    @Test
    void theScriptletsMakeAndRemoveTheArchive() throws Exception {
        String post = query("--qf", "%{POSTIN}");
        String postun = query("--qf", "%{POSTUN}");
        assertEquals("/bin/sh\n/bin/sh", query("--qf", "%{POSTINPROG}\\n%{POSTUNPROG}"));
        String makeArchive = RpmSourcesTest.postinstMakeArchive();
        assertTrue(post.contains("\n" + makeArchive + "\n"), "%post lacks the postinst's make_archive:\n" + post);
        assertTrue(makeArchive.contains("-XX:ArchiveClassesAtExit=\"$archive_dir/kexec-inspect.jsa.new\""), makeArchive);
        assertTrue(makeArchive.contains("mv -f \"$archive_dir/kexec-inspect.jsa.new\" \"$archive_dir/kexec-inspect.jsa\""), makeArchive);
        assertTrue(post.startsWith("#") && post.contains("\nset -e\n"), post);
        assertTrue(post.endsWith("\nmake_archive\nexit 0\n"), post);
        assertFalse(post.contains("@MAKE_ARCHIVE@"), post);
        assertFalse(post.contains("case \"$1\""), "the postinst's dpkg arguments mean nothing to rpm:\n" + post);

        List<String> code = postun.lines().filter(l -> !l.isBlank() && !l.trim().startsWith("#")).map(String::trim).toList();
        assertEquals(List.of("if [ \"$1\" -eq 0 ]; then", "rm -rf /var/cache/kexec-inspect", "fi", "exit 0"), code, postun);

        String triggers = query("--filetriggers");
        for (String kind : new String[] {"transfiletriggerin", "transfiletriggerpostun"}) {
            String head = kind + " scriptlet (using /bin/sh) -- /usr/lib/jvm\n";
            int at = triggers.indexOf(head);
            assertTrue(at >= 0, "no " + kind + " on /usr/lib/jvm:\n" + triggers);
            String body = triggers.substring(at + head.length());
            if (!body.startsWith(post)) {
                fail(kind + " does not run %post's script:\n" + body);
            }
        }
    }
}
