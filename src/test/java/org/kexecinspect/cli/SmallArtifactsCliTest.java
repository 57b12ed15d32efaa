package org.kexecinspect.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexecinspect.format.ByteSource;
import org.kexecinspect.format.Layout.Abi;
import org.kexecinspect.format.fb.FbFix;
import org.kexecinspect.testing.Cli;
import org.kexecinspect.testing.Inputs;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code inspect} on the small artifacts of a system, each on its own: the raw fb structs, fbset's
 * text, /proc/iomem, a kernel config, kdump-tools and kdump-utils configuration, a recorded kexec
 * command; and the bad ones (not an artifact, a malformed iomem line, a cut capture archive, a
 * capture archive with hostile entries). Expected values are read off the input files by eye (or
 * with grep), never off this tool.
 */
class SmallArtifactsCliTest {

    private static final String PREFIX = "kexec-inspect: ";
    static final Path FBSET = Inputs.projectDir().resolve("native-fixtures/fbset");
    static final Path KDUMP = Inputs.projectDir().resolve("src/test/resources/org/kexecinspect/kdump");
    static final Path IOMEM = Inputs.projectDir().resolve("src/test/resources/org/kexecinspect/format/text/iomem");

    @TempDir Path tmp;

    static Path efifbCapture() {
        return Inputs.qemuCapture("efifb-kexec_load", "first");
    }

    /** The one record of a successful `inspect -f json FILE`, after checking its kind. */
    static JsonNode inspect(Path file, String kind) {
        Cli.Result r = Cli.run("inspect", "-f", "json", file.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.err());
        JsonNode rec = r.json().get("artifacts").get(0);
        assertEquals(kind, rec.get("kind").asText(), rec.toString());
        return rec;
    }

    /** Exit 3, one stderr line "kexec-inspect: NAME: ...", nothing on stdout (text output); returns the line. */
    static String oneLine(Cli.Result r, Path name) {
        assertEquals(3, r.exit(), "exit code; stderr: " + r.err() + " stdout: " + r.out());
        String[] lines = r.errLines();
        assertEquals(1, lines.length, "one stderr line: " + r.err());
        assertTrue(lines[0].startsWith(PREFIX + name + ": "), "names the file: " + lines[0]);
        assertEquals("", r.out(), "nothing on stdout");
        assertFalse(r.err().contains("\tat ") || r.err().contains("at org."), "no stack trace: " + r.err());
        return lines[0];
    }

    static long le(byte[] b, int offset, int size) {
        ByteBuffer bb = ByteBuffer.wrap(b, offset, size).order(ByteOrder.LITTLE_ENDIAN);
        return size == 8 ? bb.getLong() : bb.getInt() & 0xffff_ffffL;
    }

    /** fix.id: the first 16 bytes up to the first NUL (uapi fb.h). */
    static String fixId(byte[] fix) {
        int n = 0;
        while (n < 16 && fix[n] != 0) {
            n++;
        }
        return new String(fix, 0, n, StandardCharsets.ISO_8859_1);
    }

    // ---- fb structs and fbset ---------------------------------------------------------------------

    @Test
    void theRealEfifbFixScreeninfo() throws IOException {
        Path fix = efifbCapture().resolve("fb_fix.bin");
        // native-fixtures/fbset/README.md: efifb-qemu.fix is the same bytes
        assertArrayEquals(Files.readAllBytes(FBSET.resolve("efifb-qemu.fix")), Files.readAllBytes(fix));
        JsonNode rec = inspect(fix, "fb-fix");
        JsonNode f = rec.get("fbFix");
        // fbdump.txt of the capture: fix.id="EFI VGA", smem_start=0xc0000000, smem_len=0x3e8000, line_length=5120
        assertEquals("LP64", f.get("abi").asText());
        assertEquals("EFI VGA", f.get("id").asText());
        assertEquals(0xc0000000L, f.get("smemStart").asLong());
        assertEquals(0x3e8000L, f.get("smemLen").asLong());
        assertEquals(5120, f.get("lineLength").asLong());
        assertEquals(2, f.get("visual").asInt(), "FB_VISUAL_TRUECOLOR");
        assertEquals("efifb", rec.get("driver").get("name").asText());
        assertEquals(false, rec.get("driver").get("smemStartHidden").asBoolean());
    }

