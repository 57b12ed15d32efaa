package org.kexecinspect.format.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.kexecinspect.format.fb.FbDriver;
import org.kexecinspect.format.text.IomemQueries.Framebuffer;
import org.kexecinspect.format.text.IomemQueries.FramebufferKind;
import org.kexecinspect.testing.Inputs;

/**
 * The firmware framebuffer in Debian unstable's 7.2.13 /proc/iomem (the sid-efifb-s run of
 * native-fixtures/captures/qemu-debian-13-and-unstable, first kernel and kdump kernel: efifb at the GOP
 * base inside the display's BAR), and the same region as the DRM drivers of the firmware framebuffer
 * name it: efidrm and vesadrm request it under their driver name, simpledrm inside sysfb's BOOTFB
 * device (drivers/gpu/drm/sysfb/, drivers/firmware/sysfb_simplefb.c). Those three texts are the real
 * one with the region renamed, not captured.
 */
class FirmwareDrmFramebufferTest {

    static String sidIomem(String stage) throws Exception {
        return Files.readString(Inputs.qemuRun("sid-efifb-s", stage).resolve("iomem.txt"), StandardCharsets.ISO_8859_1);
    }

    @Test
    void unstablesEfifbIsTheFirmwareFramebufferInBothKernels() throws Exception {
        for (String stage : List.of("first", "kdump")) {
            List<Framebuffer> fbs = IomemQueries.framebuffers(ProcIomem.parse(sidIomem(stage), stage));
            assertEquals(1, fbs.size(), stage);
            assertEquals(FramebufferKind.FIRMWARE_DRIVER, fbs.get(0).kind(), stage);
            assertEquals(List.of("efifb"), fbs.get(0).drivers(), stage);
            assertEquals(0xc0000000L, fbs.get(0).region().start(), stage);
        }
    }

    @Test
    void efidrmVesadrmAndSimpledrmRegionsAreTheFirmwareFramebufferToo() throws Exception {
        String real = sidIomem("first");
        assertTrue(real.contains("    c0000000-c03e7fff : efifb\n"));
        for (String drv : List.of("efidrm", "vesadrm")) {
            List<Framebuffer> fbs = IomemQueries.framebuffers(ProcIomem.parse(
                    real.replace("    c0000000-c03e7fff : efifb\n", "    c0000000-c03e7fff : " + drv + "\n"), drv));
            assertEquals(1, fbs.size(), drv);
            assertEquals(FramebufferKind.FIRMWARE_DRIVER, fbs.get(0).kind(), drv);
            assertEquals(List.of(drv), fbs.get(0).drivers(), drv);
            assertEquals(0xc0000000L, fbs.get(0).region().start(), drv);
        }
        List<Framebuffer> simple = IomemQueries.framebuffers(ProcIomem.parse(real.replace(
                "    c0000000-c03e7fff : efifb\n",
                "    c0000000-c03e7fff : BOOTFB\n      c0000000-c03e7fff : simpledrm\n"), "simpledrm"));
        assertEquals(List.of(FramebufferKind.SYSFB_DEVICE, FramebufferKind.FIRMWARE_DRIVER),
                simple.stream().map(Framebuffer::kind).toList());
        assertEquals(List.of("simpledrm"), simple.get(1).drivers());
    }

    /** The fix.id side and the iomem side name the same DRM drivers of the firmware framebuffer. */
    @Test
    void theFbdevAndIomemListsAgree() {
        assertTrue(IomemQueries.FIRMWARE_FRAMEBUFFER_DRIVERS.containsAll(FbDriver.FIRMWARE_DRM_DRIVERS));
        for (String drv : FbDriver.FIRMWARE_DRM_DRIVERS) {
            assertTrue(FbDriver.classify(drv + "drmfb").firmwareFramebuffer(), drv);
        }
    }
}
