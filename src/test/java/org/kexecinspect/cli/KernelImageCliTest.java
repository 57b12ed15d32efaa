package org.kexecinspect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexecinspect.testing.Cli;
import org.kexecinspect.testing.Inputs;
import org.kexecinspect.testing.KernelPayloads;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * inspect on real kernel images of both architectures, through the command line: the release, the
 * config and its source, the payload scan, the arm64 wrappers; and the hostile payloads, each
 * one line and exit 3. Expected values come from native tools (file, grep, gzip), not from our code.
 */
class KernelImageCliTest {

    @TempDir static Path tmp;
    static Path amd64;
    static Path arm64;

    @BeforeAll
    static void images() {
        amd64 = Inputs.debianAmd64Kernel();
        arm64 = Inputs.debianArm64Kernel();
    }

    static JsonNode inspect(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "inspect";
        all[1] = "--format";
        all[2] = "json";
        System.arraycopy(args, 0, all, 3, args.length);
        Cli.Result r = Cli.run(all);
        assertEquals(0, r.exit(), r.err());
        return r.json().get("artifacts").get(0);
    }

    /** file(1)'s reading of the release: the word after "version ". */
    static String fileRelease(Path image) {
        Matcher m = Pattern.compile("version (\\S+)").matcher(Inputs.exec(null, "file", "-b", image.toString()));
        assertTrue(m.find());
        return m.group(1);
    }

    /** grep's reading of a config option, "n" for "is not set", null when absent. */
    static String grepConfig(Path config, String option) {
        for (String line : Inputs.exec(null, "grep", "-E", "^(# )?" + option + "[= ]", config.toString()).lines().toList()) {
            if (line.startsWith("# ")) {
                return "n";
            }
            return line.substring(option.length() + 1).replace("\"", "");
        }
        return null;
    }

    @Test
    void x86HeaderOnlyGivesTheReleaseAndTheConfigBesideTheImageWithoutDecompressing() throws Exception {
        JsonNode r = inspect(amd64.toString());
        assertEquals(fileRelease(amd64), r.get("kernelRelease").asText());
        Path config = Inputs.configBeside(amd64);
        JsonNode kc = r.get("kernelConfig");
        assertTrue(kc.get("source").asText().contains(config.getFileName().toString()), kc.toString());
        for (String option : List.of("CONFIG_SYSFB", "CONFIG_FB_EFI", "CONFIG_DRM_HYPERV", "CONFIG_PCI_HYPERV",
                "CONFIG_KEXEC_FILE", "CONFIG_IKCONFIG")) {
            assertEquals(grepConfig(config, option), kc.get("options").get(option).asText(), option);
        }
        assertTrue(kc.get("options").get("CONFIG_HYPERV_VTL_MODE").isNull(), "absent from a 6.1 config");
        String compression = Inputs.exec(null, "grep", "-oE", "^CONFIG_KERNEL_[A-Z0-9]+=y", config.toString()).trim();
        assertEquals(compression.replace("=y", ""), kc.get("kernelCompression").asText());
        assertTrue(r.get("payload").get("uncompressedSize").isNull(), "header-only without --deep");
    }

    @Test
    void x86DeepScanMatchesTheNativeDecompressorAndGrep() throws Exception {
        JsonNode p = inspect("--deep", amd64.toString()).get("payload");
        Path vmlinux = KernelPayloads.vmlinux();
        assertEquals(Files.size(vmlinux), p.get("uncompressedSize").asLong());
        String banner = Inputs.exec(null, "grep", "-a", "-o", "-m", "1", "Linux version [[:alnum:]][[:print:]]*",
                vmlinux.toString()).lines().findFirst().orElseThrow();
        assertEquals(banner, p.get("banner").asText());
        assertEquals(false, p.get("ikconfig").asBoolean(), "Debian builds without CONFIG_IKCONFIG");
    }

