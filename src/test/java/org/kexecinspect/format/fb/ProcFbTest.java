package org.kexecinspect.format.fb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.kexecinspect.format.FormatException;

class ProcFbTest {

    @Test
    void realProcFbNamesTheSameDriverAsTheStructOfThatStage() throws Exception {
        for (Path stage : Captures.FB_STAGES) {
            ProcFb procFb = ProcFb.parse(Captures.text(stage.resolve("proc_fb.txt")), "proc_fb.txt");
            assertEquals(1, procFb.entries().size(), stage.toString());
            FbFix fix = FbFix.read(Captures.source(stage.resolve("fb_fix.bin")));
            assertEquals(fix.id(), procFb.fb0().orElseThrow().id(), stage.toString());
        }
    }

    @Test
    void theIdRunsToTheEndOfTheLineSpacesIncluded() throws Exception {
        ProcFb p = ProcFb.parse("0 EFI VGA\n1 hyperv_drmdrmfb\n", "p");
        assertEquals(List.of(new ProcFb.Entry(0, "EFI VGA"), new ProcFb.Entry(1, "hyperv_drmdrmfb")), p.entries());
        assertEquals(FbDriver.Kind.DRM_FBDEV, FbDriver.classify(p.node(1).orElseThrow().id()).kind());
        assertEquals(Optional.empty(), p.node(2));
    }

    @Test
    void anEmptyFileMeansNoFramebuffer() throws Exception {
        assertTrue(ProcFb.parse("", "p").entries().isEmpty());
        assertTrue(ProcFb.parse("", "p").fb0().isEmpty());
    }

    @Test
    void linesThatAreNotMinorSpaceIdAreRefused() {
        for (String bad : new String[] {"EFI VGA\n", "0\n", "0EFI VGA\n", "32 too high\n", "-1 x\n", "0 a\n0 b\n",
            "0 0123456789abcdefg\n", "0 x\u0000y\n", "0 " + "x".repeat(100) + "\n", "1 ok\n" + "0 a\n".repeat(2000)}) {
            FormatException e = assertThrows(FormatException.class, () -> ProcFb.parse(bad, "proc_fb"), bad);
            assertTrue(e.getMessage().startsWith("proc_fb: "), e.getMessage());
        }
    }
}
