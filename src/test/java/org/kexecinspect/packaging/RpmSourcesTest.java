package org.kexecinspect.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * What the RPM is built from (src/rpm/, pom.xml's antrun execution "rpm") agrees with the .deb's
 * sources, in every build, also where no rpmbuild makes the RPM. RpmPackageIT reads the built RPM.
 */
class RpmSourcesTest {

    static String read(String path) throws IOException {
        return DebSourcesTest.read(path);
    }

    /** The names of src/deb/copyright's stand-alone License paragraphs: the bundled libraries' licenses. */
    static List<String> copyrightLicenses() throws IOException {
        List<String> names = new ArrayList<>();
        for (String paragraph : read("src/deb/copyright").split("\n\n")) {
            if (paragraph.startsWith("License: ")) {
                names.add(paragraph.lines().findFirst().orElseThrow().substring("License: ".length()).trim());
            }
        }
        return names;
    }

    /** A Debian copyright-format license name in SPDX's spelling, as RPM's License tag wants it. */
    static String spdx(String debian) {
        return debian.endsWith("+") ? debian.substring(0, debian.length() - 1) + "-or-later" : debian;
    }

    /**
     * The postinst's lines the RPM's %post is made of (the pom copies them in): from archive_dir= to
     * the end of make_archive, before its `case "$1" in`, which only dpkg's arguments fit.
     */
    static String postinstMakeArchive() throws IOException {
        String postinst = read("src/deb/control/postinst");
        int from = postinst.indexOf("\narchive_dir=");
        int to = postinst.indexOf("\ncase \"$1\" in");
        assertTrue(from >= 0 && to > from, "src/deb/control/postinst: no archive_dir=... before case \"$1\" in");
        return postinst.substring(from + 1, to).stripTrailing();
    }

    @Test
    void thePostinstHasTheShapeThePomCopiesFrom() throws IOException {
        String lines = postinstMakeArchive();
        assertTrue(lines.startsWith("archive_dir=/var/cache/kexec-inspect\njar=/usr/share/kexec-inspect/kexec-inspect.jar\n"), lines);
        assertTrue(lines.contains("\nmake_archive() {\n") && lines.endsWith("\n}"), lines);
        String template = read("src/rpm/cds-archive.sh");
        assertTrue(template.contains("\n@MAKE_ARCHIVE@\n"), "src/rpm/cds-archive.sh has no @MAKE_ARCHIVE@ line");
        assertTrue(template.endsWith("\nmake_archive\nexit 0\n"), template);
    }

    /** Every license of the copyright file is in the spec's License tag (a new library's too). */
    @Test
    void theSpecsLicenseNamesEveryLicenseOfTheCopyrightFile() throws IOException {
        Matcher m = Pattern.compile("(?m)^License:\\s+(.+)$").matcher(read("src/rpm/kexec-inspect.spec"));
        assertTrue(m.find(), "the spec has no License:");
        String license = " " + m.group(1).replaceAll("[()]", " ") + " ";
        List<String> names = copyrightLicenses();
        assertTrue(names.size() >= 5, names.toString());
        for (String name : names) {
            assertTrue(license.contains(" " + spdx(name) + " "), "the spec's License lacks " + spdx(name));
        }
        assertTrue(read("src/deb/copyright").contains("\nLicense: none-chosen-yet\n"));
        assertTrue(license.contains(" LicenseRef-none-chosen-yet "), license);
    }

    /** noarch, the boolean Java requirement, and POSIX sh scripts (so no bash to require). */
    @Test
    void theSpecsArchitectureAndRequirements() throws IOException {
        String spec = read("src/rpm/kexec-inspect.spec");
        for (String tag : new String[] {"Name:           kexec-inspect\n", "Version:        %{pkg_version}\n",
                "BuildArch:      noarch\n",
                "Requires:       (java-17-openjdk-headless or java-21-openjdk-headless or java-25-openjdk-headless)\n"}) {
            assertTrue(spec.contains("\n" + tag), "the spec lacks " + tag.trim());
        }
        for (String script : new String[] {"src/main/launcher/kexec-inspect", "src/main/sh/kexec-inspect-capture"}) {
            assertEquals("#!/bin/sh", read(script).lines().findFirst().orElseThrow(), script);
        }
    }
}
