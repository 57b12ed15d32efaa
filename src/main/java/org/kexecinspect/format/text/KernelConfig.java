package org.kexecinspect.format.text;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import org.kexecinspect.format.FormatException;

/**
 * A kernel {@code .config} (as in /boot/config-&lt;release&gt; or IKCONFIG's text): every option the
 * file sets, with its value as kbuild wrote it. Syntax after the kernel's reader of these files
 * (scripts/kconfig/confdata.c, conf_read_simple() and conf_set_sym_val()): {@code CONFIG_X=value}
 * lines, {@code # CONFIG_X is not set} for an option that is n, other {@code #} lines are comments.
 * kconfig only warns about lines it does not understand; this parser refuses them, because a file
 * that is not what kbuild writes is more likely something else than a config.
 *
 * @param source the artifact's name, used in errors
 * @param options keys are full names ({@code CONFIG_X}), in the order of their first assignment;
 *     values are {@code y}, {@code m}, {@code n} (from "is not set"), a number exactly as written
 *     ({@code 100}, {@code -1}, {@code 0x1000}) or a string's text without its quotes and escapes
 */
public record KernelConfig(String source, Map<String, String> options) {

    /** Largest input read; real configs are about 300 KiB. */
    public static final long MAX_INPUT_SIZE = 8L << 20;
    /** Longest line, without its line end; real lines are under 200 characters. */
    public static final int MAX_LINE_LENGTH = 64 << 10;
    /** Most distinct options; a 6.x allmodconfig has about 15 000 symbols. */
    public static final int MAX_OPTIONS = 100_000;
    /** The prefix kbuild puts before every symbol name (confdata.c's CONFIG_ macro default). */
    public static final String PREFIX = "CONFIG_";

    /** Unquoted values kconfig writes: tristate/bool, int (sym_string_valid allows a '-'), hex with or without 0x. */
    private static final Pattern UNQUOTED = Pattern.compile("[ymn]|-?[0-9]+|(0[xX])?[0-9A-Fa-f]+");
    private static final int CHUNK = 8192;

