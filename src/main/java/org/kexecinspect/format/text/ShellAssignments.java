package org.kexecinspect.format.text;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import org.kexecinspect.format.FormatException;
import org.kexecinspect.format.TextInput;

/**
 * The variable assignments of a file that a shell script sources with {@code .}, such as
 * /etc/default/kdump-tools (kdump-config: {@code . $KDUMP_DEFAULTS}), /etc/sysconfig/kdump
 * (kdumpctl: {@code . /etc/sysconfig/kdump}) or /etc/os-release (os-release(5): "shell-compatible
 * variable assignments").
 *
 * <p>Nothing is executed or expanded. A command that consists only of assignments (or is
 * {@code export} with assignments or names) sets variables, the last assignment winning as when
 * the shell runs the file top to bottom. A value containing a parameter expansion, command
 * substitution or tilde is kept as written and marked not statically known. Any other command
 * (a conditional, a function, a command with assignment prefixes, which in sh do not outlive the
 * command) is recorded in {@link #unevaluated()} and changes no variable, so a caller can say
 * that the file holds logic this parser did not follow.
 *
 * @param variables by name, in the order of first assignment; never null
 * @param unevaluated the commands that were not plain assignments, in file order
 */
public record ShellAssignments(String source, Map<String, Assignment> variables, List<Statement> unevaluated) {

    /** Largest input; real files of this kind are a few KiB. */
    public static final int MAX_INPUT_CHARS = 1 << 20;
    /** Longest single word (a value after quote removal). */
    public static final int MAX_WORD_LENGTH = 64 << 10;
    /** Most commands (statements) in one file. */
    public static final int MAX_COMMANDS = 20_000;
    /** Most distinct variables. */
    public static final int MAX_VARIABLES = 10_000;

    /**
     * One variable's final state.
     *
     * @param value after quote removal; expansions kept as written
     * @param raw the assignment's value as written in the file (with its quotes)
     * @param staticallyKnown false when the value holds an expansion the shell would perform
     * @param exported set by {@code export} at any point
     * @param line the line of the assignment that won
     */
    public record Assignment(String name, String value, String raw, boolean staticallyKnown, boolean exported, int line) {}

    /** A command that was not evaluated: its first line and its words as written. */
    public record Statement(int line, String text) {}

    public ShellAssignments {
        Objects.requireNonNull(source);
        variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
        unevaluated = List.copyOf(unevaluated);
    }

    /**
     * Parses a file's text.
     *
     * @throws FormatException for text a shell would reject (an unterminated quote or command
     *     substitution), a here-document, a NUL byte, or a cap above
     */
    public static ShellAssignments parse(String text, String source) throws FormatException {
        TextInput.check(text, source, MAX_INPUT_CHARS, "a shell configuration file");
        Map<String, Assignment> vars = new LinkedHashMap<>();
        List<Statement> unevaluated = new ArrayList<>();
        for (ShellWords.Command c : ShellWords.commands(text, source, MAX_WORD_LENGTH, MAX_COMMANDS)) {
            List<ShellWords.Word> words = c.words();
            if (!c.complex() && words.stream().allMatch(ShellAssignments::isAssignment)) {
                for (ShellWords.Word w : words) {
                    put(vars, source, c, w, false);
                }
            } else if (!c.complex() && isExport(words.get(0)) && words.stream().skip(1)
                    .allMatch(w -> isAssignment(w) || (!w.quoted() && !w.dynamic() && ShellWords.isName(w.value())))) {
                for (ShellWords.Word w : words.subList(1, words.size())) {
                    if (isAssignment(w)) {
                        put(vars, source, c, w, true);
                    } else {
                        Assignment old = vars.get(w.value());
                        if (old != null) {   // "export NAME" of an unset name sets nothing
                            vars.put(old.name(), new Assignment(old.name(), old.value(), old.raw(),
                                    old.staticallyKnown(), true, old.line()));
                        }
                    }
                }
            } else {
                unevaluated.add(new Statement(c.line(), words.stream().map(ShellWords.Word::raw)
                        .collect(Collectors.joining(" "))));
            }
        }
        return new ShellAssignments(source, vars, unevaluated);
    }

    /** The variable's final assignment, if the file assigns it. */
    public Optional<Assignment> get(String name) {
        return Optional.ofNullable(variables.get(name));
    }

    /** The variable's value (expansions as written), if the file assigns it. */
    public Optional<String> value(String name) {
        return get(name).map(Assignment::value);
    }

    /** XCU 2.9.1: a word is an assignment when the part before its first '=' is an unquoted name. */
    private static boolean isAssignment(ShellWords.Word w) {
        if (w.operator()) {
            return false;
        }
        int eq = w.raw().indexOf('=');
        return eq > 0 && ShellWords.isName(w.raw().substring(0, eq));
    }

    private static boolean isExport(ShellWords.Word w) {
        return !w.operator() && !w.quoted() && w.value().equals("export");
    }

    private static void put(Map<String, Assignment> vars, String source, ShellWords.Command c, ShellWords.Word w,
            boolean export) throws FormatException {
        int eq = w.raw().indexOf('=');
        String name = w.raw().substring(0, eq);
        // the name is unquoted plain text, so the value is everything after "NAME=" in the decoded word
        String value = w.value().substring(eq + 1);
        Assignment old = vars.get(name);
        if (old == null && vars.size() == MAX_VARIABLES) {
            throw new FormatException(source, w.offset(), "line " + c.line() + ": more than " + MAX_VARIABLES + " variables");
        }
        boolean exported = export || (old != null && old.exported());
        String raw = w.raw().substring(eq + 1);
        boolean tilde = raw.startsWith("~");   // XCU 2.6.1: a tilde right after '=' in an assignment expands too
        vars.put(name, new Assignment(name, value, raw, !w.dynamic() && !tilde, exported, c.line()));
    }
}
