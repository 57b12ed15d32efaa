package org.kexecinspect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.kexecinspect.testing.Inputs;

/**
 * The start-up paths link no method-handle bootstrap that costs milliseconds per run: no
 * StringConcatFactory (the build compiles with -XDstringConcat=inline) and no ObjectMethods (a
 * record's generated equals/hashCode/toString; Layout.Field, a map key on every run, spells its
 * own out). A child JVM runs each command line with the JDK's own linkage trace
 * (java.lang.invoke.MethodHandle.TRACE_METHOD_LINKAGE), which prints every call site it links,
 * with its caller and bootstrap method. Not timed: it counts what the JVM did.
 */
class StartupLinkageTest {

    private static final List<String> COSTLY = List.of("java.lang.invoke.StringConcatFactory",
            "java.lang.runtime.ObjectMethods");

    @Test
    void noCommandLinksAStringConcatOrRecordMethodBootstrap() throws Exception {
        Path bootParams = Inputs.qemuCapture("efifb-kexec_load", "first").resolve("boot_params.bin");
        Path vm = Inputs.projectDir().resolve("native-fixtures/hyperv-captures/gen2-azure-x86");
        List<List<String>> runs = List.of(
                List.of("--version"),
                List.of("inspect", "--format", "json", Inputs.debianAmd64Kernel().toString()),
                List.of("inspect", Inputs.debianAmd64Kernel().toString()),
                List.of("inspect", "--format", "json", bootParams.toString()),
                List.of("preflight", "--root", vm.toString()),
                List.of("preflight", "--format", "json", "--root", vm.toString()),
                List.of("diagnose", "--root", vm.toString()),
                List.of("predict", "--format", "jsonl", vm.toString()),
                List.of("synthesize", "--root", vm.toString(), "--blob", "screen-info", "--format", "hex"));
        for (List<String> args : runs) {
            List<String> sites = linkedCallSites(args);
            // the trace is on: without lambdas being linked at all, the check below would prove nothing
            assertTrue(sites.stream().anyMatch(s -> s.contains("LambdaMetafactory")), args + ": no trace? " + sites.size());
            List<String> costly = sites.stream().filter(s -> s.startsWith("linkCallSite org.kexecinspect"))
                    .filter(s -> COSTLY.stream().anyMatch(s::contains)).toList();
            assertEquals(List.of(), costly, String.join(" ", args));
        }
    }

    /** The "linkCallSite CALLER BOOTSTRAP ..." lines of one run of Main with ARGS. */
    private static List<String> linkedCallSites(List<String> args) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-XX:-UsePerfData", "-Xshare:auto",
                "-Djava.lang.invoke.MethodHandle.TRACE_METHOD_LINKAGE=true",
                "-cp", runtimeClassPath(), "org.kexecinspect.cli.Main"));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).directory(Inputs.projectDir().toFile()).start();
        p.getOutputStream().close();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("the child JVM did not finish: " + args);
        }
        String stdout = new String(out.get(), StandardCharsets.UTF_8);
        assertTrue(p.exitValue() <= 4, args + " exited " + p.exitValue() + ": " + new String(err.get(), StandardCharsets.UTF_8));
        return stdout.lines().filter(l -> l.startsWith("linkCallSite ")).toList();
    }

    /** target/classes and the jars of this JVM's class path that are not test libraries. */
    private static String runtimeClassPath() {
        List<String> cp = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName() == null ? "" : Path.of(entry).getFileName().toString();
            if (!entry.contains("test-classes") && !name.startsWith("junit") && !name.startsWith("jazzer")
                    && !name.startsWith("surefire") && !name.startsWith("asciidoctor") && !name.startsWith("jruby")) {
                cp.add(entry);
            }
        }
        return String.join(File.pathSeparator, cp);
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
