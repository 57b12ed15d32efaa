package org.kexecinspect.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * The run that a class-data-sharing archive is made from (the build and the package's postinst
 * start it with -XX:ArchiveClassesAtExit): the command lines given, one JVM, output discarded, so
 * the archive holds the classes every command loads. Command lines are separated by "::".
 * Exit codes do not matter here: only which classes were loaded does.
 */
public final class CdsTraining {
    private CdsTraining() {}

    public static void main(String[] args) {
        PrintWriter sink = new PrintWriter(Writer.nullWriter());
        int runs = 0;
        for (List<String> argv : split(args)) {
            try {
                CommandLineFactory.forArgs(sink, sink, argv.toArray(new String[0])).execute(argv.toArray(new String[0]));
                runs++;
            } catch (RuntimeException | LinkageError e) {
                System.err.println("kexec-inspect CDS training: " + String.join(" ", argv) + ": " + e);
            }
        }
        System.out.println("kexec-inspect CDS training: " + runs + " command lines run");
    }

    static List<List<String>> split(String[] args) {
        List<List<String>> out = new ArrayList<>();
        List<String> cur = new ArrayList<>();
        for (String a : args) {
            if (a.equals("::")) {
                out.add(cur);
                cur = new ArrayList<>();
            } else {
                cur.add(a);
            }
        }
        out.add(cur);
        out.removeIf(List::isEmpty);
        return out;
    }
}
