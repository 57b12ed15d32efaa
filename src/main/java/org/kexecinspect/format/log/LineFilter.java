package org.kexecinspect.format.log;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The reader's fast path, on a line's bytes: whether a line can matter to {@link LogParser} beyond
 * its timestamp, and {@link LogLine}'s prefixes read without a String. Most lines of a log match
 * nothing; they are never decoded. Every test here answers as the String path would, or says it
 * cannot tell (the caller then takes the String path).
 *
 * <p>A line matters when its cleaned bytes hold one of {@link #NEEDLES}: a fixed part of every line
 * {@link EventMatcher#match} or {@link LogParser} acts on. A line with control bytes inside is
 * cleaned as bytes first, so an escape sequence inside a word does not hide it. A rule that learns a
 * new wording must add its fixed part here; LineFilterTest reads logs both ways and compares.
 */
final class LineFilter {
    private LineFilter() {}

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int FOLD = 0x20202020;

    /**
     * The fixed words, {@code i:} before one meaning ASCII case does not matter, each with the offset
     * of its anchor: the four 4-byte groups from there (see {@link #candidates}), chosen among the
     * needle's own as the ones fewest lines of the real logs hold. Superset of what the rules test:
     * a needle may pass a line the rule then refuses, never the other way round.
     */
    private static final String[][] NEEDLES = {
        // LogParser's own (the first PARSER_ONLY): the banner, the command line (x86 setup_arch() and
        // start_kernel()), the crashkernel reservation, and /proc/vmcore (the kdump kernel's user space)
        {"Linux version ", "0"}, {"ommand line:", "0"}, {"crashkernel", "0"}, {"/proc/vmcore", "2"},
        // SignCollector.WORDS (the facts a boot shows; "Linux version ", the command lines, "hv_pci" and
        // "hv_mmio=" are here already, "Unexpected framebuffer mmio base of zero" holds "framebuffer"),
        // and pci_register_host_bridge()'s line, which hv_pci's bridges print
        {"Hypervisor detected: ", "0"}, {"Hyper-V: ", "0"}, {"efi: EFI v", "0"}, {"Secure boot ", "0"},
        {"BIOS-e820: ", "0"}, {"x86/fpu: ", "0"}, {"DMA32 ", "0"}, {"Booting Linux on physical CPU ", "0"},
        {"hv_vmbus", "0"}, {"hyperv_fb", "0"}, {"hyperv_drm", "0"}, {"hyperv-drm", "0"}, {"pci function ", "0"},
        {"Unexpected low mmio base ", "0"}, {"host bridge to bus ", "0"},
        // EventMatcher's: PANIC, SOFT_LOCKUP, HYPERV_FB_TIMEOUT
        {"Kernel panic - not syncing", "9"}, {"Trigger a crash", "1"}, {"soft lockup", "1"},
        {"Time out on waiting vram location ack", "11"},
        // FB_MMIO_ZERO, HV_PCI_D0_FAILED, HV_PCI_PROBE_FAILED; "framebuffer" covers FRAMEBUFFER's
        // "framebuffer at 0x", the mmio-zero line and "request framebuffer"
        {"framebuffer", "2"}, {"hv_mmio=", "0"}, {"failed D0 Entry", "5"}, {"hv_pci", "0"},
        // FB_RESERVE_FAILED: FB_RESERVE is case-blind, its gate is "reserve" or "request framebuffer"
        {"i:can't reserve", "0"}, {"i:cannot reserve", "0"}, {"i:can not reserve", "1"}, {"i:unable to reserve", "5"},
        {"i:request framebuffer", "2"},
        // FRAMEBUFFER without a base (FB_BOUND)
        {"switching to", "0"}, {"Screen resolution", "9"}, {"[drm] Initialized", "0"},
        // ROOT_MISSING, one per alternative of its pattern
        {"to mount root fs", "0"}, {"open root device", "0"}, {"waiting for root", "0"}, {"does not exist", "6"},
        {"Could not boot", "0"},
        // DUMP_SAVED: its pattern is case-blind
        {"i:saved vmcore", "4"}, {"i:saving vmcore", "5"}, {"i:dumpfile is saved", "0"}, {"i:makedumpfile completed", "0"},
        // INIT_RUN, KDUMP_NOT_LOADED (lower-cased there)
        {" as init process", "9"}, {"i:not loaded", "3"},
        // PANIC_END (kernel/panic.c panic()'s end marker), KDUMP_LOADED (lib/dump_stack.c)
        {"---[ end Kernel panic", "9"}, {"Kdump: loaded ", "0"},
    };
    private static final int PARSER_ONLY = 19;
    /** The needles of EventMatcher's rules: a line with none of them matches no event. */
    static final long EVENTS = -1L << PARSER_ONLY;
    private static final byte[][] WORDS = new byte[NEEDLES.length][];
    private static final boolean[] CASELESS = new boolean[NEEDLES.length];
    private static final int BITS = 11;
    /** Open addressing: a group's bytes (ASCII case folded, as a little-endian int; 0 is empty) and its needles. */
    private static final int[] KEYS = new int[1 << BITS];
    private static final long[] MASKS = new long[1 << BITS];

    static {
        for (int n = 0; n < NEEDLES.length; n++) {
            String w = NEEDLES[n][0];
            CASELESS[n] = w.startsWith("i:");
            byte[] b = (CASELESS[n] ? w.substring(2) : w).getBytes(StandardCharsets.US_ASCII);
            int at = Integer.parseInt(NEEDLES[n][1]);
            WORDS[n] = b;
            if (b.length >= 7 && at + 7 <= b.length) {
                for (int g = at; g < at + 4; g++) {
                    add(group(b, g, 4), n);
                }
            } else if (b.length == 6 && at == 0) {
                // a group on the grid lies in the needle for three of its four places; for the fourth
                // the group before it ends with the needle's first three bytes, after any byte
                for (int g = 0; g < 3; g++) {
                    add(group(b, g, 4), n);
                }
                for (int x = 0; x < 256; x++) {
                    add(x | group(b, 0, 3) << 8, n);
                }
            } else {
                throw new ExceptionInInitializerError("needle too short for its anchor: " + w);
            }
            if (CASELESS[n] && !w.equals(w.toLowerCase(Locale.ROOT))) {
                throw new ExceptionInInitializerError("a case-blind needle must be written in lower case: " + w);
            }
        }
    }

    /** {@code n} bytes from {@code b[at]}, the first the lowest (little-endian). */
    private static int group(byte[] b, int at, int n) {
        int v = 0;
        for (int k = n - 1; k >= 0; k--) {
            v = v << 8 | b[at + k] & 0xff;
        }
        return v;
    }

    private static void add(int group, int needle) {
        int key = group | FOLD;
        int i = slot(key);
        while (KEYS[i] != 0 && KEYS[i] != key) {
            i = (i + 1) & (KEYS.length - 1);
        }
        KEYS[i] = key;
        MASKS[i] |= 1L << needle;
    }

    private static int slot(int key) {
        return (key * 0x9E3779B9) >>> (32 - BITS);
    }

    /** The needles of a folded group. */
    private static long lookup(int key) {
        int i = slot(key);
        int k;
        while ((k = KEYS[i]) != 0) {
            if (k == key) {
                return MASKS[i];
            }
            i = (i + 1) & (KEYS.length - 1);
        }
        return 0;
    }

    /**
     * The needles whose anchor groups occur in {@code b[s, e)}, one bit each: the 4-byte group at
     * every fourth byte from {@code s} is looked up, ASCII case folded (two per 8-byte read). A needle
     * at q has one of its four anchor groups on that grid. Zero means no needle is in the line.
     * Groups that run past e only add candidates.
     */
    static long candidates(byte[] b, int s, int e) {
        long found = 0;
        int[] keys = KEYS;
        int p = s;
        for (int last = Math.min(e - 4, b.length - 8); p <= last; p += 8) {
            long v = (long) LONGS.get(b, p);
            // the probes written out: a call per group costs C1 as much as the probe
            int key = (int) v | FOLD;
            int k = keys[slot(key)];
            if (k != 0) {
                found |= k == key ? MASKS[slot(key)] : lookup(key);
            }
            key = (int) (v >>> 32) | FOLD;
            k = keys[slot(key)];
            if (k != 0) {
                found |= k == key ? MASKS[slot(key)] : lookup(key);
            }
        }
        for (; p <= e - 4; p += 4) {
            found |= lookup(group(b, p, 4) | FOLD);
        }
        return found;
    }

    /** The needles {@code b[s, e)} holds, one bit each: zero when the line cannot matter beyond its prefixes. */
    static long needles(byte[] b, int s, int e) {
        long c = candidates(b, s, e);
        return c == 0 ? 0 : confirm(b, s, e, c);
    }

    /** Those of the {@code candidates} that {@code b[s, e)} holds. */
    static long confirm(byte[] b, int s, int e, long candidates) {
        long c = candidates;
        long found = 0;
        for (int n = 0; c != 0; n++, c >>>= 1) {
            if ((c & 1) != 0 && indexOf(b, s, e, WORDS[n], CASELESS[n]) >= 0) {
                found |= 1L << n;
            }
        }
        return found;
    }

    static int indexOf(byte[] b, int s, int e, byte[] word, boolean caseless) {
        int last = e - word.length;
        byte first = word[0];
        for (int p = s; p <= last; p++) {
            if (caseless ? lower(b[p]) != first : b[p] != first) {
                continue;
            }
            int j = 1;
            while (j < word.length && (caseless ? lower(b[p + j]) : b[p + j]) == word[j]) {
                j++;
            }
            if (j == word.length) {
                return p;
            }
        }
        return -1;
    }

    private static byte lower(byte c) {
        return c >= 'A' && c <= 'Z' ? (byte) (c + 32) : c;
    }

    /**
     * {@link LogLine#clean} on bytes, into {@code out}: its length, or -1 where the two could differ
     * (an escape sequence that ends in a non-ASCII character, whose byte length is not one). ASCII
     * bytes decode to themselves and every other byte to a non-ASCII character, so the cleaned bytes
     * hold an ASCII word exactly when the cleaned String does.
     */
    static int clean(byte[] b, int s, int e, byte[] out) {
        int n = 0;
        int i = s;
        while (i < e) {
            byte c = b[i];
            if (c >= 0x20 && c != 0x7f || c < 0 || c == '\t') {
                out[n++] = c;
                i++;
            } else if (c == 0x1b) {
                i = skipEscape(b, i, e);
                if (i < 0) {
                    return -1;
                }
            } else {
                i++;
            }
        }
        return n;
    }

    /** {@link LogLine}'s skipEscape() on bytes; -1 where the sequence's last character is not ASCII. */
    private static int skipEscape(byte[] b, int i, int e) {
        if (i + 1 >= e) {
            return e;
        }
        byte k = b[i + 1];
        if (k < 0) {
            return -1;
        }
        if (k == '[') {
            int j = i + 2;
            while (j < e && b[j] >= 0x20 && b[j] <= 0x3f) {
                j++;
            }
            return j < e && b[j] < 0 ? -1 : Math.min(e, j + 1);
        }
        if (k == ']') {
            for (int j = i + 2; j < e; j++) {
                if (b[j] == 0x07) {
                    return j + 1;
                }
                if (b[j] == 0x1b && j + 1 < e && b[j + 1] == '\\') {
                    return j + 2;
                }
            }
            return e;
        }
        if ((k == '(' || k == ')') && i + 2 < e) {
            return b[i + 2] < 0 ? -1 : i + 3;
        }
        return i + 2;
    }

    /** What {@link LogLine#of} tells of a line: where its message starts, and the rest. */
    static final class Head {
        int message;
        long micros;
        boolean kernel;
        boolean journal;
        boolean blank;
    }

    /**
     * {@link LogLine#of} on a cleaned line's bytes, into {@code h}; false where only the String can
     * tell (non-ASCII in a journal prefix, where characters and bytes do not count alike, or a
     * message of nothing but blanks and non-ASCII, which may be Unicode white space).
     */
    static boolean head(byte[] b, int s, int e, Head h) {
        int p = s;
        h.kernel = true;
        h.journal = false;
        // a journal line starts with a capital (short format) or a digit (short-iso): no call for the rest
        byte c0 = s < e ? b[s] : 0;
        int j = c0 >= 'A' && c0 <= 'Z' || c0 >= '0' && c0 <= '9' ? journal(b, s, e, h) : -1;
        if (j == -2) {
            return false;
        }
        // LogLine.maybeJournal()'s "longer than 20": the match is ASCII and at least 20 long, so a
        // longer line has more than 20 characters exactly when it has more than 20 bytes
        if (j >= 0 && e - s > 20) {
            h.journal = true;
            p = j;
        } else {
            h.kernel = true; // journal() set it from an ident the length test then refused
        }
        if (p < e && b[p] == '<') { // PRIORITY: <\d{1,3}>
            int d = digits(b, p + 1, e, 4);
            if (d >= 1 && d <= 3 && p + 1 + d < e && b[p + 1 + d] == '>') {
                p += d + 2;
            }
        }
        h.micros = -1;
        if (p + 14 <= e && b[p] == '[' && b[p + 6] == '.' && b[p + 13] == ']' && kernelStamp(b, p, h)) {
            p += 14;
            if (p < e && (b[p] == ' ' || b[p] == '\t')) {
                p++;
            }
        } else if (p < e && b[p] == '[') { // STAMP: \[\s*(\d{1,9})\.(\d{1,9})\]\s?, read in one pass
            int q = p + 1;
            while (q < e && (b[q] == ' ' || b[q] == '\t')) {
                q++;
            }
            int from = q;
            long whole = 0;
            int c;
            while (q < e && (c = b[q] - '0') >= 0 && c <= 9 && q - from < 10) {
                whole = whole * 10 + c;
                q++;
            }
            int d1 = q - from;
            if (d1 >= 1 && d1 <= 9 && q < e && b[q] == '.') {
                from = ++q;
                long frac = 0;
                while (q < e && (c = b[q] - '0') >= 0 && c <= 9 && q - from < 10) {
                    if (q - from < 6) {
                        frac = frac * 10 + c; // the first six digits, as LogLine's fraction() takes them
                    }
                    q++;
                }
                int d2 = q - from;
                if (d2 >= 1 && d2 <= 9 && q < e && b[q] == ']') {
                    for (int k = d2; k < 6; k++) {
                        frac *= 10;
                    }
                    h.micros = whole * 1_000_000L + frac;
                    p = q + 1;
                    if (p < e && (b[p] == ' ' || b[p] == '\t')) {
                        p++;
                    }
                }
            }
        }
        if (h.micros >= 0 && !h.journal && monotonicKernel(b, p, e)) {
            return false; // journalctl -o short-monotonic's "host kernel: " after the stamp: LogLine takes it off
        }
        h.message = p;
        // String.isBlank() of the message: after cleaning, ASCII white space is blank and tab only
        h.blank = true;
        for (int q = p; q < e; q++) {
            byte c = b[q];
            if (c == ' ' || c == '\t') {
                continue;
            }
            if (c < 0) {
                return false;
            }
            h.blank = false;
            break;
        }
        return true;
    }

    /**
     * printk's own "[%5lu.%06lu]" at p (the caller has seen the brackets and the dot): blanks, then
     * digits to p+5, then six digits; into h.micros. False for any other shape, which the general
     * reading then takes.
     */
    private static boolean kernelStamp(byte[] b, int p, Head h) {
        int q = p + 1;
        while (q < p + 5 && (b[q] == ' ' || b[q] == '\t')) {
            q++;
        }
        long whole = 0;
        for (; q <= p + 5; q++) {
            int c = b[q] - '0';
            if (c < 0 || c > 9) {
                return false;
            }
            whole = whole * 10 + c;
        }
        long frac = 0;
        for (q = p + 7; q <= p + 12; q++) {
            int c = b[q] - '0';
            if (c < 0 || c > 9) {
                return false;
            }
            frac = frac * 10 + c;
        }
        h.micros = whole * 1_000_000L + frac;
        return true;
    }

    /**
     * The end of LogLine's JOURNAL match at s (with {@code h.kernel} set from its ident), -1 for none,
     * -2 when the match holds a non-ASCII byte.
     */
    /** "\S+ kernel:" at p: a host name, then the kernel's ident, as short-monotonic puts them after the stamp. */
    private static boolean monotonicKernel(byte[] b, int p, int e) {
        int q = p;
        while (q < e && b[q] != ' ' && b[q] != '\t') {
            q++;
        }
        if (q == p || q + 8 > e || b[q] != ' ') {
            return false;
        }
        return b[q + 1] == 'k' && b[q + 2] == 'e' && b[q + 3] == 'r' && b[q + 4] == 'n' && b[q + 5] == 'e' && b[q + 6] == 'l'
                && b[q + 7] == ':';
    }

    private static int journal(byte[] b, int s, int e, Head h) {
        if (e - s < 20) {
            return -1;
        }
        int p;
        boolean ascii = true;
        byte c0 = b[s];
        if (c0 >= 'A' && c0 <= 'Z') { // [A-Z][a-z]{2} [ 0-9]\d \d\d:\d\d:\d\d
            if (isLower(b[s + 1]) && isLower(b[s + 2]) && b[s + 3] == ' ' && digits(b, s + 4, e, 4) == 4 && b[s + 8] == '-') {
                return -2; // short-full ("Mon 2026-12-07 05:31:48 UTC"): LogLine reads it
            }
            if (!(isLower(b[s + 1]) && isLower(b[s + 2]) && b[s + 3] == ' ' && (b[s + 4] == ' ' || isDigit(b[s + 4]))
                    && isDigit(b[s + 5]) && b[s + 6] == ' ' && time(b, s + 7))) {
                return -1;
            }
            p = s + 15;
            if (b[p] == '.') {
                return -2; // short-precise's microseconds: LogLine reads it
            }
        } else if (isDigit(c0)) { // \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\S*
            if (!(digits(b, s, e, 4) == 4 && b[s + 4] == '-' && isDigit(b[s + 5]) && isDigit(b[s + 6]) && b[s + 7] == '-'
                    && isDigit(b[s + 8]) && isDigit(b[s + 9]) && b[s + 10] == 'T' && time(b, s + 11))) {
                return -1;
            }
            p = s + 19;
            while (p < e && b[p] != ' ' && b[p] != '\t') {
                ascii &= b[p] >= 0;
                p++;
            }
        } else {
            return -1;
        }
        // " \S+ " then the ident ([^\s:\[]+), an optional [pid], ":" and an optional space
        if (p >= e || b[p] != ' ') {
            return -1;
        }
        int host = ++p;
        while (p < e && b[p] != ' ' && b[p] != '\t') {
            ascii &= b[p] >= 0;
            p++;
        }
        if (p == host || p >= e || b[p] != ' ') {
            return -1;
        }
        int ident = ++p;
        while (p < e && b[p] != ' ' && b[p] != '\t' && b[p] != ':' && b[p] != '[') {
            ascii &= b[p] >= 0;
            p++;
        }
        int identEnd = p;
        if (p == ident) {
            return -1;
        }
        if (p < e && b[p] == '[') {
            int d = digits(b, p + 1, e, Integer.MAX_VALUE);
            if (d == 0 || p + 1 + d >= e || b[p + 1 + d] != ']') {
                return -1;
            }
            p += d + 2;
        }
        if (p >= e || b[p] != ':') {
            return -1;
        }
        p++;
        if (p < e && b[p] == ' ') {
            p++;
        }
        if (!ascii) {
            return -2;
        }
        h.kernel = identEnd - ident == 6 && b[ident] == 'k' && b[ident + 1] == 'e' && b[ident + 2] == 'r' && b[ident + 3] == 'n'
                && b[ident + 4] == 'e' && b[ident + 5] == 'l';
        return p;
    }

    /** \d\d:\d\d:\d\d at i (the caller has checked that the bytes are there). */
    private static boolean time(byte[] b, int i) {
        return isDigit(b[i]) && isDigit(b[i + 1]) && b[i + 2] == ':' && isDigit(b[i + 3]) && isDigit(b[i + 4]) && b[i + 5] == ':'
                && isDigit(b[i + 6]) && isDigit(b[i + 7]);
    }

    /** The number of ASCII digits at i, counting up to max. */
    private static int digits(byte[] b, int i, int e, int max) {
        int n = 0;
        while (i + n < e && n < max && isDigit(b[i + n])) {
            n++;
        }
        return n;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLower(byte c) {
        return c >= 'a' && c <= 'z';
    }
}
