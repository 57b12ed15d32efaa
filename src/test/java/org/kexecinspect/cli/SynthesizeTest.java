package org.kexecinspect.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexecinspect.testing.Cli;
import org.kexecinspect.testing.Inputs;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * synthesize on the hand-made Hyper-V captures (native-fixtures/hyperv-captures, README there) and
 * Debian's real amd64 kernel image: the corrected screen_info from each source, the zero page, the
 * diff, and the output file written whole or not at all. Expected values come from the captures'
 * README, include/uapi/linux/screen_info.h and Dexuan Cui's MMIO layouts
 * (<SA1PR21MB69218F955B62DFF62E3E88D2BF222@SA1PR21MB6921.namprd21.prod.outlook.com>), never from the tool.
 */
class SynthesizeTest {
    static final Path CAPS = Inputs.projectDir().resolve("native-fixtures/hyperv-captures");
    @TempDir Path tmp;

    private static JsonNode json(String... args) {
        List<String> a = new ArrayList<>(List.of("synthesize", "--format", "json"));
        a.addAll(List.of(args));
        Cli.Result r = Cli.run(a.toArray(new String[0]));
        assertEquals(0, r.exit(), r.err());
        return r.json().get("synthesized").get(0);
    }

    @Test
    void gen2WithHypervDrmTakesTheBootTimeScreenInfoAndTheDiffShowsWhatKexecLoadLoses() {
        JsonNode s = json("--root", CAPS.resolve("gen2-local-x86").toString(), "--blob", "screen-info", "--diff",
                "--assume", "kdumpService.loadPath=kexec_load");
        assertEquals("boot-time", s.get("source").asText());
        JsonNode si = s.get("screenInfo");
        assertEquals(0x70, si.get("origVideoIsVGA").asInt());
        assertEquals(0xf8000000L, si.get("lfbBase").asLong(), "README: boot-time base 0xf8000000");
        assertEquals(0x300000, si.get("lfbSize").asLong(), "README: 3 MiB, in bytes for VIDEO_TYPE_EFI");
        List<String> changes = new ArrayList<>();
        s.get("diff").get("fields").forEach(f -> changes.add(f.get("change").asText()));
        assertTrue(changes.contains("lfb_base 0x00000000 -> 0xf8000000"), changes.toString());
        assertTrue(changes.contains("orig_video_isVGA 0x00 -> 0x70"), changes.toString());
    }

    @Test
    void aRelocatedFramebufferIsMovedToWhereIomemShowsIt() throws Exception {
        Path cap = copy("gen2-local-x86");
        Path iomem = cap.resolve("proc/iomem");
        // the synthetic video's VMBus region moved from f8000000 to f8900000 (as hyperv_fb relocating does, drivers/video/fbdev/hyperv_fb.c)
        // (the config window line that sat at f8800000 goes, so the regions stay in address order as the kernel prints them)
        String text = Files.readString(iomem).replace("f8800000-f8801fff : 8625029d-d7c3-5f52-9fa9-4d32f2e1c66f\n", "")
                .replace("f8000000-f87fffff : 5620e0c7", "f8900000-f90fffff : 5620e0c7");
        assertTrue(text.contains("f8900000-f90fffff : 5620e0c7"), "the capture's iomem has the region to move");
        Files.writeString(iomem, text);
        JsonNode si = json("--root", cap.toString(), "--blob", "screen-info").get("screenInfo");
        assertEquals(0xf8900000L, si.get("lfbBase").asLong());
    }

    @Test
    void aBaseAbove4GiBIsSplitWithThe64BitCapability() {
        JsonNode si = json("--root", CAPS.resolve("gen2-local-x86").toString(), "--blob", "screen-info",
                "--lfb-base", "0xfe0000000").get("screenInfo");
        assertEquals(0xe0000000L, si.get("lfbBase").asLong());
        assertEquals(0xf, si.get("extLfbBase").asLong());
        assertEquals(2, si.get("capabilities").asLong() & 2, "VIDEO_CAPABILITY_64BIT_BASE");
        assertEquals(0xfe0000000L, si.get("lfbAddress").asLong());
    }

    @Test
    void lfbSizeIsInBytesForEfiAndIn64KiBUnitsForVlfb() {
        String root = CAPS.resolve("gen2-local-x86").toString();
        JsonNode efi = json("--root", root, "--blob", "screen-info", "--lfb-size", "8388608").get("screenInfo");
        assertEquals(8388608, efi.get("lfbSize").asLong());
        JsonNode vlfb = json("--root", root, "--blob", "screen-info", "--video-type", "0x23", "--lfb-size", "8388608")
                .get("screenInfo");
        assertEquals(128, vlfb.get("lfbSize").asLong(), "8 MiB in 64 KiB units");
        assertEquals(8388608, vlfb.get("lfbSizeBytes").asLong());
    }

