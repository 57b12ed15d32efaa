package org.kexecinspect.format.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.kexecinspect.format.FormatException;

/**
 * A lexer for the part of the POSIX shell language that configuration files sourced by sh use:
 * words, the three quoting mechanisms, comments, line continuations, and command separators.
 * It never expands anything: a parameter expansion, command substitution or arithmetic is kept
 * as written and marks its word {@link Word#dynamic()}. Rules restated from POSIX.1-2017 XCU
 * 2.2 (Quoting), 2.3 (Token Recognition) and 2.6 (Word Expansions).
 */
final class ShellWords {
    private ShellWords() {}

    /**
     * A word or an operator. {@code raw} is the source text (with its quotes), {@code value} the
     * text after quote removal, expansions left as written. {@code quoted} tells whether any part
     * was quoted or escaped (so {@code ''} is an empty word, not no word).
     */
    record Word(String raw, String value, boolean dynamic, boolean quoted, boolean operator, int offset) {}

    /** One simple command's words, the line it starts on, and whether it uses shell syntax beyond a simple command. */
    record Command(int line, int offset, List<Word> words, boolean complex) {}

    /** Words that make a command something other than a plain list of words (XCU 2.4 Reserved Words). */
    private static final Set<String> RESERVED = Set.of("if", "then", "else", "elif", "fi", "do", "done", "case",
            "esac", "while", "until", "for", "in", "{", "}", "!", "function", "[[", "]]");
    private static final String OPERATOR_CHARS = "&|<>()";

    /**
     * Splits {@code text} into commands. Refuses an unterminated quote, command substitution or
     * parameter expansion, a here-document (its body would be misread as commands), a word longer
     * than {@code maxWordLength} and more than {@code maxCommands} commands.
     */
    static List<Command> commands(String text, String source, int maxWordLength, int maxCommands) throws FormatException {
        return new Lexer(text, source, maxWordLength, maxCommands).run();
    }

    /** The words of a single command line, as the shell would split them; operators are refused. */
    static List<Word> words(String text, String source, int maxWordLength, int maxWords) throws FormatException {
        List<Word> all = new ArrayList<>();
        for (Command c : commands(text, source, maxWordLength, maxWords)) {
            for (Word w : c.words()) {
                if (w.operator()) {
                    throw new FormatException(source, w.offset(), "shell operator '" + w.raw()
                            + "' in what should be a plain list of words");
                }
                if (all.size() == maxWords) {
                    throw new FormatException(source, w.offset(), "more than " + maxWords + " words");
                }
                all.add(w);
            }
        }
        return all;
    }

    private static final class Lexer {
        private final String text;
        private final String source;
        private final int maxWordLength;
        private final int maxCommands;
        private final List<Command> commands = new ArrayList<>();

        private int i;
        private int line = 1;
        // the word being built
        private StringBuilder value;
        private int wordStart = -1;
        private int wordLine;
        private boolean dynamic;
        private boolean quoted;
        // the command being built
        private List<Word> words = new ArrayList<>();
        private int commandLine = 1;
        private int commandOffset;
        private boolean complex;

        Lexer(String text, String source, int maxWordLength, int maxCommands) {
            this.text = text;
            this.source = source;
            this.maxWordLength = maxWordLength;
            this.maxCommands = maxCommands;
        }

        List<Command> run() throws FormatException {
            int n = text.length();
            while (i < n) {
                char c = text.charAt(i);
                if (wordStart < 0 && (c == ' ' || c == '\t')) {
                    i++;
                } else if (c == ' ' || c == '\t') {
                    endWord();
                    i++;
                } else if (c == '\n') {
                    endWord();
                    endCommand();
                    line++;
                    i++;
                } else if (c == '#' && wordStart < 0) {
                    // a comment runs to the end of the line, the newline itself still ends the command
                    int nl = text.indexOf('\n', i);
                    i = nl < 0 ? n : nl;
                } else if (c == ';') {
                    endWord();
                    if (i + 1 < n && text.charAt(i + 1) == ';') {
                        complex = true;   // ";;" only exists inside case
                        i++;
                    }
                    endCommand();
                    i++;
                } else if (OPERATOR_CHARS.indexOf(c) >= 0) {
                    endWord();
                    operator();
                } else {
                    startWord();
                    if (c == '\\') {
                        backslash();
                    } else if (c == '\'') {
                        singleQuoted();
                    } else if (c == '"') {
                        doubleQuoted();
                    } else if (c == '$' || c == '`') {
                        expansion();
                    } else {
                        if (c == '~' && value.length() == 0 && !quoted) {
                            dynamic = true;   // tilde expansion at the start of an unquoted word
                        }
                        append(c);
                        i++;
                    }
                }
            }
            endWord();
            endCommand();
            return commands;
        }

        private void startWord() {
            if (wordStart < 0) {
                wordStart = i;
                wordLine = line;
                value = new StringBuilder();
                dynamic = false;
                quoted = false;
            }
        }

        private void append(char c) throws FormatException {
            if (value.length() == maxWordLength) {
                throw new FormatException(source, wordStart, "line " + line + ": a word longer than "
                        + maxWordLength + " characters");
            }
            value.append(c);
        }

        private void append(String s) throws FormatException {
            for (int k = 0; k < s.length(); k++) {
                append(s.charAt(k));
            }
        }

        private void endWord() {
            if (wordStart >= 0) {
                if (words.isEmpty()) {
                    commandLine = wordLine;
                    commandOffset = wordStart;
                }
                words.add(new Word(text.substring(wordStart, i), value.toString(), dynamic, quoted, false, wordStart));
                wordStart = -1;
            }
        }

