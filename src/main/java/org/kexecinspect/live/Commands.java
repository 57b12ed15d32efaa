package org.kexecinspect.live;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.kexecinspect.facts.Fact;
import org.kexecinspect.facts.Fact.Why;

/** Runs the few read-only commands the live side needs, with a timeout and an output cap. */
public final class Commands {
    private Commands() {}

    public static final long TIMEOUT_SECONDS = 5;
    static final int OUTPUT_CAP = 64 * 1024;
    /** kexec and fbset live in sbin, which a non-root PATH often lacks. */
    private static final List<String> EXTRA_DIRS = List.of("/usr/local/sbin", "/usr/sbin", "/sbin");

    /** The program on PATH or in the sbin directories, or null. */
    static Path find(String program) {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(":")));
        }
        dirs.addAll(EXTRA_DIRS);
        for (String d : dirs) {
            if (d.isEmpty()) {
                continue;
            }
            Path p = Path.of(d, program);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** Standard output of a command that must exit 0 within the timeout. */
    public static Fact<String> run(String... command) {
        String shown = String.join(" ", command);
        Path exe = find(command[0]);
        if (exe == null) {
            return Fact.unknown(Why.ABSENT, command[0] + " is not installed (not on PATH or in sbin)", shown);
        }
        List<String> argv = new ArrayList<>(List.of(command));
        argv.set(0, exe.toString());
        Process p;
        try {
            p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            return Fact.unknown(Why.ERROR, "cannot run " + exe + ": " + e.getMessage(), shown);
        }
        // stdout is read on its own thread: reading it here would wait for the program to close it,
        // so a program that hangs without printing would never reach the timeout
        Reader reader = new Reader(p.getInputStream());
        reader.start();
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Fact.unknown(Why.ERROR, "timed out after " + TIMEOUT_SECONDS + " s", shown);
            }
            // a child the program left behind may hold stdout open: bounded by the timeout too
            reader.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
            if (reader.isAlive()) {
                return Fact.unknown(Why.ERROR, "its output did not end within " + TIMEOUT_SECONDS + " s of its exit", shown);
            }
            if (p.exitValue() != 0) {
                return Fact.unknown(Why.ERROR, "exited with status " + p.exitValue(), shown);
            }
            if (reader.error != null) {
                return Fact.unknown(Why.ERROR, reader.error.getMessage(), shown);
            }
            return Fact.of(new String(reader.bytes, StandardCharsets.UTF_8), shown);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return Fact.unknown(Why.ERROR, "interrupted", shown);
        } finally {
            reader.close();
        }
    }

    /** Reads up to {@link #OUTPUT_CAP} bytes of a program's stdout; a daemon, so it never holds the JVM. */
    private static final class Reader extends Thread {
        private final InputStream in;
        private volatile byte[] bytes = new byte[0];
        private volatile IOException error;

        Reader(InputStream in) {
            super("kexec-inspect command output");
            this.in = in;
            setDaemon(true);
        }

        @Override public void run() {
            try {
                bytes = in.readNBytes(OUTPUT_CAP);
            } catch (IOException e) {
                error = e;
            }
        }

        void close() {
            try {
                in.close();
            } catch (IOException e) {
                // nothing more to read from it
            }
        }
    }
}
