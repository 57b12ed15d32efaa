package org.kexecinspect.format.x86;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kexecinspect.format.ByteSource;
import org.kexecinspect.format.FormatException;
import org.kexecinspect.format.Layout;
import org.kexecinspect.format.x86.BootParamsLayout.EfiInfo;
import org.kexecinspect.testing.Inputs;

/**
 * The zero-page encoder against the real pages of the repository: the QEMU/OVMF captures'
 * boot_params.bin (native-fixtures/captures/qemu-ovmf-debian-6.1: the EFI stub's page and the
 * kdump kernel's page written by kexec-tools 2.0.25) and the Hyper-V capture pages
 * (native-fixtures/hyperv-captures, README there: the real QEMU page with a few screen_info bytes
 * patched), and the setup_header copy against Debian's real 6.1 bzImage.
 */
class BootParamsEncoderTest {

    /** Every real zero page in the repository, found by path so that a new capture joins the tests. */
    static List<Path> realZeroPages() throws IOException {
        List<Path> pages = new ArrayList<>();
        Path qemu = Inputs.captures().resolve("qemu-ovmf-debian-6.1");
        Path hyperv = Inputs.projectDir().resolve("native-fixtures/hyperv-captures");
        try (Stream<Path> s = Files.walk(qemu, 3)) {
            s.filter(p -> p.getFileName().toString().equals("boot_params.bin")).forEach(pages::add);
        }
        try (Stream<Path> s = Files.list(hyperv)) {
            s.map(d -> d.resolve("sys/kernel/boot_params/data")).filter(Files::isRegularFile).forEach(pages::add);
        }
        pages.sort(null);
        // 3 QEMU stages and 4 x86 Hyper-V captures at the time of writing
        assertTrue(pages.size() >= 7, "real zero pages found: " + pages);
        return pages;
    }

    static String label(Path page) {
        return Inputs.projectDir().relativize(page).toString();
    }

