package org.kexecinspect.initramfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.kexecinspect.format.ByteSource;
import org.kexecinspect.format.Compression;
import org.kexecinspect.format.FormatException;

/**
 * Archives no tool writes (sizes the data does not back, names past PATH_MAX, a hundred thousand
 * entries, junk where a segment should start), built field by field by {@link Newc}: each must end
 * in one FormatException naming the offset, or be read within the caps, never followed into an
 * allocation or a loop the input sizes.
 */
class HostileInitramfsTest {

    static InitramfsContents read(byte[] b) throws FormatException {
        return read(b, InitramfsLimits.DEFAULT);
    }

    static InitramfsContents read(byte[] b, InitramfsLimits limits) throws FormatException {
        return Initramfs.read(ByteSource.of("hostile.img", b), limits, p -> false);
    }

    static List<String> paths(InitramfsContents c) {
        return c.members().stream().map(Member::path).toList();
    }

    static FormatException fails(byte[] b, InitramfsLimits limits) {
        return assertThrows(FormatException.class, () -> read(b, limits));
    }

    static FormatException fails(byte[] b) {
        return fails(b, InitramfsLimits.DEFAULT);
    }

    static byte[] gzip(byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(b);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void anEntryWhoseDataIsCutShortIsTruncatedAtItsHeader() {
        byte[] whole = new Newc().file("etc/motd", "x".repeat(100)).trailer().bytes();
        byte[] cut = Arrays.copyOf(whole, 110 + 12 + 10);
        FormatException e = fails(cut);
        assertEquals(0, e.offset());
        assertTrue(e.reason().contains("etc/motd") && e.reason().contains("truncated"), e.getMessage());
    }

    @Test
    void aHeaderCutShortIsTruncated() {
        byte[] b = Arrays.copyOf(new Newc().file("a", "b").bytes(), 60);
        FormatException e = fails(b);
        assertEquals(0, e.offset());
        assertTrue(e.reason().contains("needs 110 bytes"), e.getMessage());
    }

    @Test
    void aMemberOfFourGibibytesIsAboveTheCapOrTruncated() {
        Newc n = new Newc().file("ok", "fine");
        int at = n.size();
        byte[] b = n.header("070701", Newc.FILE, 1, 0xFFFFFFFFL, 4).name("big".getBytes(StandardCharsets.US_ASCII))
                .raw(new byte[4096]).bytes();
        FormatException capped = fails(b);
        assertEquals(at, capped.offset());
        assertTrue(capped.reason().contains("4294967295 bytes") && capped.reason().contains("cap"), capped.getMessage());

        // allowed by the cap, the 4 GiB are not there: truncated, after reading what is
        FormatException truncated = fails(b, limits(InitramfsLimits.DEFAULT.maxTotalBytes(), InitramfsLimits.DEFAULT.maxMembers(), 8L << 30));
        assertEquals(at, truncated.offset());
        assertTrue(truncated.reason().contains("truncated"), truncated.getMessage());
    }

    @Test
    void aMemberOfFourGibibytesInsideGzipNamesTheSegmentAndTheDecompressedOffset() {
        byte[] cpio = new Newc().header("070701", Newc.FILE, 1, 0xFFFFFFFFL, 4)
                .name("big".getBytes(StandardCharsets.US_ASCII)).bytes();
        FormatException e = fails(concat(new byte[8], gzip(cpio)));
        assertEquals(8, e.offset());
        assertTrue(e.reason().startsWith("gzip segment at 0x8, at 0x0 of its decompressed data: a member of 4294967295"),
                e.getMessage());
    }

    static byte[] tinyMembers(int count) {
        Newc n = new Newc();
        for (int i = 0; i < count; i++) {
            n.file(String.format("d/f%06d", i), "x");
        }
        return n.trailer().bytes();
    }

    @Test
    void aHundredThousandTinyMembersUnderTheCapAreAllListed() throws FormatException {
        byte[] b = tinyMembers(100_000);
        InitramfsContents c = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> read(b));
        assertEquals(100_000, c.members().size());
        assertEquals("d/f000000", c.members().get(0).path());
        assertEquals("d/f099999", c.members().get(99_999).path());
        assertEquals(100_000, c.segments().get(0).members());
    }

    @Test
    void aHundredThousandTinyMembersOverTheCapAreRefusedAtTheFirstOneTooMany() {
        Newc n = new Newc();
        for (int i = 0; i < 99_999; i++) {
            n.file(String.format("d/f%06d", i), "x");
        }
        int at = n.size();
        byte[] b = concat(n.bytes(), tinyMembers(1));
        FormatException e = fails(b, limits(InitramfsLimits.DEFAULT.maxTotalBytes(), 99_999, InitramfsLimits.DEFAULT.maxMemberSize()));
        assertEquals(at, e.offset());
        assertTrue(e.reason().contains("more than 99999 members"), e.getMessage());
    }

