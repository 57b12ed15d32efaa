import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.kexecinspect.format.log.KernelLog;
import org.kexecinspect.format.log.LogLimits;
import org.kexecinspect.model.postmortem.Postmortem;
import org.kexecinspect.model.postmortem.PostmortemRules;

/**
 * What `kexec-inspect postmortem LOG` does, without the CLI: reads the log once as a stream
 * (KernelLog.read with the default limits) and gives the verdict (PostmortemRules.of).
 * src/bench/postmortem.sh times it when the launcher has no postmortem subcommand yet.
 */
public class PostmortemBench {
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: PostmortemBench LOG");
            System.exit(2);
        }
        KernelLog log;
        try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
            log = KernelLog.read(args[0], in, LogLimits.DEFAULT);
        }
        Postmortem v = PostmortemRules.of(log);
        // one line, so that nothing the reader found can be optimised away
        System.out.println(log.lines() + " lines, " + log.boots().size() + " boots: " + v.outcome()
                + (v.cause() == null ? "" : " " + v.cause().code()));
    }
}
