package org.kexecinspect.initramfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kexecinspect.format.ByteSource;
import org.kexecinspect.format.Compression;
import org.kexecinspect.format.FormatException;
import org.kexecinspect.kernel.FbReserveFixProbe;
import org.kexecinspect.testing.DebianInitramfs;
import org.kexecinspect.testing.DebianInitramfs.Part;
import org.kexecinspect.testing.Inputs;

/**
 * Real initramfs images: Debian's own kernel modules packed by GNU cpio and compressed by the real
 * gzip, zstd, xz, lz4, bzip2, lzma and lzop as mkinitramfs calls them, behind an uncompressed early
 * archive, and one image made by Debian's mkinitramfs (src/test/scripts/initramfs.sh). What each
 * image holds is known from what the script fed the tools (its list files and staging trees, or
 * lsinitramfs for mkinitramfs's image), never from the reader under test.
 */
class RealInitramfsTest {

    static final Set<String> HYPERV_MODULES = Set.of("hv_vmbus", "pci_hyperv", "pci_hyperv_intf", "hyperv_drm",
            "nvme", "nvme_core");

    static Stream<Path> images() throws IOException {
        try (Stream<Path> s = Files.list(DebianInitramfs.images())) {
            return s.filter(p -> p.toString().endsWith(".img")).sorted().toList().stream();
        }
    }

    static Compression compression(String script) {
        return script.equals("none") ? Compression.NONE : Compression.valueOf(script.toUpperCase(Locale.ROOT));
    }

    /** The names the script gave GNU cpio, as the reader promises to write them. */
    static List<String> expectedPaths(Path list) {
        return DebianInitramfs.lines(list).stream().map(l -> l.equals(".") ? "." : l.replaceFirst("^\\./", ""))
                .toList();
    }

    static InitramfsContents read(Path image) throws FormatException {
        return Initramfs.read(ByteSource.of(image.toString(), bytes(image)), InitramfsLimits.DEFAULT, p -> false);
    }

