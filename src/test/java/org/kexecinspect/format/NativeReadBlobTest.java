package org.kexecinspect.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexecinspect.format.x86.BootParamsEncoder;
import org.kexecinspect.format.x86.BootParamsLayout;
import org.kexecinspect.format.x86.BootParamsLayout.EfiInfo;
import org.kexecinspect.format.x86.ScreenInfo;
import org.kexecinspect.format.x86.ScreenInfoEncoder;
import org.kexecinspect.format.x86.ScreenInfoLayout;
import org.kexecinspect.format.x86.SetupHeaderLayout;

/**
 * Blobs written by the Java encoders, read back by C through the real struct definitions of the
 * system headers (native-fixtures/read-blob.c). Every member read-blob prints must hold what the
 * test set, and zero where the test set nothing: a wrong offset or width in an encoder shows up as
 * a wrong value at the C side.
 */
class NativeReadBlobTest {

    @TempDir static Path dir;
    static Path readBlob;

    @BeforeAll
    static void build() throws Exception {
        readBlob = NativeStructs.build("read-blob");
    }

    /** A 7680x4320x32 GOP framebuffer at 0xfe0000000, where hyperv_drm moved it in Dexuan Cui's Gen1 VM (hyperv-captures README). */
    static final long HIGH_BASE = 0xf_e000_0000L;
    static final int WIDTH = 7680;
    static final int HEIGHT = 4320;
    static final int LINE = WIDTH * 4;

