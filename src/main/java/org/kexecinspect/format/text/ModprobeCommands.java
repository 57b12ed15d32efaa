package org.kexecinspect.format.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.kexecinspect.format.FormatException;
import org.kexecinspect.format.TextInput;

/**
 * The commands of a modprobe.d configuration file (modprobe.d(5)): alias, blacklist, options,
 * install, remove, softdep..., read as kmod reads it
 * (libkmod/libkmod-config.c kmod_config_parse(), kmod master): a line ending in '\' continues on
 * the next; a line whose first character is '#' is a comment; the first blank-separated word is
 * the command. Module names in commands go through underscores(), so '-' and '_' are alike.
 * Lines kmod would reject ("ignoring bad line") are kept in {@link #ignored()}, not thrown.
 *
 * @param entries the commands kmod acts on, in file order
 * @param ignored lines kmod ignores: an unknown command or a command missing its arguments
 */
public record ModprobeCommands(String source, List<Entry> entries, List<Ignored> ignored) {

    public static final int MAX_INPUT_CHARS = 1 << 20;
    public static final int MAX_LINE_LENGTH = 64 << 10;
    public static final int MAX_LINES = 100_000;

    /** The commands of modprobe.d(5). */
    public enum Kind {
        /** alias WILDCARD MODULE: {@code name} is the wildcard, {@code argument} the module. */
        ALIAS,
        /** blacklist MODULE (RHEL's kmod also reads "blocklist"): the module's own aliases are ignored. */
        BLACKLIST,
        /** options MODULE OPTIONS. */
        OPTIONS,
        /** install MODULE COMMAND: modprobe runs COMMAND instead of loading the module. */
        INSTALL,
        /** remove MODULE COMMAND. */
        REMOVE,
        /** softdep MODULE pre: ... post: ... */
        SOFTDEP,
        /** weakdep MODULE MODULES... (kmod 33+). */
        WEAKDEP
    }

    /** One command; {@code name} is normalized ('-' to '_'). */
    public record Entry(Kind kind, String name, String argument, int line) {
        public Entry {
            Objects.requireNonNull(kind);
            Objects.requireNonNull(name);
            Objects.requireNonNull(argument);
        }
    }

    /** A line kmod logs and skips. */
    public record Ignored(int line, String text, String reason) {}

    public ModprobeCommands {
        Objects.requireNonNull(source);
        entries = List.copyOf(entries);
        ignored = List.copyOf(ignored);
    }

    /** @throws FormatException for a NUL byte or a cap above */
    public static ModprobeCommands parse(String text, String source) throws FormatException {
        List<TextInput.Line> lines = TextInput.lines(text, source, MAX_INPUT_CHARS, MAX_LINE_LENGTH, MAX_LINES,
                "a modprobe.d file");
        List<Entry> entries = new ArrayList<>();
        List<Ignored> ignored = new ArrayList<>();
        for (int k = 0; k < lines.size(); k++) {
            TextInput.Line first = lines.get(k);
            StringBuilder logical = new StringBuilder(first.text());
            // getline_wrapped(): a trailing backslash joins the next line, the backslash and newline removed
            while (logical.length() > 0 && logical.charAt(logical.length() - 1) == '\\' && k + 1 < lines.size()) {
                logical.setLength(logical.length() - 1);
                logical.append(lines.get(++k).text());
                if (logical.length() > MAX_LINE_LENGTH) {
                    throw new FormatException(source, first.offset(), "line " + first.number()
                            + ": continued line longer than " + MAX_LINE_LENGTH + " characters");
                }
            }
            String line = logical.toString();
            if (line.isEmpty() || line.charAt(0) == '#') {
                continue;
            }
            String[] w = line.trim().split("[\t ]+", 3);
            if (w[0].isEmpty()) {
                continue;
            }
            String cmd = w[0];
            String a1 = w.length > 1 ? w[1] : null;
            String rest = w.length > 2 ? w[2] : null;
            Kind kind = switch (cmd) {
                case "alias" -> Kind.ALIAS;
                case "blacklist", "blocklist" -> Kind.BLACKLIST;
                case "options" -> Kind.OPTIONS;
                case "install" -> Kind.INSTALL;
                case "remove" -> Kind.REMOVE;
                case "softdep" -> Kind.SOFTDEP;
                case "weakdep" -> Kind.WEAKDEP;
                default -> null;
            };
            if (kind == null) {
                ignored.add(new Ignored(first.number(), line, "unknown command '" + cmd + "'"));
                continue;
            }
            if (a1 == null || (kind != Kind.BLACKLIST && rest == null)) {
                ignored.add(new Ignored(first.number(), line, "'" + cmd + "' without its arguments"));
                continue;
            }
            String argument = rest == null ? "" : rest;
            if (kind == Kind.ALIAS || kind == Kind.BLACKLIST) {
                argument = argument.split("[\t ]+")[0];   // strtok_r takes one more word, the rest is ignored
            }
            if (kind == Kind.ALIAS) {
                argument = ModuleName.normalize(argument);
            }
            entries.add(new Entry(kind, ModuleName.normalize(a1), argument.strip(), first.number()));
        }
        return new ModprobeCommands(source, entries, ignored);
    }

    /** The entries of one kind for one module ('-' and '_' alike), in order. */
    public List<Entry> entries(Kind kind, String module) {
        String n = ModuleName.normalize(module);
        return entries.stream().filter(e -> e.kind() == kind && e.name().equals(n)).toList();
    }

    /**
     * "blacklist MODULE" is present. Per modprobe.d(5) this stops loading through the module's own
     * aliases (udev's hardware matching); an explicit "modprobe MODULE" still loads it.
     */
    public boolean isBlacklisted(String module) {
        return !entries(Kind.BLACKLIST, module).isEmpty();
    }

    /** The first install command for the module: the one kmod uses. */
    public Optional<String> installCommand(String module) {
        return entries(Kind.INSTALL, module).stream().map(Entry::argument).findFirst();
    }
}