    @Test
    void arm64ComesFromTheMmioLayoutAsAScreenInfo() {
        JsonNode s = json("--root", CAPS.resolve("gen2-local-arm64").toString(), "--from-mmio");
        assertEquals("screen-info", s.get("blob").asText(), "arm64 has no zero page");
        assertEquals("mmio-layout", s.get("source").asText());
        JsonNode si = s.get("screenInfo");
        assertEquals(0xe0000000L, si.get("lfbBase").asLong(), "Dexuan Cui's layouts: arm64 Gen2 local low MMIO base");
        // README: hyperv_drm at 1024x768x32: 3 MiB, rounded up to 2 MiB pages = 4 MiB
        assertEquals(4L << 20, si.get("lfbSize").asLong());
        assertEquals(1024, si.get("lfbWidth").asInt());
    }

    @Test
    void withoutAResolutionTheMmioLayoutTakesTheSizeTheFixedKernelReserves() throws Exception {
        Path cap = copy("gen2-local-arm64");
        Files.delete(cap.resolve("kexec-inspect/fb0.var"));
        Files.delete(cap.resolve("kexec-inspect/fb0.fix"));
        JsonNode s = json("--root", cap.toString(), "--from-mmio");
        JsonNode si = s.get("screenInfo");
        assertEquals(0xe0000000L, si.get("lfbBase").asLong());
        // 016a25e4b0df reserves 128 MiB at 0xE0000000 on a default arm64 Gen2 VM
        assertEquals(128L << 20, si.get("lfbSize").asLong());
        assertEquals(0, si.get("lfbWidth").asInt(), "no resolution is invented");
        // an explicit size still wins over the reservation's
        assertEquals(8388608, json("--root", cap.toString(), "--from-mmio", "--lfb-size", "8388608")
                .get("screenInfo").get("lfbSize").asLong());
    }

    @Test
    void noScreenInfoAndNoMmioFactsIsExitFourNamingWhatIsMissing() {
        Cli.Result r = Cli.run("synthesize", "--root", CAPS.resolve("gen2-azure-cvm-x86").toString(), "--blob", "screen-info");
        assertEquals(4, r.exit());
        assertEquals(1, r.errLines().length, r.err());
        assertTrue(r.err().contains("boot-time screen_info") && r.err().contains("low MMIO"), r.err());
    }

    @Test
    void theZeroPageCarriesTheImagesHeaderAndReadsBackAsIntended() throws Exception {
        Path kernel = Inputs.debianAmd64Kernel();
        Path out = tmp.resolve("bp.bin");
        Cli.Result w = Cli.run("synthesize", "--root", CAPS.resolve("gen2-local-x86").toString(), "--kernel", kernel.toString(),
                "-o", out.toString());
        assertEquals(0, w.exit(), w.err());
        assertEquals(4096, Files.size(out));
        JsonNode bp = Cli.run("inspect", "--format", "json", out.toString()).json().get("artifacts").get(0);
        assertEquals("boot-params", bp.get("kind").asText());
        assertEquals(0xf8000000L, bp.get("screenInfo").get("lfbBase").asLong());
        assertEquals(0xd0, bp.get("setupHeader").get("typeOfLoader").asInt(), "kexec-tools' loader id");
        // the real kdump page of the QEMU capture: the loader's loadflags, plus KASLR_FLAG (0x02) that the
        // kdump kernel's decompressor sets itself; the image's own LOADED_HIGH is gone
        byte[] real = Files.readAllBytes(Inputs.qemuCapture("efifb-kexec_load", "kdump").resolve("boot_params.bin"));
        assertEquals(real[0x211] & ~0x02, bp.get("setupHeader").get("loadflags").asInt());
        assertEquals(1, img0x211(kernel) & 1, "the image itself says LOADED_HIGH");
        // the image's own protocol version, read independently from its header at 0x206
        byte[] img = Files.readAllBytes(kernel);
        int version = (img[0x206] & 0xff) | (img[0x207] & 0xff) << 8;
        assertEquals(version, bp.get("setupHeader").get("version").asInt());
        assertTrue(bp.get("efiInfo").get("efiBoot").asBoolean(), "an EFI system: efi_info copied");
        assertEquals(0, bp.get("e820").size(), "the memory map is left out, never invented");
        // cl_magic/cl_offset as kexec-tools writes them; the real kdump page's image had the same setup_sects
        assertEquals(img[0x1f1], real[0x1f1], "the cached image and the QEMU kdump image differ in setup_sects");
        assertEquals((real[0x20] & 0xff) | (real[0x21] & 0xff) << 8, bp.get("screenInfo").get("clMagic").asInt());
        assertEquals((real[0x22] & 0xff) | (real[0x23] & 0xff) << 8, bp.get("screenInfo").get("clOffset").asInt());
    }