    public KernelConfig {
        Objects.requireNonNull(source);
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /**
     * Reads a config to its end (not closing {@code in}). Bytes are decoded as ISO-8859-1, so any
     * byte maps to one character and nothing is lost or rejected by decoding; real configs are ASCII.
     *
     * @throws FormatException naming {@code source}, with the byte offset of the offending line (of
     *     the byte, for a NUL) and its line number, when the input breaks the syntax or a cap above,
     *     or cannot be read
     */
    public static KernelConfig parse(String source, InputStream in) throws FormatException {
        Map<String, String> options = new LinkedHashMap<>();
        byte[] chunk = new byte[CHUNK];
        byte[] line = new byte[MAX_LINE_LENGTH];   // fixed: no allocation grows with the input
        int length = 0;
        long pos = 0;
        long lineStart = 0;
        int lineNo = 1;
        while (true) {
            // never ask for more than one byte past the cap, so an endless stream is not drained
            int n;
            try {
                n = in.read(chunk, 0, (int) Math.min(CHUNK, MAX_INPUT_SIZE + 1 - pos));
            } catch (IOException e) {
                throw new FormatException(source, pos, "cannot read: " + e.getMessage(), e);
            }
            if (n < 0) {
                break;
            }
            // bytes past the cap are not looked at: the error below names the line they would extend
            int usable = (int) Math.min(n, MAX_INPUT_SIZE - pos);
            int i = 0;
            while (i < usable) {
                // a tight loop to the line's end: it is JIT-compiled within the first file, a byte-at-a-time
                // loop with every check in it is not (milliseconds at start-up on a 260 KB config)
                int start = i;
                while (i < usable && chunk[i] != '\n' && chunk[i] != 0) {
                    i++;
                }
                int segment = i - start;
                if (length + segment > MAX_LINE_LENGTH) {
                    throw new FormatException(source, lineStart, "line " + lineNo + ": longer than "
                            + MAX_LINE_LENGTH + " bytes, not a kernel config");
                }
                System.arraycopy(chunk, start, line, length, segment);
                length += segment;
                pos += segment;
                if (i == usable) {
                    break;
                }
                if (chunk[i] == 0) {
                    throw new FormatException(source, pos, "line " + lineNo + ": NUL byte: binary data, not a kernel config");
                }
                parseLine(source, options, new String(line, 0, length, StandardCharsets.ISO_8859_1), lineStart, lineNo);
                length = 0;
                i++;
                pos++;
                lineStart = pos;
                lineNo++;
            }
            if (usable < n) {
                throw new FormatException(source, lineStart, "line " + lineNo + ": input larger than "
                        + MAX_INPUT_SIZE + " bytes (8 MiB), too large for a kernel config");
            }
        }
        if (length > 0) {   // last line without a newline
            parseLine(source, options, new String(line, 0, length, StandardCharsets.ISO_8859_1), lineStart, lineNo);
        }
        return new KernelConfig(source, options);
    }

    /** The value of an option, named with or without {@code CONFIG_}; empty when the file does not mention it. */
    public Optional<String> value(String name) {
        return Optional.ofNullable(options.get(name.startsWith(PREFIX) ? name : PREFIX + name));
    }

    public boolean isBuiltIn(String name) {
        return value(name).filter("y"::equals).isPresent();
    }

    private static void parseLine(String source, Map<String, String> options, String text, long offset, int lineNo)
            throws FormatException {
        if (text.endsWith("\r")) {   // confdata.c strips a CR before the LF too
            text = text.substring(0, text.length() - 1);
        }
        if (blank(text, 0)) {
            return;
        }
        String name;
        String value;
        if (text.startsWith("#")) {
            name = notSetName(text);
            if (name == null) {
                return;   // a comment, e.g. the "# Automatically generated file" header or a menu title
            }
            value = "n";
        } else {
            int eq = text.indexOf('=');
            if (!text.startsWith(PREFIX)) {
                throw malformed(source, offset, lineNo, text, eq > 0 && text.substring(0, eq).matches("[A-Za-z0-9_]+")
                        ? "an assignment without the CONFIG_ prefix" : "neither an option nor a comment");
            }
            if (eq < 0) {
                throw malformed(source, offset, lineNo, text, "an option without '='");
            }
            name = text.substring(0, eq);
            if (!isName(name)) {
                throw malformed(source, offset, lineNo, text, "option name not made of [A-Za-z0-9_]");
            }
            value = value(source, offset, lineNo, text, text.substring(eq + 1));
        }
        if (!options.containsKey(name) && options.size() == MAX_OPTIONS) {
            throw new FormatException(source, offset, "line " + lineNo + ": more than " + MAX_OPTIONS
                    + " options, too many for a kernel config");
        }
        options.put(name, value);   // a repeated option: the last assignment wins, as when kconfig reads it
    }

    private static final String NOT_SET_START = "# " + PREFIX;
    private static final String NOT_SET_END = " is not set";

    /**
     * The name in {@code # CONFIG_X is not set}, trailing blanks and tabs allowed
     * ({@code # (CONFIG_[A-Za-z0-9_]+) is not set[ \t]*} as a pattern),
     * else null. By hand: a Debian config has over 2 000 such lines, and a regex on each costs
     * milliseconds at start-up. A name has no blank, so the first one after it starts the phrase.
     */
    static String notSetName(String text) {
        if (!text.startsWith(NOT_SET_START)) {
            return null;
        }
        int end = text.indexOf(' ', NOT_SET_START.length());
        if (end < 0 || !text.startsWith(NOT_SET_END, end) || !blank(text, end + NOT_SET_END.length())) {
            return null;
        }
        String name = text.substring(2, end);
        return isName(name) ? name : null;
    }

    /** Only blanks and tabs from {@code from} on. */
    private static boolean blank(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != ' ' && c != '\t') {
                return false;
            }
        }
        return true;
    }

    /** {@code CONFIG_} and at least one of [A-Za-z0-9_] ({@code CONFIG_[A-Za-z0-9_]+}), without a regex per line. */
    static boolean isName(String name) {
        if (!name.startsWith(PREFIX) || name.length() == PREFIX.length()) {
            return false;
        }
        for (int i = PREFIX.length(); i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** A value after '='. Strings as in conf_set_sym_val(): a backslash keeps the next character, whatever it is. */
    private static String value(String source, long offset, int lineNo, String text, String raw) throws FormatException {
        if (!raw.startsWith("\"")) {
            String v = raw.stripTrailing();
            if (v.length() == 1 && (v.charAt(0) == 'y' || v.charAt(0) == 'm' || v.charAt(0) == 'n')) {
                return v;   // most values; the pattern below says the same, slower
            }
            if (!UNQUOTED.matcher(v).matches()) {
                throw malformed(source, offset, lineNo, text, "an unquoted value other than y, m, n or a number");
            }
            return v;
        }
        StringBuilder s = new StringBuilder(raw.length());
        for (int i = 1; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '"') {
                if (!raw.substring(i + 1).isBlank()) {
                    throw malformed(source, offset, lineNo, text, "text after the closing quote");
                }
                return s.toString();
            }
            if (c == '\\' && i + 1 < raw.length()) {
                c = raw.charAt(++i);
            }
            s.append(c);
        }
        throw malformed(source, offset, lineNo, text, "unterminated string");
    }

    private static FormatException malformed(String source, long offset, int lineNo, String text, String what) {
        String shown = text.length() > 60 ? text.substring(0, 60) + "..." : text;
        shown = shown.replaceAll("[\\p{Cntrl}\\x7f-\\xff]", "?");
        return new FormatException(source, offset, "line " + lineNo + ": malformed: " + what + ": " + shown);
    }
}
