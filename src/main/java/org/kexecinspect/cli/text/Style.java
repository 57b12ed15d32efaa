package org.kexecinspect.cli.text;

import org.kexecinspect.model.Finding.Severity;
import org.kexecinspect.model.Verdict;

/**
 * Colour for the text report: ANSI SGR sequences (ECMA-48 "Select Graphic Rendition") around a piece
 * of text when on, the text unchanged when off. Colour only repeats what the words say (a severity, the
 * overlap), so nothing is lost without it.
 */
public final class Style {
    public static final Style OFF = new Style(false);
    public static final Style ON = new Style(true);

    private static final String RESET = "\033[0m";

    private final boolean on;

    private Style(boolean on) {
        this.on = on;
    }

    public static Style of(boolean on) {
        return on ? ON : OFF;
    }

    public boolean on() {
        return on;
    }

    private String sgr(String codes, String text) {
        return on && !text.isEmpty() ? "\033[" + codes + "m" + text + RESET : text;
    }

    public String bold(String t) { return sgr("1", t); }

    public String dim(String t) { return sgr("2", t); }

    public String red(String t) { return sgr("1;31", t); }

    public String yellow(String t) { return sgr("33", t); }

    public String green(String t) { return sgr("32", t); }

    public String cyan(String t) { return sgr("36", t); }

    public String magenta(String t) { return sgr("35", t); }

    /** A verdict's colour: will-fail red, at-risk yellow, ok green, unknown magenta; bold. */
    public String verdict(Verdict v, String t) {
        return switch (v) {
            case WILL_FAIL -> sgr("1;31", t);
            case AT_RISK -> sgr("1;33", t);
            case OK -> sgr("1;32", t);
            case UNKNOWN -> sgr("1;35", t);
        };
    }

    /** A severity's colour: error red, warning yellow, info as it is. */
    public String severity(Severity s, String t) {
        return switch (s) {
            case ERROR -> red(t);
            case WARNING -> yellow(t);
            case INFO -> t;
        };
    }

    /** The text without SGR sequences: what a terminal shows of it. */
    public static String plain(String t) {
        return t.replaceAll("\033\\[[0-9;]*m", "");
    }
}
