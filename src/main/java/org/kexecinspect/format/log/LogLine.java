package org.kexecinspect.format.log;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line with its prefixes taken off: the journal's {@code Mon DD HH:MM:SS[.us] host ident:} (short,
 * short-precise), {@code YYYY-MM-DDTHH:MM:SS... host ident:} (short-iso), {@code Day YYYY-MM-DD HH:MM:SS TZ
 * host ident:} (short-full) or {@code [ seconds] host kernel:} (short-monotonic), a raw {@code <N>} priority,
 * the kernel's {@code [ seconds.micros]} stamp. {@code kernel} is false for a journal line whose
 * ident is not {@code kernel} (user space, kept for context); a line with no prefix at all may be
 * either, and counts as the kernel's.
 */
record LogLine(String message, long micros, boolean kernel, boolean stamped, boolean journal) {
    private static final Pattern JOURNAL = Pattern.compile(
            "^(?:[A-Z][a-z]{2} [ 0-9]\\d \\d\\d:\\d\\d:\\d\\d(?:\\.\\d{1,9})?"        // short, short-precise
                    + "|\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\S*"                  // short-iso, short-iso-precise
                    + "|[A-Z][a-z]{2} \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(?:\\.\\d{1,9})? \\S+)" // short-full
                    + " \\S+ ([^\\s:\\[]+)(?:\\[\\d+\\])?: ?");
    /** journalctl -o short-monotonic: the stamp, then "host kernel: " (only the kernel's ident is taken off). */
    private static final Pattern MONOTONIC_KERNEL = Pattern.compile("^\\S+ kernel: ?");
    private static final Pattern STAMP = Pattern.compile("^\\[\\s*(\\d{1,9})\\.(\\d{1,9})\\]\\s?");
    private static final Pattern PRIORITY = Pattern.compile("^<\\d{1,3}>");

    static LogLine of(String raw) {
        String s = clean(raw);
        boolean kernel = true;
        Matcher j = null;
        boolean journal = maybeJournal(s) && (j = JOURNAL.matcher(s)).find();
        if (journal) {
            kernel = j.group(1).equals("kernel");
            s = s.substring(j.end());
        }
        if (s.startsWith("<")) {
            Matcher p = PRIORITY.matcher(s);
            if (p.find()) {
                s = s.substring(p.end());
            }
        }
        long micros = -1;
        Matcher t = s.startsWith("[") ? STAMP.matcher(s) : null;
        if (t != null && t.find()) {
            micros = Long.parseLong(t.group(1)) * 1_000_000L + fraction(t.group(2));
            s = s.substring(t.end());
            if (!journal && s.contains(" kernel:")) {
                Matcher k = MONOTONIC_KERNEL.matcher(s);
                if (k.find()) {
                    s = s.substring(k.end());
                    journal = true;
                }
            }
        }
        return new LogLine(s, micros, kernel, micros >= 0, journal);
    }

    /** A cheap look before the journal pattern: "Mon DD " or "YYYY-". */
    private static boolean maybeJournal(String s) {
        return s.length() > 20 && (s.charAt(3) == ' ' && Character.isUpperCase(s.charAt(0)) || s.charAt(4) == '-');
    }

    /** The fraction's digits as microseconds (the kernel prints six; printk_time may differ). */
    private static long fraction(String digits) {
        String six = (digits + "000000").substring(0, 6);
        return Long.parseLong(six);
    }

    /**
     * Takes out ANSI escape sequences (CSI {@code ESC [ params final}, OSC {@code ESC ] ... BEL|ESC \},
     * two-byte {@code ESC x}) and every other control character but TAB: a serial console carries
     * the firmware's and getty's screen codes, and CRs.
     */
    static String clean(String raw) {
        int n = raw.length();
        StringBuilder b = null;
        int i = 0;
        while (i < n) {
            char c = raw.charAt(i);
            if (c >= 0x20 && c != 0x7f || c == '\t') {
                if (b != null) {
                    b.append(c);
                }
                i++;
                continue;
            }
            if (b == null) {
                b = new StringBuilder(n);
                b.append(raw, 0, i);
            }
            i = c == 0x1b ? skipEscape(raw, i) : i + 1;
        }
        return b == null ? raw : b.toString();
    }

    private static int skipEscape(String s, int i) {
        int n = s.length();
        if (i + 1 >= n) {
            return n;
        }
        char k = s.charAt(i + 1);
        if (k == '[') {
            int j = i + 2;
            while (j < n && s.charAt(j) >= 0x20 && s.charAt(j) <= 0x3f) {
                j++; // parameter and intermediate bytes
            }
            return Math.min(n, j + 1); // the final byte
        }
        if (k == ']') {
            int j = i + 2;
            while (j < n) {
                char c = s.charAt(j);
                if (c == 0x07) {
                    return j + 1;
                }
                if (c == 0x1b && j + 1 < n && s.charAt(j + 1) == '\\') {
                    return j + 2;
                }
                j++;
            }
            return n;
        }
        if ((k == '(' || k == ')') && i + 2 < n) {
            return i + 3; // charset designation, e.g. ESC ( B
        }
        return i + 2;
    }
}
