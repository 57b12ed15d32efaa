package org.kexecinspect.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.kexecinspect.cli.html.HtmlIndex;
import org.kexecinspect.cli.html.HtmlPage;
import org.kexecinspect.facts.SystemFacts;
import org.kexecinspect.model.Finding;
import org.kexecinspect.model.Prediction;

/**
 * diagnose --html FILE and predict --html DIR: the pages of cli.html, written as synthesize -o writes
 * ({@link BlobFile}: a temporary file in the target's directory, fsync, rename), never over an input,
 * a device or anything but a regular file, and over an existing file only with --force. Whether the
 * files may be written is checked before any work, so a refusal writes nothing; a write that fails
 * later is one line on stderr and exit status 3.
 */
final class HtmlReport {
    private HtmlReport() {}

    static String generator() {
        return "kexec-inspect " + VersionProvider.version();
    }

    /** The page of one system, rendered (pure: any thread). */
    static String page(String command, String name, Prediction p, SystemFacts f) {
        return HtmlPage.page(command, name, p, DescribeFacts.facts(f), generator());
    }

    /** "kexec-inspect: FILE: cannot write the HTML report: why", flushed. */
    static void refused(PrintWriter err, Path file, IOException e) {
        err.println(Errors.PREFIX + file + ": cannot write the HTML report: " + e.getMessage());
        err.flush();
    }

    /** diagnose: refuses FILE now, before the system is read, when it could not be written later. */
    static void check(Path file, boolean force, List<Path> inputs) throws IOException {
        BlobFile.check(file, force, inputs);
    }

    static void write(Path file, String html, boolean force, List<Path> inputs) throws IOException {
        BlobFile.write(file, html.getBytes(StandardCharsets.UTF_8), force, inputs);
    }

    /** Archive and compression suffixes a capture's file name loses in its page's name. */
    private static final List<String> SUFFIXES = List.of(".tar.gz", ".tar.xz", ".tar.zst", ".tar.bz2", ".tgz", ".txz",
            ".tzst", ".tar", ".gz", ".xz", ".zst");

    /** The longest base name a page gets (before a -N that makes it unique, and .html). */
    static final int MAX_NAME = 80;

    /**
     * A page's file name for each capture, in order: the capture's last path element without an
     * archive suffix, every character but ASCII letters, digits, '.', '_' and '-' turned into '-',
     * no leading dot or dash, at most 80 characters, "capture" when nothing is left; then made unique
     * (ignoring case, for case-insensitive file systems) with -2, -3, ..., never "index", and ".html".
     * The same capture given twice shares one page.
     */
    static Map<String, String> pageNames(List<String> captures) {
        Map<String, String> names = new LinkedHashMap<>();
        Set<String> taken = new HashSet<>();
        taken.add("index");
        for (String c : captures) {
            if (names.containsKey(c)) {
                continue;
            }
            String base = sanitized(c);
            String name = base;
            for (int n = 2; taken.contains(name.toLowerCase(Locale.ROOT)); n++) {
                name = base + "-" + n;
            }
            taken.add(name.toLowerCase(Locale.ROOT));
            names.put(c, name + ".html");
        }
        return names;
    }

    static String sanitized(String capture) {
        String last;
        try {
            Path p = Path.of(capture).toAbsolutePath().normalize().getFileName();
            last = p == null ? "" : p.toString();
        } catch (InvalidPathException e) {
            last = capture;
        }
        String lower = last.toLowerCase(Locale.ROOT);
        for (String s : SUFFIXES) {
            if (lower.endsWith(s) && lower.length() > s.length()) {
                last = last.substring(0, last.length() - s.length());
                break;
            }
        }
        String s = last.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("-{2,}", "-").replaceAll("^[.-]+", "")
                .replaceAll("[.-]+$", "");
        if (s.length() > MAX_NAME) {
            s = s.substring(0, MAX_NAME).replaceAll("[.-]+$", "");
        }
        return s.isEmpty() ? "capture" : s;
    }

    /**
     * predict --html DIR: a page per capture and index.html, planned before any capture is read. DIR
     * may exist (it is made on the first write when it does not; its parent must exist); a file in it is replaced only
     * with --force, and never when it is an input. DIR may not be an input, nor inside a capture
     * directory. Pages are written as their captures are done, in order; index.html last.
     */
    static final class Directory {
        private final Path dir;
        private final boolean force;
        private final List<Path> inputs;
        private final Map<String, String> names;
        private final List<HtmlIndex.Entry> entries = new ArrayList<>();
        private boolean failed;

        private Directory(Path dir, boolean force, List<Path> inputs, Map<String, String> names) {
            this.dir = dir;
            this.force = force;
            this.inputs = inputs;
            this.names = names;
        }

        /** The plan for {@code captures} (in order, "(loose files)" among them), or an IOException saying why not. */
        static Directory plan(Path dir, boolean force, List<String> captures, List<Path> inputs) throws IOException {
            Path abs = dir.toAbsolutePath().normalize();
            if (Files.exists(abs, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(abs)) {
                throw new IOException("not a directory");
            }
            if (!Files.exists(abs) && (abs.getParent() == null || !Files.isDirectory(abs.getParent()))) {
                throw new IOException("its parent directory " + abs.getParent() + " does not exist");
            }
            Path real = Files.exists(abs) ? abs.toRealPath() : abs.getParent().toRealPath().resolve(abs.getFileName());
            for (Path in : inputs) {
                if (Files.isDirectory(in) && real.startsWith(in.toRealPath())) {
                    throw new IOException("is inside the input " + in + ": refusing to write into it");
                }
            }
            Map<String, String> names = pageNames(captures);
            if (Files.isDirectory(abs)) {
                List<String> files = new ArrayList<>(names.values());
                files.add("index.html");
                for (String f : files) {
                    BlobFile.check(abs.resolve(f), force, inputs);
                }
            }
            return new Directory(abs, force, inputs, names);
        }

        /** Where the page of {@code capture} goes. */
        Path file(String capture) {
            return dir.resolve(names.get(capture));
        }

        /** Writes the page of a capture that was read; after a failed write nothing more is written. */
        void page(PrintWriter err, String capture, Prediction p, String html, ExitCodes.Worst worst) {
            if (failed) {
                return;
            }
            Path f = file(capture);
            try {
                made();
                write(f, html, force, inputs);
                Finding lead = HtmlPage.lead(p);
                entries.add(new HtmlIndex.Entry(capture, f.getFileName().toString(), p.verdict().label(),
                        lead == null ? "" : lead.message()));
            } catch (IOException e) {
                fail(err, f, e, worst);
            }
        }

        /** A capture that could not be read: a row in the index, no page. */
        void unreadable(String capture, String why) {
            entries.add(new HtmlIndex.Entry(capture, null, "unreadable", why));
        }

        /** index.html, last. */
        void index(PrintWriter err, ExitCodes.Worst worst) {
            if (failed) {
                return;
            }
            Path f = dir.resolve("index.html");
            try {
                made();
                write(f, HtmlIndex.page("kexec-inspect predict", entries, generator()), force, inputs);
            } catch (IOException e) {
                fail(err, f, e, worst);
            }
        }

        /** DIR, made on the first write (so a run refused later, e.g. a usage error, leaves nothing behind). */
        private void made() throws IOException {
            if (!Files.isDirectory(dir)) {
                Files.createDirectory(dir);
            }
        }

        private void fail(PrintWriter err, Path f, IOException e, ExitCodes.Worst worst) {
            failed = true;
            refused(err, f, e);
            worst.add(ExitCodes.BAD_INPUT);
        }
    }
}