    @Test
    void theEmbeddedConfigIsFoundAndPreferredToTheFileBesideTheImage() throws Exception {
        // Debian has no CONFIG_IKCONFIG=y kernel, so this one is made as kernel/configs.c lays it out:
        // the real Debian config, gzipped by the real gzip, between IKCFG_ST and IKCFG_ED, placed
        // inside the real decompressed kernel, which the real `lz4 -l` then compresses.
        Path config = Inputs.configBeside(amd64);
        Path gz = tmp.resolve("config.gz");
        KernelPayloads.pipe(List.of("gzip", "-9", "-n"), config, gz);
        byte[] kernel = Files.readAllBytes(KernelPayloads.vmlinux());
        ByteArrayOutputStream withConfig = new ByteArrayOutputStream();
        int at = kernel.length / 3;
        withConfig.write(kernel, 0, at);
        withConfig.writeBytes("IKCFG_ST".getBytes(StandardCharsets.US_ASCII));
        withConfig.writeBytes(Files.readAllBytes(gz));
        withConfig.writeBytes("IKCFG_ED".getBytes(StandardCharsets.US_ASCII));
        withConfig.write(kernel, at, kernel.length - at);
        Path raw = tmp.resolve("vmlinux-ikconfig");
        Files.write(raw, withConfig.toByteArray());
        Path lz4 = tmp.resolve("vmlinux-ikconfig.lz4");
        KernelPayloads.pipe(List.of("lz4", "-l", "-9"), raw, lz4);
        byte[] payload = Files.readAllBytes(lz4);
        byte[] sized = java.util.Arrays.copyOf(payload, payload.length + 4);
        ByteBuffer.wrap(sized).order(ByteOrder.LITTLE_ENDIAN).putInt(payload.length, withConfig.size());
        Path image = tmp.resolve("vmlinuz-ikconfig");
        Files.write(image, KernelPayloads.replacePayload(Files.readAllBytes(amd64), sized));

        JsonNode r = inspect("--deep", image.toString());
        assertEquals(true, r.get("payload").get("ikconfig").asBoolean());
        JsonNode kc = r.get("kernelConfig");
        assertTrue(kc.get("source").asText().contains("IKCONFIG"), kc.toString());
        for (String option : List.of("CONFIG_SYSFB", "CONFIG_FB_EFI", "CONFIG_DRM_HYPERV", "CONFIG_KEXEC")) {
            assertEquals(grepConfig(config, option), kc.get("options").get(option).asText(), option);
        }
        // --all-config lists every option the file has
        JsonNode all = inspect("--deep", "--all-config", image.toString()).get("kernelConfig").get("options");
        long lines = Long.parseLong(Inputs.exec(null, "grep", "-cE",
                "^(CONFIG_[A-Za-z0-9_]+=|# CONFIG_[A-Za-z0-9_]+ is not set)", config.toString()).trim());
        assertEquals(lines, all.size());
    }

    @Test
    void aConfigFileGivenWithConfigWins() throws Exception {
        Path mine = tmp.resolve("my.config");
        Files.writeString(mine, "CONFIG_SYSFB=y\n# CONFIG_FB_EFI is not set\n");
        JsonNode kc = inspect("--config", mine.toString(), amd64.toString()).get("kernelConfig");
        assertEquals("--config " + mine, kc.get("source").asText());
        assertEquals("n", kc.get("options").get("CONFIG_FB_EFI").asText());
    }

    @Test
    void arm64RawImageHeaderReleaseAndConfig() throws Exception {
        JsonNode r = inspect(arm64.toString());
        assertEquals("arm64-image", r.get("kind").asText());
        assertEquals("none", r.get("wrapper").asText());
        String file = Inputs.exec(null, "file", "-b", arm64.toString());
        JsonNode h = r.get("arm64Header");
        assertTrue(file.contains(h.get("endianness").asText() + "-endian"), file);
        assertTrue(file.contains(h.get("pageSize").asText() + " pages"), file);
        String banner = Inputs.exec(null, "grep", "-a", "-o", "-m", "1", "Linux version [[:alnum:]][[:print:]]*",
                arm64.toString()).lines().findFirst().orElseThrow();
        assertEquals(banner, r.get("kernelVersion").asText());
        assertEquals(banner.split(" ")[2], r.get("kernelRelease").asText());
        assertTrue(r.get("kernelConfig").get("source").asText().startsWith("config-" + banner.split(" ")[2]));
        assertEquals(true, r.get("loadability").get("kexecFileLoad").get("accepted").asBoolean());
    }

