package org.kexecinspect.format.x86;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.kexecinspect.format.ByteSource;
import org.kexecinspect.format.Layout;
import org.kexecinspect.testing.Inputs;

/**
 * The screen_info encoder against real zero pages: the QEMU/OVMF captures' boot_params.bin (first
 * kernel from the EFI stub, and the kdump kernel's page written by kexec-tools 2.0.25).
 */
class ScreenInfoEncoderTest {

    static byte[] first64(Path bootParams) throws Exception {
        return Arrays.copyOf(Files.readAllBytes(bootParams), 64);
    }

    @ParameterizedTest(name = "{0}/{1}")
    @CsvSource({"efifb-kexec_load,first", "efifb-kexec_load,kdump", "bochs-drm,first"})
    void aRealScreenInfoEncodesBackToItsOwnBytes(String scenario, String stage) throws Exception {
        byte[] real = first64(Inputs.qemuCapture(scenario, stage).resolve("boot_params.bin"));
        ScreenInfo s = ScreenInfo.read(ByteSource.of("real", real), 0);
        assertArrayEquals(real, ScreenInfoEncoder.encode(s));
        assertArrayEquals(real, ScreenInfoEncoder.encode(ScreenInfoEncoder.from(s).build("again")));
    }

    /** The same on every real zero page of the repository, the Hyper-V capture pages included. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("org.kexecinspect.format.x86.BootParamsEncoderTest#pages")
    void everyRealZeroPagesScreenInfoEncodesBackToItsOwnBytes(String label, Path page) throws Exception {
        byte[] real = first64(page);
        ScreenInfo s = BootParams.read(ByteSource.of(label, Files.readAllBytes(page))).screenInfo();
        assertArrayEquals(real, ScreenInfoEncoder.encode(s));
        assertArrayEquals(real, ScreenInfoEncoder.encode(ScreenInfo.read(ByteSource.of(label, real), 0)));
    }

    /** Every field written one by one from the capture tool's own decoding gives the real bytes. */
    @ParameterizedTest(name = "{0}/{1}")
    @CsvSource({"efifb-kexec_load,first", "efifb-kexec_load,kdump", "bochs-drm,first"})
    void fieldsFromTheCapturesDecodingBuildTheRealBytes(String scenario, String stage) throws Exception {
        Path capture = Inputs.qemuCapture(scenario, stage);
        byte[] real = first64(capture.resolve("boot_params.bin"));
        Map<String, Long> fields = QemuCaptureTest.fields(capture, "screen_info");
        ScreenInfoEncoder.Builder b = ScreenInfoEncoder.zero();
        for (Map.Entry<String, Long> e : fields.entrySet()) {
            if (ScreenInfoLayout.LAYOUT.hasField(e.getKey())) {
                b.set(ScreenInfoLayout.LAYOUT.field(e.getKey()), e.getValue());
            }
        }
        // fields.txt does not list these five; take them from the page itself (offsets of include/uapi/linux/screen_info.h)
        b.set(ScreenInfoLayout.EXT_MEM_K, u16(real, 0x02));
        b.set(ScreenInfoLayout.ORIG_VIDEO_PAGE, u16(real, 0x04));
        b.set(ScreenInfoLayout.ORIG_VIDEO_EGA_BX, u16(real, 0x0a));
        b.set(ScreenInfoLayout.CL_MAGIC, u16(real, 0x20));
        b.set(ScreenInfoLayout.CL_OFFSET, u16(real, 0x22));
        assertArrayEquals(real, b.bytes());
        assertEquals(fields.get("full_lfb_base"), b.build("built").lfbAddress());
    }

    private static long u16(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }

    @Test
    void membersLandAtTheOffsetsOfTheKernelHeader() {
        // uapi screen_info.h: isVGA 0x0f, lfb_base 0x18 (u32), lfb_size 0x1c, pages 0x32, capabilities 0x36, ext_lfb_base 0x3a
        byte[] b = ScreenInfoEncoder.zero()
                .set(ScreenInfoLayout.ORIG_VIDEO_IS_VGA, 0x70)
                .set(ScreenInfoLayout.LFB_BASE, 0xf8000000L)
                .set(ScreenInfoLayout.LFB_SIZE, 0x30)
                .set(ScreenInfoLayout.PAGES, 0x300)
                .set(ScreenInfoLayout.CAPABILITIES, 2)
                .set(ScreenInfoLayout.EXT_LFB_BASE, 0x10)
                .bytes();
        byte[] expected = new byte[64];
        expected[0x0f] = 0x70;
        expected[0x1b] = (byte) 0xf8;
        expected[0x1c] = 0x30;
        expected[0x33] = 0x03;
        expected[0x36] = 2;
        expected[0x3a] = 0x10;
        assertArrayEquals(expected, b);
    }

    @Test
    void aValueWiderThanItsMemberIsRefused() {
        ScreenInfoEncoder.Builder b = ScreenInfoEncoder.zero();
        assertThrows(IllegalArgumentException.class, () -> b.set(ScreenInfoLayout.ORIG_VIDEO_IS_VGA, 0x100));
        assertThrows(IllegalArgumentException.class, () -> b.set(ScreenInfoLayout.LFB_BASE, 0x1_0000_0000L));
        assertThrows(IllegalArgumentException.class, () -> b.set(ScreenInfoLayout.PAGES, -1));
    }

    @Test
    void aFieldOfAnotherStructIsRefused() {
        Layout.Field other = BootParamsLayout.ACPI_RSDP_ADDR;
        assertThrows(IllegalArgumentException.class, () -> ScreenInfoEncoder.zero().set(other, 1));
        assertThrows(IllegalArgumentException.class, () -> ScreenInfoEncoder.zero().set(ScreenInfoLayout.RESERVED, 0));
    }
}
