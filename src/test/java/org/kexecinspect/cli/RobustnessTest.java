package org.kexecinspect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.kexecinspect.testing.Cli;
import org.kexecinspect.testing.Inputs;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Robustness of {@code inspect} on damaged real inputs (a Debian bzImage and a captured zero
 * page): every prefix, seeded bit flips and overwrites. Each run must end with exit code 0 or 3;
 * on 3 with exactly one stderr line naming the file and the byte offset, and never with a stack
 * trace. The class timeout only guards against hangs; nothing here is timed.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class RobustnessTest {

    private static final String PREFIX = "kexec-inspect: ";
    private static final Pattern OFFSET = Pattern.compile(": offset 0x([0-9a-f]+): ");
    /** What a reason says when the input is too short for what is read. */
    private static final Pattern TRUNCATED = Pattern.compile(
            "(?i)truncated|past the end|cut short|ended early|only \\d+ bytes|is \\d+ bytes, expected");
    /** How many failures a test lists before it stops collecting. */
    private static final int MAX_REPORTED = 20;

    @TempDir static Path tmp;

    private static Path kernel;
    private static byte[] kernelBytes;
    private static byte[] bootParams;

    @BeforeAll
    static void load() throws IOException {
        kernel = Inputs.debianAmd64Kernel();
        kernelBytes = Files.readAllBytes(kernel);
        bootParams = Files.readAllBytes(Inputs.qemuCapture("efifb-kexec_load", "first").resolve("boot_params.bin"));
        assertEquals(4096, bootParams.length, "fixture boot_params.bin");
        assertTrue(kernelBytes.length > 1 << 20, "the Debian image is a real kernel");
    }

    // ---- prefixes -------------------------------------------------------------------------------

    @Test
    void everyPrefixOfTheFirstKibOfTheKernelImage() throws IOException {
        Failures f = new Failures();
        TreeSet<Integer> lengths = new TreeSet<>();
        for (int n = 0; n <= 1024; n++) {
            lengths.add(n);
        }
        // boundaries past the first KiB: the zero-page size, the end of the setup code, the payload
        // and kernel_info, where the parser switches from "cut short" to decoding with warnings
        int realMode = realModeSize(kernelBytes);
        long payloadAt = realMode + u32(kernelBytes, 0x248);
        long kernelInfoAt = realMode + u32(kernelBytes, 0x268);
        for (long base : new long[] {4096, 0x26c, realMode, payloadAt, payloadAt + 6, kernelInfoAt,
            kernelInfoAt + 16}) {
            for (int d = -2; d <= 2; d++) {
                long n = base + d;
                if (n >= 0 && n <= kernelBytes.length) {
                    lengths.add((int) n);
                }
            }
        }
        Path dir = Files.createDirectories(tmp.resolve("kernel-prefix"));
        int i = 0;
        for (int n : lengths) {
            Path p = dir.resolve("vmlinuz." + n);
            Files.write(p, Arrays.copyOf(kernelBytes, n));
            String path = p.toString();
            boolean json = i++ % 5 == 0;
            Cli.Result r = json ? Cli.run("inspect", "--format", "json", path) : Cli.run("inspect", path);
            check(f, "prefix " + n, r, path, n, json);
            if (n < 4096) {
                // too short for any kind but a 64-byte screen_info
                if (n != 64 && r.exit() != 3) {
                    f.add("prefix " + n + ": a " + n + "-byte start of a kernel decoded (exit " + r.exit() + ")");
                }
            }

            forcedKinds(f, n, path, realMode, json);
            Files.delete(p);
        }
        f.assertNone();
    }

    @Test
    void everyPrefixOfABootParamsPage() throws IOException {
        Failures f = new Failures();
        Path dir = Files.createDirectories(tmp.resolve("boot-params-prefix"));
        int realMode = realModeSize(bootParams);
        for (int n = 0; n <= bootParams.length; n++) {
            Path p = dir.resolve("boot_params." + n);
            Files.write(p, Arrays.copyOf(bootParams, n));
            String path = p.toString();
            boolean json = n % 5 == 0;
            Cli.Result r = json ? Cli.run("inspect", "--format", "json", path) : Cli.run("inspect", path);
            check(f, "prefix " + n, r, path, n, json);
            if (n == bootParams.length && r.exit() != 0) {
                f.add("the whole captured page does not decode: " + r.err());
            } else if (n < bootParams.length && n != 64 && r.exit() != 3) {
                f.add("prefix " + n + ": a " + n + "-byte start of a zero page decoded (exit " + r.exit() + ")");
            }

            Cli.Result bp = forcedKinds(f, n, path, Math.max(realMode, 0x26c), json);
            if (n >= 4096 && bp.exit() != 0) {
                f.add("the whole page with --as boot-params does not decode: " + bp.err());
            }
            Files.delete(p);
        }
        f.assertNone();
    }

    /**
     * The same prefix read as each forced kind: a prefix shorter than the kind needs must be
     * refused as truncated. Returns the --as boot-params result.
     */
    private static Cli.Result forcedKinds(Failures f, int n, String path, int bzImageNeeds, boolean json) {
        Cli.Result bz = Cli.run("inspect", "--as", "x86-bzimage", path);
        check(f, "prefix " + n + " --as x86-bzimage", bz, path, n, false);
        if (n < bzImageNeeds) {
            expectTruncated(f, "prefix " + n + " --as x86-bzimage", bz);
        }
        Cli.Result bp = Cli.run("inspect", "--as", "boot-params", path);
        check(f, "prefix " + n + " --as boot-params", bp, path, n, false);
        if (n < 4096) {
            expectTruncated(f, "prefix " + n + " --as boot-params", bp);
        }
        if (json) {
            for (String kind : new String[] {"x86-bzimage", "boot-params"}) {
                check(f, "prefix " + n + " --as " + kind + " json",
                        Cli.run("inspect", "--format", "json", "--as", kind, path), path, n, true);
            }
        }
        return bp;
    }

    // ---- bit flips ------------------------------------------------------------------------------

    @Test
    void seededBitFlipsInTheKernelImage() throws IOException {
        Failures f = new Failures();
        Path copy = tmp.resolve("vmlinuz-flipped");
        Files.copy(kernel, copy);
        String path = copy.toString();
        long size = kernelBytes.length;
        Random random = new Random(0x6b657865_63L);
        int flips = 400;
        try (RandomAccessFile raf = new RandomAccessFile(copy.toFile(), "rw")) {
            for (int i = 0; i < flips; i++) {
                // 80 % in the first 32 KiB (boot sector, setup_header, setup code, version string,
                // start of the payload), the rest anywhere in the image
                long at = i % 5 != 4 ? random.nextInt(32 << 10) : (long) (random.nextDouble() * size);
                int bit = random.nextInt(8);
                String what = String.format("flip bit %d at 0x%x", bit, at);
                flip(raf, at, bit);
                try {
                    boolean json = i % 2 == 1;
                    Cli.Result r = json ? Cli.run("inspect", "--format", "json", path) : Cli.run("inspect", path);
                    check(f, what, r, path, size, json);
                } finally {
                    flip(raf, at, bit);
                }
            }
        }
        assertEquals(-1L, Files.mismatch(copy, kernel), "every flip was undone");
        Cli.Result r = Cli.run("inspect", path);
        assertEquals(0, r.exit(), "the restored image decodes: " + r.err());
        f.assertNone();
    }

    @Test
    void seededBitFlipsAndOverwritesInABootParamsPage() throws IOException {
        Failures f = new Failures();
        Path page = tmp.resolve("boot_params-mutated");
        Path dir = Files.createDirectories(tmp.resolve("boot_params-dir"));
        Path data = dir.resolve("data");
        Random random = new Random(0x7a65726f_70L);
        List<String> names = new ArrayList<>();
        List<byte[]> pages = new ArrayList<>();

        for (int i = 0; i < 400; i++) {
            byte[] b = bootParams.clone();
            int at = random.nextInt(b.length);
            int bit = random.nextInt(8);
            b[at] ^= (byte) (1 << bit);
            names.add(String.format("flip bit %d at 0x%x", bit, at));
            pages.add(b);
        }
        // e820_entries (one byte at 0x1e8) and its neighbours: counts past the 128-row table
        for (int v : new int[] {0, 1, 127, 128, 129, 200, 255}) {
            byte[] b = bootParams.clone();
            b[0x1e8] = (byte) v;
            names.add("e820_entries = " + v);
            pages.add(b);
        }
        for (int i = 0; i < 60; i++) {
            byte[] b = bootParams.clone();
            int len = 1 + random.nextInt(8);
            byte[] junk = new byte[len];
            random.nextBytes(junk);
            System.arraycopy(junk, 0, b, 0x1e8, len);
            names.add(String.format("%d random bytes at 0x1e8", len));
            pages.add(b);
        }
        // the setup_header copy, 0x1f1..0x26c: jump, version, setup_sects, offsets, flags
        for (int i = 0; i < 120; i++) {
            byte[] b = bootParams.clone();
            int start = 0x1f1 + random.nextInt(0x26c - 0x1f1);
            int len = Math.min(1 + random.nextInt(16), 0x26c - start);
            byte[] junk = new byte[len];
            random.nextBytes(junk);
            System.arraycopy(junk, 0, b, start, len);
            names.add(String.format("%d random bytes at 0x%x", len, start));
            pages.add(b);
        }

        for (int i = 0; i < pages.size(); i++) {
            byte[] b = pages.get(i);
            Files.write(page, b);
            String path = page.toString();
            boolean json = i % 2 == 1;
            Cli.Result r = json ? Cli.run("inspect", "--format", "json", path) : Cli.run("inspect", path);
            check(f, names.get(i), r, path, b.length, json);
            if (i % 3 == 0) {
                // forced, and as a /sys/kernel/boot_params copy: the error then names data
                Cli.Result forced = Cli.run("inspect", "--as", "boot-params", path);
                check(f, names.get(i) + " --as boot-params", forced, path, b.length, false);
                Files.write(data, b);
                Cli.Result d = Cli.run("inspect", dir.toString());
                check(f, names.get(i) + " as directory", d, data.toString(), b.length, false);
            }
        }
        f.assertNone();
    }

    // ---- several inputs, one bad ----------------------------------------------------------------

    @Test
    void oneBadInputAmongGoodOnesLosesNothing() throws IOException {
        Path bad = tmp.resolve("vmlinuz.cut");
        Files.write(bad, Arrays.copyOf(kernelBytes, 700));
        String good = kernel.toString();

        for (String[] order : new String[][] {{good, bad.toString()}, {bad.toString(), good}}) {
            Cli.Result text = Cli.run("inspect", order[0], order[1]);
            assertEquals(3, text.exit(), text.err());
            String[] lines = text.errLines();
            assertEquals(1, lines.length, "one error line: " + text.err());
            assertTrue(lines[0].startsWith(PREFIX + bad + ": offset 0x"), lines[0]);
            assertTrue(text.out().contains(good + ": x86-bzimage"), "the good record is printed:\n" + text.out());
            assertTrue(text.out().contains("6.1.0"), "with its version string");
            assertTrue(!text.out().contains(bad.toString()), "no record for the bad input:\n" + text.out());
            noStackTrace(text.err());

            Cli.Result json = Cli.run("inspect", "--format", "json", order[0], order[1]);
            assertEquals(3, json.exit(), json.err());
            assertEquals(1, json.errLines().length, json.err());
            JsonNode artifacts = json.json().get("artifacts");
            assertEquals(2, artifacts.size(), json.out());
            for (int i = 0; i < 2; i++) {
                JsonNode a = artifacts.get(i);
                assertEquals(order[i], a.get("path").asText());
                if (order[i].equals(good)) {
                    assertEquals("x86-bzimage", a.get("kind").asText());
                    assertTrue(a.get("error") == null, "no error on the good record");
                    assertTrue(a.get("setupHeader").isObject(), "the good record is complete");
                } else {
                    assertTrue(a.has("kind") && a.get("kind").isNull(), "\"kind\": null: " + a);
                    JsonNode e = a.get("error");
                    assertTrue(e != null && e.isObject(), "an error object: " + a);
                    assertTrue(e.get("offset").isIntegralNumber(), "integer offset: " + e);
                    assertTrue(e.get("reason").isTextual() && !e.get("reason").asText().isBlank(), e.toString());
                    assertTrue(json.err().contains("offset 0x" + Long.toHexString(e.get("offset").asLong()) + ": "
                            + e.get("reason").asText()), "stderr and JSON agree: " + json.err() + " / " + e);
                }
            }
        }
    }

    // ---- checks ---------------------------------------------------------------------------------

    /** The contract for any run on a damaged input whose content (not its access) is at fault. */
    private static void check(Failures f, String what, Cli.Result r, String path, long size, boolean json) {
        String ctx = what + " (" + (json ? "json" : "text") + ")";
        if (r.exit() != 0 && r.exit() != 3) {
            f.add(ctx + ": exit " + r.exit() + ", expected 0 or 3; stderr: " + r.err());
            return;
        }
        if (r.err().contains("Exception") || r.err().contains("\tat ") || r.err().contains("at org.")) {
            f.add(ctx + ": stack trace on stderr: " + r.err());
            return;
        }
        if (r.exit() == 0) {
            if (!r.err().isEmpty()) {
                f.add(ctx + ": exit 0 but stderr says: " + r.err());
            }
            if (json) {
                JsonNode a = parse(f, ctx, r);
                if (a != null && !a.get("kind").isTextual()) {
                    f.add(ctx + ": exit 0 without a kind: " + a);
                }
            } else if (!r.out().startsWith(recordPath(path) + ": ")) {
                f.add(ctx + ": exit 0 but no record: " + head(r.out()));
            }
            return;
        }
        String[] lines = r.errLines();
        if (lines.length != 1) {
            f.add(ctx + ": " + lines.length + " stderr lines, expected 1: " + r.err());
            return;
        }
        String line = lines[0];
        if (!line.startsWith(PREFIX + path + ": ")) {
            f.add(ctx + ": the error line does not start with \"" + PREFIX + path + ": \": " + line);
        }
        Matcher m = OFFSET.matcher(line);
        if (!m.find()) {
            f.add(ctx + ": no \"offset 0x...\" in the error line: " + line);
        } else {
            long offset = Long.parseLong(m.group(1), 16);
            if (offset > size) {
                f.add(ctx + ": offset 0x" + m.group(1) + " lies past the end of the " + size + "-byte input: " + line);
            }
        }
        if (line.substring(line.lastIndexOf(": ") + 2).isBlank()) {
            f.add(ctx + ": no reason: " + line);
        }
        if (json) {
            JsonNode a = parse(f, ctx, r);
            if (a != null) {
                JsonNode e = a.get("error");
                if (!a.has("kind") || !a.get("kind").isNull() || e == null || !e.get("offset").isIntegralNumber()
                        || !e.get("reason").isTextual()) {
                    f.add(ctx + ": the JSON record is not {kind: null, error: {offset, reason}}: " + a);
                }
            }
        } else if (!r.out().isEmpty()) {
            f.add(ctx + ": exit 3 but stdout holds record text: " + head(r.out()));
        }
    }

    /** A directory input's record is named after the directory, not its data file. */
    private static String recordPath(String path) {
        return path.endsWith("/data") ? path.substring(0, path.length() - "/data".length()) : path;
    }

    private static JsonNode parse(Failures f, String ctx, Cli.Result r) {
        try {
            JsonNode doc = r.json();
            JsonNode artifacts = doc.get("artifacts");
            if (!"kexec-inspect/1".equals(doc.path("schema").asText()) || artifacts == null || artifacts.size() != 1) {
                f.add(ctx + ": not a one-record kexec-inspect/1 document: " + head(r.out()));
                return null;
            }
            return artifacts.get(0);
        } catch (AssertionError e) {
            f.add(ctx + ": " + e.getMessage());
            return null;
        }
    }

    private static void expectTruncated(Failures f, String ctx, Cli.Result r) {
        if (r.exit() != 3) {
            f.add(ctx + ": a cut-short input gave exit " + r.exit() + ", expected 3");
        } else if (r.errLines().length == 1 && !TRUNCATED.matcher(r.errLines()[0]).find()) {
            f.add(ctx + ": the error does not say the input is cut short: " + r.err());
        }
    }

    private static void noStackTrace(String err) {
        assertTrue(!err.contains("Exception") && !err.contains("\tat ") && !err.contains("at org."),
                "no stack trace: " + err);
    }

    private static String head(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    private static void flip(RandomAccessFile raf, long at, int bit) throws IOException {
        raf.seek(at);
        int b = raf.read();
        raf.seek(at);
        raf.write(b ^ 1 << bit);
    }

    private static int realModeSize(byte[] image) {
        int sects = image[0x1f1] & 0xff;
        return ((sects == 0 ? 4 : sects) + 1) * 512;
    }

    private static long u32(byte[] b, int at) {
        return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24;
    }

    /** Collects what went wrong over many runs and reports the first few at the end. */
    private static final class Failures {
        private final List<String> list = new ArrayList<>();
        private int count;

        void add(String s) {
            if (count++ < MAX_REPORTED) {
                list.add(s);
            }
        }

        void assertNone() {
            if (count > 0) {
                fail(count + " failures, the first " + list.size() + ":\n" + String.join("\n", list));
            }
        }
    }
}
