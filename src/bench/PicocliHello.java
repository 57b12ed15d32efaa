import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The smallest annotated picocli command worth the name: a help mixin, one option, positional
 * parameters, one line printed. src/bench/picocli-floor.sh times it against a bare JVM to show the
 * share of kexec-inspect's start-up that picocli's annotation model costs before any of our work.
 */
@Command(name = "hello", mixinStandardHelpOptions = true, version = "1", description = "Says hello.")
public class PicocliHello implements Callable<Integer> {
    @Option(names = "--format", description = "text or json") String format = "text";
    @Parameters(description = "files") List<String> files;

    @Override public Integer call() {
        System.out.println("hello " + format + " " + (files == null ? 0 : files.size()));
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new PicocliHello()).execute(args));
    }
}
