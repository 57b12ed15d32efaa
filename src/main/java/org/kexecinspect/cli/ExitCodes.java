package org.kexecinspect.cli;

/** Exit codes, the same for every command (each command's --help and the man pages list them). */
public final class ExitCodes {
    private ExitCodes() {}

    /** Success; for predict, preflight and diagnose: no risk found. */
    public static final int OK = 0;
    /** A risk was found. */
    public static final int RISK = 1;
    /** The command line was wrong. */
    public static final int USAGE = 2;
    /** An input could not be read or is malformed. */
    public static final int BAD_INPUT = 3;
    /** Not enough facts to decide. */
    public static final int UNDECIDED = 4;
    /** A bug in kexec-inspect (sysexits.h EX_SOFTWARE); never a verdict. */
    public static final int INTERNAL_ERROR = 70;

    /** The worst exit status over many inputs: bad input, then a risk, then not enough facts, then ok. */
    public static final class Worst {
        private static final java.util.List<Integer> ORDER = java.util.List.of(OK, UNDECIDED, RISK, BAD_INPUT);
        private int code = OK;

        public void add(int c) {
            if (ORDER.indexOf(c) > ORDER.indexOf(code)) {
                code = c;
            }
        }

        public int code() { return code; }
    }
}