        private void endCommand() throws FormatException {
            if (!words.isEmpty()) {
                if (commands.size() == maxCommands) {
                    throw new FormatException(source, commandOffset, "line " + commandLine + ": more than "
                            + maxCommands + " commands");
                }
                Word first = words.get(0);
                boolean reserved = !first.quoted() && !first.operator() && RESERVED.contains(first.value());
                commands.add(new Command(commandLine, commandOffset, List.copyOf(words), complex || reserved));
            }
            words = new ArrayList<>();
            complex = false;
        }

        private void operator() throws FormatException {
            int start = i;
            char c = text.charAt(i);
            i++;
            if (i < text.length() && (c == '&' || c == '|' || c == '<' || c == '>') && text.charAt(i) == c) {
                i++;
            }
            String op = text.substring(start, i);
            if (op.equals("<<")) {
                throw new FormatException(source, start, "line " + line + ": here-document: not supported in a configuration file");
            }
            if (words.isEmpty()) {
                commandLine = line;
                commandOffset = start;
            }
            words.add(new Word(op, op, false, false, true, start));
            complex = true;
        }

        private void backslash() throws FormatException {
            quoted = true;
            if (i + 1 >= text.length()) {
                append('\\');   // a backslash at the very end stays itself
                i++;
            } else if (text.charAt(i + 1) == '\n') {
                i += 2;          // line continuation: both characters vanish
                line++;
                if (value.length() == 0 && text.substring(wordStart, i).equals("\\\n")) {
                    wordStart = -1;   // a continuation between words starts no word
                    quoted = false;
                }
            } else {
                append(text.charAt(i + 1));
                i += 2;
            }
        }

        private void singleQuoted() throws FormatException {
            quoted = true;
            int end = text.indexOf('\'', i + 1);
            if (end < 0) {
                throw new FormatException(source, i, "line " + line + ": unterminated single quote");
            }
            String inside = text.substring(i + 1, end);
            append(inside);
            line += count(inside, '\n');
            i = end + 1;
        }

        private void doubleQuoted() throws FormatException {
            quoted = true;
            int open = i;
            int openLine = line;
            i++;
            while (true) {
                if (i >= text.length()) {
                    throw new FormatException(source, open, "line " + openLine + ": unterminated double quote");
                }
                char c = text.charAt(i);
                if (c == '"') {
                    i++;
                    return;
                }
                if (c == '\\' && i + 1 < text.length()) {
                    char next = text.charAt(i + 1);
                    if (next == '\n') {
                        line++;
                    } else if (next == '$' || next == '`' || next == '"' || next == '\\') {
                        append(next);
                    } else {
                        append('\\');
                        append(next);
                    }
                    i += 2;
                } else if (c == '$' || c == '`') {
                    expansion();
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    append(c);
                    i++;
                }
            }
        }

        /** At '$' or '`': copies the expansion as written into the word and marks it dynamic; a lone '$' is literal. */
        private void expansion() throws FormatException {
            int start = i;
            int startLine = line;
            char c = text.charAt(i);
            if (c == '`') {
                int k = i + 1;
                while (k < text.length() && text.charAt(k) != '`') {
                    k += text.charAt(k) == '\\' ? 2 : 1;
                }
                if (k >= text.length()) {
                    throw new FormatException(source, start, "line " + startLine + ": unterminated backquote");
                }
                i = k + 1;
            } else if (i + 1 < text.length() && text.charAt(i + 1) == '(') {
                i = balanced(i + 1, '(', ')', "command substitution");
            } else if (i + 1 < text.length() && text.charAt(i + 1) == '{') {
                i = balanced(i + 1, '{', '}', "parameter expansion");
            } else if (i + 1 < text.length() && isNameStart(text.charAt(i + 1))) {
                int k = i + 1;
                while (k < text.length() && isNameChar(text.charAt(k))) {
                    k++;
                }
                i = k;
            } else if (i + 1 < text.length() && "@*#?$!-0123456789".indexOf(text.charAt(i + 1)) >= 0) {
                i += 2;
            } else {
                append('$');   // not an expansion: '$' before a blank, a quote or the end
                i++;
                return;
            }
            String expr = text.substring(start, i);
            line += count(expr, '\n');
            append(expr);
            dynamic = true;
        }

        /** The index after the bracket that closes the one at {@code open}, skipping quoted text. */
        private int balanced(int open, char up, char down, String what) throws FormatException {
            int depth = 0;
            int k = open;
            while (k < text.length()) {
                char c = text.charAt(k);
                if (c == '\\') {
                    k += 2;
                    continue;
                }
                if (c == '\'' || c == '"') {
                    int end = k + 1;
                    while (end < text.length() && text.charAt(end) != c) {
                        end += c == '"' && text.charAt(end) == '\\' ? 2 : 1;
                    }
                    if (end >= text.length()) {
                        break;
                    }
                    k = end + 1;
                    continue;
                }
                if (c == up) {
                    depth++;
                } else if (c == down) {
                    depth--;
                    if (depth == 0) {
                        return k + 1;
                    }
                }
                k++;
            }
            throw new FormatException(source, open - 1, "line " + line + ": unterminated " + what);
        }

        private static int count(String s, char c) {
            int n = 0;
            for (int k = 0; k < s.length(); k++) {
                if (s.charAt(k) == c) {
                    n++;
                }
            }
            return n;
        }
    }

    static boolean isNameStart(char c) {
        return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    static boolean isNameChar(char c) {
        return isNameStart(c) || (c >= '0' && c <= '9');
    }

    /** A name as XCU 3.235 defines it: letters, digits and underscores, not starting with a digit. */
    static boolean isName(String s) {
        if (s.isEmpty() || !isNameStart(s.charAt(0))) {
            return false;
        }
        for (int k = 1; k < s.length(); k++) {
            if (!isNameChar(s.charAt(k))) {
                return false;
            }
        }
        return true;
    }
}
