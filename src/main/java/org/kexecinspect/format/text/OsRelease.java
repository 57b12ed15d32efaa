package org.kexecinspect.format.text;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.kexecinspect.format.FormatException;

/**
 * /etc/os-release (or /usr/lib/os-release): shell-compatible assignments naming the operating
 * system (os-release(5), systemd). ID is a lower-case word, ID_LIKE a space-separated list of
 * such words, VERSION_ID a version without spaces; all are optional. os-release(5) says the file
 * must not use expansions, so a value that has one is taken as written.
 */
public record OsRelease(ShellAssignments assignments) {

    public OsRelease {
        Objects.requireNonNull(assignments);
    }

    /** @throws FormatException as {@link ShellAssignments#parse} */
    public static OsRelease parse(String text, String source) throws FormatException {
        return new OsRelease(ShellAssignments.parse(text, source));
    }

    /** ID; os-release(5) says "linux" when unset. */
    public String id() {
        return assignments.value("ID").filter(v -> !v.isEmpty()).orElse("linux");
    }

    public Optional<String> versionId() {
        return assignments.value("VERSION_ID").filter(v -> !v.isEmpty());
    }

    /** ID_LIKE's words, closest relative first. */
    public List<String> idLike() {
        return assignments.value("ID_LIKE").map(v -> Arrays.stream(v.trim().split("\\s+"))
                .filter(s -> !s.isEmpty()).toList()).orElse(List.of());
    }

    /** True when ID or one of ID_LIKE is {@code id}: "is this Debian or derived from it". */
    public boolean isOrIsLike(String id) {
        return id().equals(id) || idLike().contains(id);
    }
}