    static Stream<Object[]> pages() throws IOException {
        return realZeroPages().stream().map(p -> new Object[] {label(p), p});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pages")
    void aRealZeroPageEncodesBackToItsOwnBytes(String label, Path page) throws Exception {
        byte[] real = Files.readAllBytes(page);
        assertEquals(4096, real.length);
        BootParams bp = BootParams.read(ByteSource.of(label, real));
        assertArrayEquals(real, BootParamsEncoder.encode(bp));
        assertArrayEquals(real, BootParamsEncoder.encode(BootParamsEncoder.from(bp).build("again")));
    }

    /** A zero page holding only a real page's screen_info, efi_info and hdr differs from it nowhere else. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("pages")
    void theThreePartsPlacedIntoAZeroPageLandWhereTheRealPageHasThem(String label, Path page) throws Exception {
        byte[] real = Files.readAllBytes(page);
        BootParams bp = BootParams.read(ByteSource.of(label, real));
        BootParamsEncoder.Builder b = BootParamsEncoder.zero().screenInfo(bp.screenInfo()).efiInfo(bp.efiInfo());
        for (Layout.Field f : SetupHeaderLayout.LAYOUT.fields()) {
            b.setHeader(f, bp.setupHeader().view().get(f));
        }
        byte[] expected = new byte[4096];
        // asm/bootparam.h struct boot_params: screen_info 0x000-0x040, efi_info 0x1c0-0x1e0, hdr 0x1f1-0x26c
        System.arraycopy(real, 0, expected, 0, 0x40);
        System.arraycopy(real, 0x1c0, expected, 0x1c0, 0x20);
        System.arraycopy(real, 0x1f1, expected, 0x1f1, 0x7b);
        assertArrayEquals(expected, b.bytes());
    }

    @Test
    void membersLandAtTheOffsetsOfTheKernelHeader() {
        byte[] b = BootParamsEncoder.zero()
                .set(BootParamsLayout.ACPI_RSDP_ADDR, 0x7fb7e014L)
                .set(BootParamsLayout.SENTINEL, 0xff)
                .setHeader(SetupHeaderLayout.TYPE_OF_LOADER, 0xd0)
                .setHeader(SetupHeaderLayout.HARDWARE_SUBARCH, 1)
                .setEfiInfo(EfiInfo.EFI_LOADER_SIGNATURE, EfiInfo.EFI64_LOADER_SIGNATURE)
                .setEfiInfo(EfiInfo.EFI_MEMMAP_SIZE, 0x1230)
                .bytes();
        byte[] expected = new byte[4096];
        // asm/bootparam.h and boot.rst: acpi_rsdp_addr 0x070 (u64), sentinel 0x1ef, efi_loader_signature 0x1c0,
        // efi_memmap_size 0x1d4, type_of_loader 0x210, hardware_subarch 0x23c
        expected[0x70] = 0x14;
        expected[0x71] = (byte) 0xe0;
        expected[0x72] = (byte) 0xb7;
        expected[0x73] = 0x7f;
        expected[0x1ef] = (byte) 0xff;
        expected[0x1c0] = 'E';
        expected[0x1c1] = 'L';
        expected[0x1c2] = '6';
        expected[0x1c3] = '4';
        expected[0x1d4] = 0x30;
        expected[0x1d5] = 0x12;
        expected[0x210] = (byte) 0xd0;
        expected[0x23c] = 1;
        assertArrayEquals(expected, b);
    }

    @Test
    void efiInfoCopiedFromTheRunningKernelsPageBecomesAnEfiBoot() throws Exception {
        Path first = Inputs.qemuCapture("efifb-kexec_load", "first").resolve("boot_params.bin");
        BootParams running = BootParams.read(ByteSource.of("first", Files.readAllBytes(first)));
        assertTrue(running.efiBoot(), "OVMF boot: EL64");
        BootParams built = BootParamsEncoder.zero().efiInfo(running.efiInfo()).build("built");
        assertTrue(built.efiBoot());
        assertEquals(running.efiMemmap(), built.efiMemmap());
        assertEquals(running.efiSystab(), built.efiSystab());
        // without it (what both loaders leave when they pass no EFI state) the page is no EFI boot
        assertEquals(false, BootParamsEncoder.zero().build("no efi_info").efiBoot());
    }

    /**
     * The kdump stage of the QEMU capture booted Debian's linux-image-6.1.0-56-amd64, loaded by
     * kexec-tools 2.0.25 from the same package's image: copying that image's setup_header and then
     * making the writes kexec-tools and the booting kernel make must give the captured hdr exactly.
     */
    @Test
    void theSetupHeaderCopyOfTheDebianImageIsTheHdrTheKdumpKernelReceived() throws Exception {
        Path image = Inputs.debianAmd64Kernel();
        byte[] imageBytes = Files.readAllBytes(image);
        Path kdump = Inputs.qemuCapture("efifb-kexec_load", "kdump");
        String uname = Files.readString(kdump.resolve("uname.txt")).trim();
        String release = uname.split(" ")[2];
        String build = uname.substring(uname.indexOf('#'), uname.lastIndexOf(' ', uname.lastIndexOf(' ') - 1));
        String version = BzImage.read(ByteSource.of("image", imageBytes)).kernelVersion();
        assumeTrue(version.startsWith(release + " ") && version.endsWith(build),
                "the captured kdump kernel is " + release + " " + build + "; Debian's current image is " + version);

        byte[] page = Files.readAllBytes(kdump.resolve("boot_params.bin"));
        BootParams captured = BootParams.read(ByteSource.of("kdump", page));
        BootParamsEncoder.Builder b = BootParamsEncoder.zero().copySetupHeaderFrom(ByteSource.of("image", imageBytes));
        // the image's jump states its header length: 0x202 + byte[0x201] - 0x1f1
        assertEquals(0x202 + (imageBytes[0x201] & 0xff) - 0x1f1, BootParamsEncoder.setupHeaderCopyLength(ByteSource.of("image", imageBytes)));

        // kexec-tools' writes (x86-linux-setup.c): type_of_loader 0xD0, mount_root_rdonly (root_flags) 0xFFFF,
        // root_dev 0x0300, aux_device_info = byte 0x1ff (boot_flag's high byte) 0
        b.setHeader(SetupHeaderLayout.TYPE_OF_LOADER, 0xd0)
                .setHeader(SetupHeaderLayout.ROOT_FLAGS, 0xffff)
                .setHeader(SetupHeaderLayout.ROOT_DEV, 0x0300)
                .setHeader(SetupHeaderLayout.BOOT_FLAG, b.build("copied").setupHeader().view().get(SetupHeaderLayout.BOOT_FLAG) & 0xff);
        // addresses where kexec-tools placed the initrd, command line and setup_data list: machine facts
        for (Layout.Field f : List.of(SetupHeaderLayout.RAMDISK_IMAGE, SetupHeaderLayout.RAMDISK_SIZE,
                SetupHeaderLayout.CMD_LINE_PTR, SetupHeaderLayout.SETUP_DATA)) {
            b.setHeader(f, captured.setupHeader().view().get(f));
        }
        // kexec-tools writes loadflags 0; the kdump kernel's decompressor then sets KASLR_FLAG
        // (arch/x86/boot/compressed/kaslr.c choose_random_location)
        b.setHeader(SetupHeaderLayout.LOADFLAGS, SetupHeaderLayout.KASLR_FLAG);

        assertArrayEquals(Arrays.copyOfRange(page, 0x1f1, 0x26c), Arrays.copyOfRange(b.bytes(), 0x1f1, 0x26c));
    }

    /** The real image's first 4 KiB with the jump's displacement byte changed. */
    private static byte[] debianImageHeadWithJump(int displacement) throws Exception {
        byte[] head = Arrays.copyOf(Files.readAllBytes(Inputs.debianAmd64Kernel()), 4096);
        head[0x201] = (byte) displacement;
        return head;
    }

    @Test
    void anImageWhoseHeaderIsLongerThanBootParamsHdrIsRefused() throws Exception {
        // 0x202 + 0x6b - 0x1f1 = 124 bytes, one more than the 123 of struct setup_header
        ByteSource longer = ByteSource.of("longer", debianImageHeadWithJump(0x6b));
        FormatException e = assertThrows(FormatException.class,
                () -> BootParamsEncoder.zero().copySetupHeaderFrom(longer));
        assertTrue(e.getMessage().startsWith("longer: "), e.getMessage());
        assertEquals(0x201, e.offset());
        // 0xff, the longest header the byte can state (read unsigned): refused too
        assertThrows(FormatException.class,
                () -> BootParamsEncoder.setupHeaderCopyLength(ByteSource.of("neg", debianImageHeadWithJump(0xff))));
    }

    @Test
    void aShorterHeaderIsCopiedToItsEndAndTheRestOfHdrIsZero() throws Exception {
        byte[] head = debianImageHeadWithJump(0x5b);   // header ends at 0x25d, inside pref_address (0x258-0x260)
        byte[] real = Files.readAllBytes(Inputs.qemuCapture("efifb-kexec_load", "kdump").resolve("boot_params.bin"));
        BootParams stale = BootParams.read(ByteSource.of("kdump", real));
        byte[] out = BootParamsEncoder.from(stale).copySetupHeaderFrom(ByteSource.of("short", head)).bytes();
        assertArrayEquals(Arrays.copyOfRange(head, 0x1f1, 0x25d), Arrays.copyOfRange(out, 0x1f1, 0x25d));
        assertArrayEquals(new byte[0x26c - 0x25d], Arrays.copyOfRange(out, 0x25d, 0x26c));
        // outside hdr the page is untouched
        assertArrayEquals(Arrays.copyOfRange(real, 0, 0x1f1), Arrays.copyOfRange(out, 0, 0x1f1));
        assertArrayEquals(Arrays.copyOfRange(real, 0x26c, 4096), Arrays.copyOfRange(out, 0x26c, 4096));
    }

    @Test
    void aFileWithoutAnX86SetupHeaderIsRefused() throws Exception {
        Path arm64 = Inputs.debianArm64Kernel();
        byte[] head = Arrays.copyOf(Files.readAllBytes(arm64), 4096);
        FormatException e = assertThrows(FormatException.class,
                () -> BootParamsEncoder.zero().copySetupHeaderFrom(ByteSource.of("arm64 Image", head)));
        assertTrue(e.getMessage().startsWith("arm64 Image: "), e.getMessage());
        FormatException truncated = assertThrows(FormatException.class,
                () -> BootParamsEncoder.zero().copySetupHeaderFrom(ByteSource.of("tiny", new byte[0x200])));
        assertTrue(truncated.getMessage().startsWith("tiny: "), truncated.getMessage());
    }

    @Test
    void membersOutsideTheirStructOrWiderThanTheirWidthAreRefused() {
        BootParamsEncoder.Builder b = BootParamsEncoder.zero();
        assertThrows(IllegalArgumentException.class, () -> b.set(SetupHeaderLayout.TYPE_OF_LOADER, 0xd0));
        assertThrows(IllegalArgumentException.class, () -> b.setHeader(BootParamsLayout.ACPI_RSDP_ADDR, 0));
        assertThrows(IllegalArgumentException.class, () -> b.setEfiInfo(ScreenInfoLayout.LFB_BASE, 0));
        assertThrows(IllegalArgumentException.class, () -> b.set(BootParamsLayout.PAD4, 0));
        assertThrows(IllegalArgumentException.class, () -> b.set(BootParamsLayout.EDD_MBR_SIG_BUFFER, 0));
        assertThrows(IllegalArgumentException.class, () -> b.set(BootParamsLayout.E820_ENTRIES, 129));
        assertThrows(IllegalArgumentException.class, () -> b.set(BootParamsLayout.SENTINEL, 0x100));
        assertThrows(IllegalArgumentException.class, () -> b.setHeader(SetupHeaderLayout.VERSION, -1));
        assertThrows(IllegalArgumentException.class, () -> b.screenInfo(new byte[63]));
        assertArrayEquals(new byte[4096], b.bytes(), "a refused write changes nothing");
    }
}
