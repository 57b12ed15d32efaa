import java.util.List;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * PicocliHello's command built through picocli's programmatic API instead of annotations: the same
 * help and version options, option and positional parameters, and no annotation read at all (no
 * mixinStandardHelpOptions either, which builds its options from an annotated class, and no lambda).
 * src/bench/picocli-floor.sh times both, so the share of the JDK's annotation machinery shows as the
 * difference.
 */
public final class PicocliSpecHello {
    private PicocliSpecHello() {}

    public static void main(String[] args) {
        CommandSpec spec = CommandSpec.create().name("hello").version("1");
        spec.usageMessage().description("Says hello.");
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                .description("Show this help message and exit.").build());
        spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
                .description("Print version information and exit.").build());
        spec.addOption(OptionSpec.builder("--format").type(String.class).defaultValue("text")
                .description("text or json").build());
        spec.addPositional(PositionalParamSpec.builder().type(List.class).auxiliaryTypes(String.class)
                .arity("0..*").description("files").build());
        CommandLine cl = new CommandLine(spec);
        cl.setExecutionStrategy(new CommandLine.IExecutionStrategy() {
            @Override public int execute(CommandLine.ParseResult parsed) {
                Integer help = CommandLine.executeHelpRequest(parsed);
                if (help != null) {
                    return help;
                }
                List<String> files = parsed.matchedPositionalValue(0, List.of());
                System.out.println("hello " + parsed.matchedOptionValue("--format", "text") + " " + files.size());
                return 0;
            }
        });
        System.exit(cl.execute(args));
    }
}