    @Test
    void aNameOfOneMebibyteIsRefusedBeforeItIsRead() {
        byte[] name = "n".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII);
        byte[] b = new Newc().header("070701", Newc.FILE, 1, 0, name.length + 1).name(name).trailer().bytes();
        FormatException e = fails(b);
        assertEquals(0, e.offset());
        assertTrue(e.reason().contains("a name of 1048577 bytes") && e.reason().contains("PATH_MAX"), e.getMessage());
    }

    @Test
    void dotDotNamesAreListedAsNamesOnly() throws FormatException {
        byte[] b = new Newc().file("../../etc/shadow", "root::0:0").file("a/../../b", "1").file("/abs//path/", "2")
                .file("./x/./y", "3").entry(".", Newc.DIR, new byte[0])
                .entry("lib", Newc.SYMLINK, "usr/lib".getBytes(StandardCharsets.US_ASCII)).trailer().bytes();
        InitramfsContents c = read(b);
        assertEquals(List.of("../../etc/shadow", "a/../../b", "abs/path", "x/y", ".", "lib"), paths(c));
        assertEquals("/abs//path/", c.members().get(2).rawName());
        assertEquals("usr/lib", c.members().get(5).linkTarget());
        assertEquals(MemberType.SYMLINK, c.members().get(5).type());
        assertEquals(MemberType.DIRECTORY, c.members().get(4).type());
    }

    @Test
    void garbageBetweenSegmentsIsAnInvalidMagicWhereItStarts() {
        byte[] cpio = new Newc().file("a", "b").trailer().bytes();
        byte[] b = concat(cpio, new byte[12], "JUNKJUNK".getBytes(StandardCharsets.US_ASCII), gzip(cpio));
        FormatException e = fails(b);
        assertEquals(cpio.length + 12, e.offset());
        assertTrue(e.reason().startsWith("invalid magic at start of compressed archive: \"JUNK"), e.getMessage());
    }

    @Test
    void junkInsideACompressedSegmentIsReported() {
        byte[] cpio = new Newc().file("a", "b").trailer().bytes();
        FormatException e = fails(gzip(concat(cpio, "JUNK".getBytes(StandardCharsets.US_ASCII))));
        assertEquals(0, e.offset());
        assertTrue(e.reason().contains("junk within compressed archive"), e.getMessage());
    }

    @Test
    void aCpioHeaderAtAnOffsetThatIsNoMultipleOfFourIsNotOne() {
        byte[] cpio = new Newc().file("a", "b").trailer().bytes();
        byte[] b = concat(cpio, new byte[] {0x1f}, cpio);      // a stray byte, then '0' at an odd offset
        FormatException e = fails(b);
        assertEquals(cpio.length, e.offset());
        byte[] c = concat(cpio, new byte[3], cpio);
        // NULs are padding, but they do not realign the header: 0x1f was junk, here '0' is misplaced
        FormatException misplaced = fails(c);
        assertEquals(cpio.length + 3, misplaced.offset());
        assertTrue(misplaced.reason().contains("not a multiple of 4"), misplaced.getMessage());
    }

    @Test
    void theOldPortableFormatIsNamed() {
        byte[] b = new Newc().header("070707", Newc.FILE, 1, 0, 2).name(new byte[] {'a'}).bytes();
        FormatException e = fails(b);
        assertTrue(e.reason().contains("070707") && e.reason().contains("newc"), e.getMessage());
    }

    @Test
    void aDecompressionBombStopsAtTheCap() {
        byte[] cpio = new Newc().entry("zeros", Newc.FILE, new byte[4 << 20]).trailer().bytes();
        FormatException e = fails(gzip(cpio), limits(1 << 20, InitramfsLimits.DEFAULT.maxMembers(), InitramfsLimits.DEFAULT.maxMemberSize()));
        assertTrue(e.reason().startsWith("gzip segment at 0x0: expands past the 1048576-byte cap"), e.getMessage());
    }

    @Test
    void anEndlessStreamStopsAtTheInputCap() {
        InputStream zeros = new InputStream() {
            @Override public int read() { return 0; }

            @Override public int read(byte[] b, int off, int len) {
                Arrays.fill(b, off, off + len, (byte) 0);
                return len;
            }
        };
        InitramfsLimits limits = new InitramfsLimits(1 << 20, 1 << 20, 4, 10, 4096, 1024, 1024, 4, 1024);
        FormatException e = assertThrows(FormatException.class,
                () -> Initramfs.read(zeros, "endless", limits, p -> false));
        assertTrue(e.reason().contains("longer than the 1048576-byte cap"), e.getMessage());
    }

    @Test
    void zeroPaddingBetweenEntriesIsAllowedAsTheKernelAllowsIt() throws FormatException {
        byte[] b = concat(new Newc().file("a", "1").bytes(), new byte[64], new Newc().file("b", "2").trailer().bytes());
        InitramfsContents c = read(b);
        assertEquals(List.of("a", "b"), paths(c));
        assertEquals(1, c.segments().size());
        assertEquals(List.of(), c.warnings());
    }

    @Test
    void anArchiveWithoutTrailerIsReadWithAWarning() throws FormatException {
        InitramfsContents c = read(new Newc().file("a", "1").bytes());
        assertEquals(List.of("a"), paths(c));
        assertEquals(0, c.segments().get(0).trailers());
        assertEquals(1, c.warnings().size());
        assertTrue(c.warnings().get(0).contains("without TRAILER!!!"), c.warnings().toString());
    }

    @Test
    void twoArchivesInOneCompressedSegmentAreBothRead() throws FormatException {
        byte[] inner = concat(new Newc().file("a", "1").trailer().bytes(), new Newc().file("b", "2").trailer().bytes());
        InitramfsContents c = read(gzip(inner));
        assertEquals(List.of("a", "b"), paths(c));
        Segment s = c.segments().get(0);
        assertEquals(Compression.GZIP, s.compression());
        assertEquals(2, s.trailers());
        assertEquals(inner.length, s.uncompressedLength());
    }

    @Test
    void capsWhatItKeepsOfConfigurationFilesAndMembers() throws FormatException {
        String text = "blacklist hyperv_drm\n".repeat(10_000);
        byte[] big = new byte[100_000];
        byte[] b = new Newc().file("etc/modprobe.d/big.conf", text).entry("blob", Newc.FILE, big)
                .file("etc/modprobe.d/sub/not-read.conf", "x").file("etc/modprobe.d/readme", "x").trailer().bytes();
        InitramfsLimits limits = new InitramfsLimits(1 << 30, 1 << 30, 4, 100, 4096, 1 << 20, 50_000, 4, 1000);
        InitramfsContents c = Initramfs.read(ByteSource.of("caps.img", b), limits, p -> p.equals("blob"));
        assertEquals(1, c.modprobeConfFiles().size());
        ModprobeConfFile m = c.modprobeConfFiles().get(0);
        assertEquals(text.substring(0, 1000), m.text());
        assertEquals(text.length(), m.size());
        assertTrue(m.truncated());
        assertFalse(c.bytes("blob").isPresent());
        assertTrue(c.warnings().get(0).contains("blob is 100000 bytes"), c.warnings().toString());
    }

    @Test
    void aLaterEntryReplacesAnEarlierOneAsWhenTheKernelUnpacks() throws FormatException {
        byte[] b = concat(new Newc().file("etc/modprobe.d/a.conf", "old\n").trailer().bytes(),
                gzip(new Newc().file("./etc/modprobe.d/a.conf", "new\n").trailer().bytes()));
        InitramfsContents c = Initramfs.read(ByteSource.of("twice.img", b), InitramfsLimits.DEFAULT,
                p -> p.endsWith("a.conf"));
        assertEquals(2, c.members().size());
        assertEquals(List.of(0, 1), c.members().stream().map(Member::segment).toList());
        assertEquals("new\n", c.modprobeConfFiles().get(0).text());
        assertEquals("new\n", new String(c.bytes("/etc/modprobe.d/a.conf").orElseThrow(), StandardCharsets.UTF_8));
    }

    @Test
    void modulesAreFoundByEitherSpellingWhateverTheirSuffix() throws FormatException {
        byte[] b = new Newc().file("usr/lib/modules/6.1.0/kernel/drivers/pci/controller/pci-hyperv.ko.xz", "x")
                .file("lib/modules/6.1.0/kernel/drivers/hv/hv_vmbus.ko.zst", "x")
                .file("lib/modules/6.1.0/kernel/fs/ext4/ext4.ko.gz", "x").file("lib/modules/6.1.0/modules.dep", "")
                .entry("lib/modules/6.1.0/kernel/notafile.ko", Newc.DIR, new byte[0]).trailer().bytes();
        InitramfsContents c = read(b);
        assertEquals(List.of("pci_hyperv", "hv_vmbus", "ext4"), c.modules().stream().map(KernelModule::name).toList());
        assertEquals(Compression.XZ, c.module("pci_hyperv").orElseThrow().compression());
        assertEquals(Compression.ZSTD, c.module("hv-vmbus").orElseThrow().compression());
        assertEquals(Compression.GZIP, c.module("ext4").orElseThrow().compression());
    }

    @Test
    void anEmptyInputHoldsNothing() throws FormatException {
        InitramfsContents c = read(new byte[0]);
        assertEquals(List.of(), c.segments());
        assertEquals(List.of(), c.members());
        InitramfsContents zeros = read(new byte[4096]);
        assertEquals(List.of(), zeros.segments());
        assertEquals(4096, zeros.inputLength());
    }

    /** The default caps but for the three these tests move. */
    private static InitramfsLimits limits(long maxTotalBytes, int maxMembers, long maxMemberSize) {
        InitramfsLimits d = InitramfsLimits.DEFAULT;
        return new InitramfsLimits(d.maxInputBytes(), maxTotalBytes, d.maxSegments(), maxMembers, d.maxNameSize(),
                maxMemberSize, d.maxKeptBytes(), d.maxConfigFiles(), d.maxConfigBytes());
    }
}