    static byte[] bytes(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void everySegmentHoldsExactlyTheNamesTheScriptGaveCpio(Path image) throws FormatException {
        List<Part> parts = DebianInitramfs.parts(image);
        InitramfsContents c = read(image);
        assertEquals(parts.size(), c.segments().size(), "segments of " + image.getFileName());
        for (int i = 0; i < parts.size(); i++) {
            Part part = parts.get(i);
            Segment s = c.segments().get(i);
            assertEquals(compression(part.compression()), s.compression(), "segment " + i);
            assertEquals(part.offset(), s.offset(), "offset of segment " + i);
            if (s.compression() == Compression.NONE) {
                // GNU cpio pads its output with NULs to 512 bytes; the segment ends at the trailer's end
                assertTrue(s.length() <= part.length() && s.length() > part.length() - 512, "length of " + i);
            } else {
                // the stream ends exactly where the tool ended it, even with another segment after it;
                // a legacy lz4 stream has no end mark: the zero block length that stops it is counted in
                boolean lz4Stop = s.compression() == Compression.LZ4 && i + 1 < parts.size();
                assertEquals(part.length() + (lz4Stop ? 4 : 0), s.length(), "length of segment " + i);
            }
            int index = i;
            List<String> inSegment = c.members().stream().filter(m -> m.segment() == index).map(Member::path)
                    .toList();
            assertEquals(expectedPaths(image.resolveSibling(part.listFile())), inSegment, "members of segment " + i);
            assertEquals(1, s.trailers(), "GNU cpio ends every archive with TRAILER!!!");
        }
        assertEquals(bytes(image).length, c.inputLength());
        assertEquals(List.of(), c.warnings());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void findsTheRealModulesAndTheModprobeConfiguration(Path image) throws IOException, FormatException {
        Path dir = image.getParent();
        String release = DebianInitramfs.text(dir.resolve("release"));
        InitramfsContents c = read(image);
        assertEquals(HYPERV_MODULES, c.modules().stream().map(KernelModule::name).collect(Collectors.toSet()));
        KernelModule pci = c.module("pci-hyperv").orElseThrow();
        assertEquals("lib/modules/" + release + "/kernel/drivers/pci/controller/pci-hyperv.ko", pci.path());
        assertEquals(Compression.NONE, pci.compression(), "Debian 12 ships its modules uncompressed");
        assertEquals(Files.size(dir.resolve("main").resolve(pci.path())), pci.size());
        assertEquals(c.module("pci_hyperv"), c.module("pci-hyperv"));

        List<String> configs = new ArrayList<>(List.of("etc/modprobe.d/blacklist-hyperv_drm.conf"));
        if (DebianInitramfs.parts(image).stream().anyMatch(p -> p.listFile().equals("extra.list"))) {
            configs.add("usr/lib/modprobe.d/hv_vmbus-extra.conf");
        }
        assertEquals(configs, c.modprobeConfFiles().stream().map(ModprobeConfFile::path).toList());
        for (ModprobeConfFile m : c.modprobeConfFiles()) {
            Path staged = dir.resolve(m.path().startsWith("etc") ? "main" : "extra").resolve(m.path());
            assertEquals(Files.readString(staged, StandardCharsets.UTF_8), m.text());
            assertFalse(m.truncated());
        }
        assertTrue(c.modprobeConfFiles().get(0).text().contains("blacklist hyperv_drm"));
    }

    @Test
    void keepsTheBytesOfTheHvVmbusModuleAsThePackageShipsThem() throws FormatException {
        Path image = DebianInitramfs.images().resolve("early+zstd.img");
        String release = DebianInitramfs.text(image.resolveSibling("release"));
        String path = "lib/modules/" + release + "/kernel/drivers/hv/hv_vmbus.ko";
        ByteSource source = ByteSource.of(image.toString(), bytes(image));
        InitramfsContents c = Initramfs.read(source, InitramfsLimits.DEFAULT, path::equals);
        byte[] shipped = bytes(DebianInitramfs.module(DebianInitramfs.modules("amd64", null), "drivers/hv/hv_vmbus.ko"));
        assertArrayEquals(shipped, c.bytes(path).orElseThrow());
        assertArrayEquals(shipped, c.bytes("./" + path).orElseThrow(), "a name with ./ is the same member");
        assertEquals(List.of(path), new ArrayList<>(c.kept().keySet()), "only what was asked for is kept");
        assertEquals(FbReserveFixProbe.FIX_STRINGS,
                FbReserveFixProbe.scanModule(path, c.bytes(path).orElseThrow()).fixStringNames());
    }

    @Test
    void readsTheSameFromAStreamAsFromAFile() throws IOException, FormatException {
        Path image = DebianInitramfs.images().resolve("early+gzip+pad+zstd.img");
        InitramfsContents fromFile = read(image);
        try (InputStream in = Files.newInputStream(image)) {
            InitramfsContents fromStream = Initramfs.read(in, image.toString(), InitramfsLimits.DEFAULT, p -> false);
            assertEquals(fromFile.members(), fromStream.members());
            assertEquals(fromFile.segments(), fromStream.segments());
            assertEquals(fromFile.modprobeConfFiles(), fromStream.modprobeConfFiles());
        }
    }

    @Test
    void checksTheDataChecksumOfACrcArchive() throws FormatException {
        Path image = DebianInitramfs.images().resolve("early-crc+gzip.img");
        assertEquals(expectedPaths(image.resolveSibling("early-crc.list")),
                read(image).members().stream().filter(m -> m.segment() == 0).map(Member::path).toList());
        byte[] b = bytes(image);
        // one byte of GenuineIntel.bin's data ('I' * 9000, written by the script), changed
        int at = indexOf(b, "IIIIIIII".getBytes(StandardCharsets.US_ASCII));
        b[at + 100] = 'J';
        FormatException e = assertThrows(FormatException.class,
                () -> Initramfs.read(ByteSource.of("corrupt.img", b), InitramfsLimits.DEFAULT, p -> false));
        assertTrue(e.reason().contains("CRC"), e.getMessage());
        assertTrue(e.reason().contains("kernel/x86/microcode/GenuineIntel.bin"), e.getMessage());
    }

    @Test
    void anImageCutShortFailsAtTheCut() throws FormatException {
        Path image = DebianInitramfs.images().resolve("early+xz.img");
        byte[] b = bytes(image);
        for (int cut : new int[] {100, 15360 + 4000, b.length - 10}) {
            FormatException e = assertThrows(FormatException.class,
                    () -> Initramfs.read(ByteSource.of("cut.img", Arrays.copyOf(b, cut)), InitramfsLimits.DEFAULT, p -> false));
            assertTrue(e.getMessage().startsWith("cut.img: "), e.getMessage());
            assertTrue(e.offset() >= 0 && e.offset() <= cut, e.getMessage());
        }
    }

    @Test
    void garbageBetweenSegmentsIsAnInvalidMagicAtItsOffset() throws FormatException {
        Path image = DebianInitramfs.images().resolve("early+gzip+pad+zstd.img");
        List<Part> parts = DebianInitramfs.parts(image);
        byte[] b = bytes(image);
        long padStart = parts.get(1).offset() + parts.get(1).length();
        int at = (int) padStart + 100;
        System.arraycopy("GARBAGE!".getBytes(StandardCharsets.US_ASCII), 0, b, at, 8);
        FormatException e = assertThrows(FormatException.class,
                () -> Initramfs.read(ByteSource.of("garbage.img", b), InitramfsLimits.DEFAULT, p -> false));
        assertEquals(at, e.offset());
        assertTrue(e.reason().startsWith("invalid magic at start of compressed archive"), e.getMessage());
    }

    @Test
    void debianMkinitramfsImageHoldsWhatLsinitramfsLists() throws IOException, FormatException {
        Path image = DebianInitramfs.mkinitramfs();
        String release = DebianInitramfs.text(image.resolveSibling("release"));
        InitramfsContents c = read(image);
        // initramfs-tools' own lister, an independent reader of the same image
        List<String> listed = Arrays.stream(Inputs.exec(null, "lsinitramfs", image.toString()).split("\n"))
                .filter(l -> !l.isEmpty()).toList();
        assertEquals(new TreeSet<>(listed), new TreeSet<>(c.members().stream().map(Member::path).toList()));
        assertEquals(listed.size(), c.members().size());
        assertEquals(1, c.segments().size(), "no early archive without microcode packages");
        assertEquals(Compression.ZSTD, c.segments().get(0).compression(), "COMPRESS=zstd");

        // what the script asked mkinitramfs for: the listed modules, and the modprobe.d file
        for (String m : DebianInitramfs.lines(image.resolveSibling("modules.list"))) {
            assertTrue(c.module(m).isPresent(), m + " in " + c.modules());
        }
        ModprobeConfFile blacklist = c.modprobeConfFiles().stream()
                .filter(m -> m.path().equals("etc/modprobe.d/blacklist-hyperv_drm.conf")).findFirst().orElseThrow();
        assertEquals(Files.readString(image.resolveSibling("blacklist-hyperv_drm.conf")), blacklist.text());

        String path = c.module("hv_vmbus").orElseThrow().path();
        assertEquals("usr/lib/modules/" + release + "/kernel/drivers/hv/hv_vmbus.ko", path);
        byte[] kept = Initramfs.read(ByteSource.of(image.toString(), bytes(image)), InitramfsLimits.DEFAULT, path::equals)
                .bytes(path).orElseThrow();
        assertArrayEquals(bytes(DebianInitramfs.module(DebianInitramfs.modules("amd64", null), "drivers/hv/hv_vmbus.ko")),
                kept);
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
