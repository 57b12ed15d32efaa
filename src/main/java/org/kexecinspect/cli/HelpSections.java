package org.kexecinspect.cli;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The FILES and EXAMPLES sections of a command, beside its {@code @Command}. {@link CommandLineFactory}
 * puts them into picocli's usage help (between the exit status and the footer), and the man pages
 * are generated from the same annotation (picocli-codegen's ManPageGenerator renders only its fixed
 * sections, so the man page generator in the tests adds these two).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface HelpSections {

    /** FILES: what the command reads or writes. */
    File[] files() default {};

    /** EXAMPLES: real command lines (README's, with the installed command's name). */
    Example[] examples() default {};

    /** One FILES entry. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target({})
    @interface File {
        /** A path, or a pattern of paths. */
        String path();
        /** What the command does with it: one or more sentences. */
        String what();
    }

    /** One EXAMPLES entry. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target({})
    @interface Example {
        /** What the command line does, as a sentence without its final period. */
        String does();
        /** The command line as it is typed: starts with kexec-inspect. */
        String command();
    }
}
