package org.kexecinspect.cli;

import java.io.Console;
import java.lang.reflect.Method;
import java.util.Map;

import picocli.CommandLine.Option;

/**
 * --color auto|always|never, shared by diagnose and predict. auto colours only a terminal, and never
 * when NO_COLOR is set to anything but the empty string (https://no-color.org/).
 */
public final class ColorOption {

    /** When to colour. */
    public enum When { auto, always, never }

    @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
            description = "Colour the text report's severities and the MMIO map's overlap: ${COMPLETION-CANDIDATES} "
                    + "(default: ${DEFAULT-VALUE}: only when standard output is a terminal and NO_COLOR is not set).")
    When when = When.auto;

    public When when() { return when; }

    /** Whether to colour this run's text output. */
    public boolean enabled() {
        return resolve(when, System.getenv(), isTerminal());
    }

    /** always: yes; never: no; auto: a terminal, and NO_COLOR unset or empty. */
    static boolean resolve(When when, Map<String, String> env, boolean terminal) {
        return switch (when) {
            case always -> true;
            case never -> false;
            case auto -> terminal && (env.get("NO_COLOR") == null || env.get("NO_COLOR").isEmpty());
        };
    }

    /**
     * Whether standard output is a terminal. Java 17's System.console() exists only when standard input
     * and output both are one; from Java 22 it may exist without one, and Console.isTerminal() tells.
     */
    static boolean isTerminal() {
        Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            Method m = Console.class.getMethod("isTerminal");
            return (Boolean) m.invoke(c);
        } catch (ReflectiveOperationException e) {
            return true;   // before Java 22 a console is a terminal
        }
    }
}
