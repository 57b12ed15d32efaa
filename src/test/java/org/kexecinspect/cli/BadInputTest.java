package org.kexecinspect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.kexecinspect.testing.Cli;
import org.kexecinspect.testing.Inputs;
import org.kexecinspect.testing.SysfsCopy;



/**
 * Inputs that are not what {@code inspect} reads: each gives exactly one line on stderr naming the
 * path, nothing on stdout, exit code 3, and no stack trace unless --debug asks for it. Usage
 * mistakes give exit code 2.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class BadInputTest {

    private static final String PREFIX = "kexec-inspect: ";

    @TempDir Path tmp;

    private static Path capture() {
        return Inputs.qemuCapture("efifb-kexec_load", "first");
    }

    /** Exit 3, one line starting with "kexec-inspect: NAME: ", no stdout, no trace; returns the line. */
    private static String expectOneLine(Cli.Result r, String name) {
        assertEquals(3, r.exit(), "exit code; stderr: " + r.err() + " stdout: " + r.out());
        String[] lines = r.errLines();
        assertEquals(1, lines.length, "exactly one stderr line: " + r.err());
        assertTrue(lines[0].startsWith(PREFIX + name + ": "), "names the input: " + lines[0]);
        assertFalse(lines[0].substring((PREFIX + name + ": ").length()).isBlank(), "gives a reason: " + lines[0]);
        assertEquals("", r.out(), "nothing on stdout");
        noStackTrace(r.err());
        return lines[0];
    }

    private static void noStackTrace(String err) {
        assertFalse(err.contains("Exception") || err.contains("\tat ") || err.contains("at org."),
                "no stack trace: " + err);
    }

    // ---- files that are not there, not files, or not readable ----------------------------------

    @Test
    void missingFile() {
        String p = tmp.resolve("no-such-file").toString();
        String line = expectOneLine(Cli.run("inspect", p), p);
        assertEquals(PREFIX + p + ": no such file or directory", line);
    }

    @Test
    void directoryWithoutData() throws IOException {
        Path d = Files.createDirectory(tmp.resolve("empty"));
        String line = expectOneLine(Cli.run("inspect", d.toString()), d.toString());
        assertTrue(line.contains("data"), line);
    }

    @Test
    void deviceNode() {
        String line = expectOneLine(Cli.run("inspect", "/dev/null"), "/dev/null");
        assertTrue(line.contains("device"), line);
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void fifoIsRefusedWithoutBlocking() throws Exception {
        Path fifo = tmp.resolve("fifo");
        Inputs.exec(null, "mkfifo", fifo.toString());
        assertFalse(Files.isRegularFile(fifo) || Files.isDirectory(fifo), "mkfifo made a FIFO");
        CompletableFuture<Cli.Result> run = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                run.complete(Cli.run("inspect", fifo.toString()));
            } catch (Throwable e) {
                run.completeExceptionally(e);
            }
        }, "inspect-fifo");
        t.setDaemon(true);
        t.start();
        Cli.Result r;
        try {
            r = run.get(10, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            // release the reader so that the thread ends, then fail
            try (FileOutputStream w = new FileOutputStream(fifo.toFile())) {
                w.flush();
            }
            t.join(5000);
            fail("inspect blocked on a FIFO for 10 s: it opened it instead of refusing it");
            return;
        } catch (ExecutionException e) {
            throw new AssertionError("inspect threw on a FIFO", e.getCause());
        }
        String line = expectOneLine(r, fifo.toString());
        assertTrue(line.contains("FIFO"), line);
    }

    @Test
    void unreadableFile() throws Exception {
        if ("root".equals(System.getProperty("user.name")) || isRoot()) {
            unreadableAsNobody();
        } else {
            Path f = tmp.resolve("secret");
            Files.write(f, new byte[64]);
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("---------"));
            assertFalse(Files.isReadable(f), "chmod 000 makes the file unreadable for this user");
            String line = expectOneLine(Cli.run("inspect", f.toString()), f.toString());
            assertTrue(line.contains("permission denied"), line);
        }
    }

    private static boolean isRoot() throws IOException {
        Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        return Integer.valueOf(0).equals(uid);
    }

    /** Root reads a mode-000 file anyway, so the CLI runs in a child JVM as nobody. */
    private void unreadableAsNobody() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "kexec-inspect-secret-");
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path secret = dir.resolve("secret.bin");
            Files.write(secret, new byte[64]);
            Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));
            String line = expectOneLine(org.kexecinspect.testing.AsNobody.run(dir, "inspect", secret.toString()), secret.toString());
            assertTrue(line.contains("permission denied"), line);
        } finally {
            Files.deleteIfExists(dir.resolve("secret.bin"));
            Files.deleteIfExists(dir);
        }
    }


    // ---- files of another kind ------------------------------------------------------------------

    @Test
    void anFbFixScreeninfoIsReadAsOneAndItsTruncationIsRefused() throws IOException {
        String p = capture().resolve("fb_fix.bin").toString();
        Cli.Result r = Cli.run("inspect", "-f", "json", p);
        assertEquals(0, r.exit(), r.err());
        assertEquals("fb-fix", r.json().get("artifacts").get(0).get("kind").asText());
        assertEquals("EFI VGA", r.json().get("artifacts").get(0).get("fbFix").get("id").asText());
        Path cut = tmp.resolve("fb_fix_79.bin");
        Files.write(cut, java.util.Arrays.copyOf(Files.readAllBytes(Path.of(p)), 79));
        String line = expectOneLine(Cli.run("inspect", cut.toString()), cut.toString());
        assertTrue(line.contains("offset 0x"), line);
    }

    @Test
    void smallTextFile() throws IOException {
        Path f = tmp.resolve("notes.txt");
        Files.writeString(f, "this is not a kernel image\nnor a zero page\n");
        String line = expectOneLine(Cli.run("inspect", f.toString()), f.toString());
        assertTrue(line.contains("offset 0x"), line);
    }

    @Test
    void emptyFile() throws IOException {
        Path f = Files.createFile(tmp.resolve("empty.bin"));
        String line = expectOneLine(Cli.run("inspect", f.toString()), f.toString());
        assertTrue(line.contains("empty"), line);
    }

    // ---- /sys/kernel/boot_params copies that are wrong ------------------------------------------

    @Test
    void bootParamsDirectoryWithShortData() throws IOException {
        Path d = Files.createDirectory(tmp.resolve("bp"));
        Files.write(d.resolve("data"), new byte[100]);
        String line = expectOneLine(Cli.run("inspect", d.toString()), d + "/data");
        assertTrue(line.contains("100"), line);
    }

    @Test
    void bootParamsDirectoryWithGarbageSetupDataType() throws IOException {
        Path d = SysfsCopy.bootParams(tmp, "bp");
        SysfsCopy.setupDataNode(d, 0, "garbage, not a number\n", new byte[20]);
        String line = expectOneLine(Cli.run("inspect", d.toString()), d + "/setup_data/0/type");
        assertTrue(line.contains("hex"), line);
    }

    @Test
    void bootParamsDirectoryWithASetupDataGap() throws IOException {
        Path d = SysfsCopy.bootParams(tmp, "bp");
        SysfsCopy.setupDataNode(d, 0, "0x1\n", new byte[20]);
        SysfsCopy.setupDataNode(d, 1, "0x1\n", new byte[20]);
        // control: nodes 0 and 1 are fine, so the failure below is the gap
        Cli.Result ok = Cli.run("inspect", d.toString());
        assertEquals(0, ok.exit(), ok.err());

        Path g = SysfsCopy.bootParams(tmp, "bp-gap");
        SysfsCopy.setupDataNode(g, 0, "0x1\n", new byte[20]);
        SysfsCopy.setupDataNode(g, 2, "0x1\n", new byte[20]);
        String line = expectOneLine(Cli.run("inspect", g.toString()), g + "/setup_data/2");
        assertTrue(line.contains("missing") || line.contains("gap"), line);
    }

    @Test
    void pageThatCouldBeEitherKindIsAmbiguous() throws IOException {
        byte[] b = new byte[4096];
        b[0] = 'M';
        b[1] = 'Z';
        b[0x1ef] = (byte) 0xff;
        b[0x1fe] = 0x55;
        b[0x1ff] = (byte) 0xaa;
        System.arraycopy("HdrS".getBytes(StandardCharsets.US_ASCII), 0, b, 0x202, 4);
        Path f = tmp.resolve("first-page");
        Files.write(f, b);
        String line = expectOneLine(Cli.run("inspect", f.toString()), f.toString());
        assertTrue(line.contains("ambiguous"), line);
        assertTrue(line.contains("--as"), line);
    }

    @Test
    void aDiskImageWhoseBootSectorEndsInAa55IsNotTakenForAKernel() throws IOException {
        // an MBR also carries 0xAA55 at 0x1fe; only "HdrS" at 0x202 makes a bzImage
        byte[] b = new byte[8192];
        b[0x1fe] = 0x55;
        b[0x1ff] = (byte) 0xaa;
        Path f = tmp.resolve("disk.img");
        Files.write(f, b);
        String line = expectOneLine(Cli.run("inspect", f.toString()), f.toString());
        assertTrue(line.contains("offset 0x202") && line.contains("HdrS"), line);
        assertEquals(0, Cli.run("inspect", "--as", "x86-bzimage", "--format", "json", f.toString()).exit(),
                "--as decodes it anyway, with the loaders' refusals as facts");
    }

    // ---- usage errors ---------------------------------------------------------------------------

    @Test
    void unknownKindIsAUsageErrorListingTheKinds() {
        String p = capture().resolve("boot_params.bin").toString();
        Cli.Result r = Cli.run("inspect", "--as", "ppc64-image", p);
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("ppc64-image"), r.err());
        for (String kind : new String[] {"x86-bzimage", "boot-params", "screen-info", "arm64-image"}) {
            assertTrue(r.err().contains(kind), "lists " + kind + ": " + r.err());
        }
        assertEquals("", r.out());
        noStackTrace(r.err());
    }

    @Test
    void noArguments() {
        Cli.Result r = Cli.run();
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().startsWith(PREFIX), r.err());
        noStackTrace(r.err());

        Cli.Result inspect = Cli.run("inspect");
        assertEquals(2, inspect.exit(), inspect.err());
        assertTrue(inspect.err().contains("FILE"), inspect.err());
        noStackTrace(inspect.err());
    }

    @Test
    void unknownFormat() {
        String p = capture().resolve("boot_params.bin").toString();
        Cli.Result r = Cli.run("inspect", "--format", "xml", p);
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("xml"), r.err());
        assertEquals("", r.out());
        noStackTrace(r.err());
    }

    // ---- --debug --------------------------------------------------------------------------------

    @Test
    void debugShowsTheStackTraceThatIsOtherwiseHidden() {
        String p = tmp.resolve("no-such-file").toString();
        Cli.Result plain = Cli.run("inspect", p);
        assertEquals(1, plain.errLines().length, plain.err());

        Cli.Result debug = Cli.run("inspect", "--debug", p);
        assertEquals(3, debug.exit(), debug.err());
        assertTrue(debug.errLines().length > 1, "a stack trace: " + debug.err());
        assertEquals(PREFIX + p + ": no such file or directory", debug.errLines()[0]);
        assertTrue(debug.err().contains("NoSuchFileException") || debug.err().contains("\tat "), debug.err());

        Cli.Result before = Cli.run("--debug", "inspect", p);
        assertEquals(3, before.exit(), before.err());
        assertTrue(before.errLines().length > 1, "--debug before the command works too: " + before.err());
    }
}
