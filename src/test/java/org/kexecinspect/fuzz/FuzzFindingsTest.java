package org.kexecinspect.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.kexecinspect.facts.Captures;
import org.kexecinspect.facts.Collector;
import org.kexecinspect.facts.Fact;
import org.kexecinspect.facts.Root;
import org.kexecinspect.facts.SystemCalls;
import org.kexecinspect.facts.SystemFacts;
import org.kexecinspect.testing.Cli;
import org.kexecinspect.testing.Inputs;

/**
 * What fuzzing found, each as a readable case beside the crashing input committed in the seed
 * corpus (whose FuzzedDataProvider encoding depends on the harness): the command must answer
 * (exit 0 or 3), never fail with the internal-error exit 70.
 */
class FuzzFindingsTest {

    @TempDir
    Path tmp;

    /** A copy of one of the hand-made Hyper-V capture trees. */
    Path capture(String name) throws IOException {
        Path src = Inputs.projectDir().resolve("native-fixtures/hyperv-captures").resolve(name);
        Path dst = tmp.resolve(name);
        try (Stream<Path> s = Files.walk(src)) {
            for (Path p : s.toList()) {
                Path t = dst.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
        return dst;
    }

    static SystemFacts collect(Path dir) throws Exception {
        try (Root root = Captures.open(dir, dir.getFileName().toString())) {
            return Collector.collect(root, SystemCalls.recorded(root));
        }
    }

    /**
     * crash-capture-release-with-nul: a release holding a NUL made boot/config-RELEASE an invalid
     * path, and InvalidPathException escaped the collector (CaptureFuzzTest#tar).
     */
    @Test
    void aKernelReleaseWithANulIsAMalformedFactNotACrash() throws Exception {
        Path dir = capture("gen2-local-x86");
        Files.writeString(dir.resolve("proc/sys/kernel/osrelease"), "6.8.0\0-52-generic\n", StandardCharsets.ISO_8859_1);
        Fact<?> config = collect(dir).machine().config();
        assertFalse(config.known());
        assertEquals(Fact.Why.MALFORMED, config.unknown().why());
        Cli.Result r = Cli.run("inspect", dir.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("not a usable release for a file name: \"6.8.0?-52-generic\""), r.out());
        // and any other path built from captured text: a NUL is no file, not an exception
        try (Root root = Captures.open(dir, "capture")) {
            Fact<byte[]> f = root.read("boot/config-6.8.0\0-52-generic", 1024);
            assertEquals(Fact.Why.MALFORMED, f.unknown().why());
            assertTrue(f.unknown().detail().startsWith("not a possible file name"), f.unknown().detail());
        }
    }

    /**
     * Found while auditing what the NUL finding touched: a release that is no file name ("../x",
     * "a/") reached Root.checkPath through lib/modules/RELEASE/modules.builtin, and its
     * IllegalArgumentException made inspect and predict exit 70.
     */
    @Test
    void aKernelReleaseThatIsNoFileNameIsAMalformedFactNotACrash() throws Exception {
        for (String release : new String[] {"../x", "a/", ".hidden"}) {
            Path dir = capture("gen2-local-x86");
            Files.writeString(dir.resolve("proc/sys/kernel/osrelease"), release + "\n");
            SystemFacts f = collect(dir);
            assertEquals(Fact.Why.MALFORMED, f.machine().config().unknown().why(), release);
            for (String command : new String[] {"inspect", "predict"}) {
                Cli.Result r = Cli.run(command, dir.toString());
                assertTrue(r.exit() != 70 && !r.err().contains("internal error"), command + " " + release + ": " + r.err());
            }
            Fuzz.delete(dir);
        }
    }

    /**
     * crash-x86-release-no-file-name: a bzImage whose kernel_version starts with '.' (or holds a
     * '/') has a release config-RELEASE cannot be looked up by, and the "no config" text then
     * dereferenced the missing path (NullPointerException, exit 70). X86FuzzTest#x86Kernel.
     */
    @Test
    void anX86KernelWhoseReleaseIsNoFileNameSaysSo() throws Exception {
        byte[] img = LimitsTest.seed("X86FuzzTestInputs/x86Kernel", "debian-6.1.0-57-amd64-setup-with-tiny-xz-payload.bin");
        int version = (img[0x20e] & 0xff | (img[0x20f] & 0xff) << 8) + 0x200;
        img[version] = '.';
        Path file = Files.write(tmp.resolve("kernel"), img);
        Cli.Result r = Cli.run("inspect", file.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("is no file name to find config-RELEASE by"), r.out());
    }

    /**
     * crash-zboot-payload-size-zero: an EFI zboot whose payload_size is 0 had no payload format
     * (null), and the arm64 decoder passed it to the decompressor (NullPointerException, exit 70).
     * Arm64FuzzTest#arm64Kernel. A payload with no known magic is refused the same way.
     */
    @Test
    void anEfiZbootWithNoPayloadOrAnUnknownOneIsAFormatErrorNotACrash() throws Exception {
        byte[] zboot = LimitsTest.seed("Arm64FuzzTestInputs/arm64Kernel", "zboot-gzip-of-debian-6.1.0-57-arm64-head-and-banner.bin");
        byte[] empty = zboot.clone();
        Arrays.fill(empty, 0x0c, 0x10, (byte) 0);     // payload_size
        Cli.Result r = Cli.run("inspect", Files.write(tmp.resolve("empty.efi"), empty).toString());
        assertEquals(3, r.exit(), r.err());
        assertTrue(r.err().contains("empty.efi: offset 0xc: EFI zboot payload_size is 0"), r.err());

        byte[] noMagic = zboot.clone();
        int payload = zboot[8] & 0xff | (zboot[9] & 0xff) << 8 | (zboot[10] & 0xff) << 16;
        Arrays.fill(noMagic, payload, payload + 4, (byte) 0);
        r = Cli.run("inspect", Files.write(tmp.resolve("nomagic.efi"), noMagic).toString());
        assertEquals(3, r.exit(), r.err());
        assertTrue(r.err().contains("nomagic.efi: offset 0x" + Integer.toHexString(payload)
                + ": the EFI zboot payload starts with no known compression magic (compress_type says \"gzip\")"), r.err());
        assertEquals(1, r.errLines().length, r.err());
    }
}
