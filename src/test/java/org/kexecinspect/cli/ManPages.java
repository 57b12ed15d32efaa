package org.kexecinspect.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.asciidoctor.Asciidoctor;
import org.asciidoctor.Attributes;
import org.asciidoctor.Options;
import org.asciidoctor.SafeMode;

import picocli.CommandLine.Model.CommandSpec;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * The man pages from the picocli model: picocli-codegen's ManPageGenerator writes AsciiDoc (one page per
 * command), this class adds what that generator leaves out, and Asciidoctor's manpage backend renders
 * each page to troff (NAME.1).
 *
 * <p>Added to the AsciiDoc: the FILES and EXAMPLES sections of each command's {@link HelpSections}
 * (ManPageGenerator renders only its fixed sections, not picocli's custom help sections), before SEE
 * ALSO (the footer); section titles without the help's trailing colon, and a parenthesis in a title
 * ("Exit status (the worst ...):") moved into the section's first paragraph; references to the
 * subcommands' pages as NAME(1), and kexec-inspect(1) in each subcommand's SEE ALSO; a description's
 * indented "  TERM  text" lines as a list (AsciiDoc would print them unwrapped, as literal text); "((" as
 * text, not an index term.
 */
final class ManPages {
    private ManPages() {}

    static final String FOOTER_TAG = "// tag::picocli-generated-man-section-footer[]";

    /** The command tree's specs, as main builds it. */
    static CommandSpec spec() {
        return CommandLineFactory.forArgs(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))
                .getCommandSpec();
    }

    /** File name to content: NAME.adoc and NAME.1 for every command. */
    static Map<String, String> generate(Path dir) throws IOException {
        CommandSpec top = spec();
        int rc = ManPageGenerator.generateManPage(dir.toFile(), null, new boolean[0], true, top);
        if (rc != 0) {
            throw new IllegalStateException("ManPageGenerator failed: " + rc);
        }
        Map<String, String> adoc = new TreeMap<>();
        for (CommandSpec spec : tree(top, new ArrayList<>())) {
            String name = spec.qualifiedName("-");
            adoc.put(name, complete(Files.readString(dir.resolve(name + ".adoc")), spec));
        }
        Map<String, String> pages = new TreeMap<>();
        try (Asciidoctor asciidoctor = Asciidoctor.Factory.create()) {
            Options options = Options.builder()
                    .backend("manpage")
                    .standalone(true)
                    .safe(SafeMode.SAFE)
                    // no date: the page changes only when the commands do
                    .attributes(Attributes.builder().attribute("reproducible", "").build())
                    .build();
            for (var e : adoc.entrySet()) {
                pages.put(e.getKey() + ".adoc", e.getValue());
                pages.put(e.getKey() + ".1", asciidoctor.convert(e.getValue(), options));
            }
        }
        return pages;
    }

    static List<CommandSpec> tree(CommandSpec spec, List<CommandSpec> into) {
        into.add(spec);
        for (var sub : spec.subcommands().values()) {
            tree(sub.getCommandSpec(), into);
        }
        return into;
    }

    /** man/'s NAME.adoc and NAME.1 files. */
    static Map<String, String> read(Path dir) throws IOException {
        Map<String, String> pages = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String n = p.getFileName().toString();
                if (n.endsWith(".adoc") || n.endsWith(".1")) {
                    pages.put(n, Files.readString(p));
                }
            }
        }
        return pages;
    }

    private static final Pattern TITLE = Pattern.compile("(?m)^==[ \\t]+(.+?)[ \\t]*:?[ \\t]*$");
    private static final Pattern TITLE_WITH_NOTE = Pattern.compile("(.+?) \\((.+)\\)");
    private static final Pattern XREF = Pattern.compile("(?m)^xref:([a-z0-9-]+)\\.adoc\\[\\*([a-z0-9-]+)\\*\\]::\n  (.*)$");
    private static final String SEE_ALSO = "[%hardbreaks]\n";
    private static final String DESCRIPTION_TAG = "// tag::picocli-generated-man-section-description[]";
    private static final String DESCRIPTION_END = "// end::picocli-generated-man-section-description[]";
    /** "  TERM  text" in a description (inspect's list of kinds): AsciiDoc would keep it as one long literal line. */
    private static final Pattern TERM_LINE = Pattern.compile("(?m)^  (\\S.*?)  +(\\S.*)$");

    /** ManPageGenerator's page for {@code spec}, with FILES, EXAMPLES and the fixes above. */
    static String complete(String page, CommandSpec spec) {
        StringBuilder out = new StringBuilder();
        Matcher m = TITLE.matcher(page);
        while (m.find()) {
            String title = m.group(1);
            Matcher note = TITLE_WITH_NOTE.matcher(title);
            String replacement = note.matches()
                    ? "== " + note.group(1) + "\n\n" + Character.toUpperCase(note.group(2).charAt(0))
                            + note.group(2).substring(1) + "."
                    : "== " + title;
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        String result = XREF.matcher(out).replaceAll("*$2*::\n  $3 See $1(1).");
        int description = result.indexOf(DESCRIPTION_TAG);
        int descriptionEnd = result.indexOf(DESCRIPTION_END, description);
        if (description >= 0 && descriptionEnd >= 0) {
            result = result.substring(0, description)
                    + TERM_LINE.matcher(result.substring(description, descriptionEnd)).replaceAll("$1::\n  $2")
                    + result.substring(descriptionEnd);
        }
        int footer = result.indexOf(FOOTER_TAG);
        int seeAlso = result.indexOf(SEE_ALSO, footer);
        if (spec.parent() != null && footer >= 0 && seeAlso >= 0) {
            int at = seeAlso + SEE_ALSO.length();
            result = result.substring(0, at) + "kexec-inspect(1), " + result.substring(at);
        }
        result = result.replace(":manmanual: Kexec-inspect Manual", ":manmanual: kexec-inspect manual");
        // "min((4 GiB - base)/2, ...)": (( opens an AsciiDoc index term
        result = result.replace("((", "\\((");

        if (!(spec.userObject() instanceof HelpSections.Documented documented)) {
            return result;
        }
        HelpSections sections = documented.helpSections();
        StringBuilder added = new StringBuilder();
        if (!sections.files().isEmpty()) {
            added.append("// tag::kexec-inspect-man-section-files[]\n== Files\n");
            for (HelpSections.File f : sections.files()) {
                added.append('\n').append("*").append(literal(f.path())).append("*::\n  ").append(literal(f.what())).append('\n');
            }
            added.append("\n// end::kexec-inspect-man-section-files[]\n\n");
        }
        if (!sections.examples().isEmpty()) {
            added.append("// tag::kexec-inspect-man-section-examples[]\n== Examples\n");
            for (HelpSections.Example e : sections.examples()) {
                added.append('\n').append(literal(e.does() + ":")).append("\n\n....\n").append(shellLines(e.command())).append("\n....\n");
            }
            added.append("\n// end::kexec-inspect-man-section-examples[]\n\n");
        }
        int at = result.indexOf(FOOTER_TAG);
        if (at < 0) {
            throw new IllegalStateException("no footer tag in the page of " + spec.qualifiedName());
        }
        return result.substring(0, at) + added + result.substring(at);
    }

    /** Text shown as it is: no AsciiDoc formatting of its *, _, `, {...}. */
    static String literal(String text) {
        return "pass:c[" + text.replace("]", "\\]") + "]";   // \] is a ] inside the macro
    }

    /** A command line longer than a man page's 80 columns, continued with \\ before an option. */
    static String shellLines(String command) {
        StringBuilder out = new StringBuilder();
        int lineStart = 0;
        for (String word : command.split("(?= --)")) {
            if (out.length() - lineStart + word.length() > 72 && out.length() > 0) {
                out.append(" \\\n   ");
                lineStart = out.length() - 3;
            }
            out.append(word);
        }
        return out.toString();
    }
}