    @Test
    void theOutputIsWrittenWholeOrNotAtAll() throws Exception {
        String root = CAPS.resolve("gen2-local-x86").toString();
        Path out = tmp.resolve("si.bin");
        assertEquals(0, Cli.run("synthesize", "--root", root, "--blob", "screen-info", "-o", out.toString()).exit());
        byte[] first = Files.readAllBytes(out);
        assertEquals(64, first.length);

        Cli.Result again = Cli.run("synthesize", "--root", root, "--blob", "screen-info", "--lfb-base", "0x1000", "-o", out.toString());
        assertEquals(3, again.exit());
        assertTrue(again.err().contains("--force"), again.err());
        assertArrayEquals(first, Files.readAllBytes(out), "nothing written on refusal");

        assertEquals(0, Cli.run("synthesize", "--root", root, "--blob", "screen-info", "--lfb-base", "0x1000", "--force",
                "-o", out.toString()).exit());
        assertFalse(java.util.Arrays.equals(first, Files.readAllBytes(out)));

        Path bootParams = Files.copy(CAPS.resolve("gen2-local-x86/sys/kernel/boot_params/data"), tmp.resolve("input.bin"));
        byte[] input = Files.readAllBytes(bootParams);
        Cli.Result overInput = Cli.run("synthesize", "--boot-params", bootParams.toString(), "--blob", "screen-info",
                "--force", "-o", bootParams.toString());
        assertEquals(3, overInput.exit());
        assertTrue(overInput.err().contains("input"), overInput.err());
        assertArrayEquals(input, Files.readAllBytes(bootParams));

        Cli.Result device = Cli.run("synthesize", "--root", root, "--blob", "screen-info", "--force", "-o", "/dev/null");
        assertEquals(3, device.exit());
        Path nowhere = tmp.resolve("no-such-dir/si.bin");
        Cli.Result noDir = Cli.run("synthesize", "--root", root, "--blob", "screen-info", "-o", nowhere.toString());
        assertEquals(3, noDir.exit());
        assertEquals("kexec-inspect: " + nowhere + ": its directory " + nowhere.getParent() + " does not exist", noDir.err().strip());
        try (Stream<Path> s = Files.list(tmp)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".part")), "no temporary file left");
        }
    }

    @Test
    void hexAndCShowTheSameBlob() {
        String root = CAPS.resolve("gen2-local-x86").toString();
        Cli.Result hex = Cli.run("synthesize", "--root", root, "--blob", "screen-info", "--format", "hex");
        assertEquals(0, hex.exit(), hex.err());
        assertEquals(4, hex.out().split("\n").length, "64 bytes, 16 a line");
        assertTrue(hex.out().startsWith("0000: "));
        assertTrue(hex.out().contains("0010: 00 00 00 04 00 03 20 00 00 00 00 f8 00 00 30 00"), hex.out());
        Cli.Result c = Cli.run("synthesize", "--root", root, "--blob", "screen-info", "--format", "c");
        assertTrue(c.out().contains("struct screen_info kdump_screen_info = {"), c.out());
        assertTrue(c.out().contains(".lfb_base = 0xf8000000,"), c.out());
    }

    @Test
    void aTruncatedBootParamsOrANonKernelIsBadInputInOneLine() throws Exception {
        byte[] page = Files.readAllBytes(CAPS.resolve("gen2-local-x86/sys/kernel/boot_params/data"));
        Path cut = Files.write(tmp.resolve("cut.bin"), java.util.Arrays.copyOf(page, 1000));
        Cli.Result r = Cli.run("synthesize", "--boot-params", cut.toString(), "--blob", "screen-info");
        assertEquals(3, r.exit());
        assertEquals(1, r.errLines().length, r.err());
        assertTrue(r.err().startsWith("kexec-inspect: " + cut + ": offset 0x"), r.err());

        Path text = Files.writeString(tmp.resolve("notes.txt"), "not a kernel\n");
        Cli.Result k = Cli.run("synthesize", "--root", CAPS.resolve("gen2-local-x86").toString(), "--kernel", text.toString());
        assertEquals(3, k.exit());
        assertEquals(1, k.errLines().length, k.err());
        assertTrue(k.err().startsWith("kexec-inspect: " + text + ": offset 0x"), k.err());
    }

    private static int img0x211(Path kernel) throws Exception {
        try (var in = Files.newInputStream(kernel)) {
            return in.readNBytes(0x212)[0x211] & 0xff;
        }
    }

    private Path copy(String name) throws Exception {
        Path from = CAPS.resolve(name);
        Path to = tmp.resolve(name);
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path d = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(d);
                } else {
                    Files.copy(p, d);
                }
            }
        }
        return to;
    }
}
