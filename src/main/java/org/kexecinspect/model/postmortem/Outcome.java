package org.kexecinspect.model.postmortem;

/** What became of the last crash in a log; {@link #jsonName()} is stable (it appears in JSON). */
public enum Outcome {
    DUMP_SAVED("dump-saved"),
    KDUMP_FAILED("kdump-failed"),
    KDUMP_NOT_STARTED("kdump-not-started"),
    NO_CRASH_SEEN("no-crash-seen"),
    UNKNOWN("unknown");

    private final String jsonName;

    Outcome(String jsonName) { this.jsonName = jsonName; }

    public String jsonName() { return jsonName; }
}