    /**
     * Debian unstable's 7.x packages: usr/lib/modules/REL/vmlinuz with usr/lib/modules/REL/config beside
     * it (linux-binary-REL, linux-base-REL), no config-REL: inspect reads that config. The arm64 one is
     * built without CONFIG_KEXEC_FILE.
     */
    @Test
    void theUsrLibModulesLayoutsConfigIsTheOneBesideTheImage() throws Exception {
        for (String flavour : List.of("amd64", "arm64")) {
            Path image = Inputs.debianKernel(flavour, "sid");
            JsonNode kc = inspect(image.toString()).get("kernelConfig");
            assertEquals("config beside the image", kc.get("source").asText(), flavour);
            assertEquals(flavour.equals("amd64") ? "y" : "n", kc.get("options").get("CONFIG_KEXEC_FILE").asText(), flavour);
        }
    }

    @Test
    void arm64GzipWrappedImageAsUbuntuShipsItDecodesTheInnerImage() throws Exception {
        JsonNode raw = inspect(arm64.toString());
        Path dir = Files.createDirectories(tmp.resolve("boot"));
        Path gz = dir.resolve(arm64.getFileName());
        KernelPayloads.pipe(List.of("gzip", "-9", "-n"), arm64, gz);
        Files.copy(Inputs.configBeside(arm64), dir.resolve(Inputs.configBeside(arm64).getFileName()));
        JsonNode r = inspect(gz.toString());
        assertEquals("gzip", r.get("wrapper").asText());
        assertEquals(raw.get("arm64Header"), r.get("arm64Header"));
        assertEquals(raw.get("kernelRelease"), r.get("kernelRelease"));
        assertEquals(Files.size(arm64), r.get("payload").get("uncompressedSize").asLong());
        assertEquals(false, r.get("loadability").get("kexecFileLoad").get("accepted").asBoolean());
        assertEquals(true, r.get("loadability").get("kexecTools").get("accepted").asBoolean());
    }

