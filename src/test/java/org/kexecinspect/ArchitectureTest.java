package org.kexecinspect;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.kexecinspect.testing.Inputs;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The architecture, held by the build. Every package under src/main/java says in its
 * package-info.java what it owns and, on a {@code May use:} line, which kexec-inspect packages its
 * classes may depend on; this test reads those lines from the sources and checks the compiled
 * classes against them, so a wrong import fails the build with the package-info that forbids it.
 *
 * <p>How a {@code May use:} line reads: a comma-separated list of packages ({@code none} for a
 * leaf), possibly continued on the next comment lines up to a blank one. A package may always use
 * itself. A listed package also admits its sub-packages ({@code org.kexecinspect.format} lets facts
 * use format.x86), except that a package's own parent admits only itself: format.fb lists format
 * and format.x86, so it may not reach format.arm64 by way of its parent, and the model's sub-packages
 * list their siblings by name. Dependencies outside org.kexecinspect (the JDK, picocli, Jackson...)
 * are not this test's business, except JNA, which only {@code live} may load.
 *
 * <p>One cycle is allowed on purpose: {@code model} uses its sub-packages (model.loadpath,
 * model.fix, model.mmio, model.screeninfo), which return model's own types (Reason, PathPrediction),
 * so both directions are in the package-infos. The cycle rule below therefore counts a package and its
 * sub-packages as one.
 */
class ArchitectureTest {

    static final String ROOT = "org.kexecinspect";

    /** The main classes only (target/classes), never the tests. */
    static final JavaClasses CLASSES = new ClassFileImporter().importPath(Inputs.buildDir().resolve("classes"));

    static final Path SOURCES = Inputs.projectDir().resolve("src/main/java");

    /** What one package-info.java says. */
    record PackageRule(String pkg, Path file, List<String> mayUse) {
        /** Whether a class of this package may depend on a class of package {@code target}. */
        boolean allows(String target) {
            return allowed(pkg, mayUse, target);
        }
    }

    static boolean allowed(String pkg, List<String> mayUse, String target) {
        if (target.equals(pkg) || !(target.equals(ROOT) || target.startsWith(ROOT + "."))) {
            return true;
        }
        for (String p : mayUse) {
            if (target.equals(p)) {
                return true;
            }
            boolean parentOfPkg = pkg.startsWith(p + ".");
            if (!parentOfPkg && target.startsWith(p + ".")) {
                return true;
            }
        }
        return false;
    }