    /** Members a test sets, by C name; the encoder is fed from this map and C must print it back. */
    static Map<String, Long> efiHighFramebuffer() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("orig_video_isVGA", 0x70L);                  // VIDEO_TYPE_EFI
        m.put("lfb_width", (long) WIDTH);
        m.put("lfb_height", (long) HEIGHT);
        m.put("lfb_depth", 32L);
        m.put("lfb_linelength", (long) LINE);
        m.put("lfb_base", 0xe000_0000L);                   // low 32 bits of HIGH_BASE
        m.put("ext_lfb_base", 0xfL);                       // high 32 bits
        m.put("capabilities", 3L);                         // SKIP_QUIRKS | 64BIT_BASE (uapi screen_info.h)
        m.put("lfb_size", (long) LINE * HEIGHT);           // bytes for EFI, as the EFI stub writes it
        m.put("pages", 1L);
        m.put("red_size", 8L);
        m.put("red_pos", 16L);
        m.put("green_size", 8L);
        m.put("green_pos", 8L);
        m.put("blue_size", 8L);
        m.put("blue_pos", 0L);
        m.put("rsvd_size", 8L);
        m.put("rsvd_pos", 24L);
        m.put("cl_magic", 0xa33fL);
        m.put("cl_offset", 0x5000L);
        m.put("orig_video_cols", 80L);
        m.put("orig_video_lines", 25L);
        m.put("orig_video_points", 16L);
        return m;
    }

    static ScreenInfoEncoder.Builder encode(Map<String, Long> members) {
        ScreenInfoEncoder.Builder b = ScreenInfoEncoder.zero();
        members.forEach((name, value) -> b.set(ScreenInfoLayout.LAYOUT.field(name), value));
        return b;
    }

    /** What C prints, as member path to value, after checking which struct it chose by the size. */
    static Map<String, Long> readBack(String name, byte[] blob, String struct) throws Exception {
        Path file = dir.resolve(name);
        Files.write(file, blob);
        List<String> lines = NativeStructs.run(readBlob, file.toString());
        assertEquals("struct " + struct, lines.get(0));
        Map<String, Long> out = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] w = line.split(" ");
            assertEquals(2, w.length, line);
            out.put(w[0], Long.parseUnsignedLong(w[1]));
        }
        return out;
    }

    /** Every screen_info member C prints: the set value, 0 for the rest. */
    static Map<String, Long> expectedScreenInfo(Map<String, Long> set) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (Layout.Field f : ScreenInfoLayout.LAYOUT.fields()) {
            for (int i = 0; i < f.count(); i++) {
                String path = "screen_info." + f.name() + (f.isArray() ? "[" + i + "]" : "");
                m.put(path, set.getOrDefault(f.name(), 0L));
            }
        }
        return m;
    }

    /** The same members, each with the same value; a difference is listed member by member. */
    static void assertSameMembers(Map<String, Long> expected, Map<String, Long> printed) {
        List<String> wrong = new ArrayList<>();
        expected.forEach((path, value) -> {
            Long c = printed.get(path);
            if (c == null || c.longValue() != value) {
                wrong.add(path + ": Java wrote 0x" + Long.toHexString(value) + ", C read "
                        + (c == null ? "nothing" : "0x" + Long.toHexString(c)));
            }
        });
        printed.keySet().stream().filter(path -> !expected.containsKey(path))
                .forEach(path -> wrong.add(path + ": printed by C, not expected"));
        assertEquals(List.of(), wrong);
    }

    @Test
    void aFramebufferAbove4GiBIsSplitIntoLfbBaseAndExtLfbBaseAsCReadsThem() throws Exception {
        Map<String, Long> set = efiHighFramebuffer();
        ScreenInfoEncoder.Builder b = encode(set);
        Map<String, Long> expected = expectedScreenInfo(set);
        Map<String, Long> printed = readBack("efi-high.si", b.bytes(), "screen_info");
        assertSameMembers(expected, printed);

        // the halves C holds join to the base the test started from, and so does the parser's reading
        assertEquals(HIGH_BASE, printed.get("screen_info.lfb_base") | printed.get("screen_info.ext_lfb_base") << 32);
        ScreenInfo si = b.build("efi-high");
        assertEquals(HIGH_BASE, si.lfbAddress());
        assertEquals((long) LINE * HEIGHT, si.lfbSizeBytes());
    }

    /**
     * The same 8 MiB framebuffer stated twice: kexec-tools' VESA form counts lfb_size in 64 KiB
     * units, the EFI form in bytes (include/linux/screen_info.h __screen_info_lfb_size()).
     */
    @Test
    void vlfbCountsLfbSizeIn64KiBUnitsAndEfiInBytes() throws Exception {
        long smemLen = 8L << 20;
        Map<String, Long> vesa = new LinkedHashMap<>();
        vesa.put("orig_video_isVGA", 0x23L);               // VIDEO_TYPE_VLFB
        vesa.put("lfb_base", 0xf800_0000L);
        vesa.put("lfb_width", 1024L);
        vesa.put("lfb_height", 768L);
        vesa.put("lfb_depth", 32L);
        vesa.put("lfb_linelength", 4096L);
        vesa.put("lfb_size", 128L);                        // (8 MiB + 65535) / 65536, kexec-tools' rule
        vesa.put("pages", 2048L);                          // (8 MiB + 4095) / 4096
        Map<String, Long> efi = new LinkedHashMap<>(vesa);
        efi.put("orig_video_isVGA", 0x70L);
        efi.put("lfb_size", smemLen);                      // bytes

        for (Map<String, Long> set : List.of(vesa, efi)) {
            ScreenInfoEncoder.Builder b = encode(set);
            Map<String, Long> expected = expectedScreenInfo(set);
            assertSameMembers(expected, readBack("fb-" + set.get("orig_video_isVGA") + ".si", b.bytes(), "screen_info"));
            assertEquals(smemLen, b.build("fb").lfbSizeBytes(), "type " + set.get("orig_video_isVGA"));
        }
    }

    @Test
    void aZeroPageCarriesItsScreenInfoHeaderAndEfiMembersWhereCReadsThem() throws Exception {
        Map<String, Long> set = efiHighFramebuffer();
        BootParamsEncoder.Builder page = BootParamsEncoder.zero()
                .screenInfo(encode(set).bytes())
                .setHeader(SetupHeaderLayout.TYPE_OF_LOADER, 0xd0)          // kexec loaders' ID (boot.rst)
                .setHeader(SetupHeaderLayout.VERSION, 0x020f)               // protocol 2.15
                .setHeader(SetupHeaderLayout.XLOADFLAGS, 0x7f)              // the Debian 6.1 image's flags
                .setHeader(SetupHeaderLayout.HARDWARE_SUBARCH, 3)           // non-zero only to place the member
                .set(BootParamsLayout.ACPI_RSDP_ADDR, 0x7fb7e014L)          // the QEMU/OVMF capture's RSDP
                .setEfiInfo(EfiInfo.EFI_LOADER_SIGNATURE, 0x34364c45L)      // "EL64"
                .setEfiInfo(EfiInfo.EFI_MEMMAP_SIZE, 0x140);

        Map<String, Long> expected = expectedScreenInfo(set);
        expected.put("hdr.type_of_loader", 0xd0L);
        expected.put("hdr.version", 0x020fL);
        expected.put("hdr.xloadflags", 0x7fL);
        expected.put("hdr.hardware_subarch", 3L);
        expected.put("acpi_rsdp_addr", 0x7fb7e014L);
        expected.put("efi_info.efi_loader_signature", 0x34364c45L);
        expected.put("efi_info.efi_memmap_size", 0x140L);
        assertSameMembers(expected, readBack("page.bp", page.bytes(), "boot_params"));
    }
}