    /** An EFI zboot file per zboot-header.S: a 4 KiB head, the payload at 0x1000, "PE\0\0" + arm64 at 0x40. */
    static Path zboot(String name, String type, byte[] payload, int payloadSize) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(0x1000 + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x00, 0x5a4d).put(0x04, "zimg".getBytes(StandardCharsets.US_ASCII)).putInt(0x08, 0x1000)
                .putInt(0x0c, payloadSize).put(0x18, type.getBytes(StandardCharsets.US_ASCII))
                .putInt(0x38, 0x818223cd).putInt(0x3c, 0x40).put(0x40, new byte[] {'P', 'E', 0, 0, 0x64, (byte) 0xaa});
        b.position(0x1000);
        b.put(payload);
        Path out = tmp.resolve(name);
        Files.write(out, b.array());
        return out;
    }

    @Test
    void arm64ZbootWithAZstdPayloadDecodesTheInnerImage() throws Exception {
        Path zst = tmp.resolve("Image.zst");
        KernelPayloads.pipe(List.of("zstd", "-q", "-3"), arm64, zst);
        byte[] payload = Files.readAllBytes(zst);
        byte[] sized = java.util.Arrays.copyOf(payload, payload.length + 4);      // Makefile.zboot appends the size
        ByteBuffer.wrap(sized).order(ByteOrder.LITTLE_ENDIAN).putInt(payload.length, (int) Files.size(arm64));
        JsonNode r = inspect(zboot("vmlinuz.efi", "zstd22", sized, payload.length).toString());
        assertEquals("efi-zboot", r.get("wrapper").asText());
        assertEquals("zstd", r.get("payload").get("compression").asText());
        assertEquals(inspect(arm64.toString()).get("arm64Header"), r.get("arm64Header"));
        assertEquals(true, r.get("loadability").get("kexecTools").get("accepted").asBoolean());
        assertEquals(false, r.get("loadability").get("kexecFileLoad").get("accepted").asBoolean());
    }

    static void assertOneLineExit3(Cli.Result r, String path, String... words) {
        assertEquals(3, r.exit(), r.err());
        String[] lines = r.errLines();
        assertEquals(1, lines.length, r.err());
        assertTrue(lines[0].contains(path), lines[0]);
        for (String w : words) {
            assertTrue(lines[0].contains(w), w + " not in " + lines[0]);
        }
    }

    @Test
    void hostileKernelFilesGetOneLineAndExit3() throws Exception {
        // a zboot header whose payload runs past the end of the file
        Path past = zboot("past.efi", "gzip", new byte[64], 1 << 20);
        assertOneLineExit3(Cli.run("inspect", past.toString()), past.toString(), "offset 0xc");
        // an Image header with an absurd image_size
        byte[] head;
        try (var in = Files.newInputStream(arm64)) {
            head = in.readNBytes(1 << 16);
        }
        ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).putLong(0x10, 1L << 44);
        Path absurd = tmp.resolve("absurd-Image");
        Files.write(absurd, head);
        assertOneLineExit3(Cli.run("inspect", absurd.toString()), absurd.toString(), "offset 0x10", "image_size");
        // a truncated x86 image, scanned
        byte[] image = Files.readAllBytes(KernelPayloads.shaped(KernelPayloads.Format.LZ4));
        Path cut = tmp.resolve("cut-bzImage");
        Files.write(cut, java.util.Arrays.copyOf(image, image.length / 2));
        assertOneLineExit3(Cli.run("inspect", "--deep", cut.toString()), cut.toString(), "ends early");
        // a payload past the cap
        assertOneLineExit3(Cli.run("inspect", "--deep", "--max-payload", "8M", amd64.toString()), amd64.toString(), "cap");
    }

    @Test
    void gzipDataThatIsNotAnImageIsRefusedAfterItsFirstBytes() throws Exception {
        // a big gzip file (an initrd, a tarball) is not decompressed whole to find out it is no kernel:
        // this one is cut in half, so reading it all would end in "ends early", not in the magic check
        Path cut = tmp.resolve("not-a-kernel.gz");
        Inputs.exec(null, "sh", "-c", "head -c 1048576 /dev/urandom | gzip -1 | head -c 524288 > " + cut);
        Cli.Result r = Cli.run("inspect", cut.toString());
        assertOneLineExit3(r, cut.toString(), "ARM\\x64", "offset 0x38");
    }

    @Test
    void seededByteFlipsOfArm64FilesGiveExit0Or3AndOneLine() throws Exception {
        byte[] image;
        try (var in = Files.newInputStream(arm64)) {
            image = in.readNBytes(1 << 16);
        }
        Path gz = tmp.resolve("head.gz");
        Path headFile = tmp.resolve("head");
        Files.write(headFile, image);
        KernelPayloads.pipe(List.of("gzip", "-9", "-n"), headFile, gz);
        byte[] payload = Files.readAllBytes(gz);
        byte[] zboot = Files.readAllBytes(zboot("seed.efi", "gzip", payload, payload.length));
        java.util.Random random = new java.util.Random(20261121);
        for (byte[] seed : List.of(image, zboot)) {
            for (int i = 0; i < 150; i++) {
                byte[] b = seed.clone();
                int flips = 1 + random.nextInt(4);
                for (int k = 0; k < flips; k++) {
                    // mostly the headers, sometimes anywhere
                    int at = random.nextInt(4) == 0 ? random.nextInt(b.length) : random.nextInt(0x80);
                    b[at] ^= (byte) (1 << random.nextInt(8));
                }
                Path f = tmp.resolve("mutant");
                Files.write(f, b);
                Cli.Result r = Cli.run("inspect", "--format", "json", f.toString());
                assertTrue(r.exit() == 0 || r.exit() == 3, "exit " + r.exit() + ": " + r.err());
                if (r.exit() == 3) {
                    assertEquals(1, r.errLines().length, r.err());
                    assertTrue(r.errLines()[0].contains(f.toString()), r.err());
                }
            }
        }
    }

    @Test
    void aDecompressionBombStopsAtTheDefaultCapWithoutExhaustingMemory() throws Exception {
        // the real Image's first 64 KiB, then 1.25 GiB of zeros, in a few hundred KiB of zstd, as an
        // arm64 zboot payload: it passes the Image check, and only the cap stops it
        Path zeros = tmp.resolve("zeros.zst");
        Inputs.exec(null, "sh", "-c", "{ head -c 65536 \"$1\"; head -c 1342177280 /dev/zero; } | zstd -q -1 > \"$2\"",
                "sh", arm64.toString(), zeros.toString());
        byte[] payload = Files.readAllBytes(zeros);
        assertTrue(payload.length < (1 << 20), "a bomb: " + payload.length + " bytes");
        Path bomb = zboot("bomb.efi", "zstd22", payload, payload.length);
        Runtime rt = Runtime.getRuntime();
        long before = rt.totalMemory() - rt.freeMemory();
        Cli.Result r = Cli.run("inspect", bomb.toString());
        assertOneLineExit3(r, bomb.toString(), "cap");
        long after = rt.totalMemory() - rt.freeMemory();
        assertTrue(after - before < (256L << 20), "heap grew by " + (after - before));
    }
}