    private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+)\\s*;");
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");

    /** Reads the package declaration and the May use: line (and its continuation) of one package-info.java. */
    static PackageRule parse(Path file, String text) {
        Matcher m = PACKAGE.matcher(text);
        if (!m.find()) {
            throw new AssertionError(file + ": no package declaration");
        }
        String pkg = m.group(1);
        int javadocEnd = text.indexOf("*/");
        String doc = javadocEnd < 0 ? "" : text.substring(0, javadocEnd);
        int at = doc.indexOf("May use:");
        if (at < 0) {
            throw new AssertionError(file + ": the Javadoc has no 'May use:' line (write 'May use: none' for a leaf)");
        }
        StringBuilder list = new StringBuilder();
        String[] lines = doc.substring(at + "May use:".length()).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].strip();
            if (i > 0) {
                l = l.startsWith("*") ? l.substring(1).strip() : l;
                if (l.isEmpty() || l.startsWith("<p>") || l.startsWith("@")) {
                    break;
                }
            }
            list.append(l).append(' ');
        }
        String all = list.toString().strip();
        List<String> mayUse = new ArrayList<>();
        if (!all.equals("none")) {
            for (String p : all.split("\\s*,\\s*")) {
                String name = p.strip();
                if (!NAME.matcher(name).matches() || !name.startsWith(ROOT + ".")) {
                    throw new AssertionError(file + ": 'May use:' names '" + name + "', not a package under " + ROOT
                            + " (write the packages separated by commas, or 'none')");
                }
                mayUse.add(name);
            }
        }
        return new PackageRule(pkg, file, List.copyOf(mayUse));
    }

    /** Every package-info.java under src/main/java, by package. */
    static Map<String, PackageRule> rules() {
        Map<String, PackageRule> rules = new TreeMap<>();
        try (Stream<Path> s = Files.walk(SOURCES)) {
            for (Path f : (Iterable<Path>) s.filter(p -> p.getFileName().toString().equals("package-info.java"))::iterator) {
                PackageRule r = parse(f, Files.readString(f, StandardCharsets.UTF_8));
                rules.put(r.pkg(), r);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rules;
    }

    /** The rule one package-info states, as ArchUnit checks it. */
    static ArchRule ruleFor(PackageRule r) {
        String list = r.mayUse().isEmpty() ? "none" : String.join(", ", r.mayUse());
        DescribedPredicate<JavaClass> forbidden = DescribedPredicate.describe(
                "are in " + ROOT + " outside " + r.pkg() + " and its May use list (" + list + ")",
                c -> !r.allows(c.getPackageName()));
        return noClasses().that().resideInAPackage(r.pkg())
                .should().dependOnClassesThat(forbidden)
                .because(shown(r.file()) + " says 'May use: " + list + "'")
                .allowEmptyShould(true);
    }

    static String shown(Path file) {
        return file.startsWith(Inputs.projectDir()) ? Inputs.projectDir().relativize(file).toString() : file.toString();
    }

    @TestFactory
    Stream<DynamicTest> eachPackageUsesOnlyWhatItsPackageInfoAllows() {
        return rules().values().stream()
                .map(r -> DynamicTest.dynamicTest(r.pkg(), r.file().toUri(), () -> ruleFor(r).check(CLASSES)));
    }

    @Test
    void everyPackageWithClassesHasAPackageInfoWithAMayUseLine() throws IOException {
        Map<String, PackageRule> rules = rules();   // fails on a package-info without a May use line
        List<String> problems = new ArrayList<>();
        try (Stream<Path> s = Files.walk(SOURCES)) {
            for (Path dir : (Iterable<Path>) s.filter(Files::isDirectory)::iterator) {
                String pkg = SOURCES.relativize(dir).toString().replace('/', '.');
                boolean hasClasses;
                try (Stream<Path> files = Files.list(dir)) {
                    hasClasses = files.anyMatch(f -> f.toString().endsWith(".java")
                            && !f.getFileName().toString().equals("package-info.java"));
                }
                Path info = dir.resolve("package-info.java");
                if (hasClasses && !Files.exists(info)) {
                    problems.add(shown(info) + " is missing");
                } else if (Files.exists(info) && !rules.containsKey(pkg)) {
                    problems.add(shown(info) + " does not declare package " + pkg);
                }
            }
        }
        Set<String> compiled = new TreeSet<>();
        CLASSES.forEach(c -> compiled.add(c.getPackageName()));
        compiled.removeAll(rules.keySet());
        for (String pkg : compiled) {
            problems.add("compiled classes in " + pkg + " but no package-info.java for it in src/main/java");
        }
        if (!problems.isEmpty()) {
            fail("every package states what it owns and what it may use:\n  " + String.join("\n  ", problems));
        }
    }

    @Test
    void knowledgeIsUsedOnlyByTheModel() {
        noClasses().that().resideOutsideOfPackages(ROOT + ".model..", ROOT + ".knowledge..")
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".knowledge..")
                .because("the release knowledge is a rule's input, and every rule lives in model or its sub-packages;"
                        + " facts and format record what was observed, never what a release implies")
                .check(CLASSES);
    }

    @Test
    void formatUsesNoOtherKexecInspectPackage() {
        noClasses().that().resideInAPackage(ROOT + ".format..")
                .should().dependOnClassesThat(DescribedPredicate.describe(
                        "are in " + ROOT + " outside format and its sub-packages",
                        c -> c.getPackageName().startsWith(ROOT + ".")
                                && !(c.getPackageName() + ".").startsWith(ROOT + ".format.")))
                .because("format is the bottom layer: pure parsers and encoders, bytes in, records out;"
                        + " facts, model, cli, live and the rest build on it, never the other way")
                .check(CLASSES);
    }

    @Test
    void onlyLiveUsesJna() {
        noClasses().that().resideOutsideOfPackage(ROOT + ".live..")
                .should().dependOnClassesThat().resideInAPackage("com.sun.jna..")
                .because("live is the only package that touches the running system, and JNA is loaded only"
                        + " when a live framebuffer is probed")
                .check(CLASSES);
    }

    @Test
    void packagesFormNoCycleExceptWithinAPackageAndItsSubPackages() {
        slices().matching(ROOT + ".(*)..").namingSlices("$1")
                .should().beFreeOfCycles()
                .because("data flows one way; model and its sub-packages count as one, so their cycle is allowed")
                .check(CLASSES);
    }

    /** The checker itself: the semantics of a May use list, and that a rule fails on a real dependency. */
    @Test
    void mayUseListsReadAsDocumented() {
        List<String> facts = List.of(ROOT + ".format", ROOT + ".payload");
        assertTrue(allowed(ROOT + ".facts", facts, ROOT + ".format.x86"), "a listed package admits its sub-packages");
        assertTrue(allowed(ROOT + ".facts", facts, "com.fasterxml.jackson.core"));
        assertFalse(allowed(ROOT + ".facts", facts, ROOT + ".knowledge"));
        assertFalse(allowed(ROOT + ".facts", facts, ROOT + ".formatting"), "a prefix is not a sub-package");
        List<String> fb = List.of(ROOT + ".format", ROOT + ".format.x86");
        assertTrue(allowed(ROOT + ".format.fb", fb, ROOT + ".format.x86"));
        assertFalse(allowed(ROOT + ".format.fb", fb, ROOT + ".format.arm64"), "the parent admits only itself");
        assertFalse(allowed(ROOT + ".model", List.of(ROOT + ".facts"), ROOT + ".model.fix"),
                "a package does not admit its own sub-packages unless it lists them");

        PackageRule parsed = parse(Path.of("package-info.java"), "/**\n * Owns x.\n *\n * <p>May use: " + ROOT
                + ".format, " + ROOT + ".payload,\n *     " + ROOT + ".facts\n */\npackage " + ROOT + ".synth;\n");
        assertEquals(ROOT + ".synth", parsed.pkg());
        assertEquals(List.of(ROOT + ".format", ROOT + ".payload", ROOT + ".facts"), parsed.mayUse());
        assertEquals(List.of(), parse(Path.of("p"), "/** x\n *\n * <p>May use: none\n */\npackage " + ROOT + ".format;")
                .mayUse());
        assertThrows(AssertionError.class, () -> parse(Path.of("p"), "/** Owns x. */\npackage " + ROOT + ".synth;"));

        // cli.render uses format.Layout: a package-info that allowed nothing would have to fail
        PackageRule tooStrict = new PackageRule(ROOT + ".cli.render", Path.of("package-info.java").toAbsolutePath(),
                List.of());
        AssertionError e = assertThrows(AssertionError.class, () -> ruleFor(tooStrict).check(CLASSES));
        assertTrue(e.getMessage().contains(ROOT + ".format."), e.getMessage());
    }
}
