package org.kexecinspect.format.text;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.kexecinspect.format.FormatException;
import org.kexecinspect.format.TextInput;

/**
 * A kexec-tools release as {@code kexec --version} prints it. kexec-tools prints its autoconf
 * PACKAGE_STRING, "kexec-tools" and the AC_INIT version, and a newline (kexec/kexec.c, version();
 * configure.ac AC_INIT, v2.0.32). Real outputs: "kexec-tools 2.0.25" (Debian 12's 1:2.0.25-3+deb12u3
 * binary, shared fixture kexec_version.txt), "kexec-tools 2.0.32" (Debian sid's 1:2.0.32-3 binary).
 * Between releases upstream appends ".git" to the version (commit "kexec-tools 2.0.27.git",
 * 2023-09-01, carried by Fedora's package as 0001-kexec-tools-2.0.27.git.patch), so a distribution
 * that packages a snapshot prints e.g. "kexec-tools 2.0.27.git". Distributions do not add their
 * package release to this string.
 *
 * @param suffix what follows the three numbers ("" for a release, ".git", "-rc1", ...)
 * @param raw the trimmed text that was parsed
 */
public record KexecToolsVersion(int major, int minor, int patch, String suffix, String raw)
        implements Comparable<KexecToolsVersion> {

    /** Longest text accepted: the real output is about 20 characters. */
    public static final int MAX_INPUT_CHARS = 4096;

    private static final Pattern VERSION = Pattern.compile(
            "(?:kexec-tools\\s+)?(\\d{1,4})\\.(\\d{1,4})(?:\\.(\\d{1,4}))?([-.+~][0-9A-Za-z.+~-]{0,64})?(?:\\s.*)?",
            Pattern.DOTALL);

    public KexecToolsVersion {
        Objects.requireNonNull(suffix);
        Objects.requireNonNull(raw);
    }

    /**
     * Parses {@code kexec --version} output ("kexec-tools 2.0.25\n") or a bare version ("2.0.25").
     * Text after the version and a blank is ignored.
     *
     * @throws FormatException when the text holds no version or exceeds {@link #MAX_INPUT_CHARS}
     */
    public static KexecToolsVersion parse(String text, String source) throws FormatException {
        TextInput.check(text, source, MAX_INPUT_CHARS, "kexec --version output");
        String t = text.strip();
        Matcher m = VERSION.matcher(t);
        if (!m.matches()) {
            throw new FormatException(source, -1, "not a kexec-tools version: " + TextInput.shown(t));
        }
        int patch = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        String suffix = m.group(4) == null ? "" : m.group(4);
        String version = m.group(1) + "." + m.group(2) + (m.group(3) == null ? "" : "." + m.group(3)) + suffix;
        return new KexecToolsVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), patch, suffix, version);
    }

    /** A pre-release ("-rc1", "~rc1") sorts before its release; any other suffix (".git") after it. */
    @Override
    public int compareTo(KexecToolsVersion o) {
        int c = compareNumbers(o);
        return c != 0 ? c : Integer.compare(suffixRank(), o.suffixRank());
    }

    private int compareNumbers(KexecToolsVersion o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) {
            c = Integer.compare(minor, o.minor);
        }
        return c != 0 ? c : Integer.compare(patch, o.patch);
    }

    private int suffixRank() {
        if (suffix.isEmpty()) {
            return 0;
        }
        return suffix.substring(1).toLowerCase().startsWith("rc") ? -1 : 1;
    }

    /** "2.0.25", or with its suffix. */
    @Override
    public String toString() {
        return raw;
    }
}
