package org.kexecinspect.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.kexecinspect.testing.Inputs;

/**
 * What the .deb is built from (src/deb/, pom.xml's jdeb configuration) agrees with README and the pom.
 * The built package itself is installed and run by .ci/run after mvn verify.
 */
class DebSourcesTest {

    static String read(String path) throws IOException {
        return Files.readString(Inputs.projectDir().resolve(path));
    }

    /** The drop-ins carry README's reporting-only ExecStartPre= line, under [Service]. */
    @Test
    void theDropInsAreReadmesReportingOnlyOnes() throws IOException {
        Matcher m = Pattern.compile("```ini\\n(?:#[^\\n]*\\n)*\\[Service\\]\\n(ExecStartPre=-[^\\n]*)\\n```").matcher(read("README.md"));
        assertTrue(m.find(), "README has no reporting-only drop-in");
        String line = m.group(1);
        assertEquals("ExecStartPre=-/usr/bin/kexec-inspect preflight", line);
        for (String unit : new String[] {"kdump-tools.service.d", "kdump.service.d"}) {
            List<String> lines = Files.readAllLines(Inputs.projectDir().resolve("src/deb/examples/" + unit + "/kexec-inspect.conf"));
            List<String> settings = new ArrayList<>();
            for (String l : lines) {
                if (!l.startsWith("#") && !l.isBlank()) {
                    settings.add(l);
                }
            }
            assertEquals(List.of("[Service]", line), settings, unit);
            assertTrue(lines.get(0).contains("/etc/systemd/system/" + unit + "/kexec-inspect.conf"), unit + ": " + lines.get(0));
        }
    }

    /** Every library the pom shades into the jar is in the package's copyright file. */
    @Test
    void theCopyrightNamesEveryBundledLibrary() throws IOException {
        // the project's own dependencies: not the BOMs it imports, not what build plugins use
        String pom = read("pom.xml").replaceAll("(?s)<dependencyManagement>.*?</dependencyManagement>", "")
                .replaceAll("(?s)<build>.*</build>", "");
        String copyright = read("src/deb/copyright");
        Matcher dep = Pattern.compile("<dependency>\\s*<groupId>([^<]+)</groupId>\\s*<artifactId>([^<]+)</artifactId>"
                + "\\s*<version>([^<]+)</version>\\s*(<scope>[^<]+</scope>)?").matcher(pom);
        int bundled = 0;
        while (dep.find()) {
            if (dep.group(4) != null) {
                continue;   // test scope: not in the jar
            }
            String version = dep.group(3).startsWith("${")
                    ? property(pom, dep.group(3).substring(2, dep.group(3).length() - 1)) : dep.group(3);
            String name = dep.group(1) + ":" + dep.group(2) + " " + version;
            assertTrue(copyright.contains(name), "src/deb/copyright does not name " + name);
            bundled++;
        }
        assertTrue(bundled >= 8, "dependencies found in pom.xml: " + bundled);
    }

    static String property(String pom, String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(pom);
        assertTrue(m.find(), "no property " + name);
        return m.group(1);
    }

    /** The control file: the pom's version (jdeb makes it Debian's), architecture-independent, a Java 17 runtime. */
    @Test
    void theControlFile() throws IOException {
        String control = read("src/deb/control/control");
        for (String field : new String[] {"Package: kexec-inspect\n", "Version: [[version]]\n", "Architecture: all\n",
                "Section: utils\n", "Priority: optional\n", "Maintainer: ", "Description: ",
                "Depends: default-jre-headless (>= 2:1.17) | java17-runtime-headless"}) {
            assertTrue(control.contains(field), "control lacks " + field.trim());
        }
    }
}