    @Test
    void theRealEfifbVarScreeninfo() throws IOException {
        Path var = efifbCapture().resolve("fb_var.bin");
        assertArrayEquals(Files.readAllBytes(FBSET.resolve("efifb-qemu.var")), Files.readAllBytes(var));
        JsonNode v = inspect(var, "fb-var").get("fbVar");
        // fbdump.txt: 1280x800, virtual 1280x800, 32 bpp, red 16/8 green 8/8 blue 0/8 transp 24/8
        assertEquals(1280, v.get("xres").asInt());
        assertEquals(800, v.get("yres").asInt());
        assertEquals(1280, v.get("xresVirtual").asInt());
        assertEquals(800, v.get("yresVirtual").asInt());
        assertEquals(32, v.get("bitsPerPixel").asInt());
        assertEquals(16, v.get("red").get("offset").asInt());
        assertEquals(8, v.get("green").get("offset").asInt());
        assertEquals(0, v.get("blue").get("offset").asInt());
        assertEquals(24, v.get("transp").get("offset").asInt());
        assertEquals(8, v.get("transp").get("length").asInt());
    }

    @Test
    void anIlp32FixOf68BytesIsReadAsIlp32() throws Exception {
        byte[] lp64 = Files.readAllBytes(FBSET.resolve("efifb-qemu.fix"));
        byte[] ilp32 = FbFix.read(ByteSource.of("efifb-qemu.fix", lp64)).encode(Abi.ILP32);
        assertEquals(68, ilp32.length);
        Path f = Files.write(tmp.resolve("fb0.fix"), ilp32);
        JsonNode fix = inspect(f, "fb-fix").get("fbFix");
        assertEquals("ILP32", fix.get("abi").asText());
        assertEquals("EFI VGA", fix.get("id").asText());
        assertEquals(0xc0000000L, fix.get("smemStart").asLong());
        assertEquals(0x3e8000L, fix.get("smemLen").asLong());
        assertEquals(5120, fix.get("lineLength").asLong());
    }

    /** Each fbset -i text of native-fixtures/fbset agrees with the .fix fbset was shown (LP64 offsets of uapi fb.h). */
    @Test
    void fbsetTextsAgreeWithTheFixTheyWereMadeFrom() throws IOException {
        List<Path> texts;
        try (Stream<Path> s = Files.list(FBSET)) {
            texts = s.filter(p -> p.toString().endsWith(".txt") && !p.getFileName().toString().equals("fbset-version.txt"))
                    .sorted().toList();
        }
        assertEquals(10, texts.size(), "the ten cases of native-fixtures/fbset/README.md: " + texts);
        for (Path txt : texts) {
            String base = txt.getFileName().toString().replace(".txt", "");
            byte[] fix = Files.readAllBytes(FBSET.resolve(base + ".fix"));
            JsonNode dev = inspect(txt, "fbset").get("device");
            assertEquals(fixId(fix), dev.get("id").asText(), base);
            assertEquals(le(fix, 16, 8), dev.get("smemStart").asLong(), base + " smem_start");
            // fbset prints smem_len with %d: 0x80000000 reads back from "-2147483648"
            assertEquals(le(fix, 24, 4), dev.get("smemLen").asLong(), base + " smem_len");
            assertEquals(le(fix, 48, 4), dev.get("lineLength").asLong(), base + " line_length");
            JsonNode fromFix = inspect(FBSET.resolve(base + ".fix"), "fb-fix").get("fbFix");
            assertEquals(fromFix.get("id"), dev.get("id"), base);
            assertEquals(fromFix.get("smemStart"), dev.get("smemStart"), base);
        }
    }

    @Test
    void fbsetOfTheRealEfifbCaptureGivesItsMode() {
        JsonNode rec = inspect(FBSET.resolve("efifb-qemu.txt"), "fbset");
        // efifb-qemu.txt: mode "1280x800-76", geometry 1280 800 1280 800 32
        JsonNode mode = rec.get("mode");
        assertEquals("1280x800-76", mode.get("name").asText());
        assertEquals(1280, mode.get("xres").asInt());
        assertEquals(800, mode.get("yres").asInt());
        assertEquals(32, mode.get("bitsPerPixel").asInt());
        assertEquals("efifb", rec.get("driver").get("name").asText());
    }

    // ---- /proc/iomem ------------------------------------------------------------------------------

