package org.kexecinspect.format.fb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.kexecinspect.format.ByteSource;
import org.kexecinspect.format.FormatException;
import org.kexecinspect.testing.CountingSource;

class FbVarTest {

    private static String channel(FbBitfield b) {
        return b.offset() + "/" + b.length();
    }

    @Test
    void realCapturesDecodeToWhatTheCaptureToolPrintedInTheVm() throws Exception {
        for (Path stage : Captures.FB_STAGES) {
            FbVar var = FbVar.read(Captures.source(stage.resolve("fb_var.bin")));
            Map<String, String> dump = Captures.fbdump(stage);
            String at = stage.toString();
            assertEquals(Captures.number(dump.get("var.xres")), var.xres(), at);
            assertEquals(Captures.number(dump.get("var.yres")), var.yres(), at);
            assertEquals(Captures.number(dump.get("var.xres_virtual")), var.xresVirtual(), at);
            assertEquals(Captures.number(dump.get("var.yres_virtual")), var.yresVirtual(), at);
            assertEquals(Captures.number(dump.get("var.bits_per_pixel")), var.bitsPerPixel(), at);
            // fbdump prints each channel as offset/length
            assertEquals(dump.get("var.red"), channel(var.red()), at);
            assertEquals(dump.get("var.green"), channel(var.green()), at);
            assertEquals(dump.get("var.blue"), channel(var.blue()), at);
            assertEquals(dump.get("var.transp"), channel(var.transp()), at);
        }
    }

    @Test
    void efifbReportsUnknownPhysicalSizeAsAllOnes() throws Exception {
        // var_hex of efifb-kexec_load/first/fbdump.txt: ff ff ff ff at 0x58 and 0x5c (height, width)
        FbVar var = FbVar.read(Captures.source(Captures.FB_STAGES.get(0).resolve("fb_var.bin")));
        assertEquals(0xffff_ffffL, var.height());
        assertEquals(0xffff_ffffL, var.width());
        assertEquals(0x2625, var.pixclock());   // 25 26 00 00 at 0x64
    }

    @Test
    void realCapturesEncodeBackToTheirExactBytes() throws Exception {
        for (Path stage : Captures.FB_STAGES) {
            byte[] raw = Files.readAllBytes(stage.resolve("fb_var.bin"));
            assertArrayEquals(raw, FbVar.read(ByteSource.of("var", raw)).encode(), stage.toString());
        }
    }

    @Test
    void everyMemberSurvivesEncodeAndRead() throws Exception {
        long[] v = new long[24];
        for (int i = 0; i < v.length; i++) {
            v[i] = 0xb2c0_de00L + i;   // distinct and using all 32 bits, so a swapped or narrowed member shows
        }
        FbVar var = new FbVar(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7],
                new FbBitfield(1, 2, 3), new FbBitfield(4, 5, 6), new FbBitfield(7, 8, 9), new FbBitfield(10, 11, 0xffff_ffffL),
                v[8], v[9], v[10], v[11], v[12], v[13], v[14], v[15], v[16], v[17], v[18], v[19], v[20], v[21], v[22], v[23]);
        byte[] b = var.encode();
        assertEquals(160, b.length);
        assertEquals(var, FbVar.read(ByteSource.of("v", b)));
        // two members checked at the byte offsets of include/uapi/linux/fb.h's struct, independent of the field table
        assertEquals((byte) 0x17, b[140], "colorspace at 140");
        assertEquals((byte) 0xff, b[79], "transp.msb_right ends at 79");
        for (int i = 144; i < 160; i++) {
            assertEquals(0, b[i], "reserved[4] is zero");
        }
    }

    @Test
    void anythingButExactly160BytesIsRefusedWithoutReadingIt() {
        for (int size : new int[] {0, 159, 161, 80, 1 << 20}) {
            CountingSource src = new CountingSource(ByteSource.of("var", new byte[size]));
            FormatException e = assertThrows(FormatException.class, () -> FbVar.read(src));
            assertTrue(e.reason().contains(size + " bytes") && e.reason().contains("160"), e.getMessage());
            assertEquals(0, src.requested());
        }
    }
}
