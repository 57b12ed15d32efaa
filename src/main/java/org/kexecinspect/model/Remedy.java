package org.kexecinspect.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One thing to do about a finding, short enough for a numbered list: the action, and where there is
 * a file to edit, the file and the exact line it should hold.
 *
 * @param action what to do, one short imperative clause ("load the kdump kernel with KEXEC_FILE_LOAD")
 * @param file   the file to change, e.g. /etc/default/kdump-tools; null when the remedy is no file edit
 * @param line   the line that file should hold, e.g. KDUMP_KEXEC_ARGS="-s"; null with {@code file}
 * @param caveat what a person should know before relying on it (what does not help, what it costs); or null
 */
public record Remedy(String action, String file, String line, String caveat) {

    public Remedy {
        Objects.requireNonNull(action, "action");
        if ((file == null) != (line == null)) {
            throw new IllegalArgumentException("a file to change comes with the line it should hold");
        }
    }

    public static Remedy of(String action) {
        return new Remedy(action, null, null, null);
    }

    public static Remedy edit(String action, String file, String line) {
        return new Remedy(action, file, line, null);
    }

    public Remedy withCaveat(String c) {
        return new Remedy(action, file, line, caveat == null ? c : c == null ? caveat : caveat + "; " + c);
    }

    /** The remedy as a clause: "ACTION: LINE in FILE". */
    public String clause() {
        return file == null ? action : action + ": " + line + " in " + file;
    }

    /**
     * The remedies as the one sentence JSON's {@code remedy} has always carried: the clauses joined by
     * "; or ", then every caveat in brackets. Null for none.
     */
    public static String sentence(List<Remedy> remedies) {
        if (remedies.isEmpty()) {
            return null;
        }
        List<String> clauses = new ArrayList<>();
        List<String> caveats = new ArrayList<>();
        for (Remedy r : remedies) {
            clauses.add(r.clause());
            if (r.caveat() != null) {
                caveats.add(r.caveat());
            }
        }
        return String.join("; or ", clauses) + (caveats.isEmpty() ? "" : " (" + String.join("; ", caveats) + ")");
    }
}