    static long lines(Path text) throws IOException {
        return Files.readAllLines(text, StandardCharsets.ISO_8859_1).stream().filter(l -> !l.isBlank()).count();
    }

    @Test
    void iomemReadAsRoot() throws IOException {
        Path text = IOMEM.resolve("firecracker-6.18-root.iomem.txt");
        JsonNode rec = inspect(text, "iomem");
        assertEquals(lines(text), rec.get("regions").asLong());
        JsonNode io = rec.get("iomem");
        assertEquals(false, io.get("addressesHidden").asBoolean());
        assertFalse(Files.readString(text).contains("Crash kernel"));
        assertEquals(0, io.get("crashKernel").size(), "no Crash kernel line");
        // "c0001000-eebfffff : PCI Bus 0000:00", the first root bus window
        JsonNode w = io.get("pciWindows").get(0);
        assertEquals(0xc0001000L, w.get("start").asLong());
        assertEquals(0xeebfffffL, w.get("end").asLong());
        assertEquals("PCI Bus 0000:00", w.get("name").asText());
        assertEquals(0, io.get("vmbusAllocations").size(), "not a Hyper-V guest");
        assertTrue(io.get("source").get("crashKernel").asText().contains("firecracker-6.18-root.iomem.txt"));
    }

    @Test
    void iomemReadWithoutCapSysAdminHasEveryAddressUnknown() throws IOException {
        Path text = IOMEM.resolve("firecracker-6.18-nonroot.iomem.txt");
        JsonNode io = inspect(text, "iomem").get("iomem");
        assertEquals(true, io.get("addressesHidden").asBoolean());
        assertTrue(io.get("crashKernel").isNull());
        assertTrue(io.get("unknown").get("crashKernel").asText().startsWith("not permitted: "), io.get("unknown").toString());
    }

    @Test
    void theRealGen1HypervIomem() throws IOException {
        Path text = Inputs.captures().resolve("real-world/decui-2026-gen1-local-7680x4320.iomem.txt");
        JsonNode io = inspect(text, "iomem").get("iomem");
        // "fe0000000-fe7ffffff : 5620e0c7-8062-4dce-aeb7-520c7ef76171" inside the high PCI window
        JsonNode fb = io.get("framebufferRegion");
        assertEquals(0xfe0000000L, fb.get("start").asLong());
        assertEquals(0xfe7ffffffL, fb.get("end").asLong());
        assertEquals("5620e0c7-8062-4dce-aeb7-520c7ef76171", fb.get("name").asText());
        // "  d7000000-f6ffffff : Crash kernel"
        assertEquals(0xd7000000L, io.get("crashKernel").get(0).get("start").asLong());
        assertEquals(0xf6ffffffL, io.get("crashKernel").get(0).get("end").asLong());
        // "f8000000-fffbffff : PCI Bus 0000:00" below the vTPM at 0xfed40000 (vmbus_drv.c vmbus_walk_resources())
        assertEquals(0xf8000000L, io.get("lowMmio").get("start").asLong());
        assertEquals(0xfed3ffffL, io.get("lowMmio").get("end").asLong());
    }

    // ---- kernel config, kdump configuration, kexec command ----------------------------------------

    /** grep's reading of a config option, "n" for "is not set". */
    static String grepConfig(Path config, String option) {
        String line = Inputs.exec(null, "grep", "-E", "^(# )?" + option + "[= ]", config.toString()).lines().findFirst().orElseThrow();
        return line.startsWith("# ") ? "n" : line.substring(option.length() + 1).replace("\"", "");
    }

    @Test
    void debianKernelConfig() {
        Path config = Inputs.configBeside(Inputs.debianAmd64Kernel());
        JsonNode rec = inspect(config, "kernel-config");
        long options = Long.parseLong(Inputs.exec(null, "grep", "-cE",
                "^(CONFIG_[A-Za-z0-9_]+=|# CONFIG_[A-Za-z0-9_]+ is not set)", config.toString()).trim());
        assertEquals(options, rec.get("options").asLong());
        JsonNode kc = rec.get("kernelConfig");
        for (String option : List.of("CONFIG_HYPERV", "CONFIG_DRM_HYPERV", "CONFIG_PCI_HYPERV", "CONFIG_KEXEC_FILE")) {
            assertEquals(grepConfig(config, option), kc.get(option).asText(), option);
        }
        String compression = Inputs.exec(null, "grep", "-oE", "^CONFIG_KERNEL_[A-Z0-9]+=y", config.toString()).trim();
        assertEquals(compression.replace("=y", ""), rec.get("kernelCompression").asText());
    }

