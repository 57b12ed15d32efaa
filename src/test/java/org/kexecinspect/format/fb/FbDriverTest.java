package org.kexecinspect.format.fb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.kexecinspect.format.fb.FbDriver.KexecToolsIdMatch;
import org.kexecinspect.format.fb.FbDriver.Kind;
import org.kexecinspect.format.fb.FbDriver.SmemStart;
import org.kexecinspect.format.x86.VideoType;
import org.kexecinspect.testing.Inputs;

class FbDriverTest {

    @Test
    void theFirmwareAndHypervIdsOfDomainTable33() {
        assertEquals(Kind.EFIFB, FbDriver.classify("EFI VGA").kind());
        assertEquals(Kind.VESAFB, FbDriver.classify("VESA VGA").kind());
        assertEquals(Kind.SIMPLEFB, FbDriver.classify("simple").kind());
        assertEquals(Kind.HYPERV_FB, FbDriver.classify("hyperv_fb").kind());
        for (String id : new String[] {"EFI VGA", "VESA VGA", "simple"}) {
            assertEquals(SmemStart.REPORTED, FbDriver.classify(id).smemStart(), id);
        }
        assertEquals(Optional.of("efifb"), FbDriver.classify("EFI VGA").driverName());
    }

    @Test
    void drmFbdevIdsGiveTheDrmDriverAndAHiddenAddress() {
        String[][] ids = {{"hyperv_drmdrmfb", "hyperv_drm"}, {"simpledrmdrmfb", "simpledrm"},
            {"bochs-drmdrmfb", "bochs-drm"}, {"efidrmdrmfb", "efidrm"}, {"ssd130xdrmfb", "ssd130x"}};
        for (String[] c : ids) {
            FbDriver d = FbDriver.classify(c[0]);
            assertEquals(Kind.DRM_FBDEV, d.kind(), c[0]);
            assertEquals(SmemStart.HIDDEN, d.smemStart(), c[0]);
            assertEquals(Optional.of(c[1]), d.driverName(), c[0]);
            assertFalse(d.idTruncated(), c[0]);
        }
    }

    @Test
    void anIdCutTo15CharactersInsideTheSuffixIsStillDrm() {
        // "%sdrmfb" of an 11-character and a 12-character driver name, cut to 15 by the 16-byte id
        FbDriver f = FbDriver.classify("abcdefghijkdrmf");
        assertEquals(Kind.DRM_FBDEV, f.kind());
        assertTrue(f.idTruncated());
        assertEquals(Optional.of("abcdefghijk"), f.driverName());
        FbDriver g = FbDriver.classify("abcdefghijkldrm");
        assertEquals(Kind.DRM_FBDEV, g.kind());
        assertTrue(g.idTruncated());
        // only "d" or "dr" left of the suffix is too little to call it DRM
        assertEquals(Kind.UNKNOWN, FbDriver.classify("abcdefghijklmdr").kind());
        assertEquals(Kind.UNKNOWN, FbDriver.classify("drm").kind(), "short ids are never truncated");
    }

    @Test
    void anythingElseIsUnknownWithAnAddressNotKnown() {
        for (String id : new String[] {"", "drmfb", "efi vga", "EFI VGA ", "vesafb", "kexec-inspect", "inteldrmf"}) {
            FbDriver d = FbDriver.classify(id);
            assertEquals(Kind.UNKNOWN, d.kind(), id);
            assertEquals(SmemStart.NOT_KNOWN, d.smemStart(), id);
            assertEquals(Optional.empty(), d.driverName(), id);
        }
    }

    @Test
    void kexecToolsKnowsOnlyTheTwoFirmwareIdsExactly() {
        assertEquals(KexecToolsIdMatch.VESA, FbDriver.kexecToolsIdMatch("VESA VGA"));
        assertEquals(0x23, FbDriver.kexecToolsIdMatch("VESA VGA").videoType().orElseThrow().code);
        assertEquals(KexecToolsIdMatch.EFI, FbDriver.kexecToolsIdMatch("EFI VGA"));
        assertEquals(0x70, FbDriver.kexecToolsIdMatch("EFI VGA").videoType().orElseThrow().code);
        for (String id : new String[] {"hyperv_fb", "hyperv_drmdrmfb", "simpledrmdrmfb", "simple", "efi vga", "EFI VGA ",
            "VESA VGA2", ""}) {
            assertEquals(KexecToolsIdMatch.OTHER, FbDriver.kexecToolsIdMatch(id), id);
            assertEquals(Optional.empty(), FbDriver.kexecToolsIdMatch(id).videoType(), id);
        }
        assertEquals(VideoType.VLFB, KexecToolsIdMatch.VESA.videoType().orElseThrow());
    }

    @Test
    void theCapturesAddressAgreesWithWhatTheIdPredicts() throws Exception {
        for (Path stage : Captures.FB_STAGES) {
            FbFix fix = FbFix.read(Captures.source(stage.resolve("fb_fix.bin")));
            FbDriver d = FbDriver.classify(fix.id());
            assertEquals(d.smemStart() == SmemStart.HIDDEN, fix.smemStart() == 0, stage + " " + fix.id());
        }
    }

    @Test
    void theIdsInARealHypervKernelLogAreClassified() {
        // fbcon's "fb0: switching to <new fix.id> from <old fix.id>" in a real Hyper-V Gen2 journal
        String log = Captures.text(Inputs.captures().resolve("real-world/nathan-2021-local-gen2-win10-5.13-journal.log"));
        Matcher m = Pattern.compile("fb0: switching to (.+) from (.+)").matcher(log);
        assertTrue(m.find());
        assertEquals(Kind.HYPERV_FB, FbDriver.classify(m.group(1)).kind());
        assertEquals(Kind.EFIFB, FbDriver.classify(m.group(2).trim()).kind());
        assertEquals(KexecToolsIdMatch.OTHER, FbDriver.kexecToolsIdMatch(m.group(1)));
    }

    /** simpledrm, efidrm and vesadrm drive the firmware framebuffer and hide smem_start; hyperv_drm and bochs-drm do not drive it. */
    @Test
    void theFirmwareFramebuffersDrmDriversHideTheAddressOfTheFirmwareFramebuffer() {
        for (String id : new String[] {"simpledrmdrmfb", "efidrmdrmfb", "vesadrmdrmfb"}) {
            FbDriver d = FbDriver.classify(id);
            assertEquals(SmemStart.HIDDEN, d.smemStart(), id);
            assertEquals(Kind.DRM_FBDEV, d.kind(), id);
            assertTrue(d.firmwareFramebuffer(), id);
            assertEquals(FbDriver.KexecToolsIdMatch.OTHER, FbDriver.kexecToolsIdMatch(id), id);
        }
        for (String id : new String[] {"EFI VGA", "VESA VGA", "simple"}) {
            assertTrue(FbDriver.classify(id).firmwareFramebuffer(), id);
        }
        for (String id : new String[] {"hyperv_drmdrmfb", "bochs-drmdrmfb", "hyperv_fb", "matroxfb"}) {
            assertFalse(FbDriver.classify(id).firmwareFramebuffer(), id);
        }
    }
}