    @Test
    void debianKdumpToolsDefaults() {
        JsonNode rec = inspect(KDUMP.resolve("debian-12-kdump-tools-1.8.1.etc-default-kdump-tools"), "kdump-tools");
        JsonNode s = rec.get("settings");
        // the file's uncommented lines: USE_KDUMP=1, KDUMP_KERNEL, KDUMP_INITRD, KDUMP_COREDIR="/var/crash";
        // #KDUMP_KEXEC_ARGS="" stays commented out
        assertEquals("1", s.get("USE_KDUMP").asText());
        assertEquals("/var/lib/kdump/vmlinuz", s.get("KDUMP_KERNEL").asText());
        assertEquals("/var/lib/kdump/initrd.img", s.get("KDUMP_INITRD").asText());
        assertEquals("/var/crash", s.get("KDUMP_COREDIR").asText());
        assertEquals("", s.get("KDUMP_KEXEC_ARGS").asText());
        JsonNode debian = rec.get("loadPaths").get(0);
        assertEquals("kdump-tools (debian)", debian.get("wrapper").asText());
        assertEquals(List.of("-p"), strings(debian.get("arguments")));
        // the Secure Boot state and the kexec-tools version are not in this file: no certain answer
        assertTrue(debian.get("loadPath").isNull(), debian.toString());
        assertEquals(false, debian.get("certain").asBoolean());
    }

    @Test
    void fedoraSysconfigKdump() {
        JsonNode rec = inspect(KDUMP.resolve("fedora-kdump-utils.etc-sysconfig-kdump.x86_64"), "sysconfig-kdump");
        // KEXEC_ARGS="-s" (gen-kdump-sysconfig.sh's x86_64 substitution)
        assertEquals(List.of("-s"), strings(rec.get("kexecArgs")));
        assertTrue(rec.get("kdumpCommandlineAppend").asText().startsWith("irqpoll nr_cpus=1 reset_devices "));
        assertEquals("kexec_file_load", rec.get("loadPath").get("loadPath").asText());
        assertEquals(true, rec.get("loadPath").get("certain").asBoolean());
    }

    /**
     * kdump.conf's `path` directive is rendered as a key "path" (DescribeText.kdumpConf), which the
     * record already has (the input's path, InspectCommand.call): the run ends as "internal error:
     * java.lang.IllegalStateException: duplicate key path", exit 70, in every output format.
     */
    @Test
    void fedoraKdumpConf() {
        JsonNode rec = inspect(KDUMP.resolve("fedora-kdump-utils.etc-kdump.conf.x86_64"), "kdump-conf");
        // the file's directives: auto_reset_crashkernel yes, path /var/crash, core_collector makedumpfile -l ...
        String json = rec.toString();
        assertTrue(json.contains("\"/var/crash\""), json);
        assertEquals("makedumpfile -l --message-level 7 -d 31", rec.get("coreCollector").asText());
    }

    @Test
    void theRecordedKexecCommandOfTheQemuCapture() throws IOException {
        Path cmd = efifbCapture().resolve("kexec_cmd.txt");
        JsonNode rec = inspect(cmd, "kexec-cmd");
        // kexec -d -p /boot/vmlinuz --initrd=/boot/kdump-initrd.img --append="console=ttyS0 ..." -c
        List<String> args = strings(rec.get("arguments"));
        assertEquals(List.of("-d", "-p", "/boot/vmlinuz", "--initrd=/boot/kdump-initrd.img"), args.subList(0, 4));
        assertEquals("-c", args.get(args.size() - 1));
        assertEquals("/boot/vmlinuz", rec.get("kernelImage").asText());
        assertEquals("/boot/kdump-initrd.img", rec.get("initrd").asText());
        String append = Files.readString(cmd).replaceAll("(?s).*--append=\"([^\"]*)\".*", "$1");
        assertEquals(append, rec.get("commandLine").asText());
        assertEquals("kexec_load", rec.get("syscall").asText(), "-c: KEXEC_LOAD");
        assertEquals("load_panic", rec.get("action").asText(), "-p");
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    // ---- bad input --------------------------------------------------------------------------------

    @Test
    void a79ByteBinaryIsNotAnFbFix() throws IOException {
        // one byte short of an LP64 fb_fix_screeninfo, with NULs, as a cut FBIOGET_FSCREENINFO dump would be
        byte[] b = Arrays.copyOf(Files.readAllBytes(FBSET.resolve("efifb-qemu.fix")), 79);
        Path f = Files.write(tmp.resolve("fb0.fix"), b);
        String line = oneLine(Cli.run("inspect", f.toString()), f);
        assertTrue(line.contains("not an artifact"), line);
    }

    @Test
    void anIomemTextWithAMalformedLineNamesTheLinesOffset() throws IOException {
        String good = Files.readString(IOMEM.resolve("firecracker-6.18-root.iomem.txt"), StandardCharsets.ISO_8859_1);
        String badLine = "  0100zzzz-022090c7 : Kernel code";
        String bad = good.replace("  01000000-022090c7 : Kernel code", badLine);
        assertTrue(bad.contains(badLine));
        Path f = Files.writeString(tmp.resolve("iomem"), bad, StandardCharsets.ISO_8859_1);
        String line = oneLine(Cli.run("inspect", f.toString()), f);
        long offset = bad.indexOf(badLine);
        assertTrue(line.contains("offset 0x" + Long.toHexString(offset) + ":"), "offset " + offset + ": " + line);
    }

    @Test
    void aTruncatedCaptureArchiveIsRefusedInOneLine() throws IOException {
        Path whole = HypervCapturesTest.targz("gen2-local-x86", tmp.resolve("whole.tar.gz"));
        byte[] all = Files.readAllBytes(whole);
        Path cut = Files.write(tmp.resolve("cut.tar.gz"), Arrays.copyOf(all, all.length / 2));
        String line = oneLine(Cli.run("inspect", cut.toString()), cut);
        assertTrue(line.contains("truncated"), line);
    }

    private static void file(TarArchiveOutputStream t, String name, byte[] data) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        e.setSize(data.length);
        t.putArchiveEntry(e);
        t.write(data);
        t.closeArchiveEntry();
    }

    @Test
    void hostileEntriesInACaptureArchiveAreSkippedWithANoteEachAndNothingLandsOutside() throws IOException {
        Path outside = Files.createDirectory(tmp.resolve("outside"));
        String escape = "kexec-inspect-escaped-" + UUID.randomUUID();
        // unpacked into a fresh directory under java.io.tmpdir: "cap/../../NAME" would land beside it
        Path escaped = Path.of(System.getProperty("java.io.tmpdir")).resolve(escape);
        Path archive = tmp.resolve("hostile.tar.gz");
        try (OutputStream fos = Files.newOutputStream(archive);
             GzipCompressorOutputStream gz = new GzipCompressorOutputStream(fos);
             TarArchiveOutputStream t = new TarArchiveOutputStream(gz)) {
            t.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            HypervCapturesTest.writeTree(t, "gen2-local-x86", "cap/");
            file(t, "cap/../../" + escape, "escaped\n".getBytes(StandardCharsets.US_ASCII));
            TarArchiveEntry link = new TarArchiveEntry("cap/etc/out", TarConstants.LF_SYMLINK, true);
            link.setLinkName(outside.toString());
            t.putArchiveEntry(link);
            t.closeArchiveEntry();
            // written through the link if the link had been made
            file(t, "cap/etc/out/planted", "planted\n".getBytes(StandardCharsets.US_ASCII));
        }
        Cli.Result r = Cli.run("inspect", "-f", "json", archive.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode rec = r.json().get("artifacts").get(0);
        assertEquals("capture", rec.get("kind").asText());
        List<String> notes = strings(rec.get("notes"));
        assertEquals(2, notes.size(), notes.toString());
        assertTrue(notes.get(0).startsWith(archive + ": skipped entry 'cap/../../" + escape + "': "), notes.get(0));
        assertTrue(notes.get(1).startsWith(archive + ": skipped entry 'cap/etc/out': "), notes.get(1));
        assertTrue(notes.get(1).contains("symbolic link"), notes.get(1));
        assertFalse(Files.exists(escaped), "nothing at " + escaped);
        try (Stream<Path> s = Files.list(outside)) {
            assertEquals(0, s.count(), "nothing written through the link into " + outside);
        }
        // the capture's own files were still read
        assertEquals("6.8.0-52-generic", rec.get("facts").get("kernelRelease").asText());
    }
}
