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
import org.kexecinspect.format.Layout.Abi;
import org.kexecinspect.testing.CountingSource;

class FbFixTest {

    @Test
    void realCapturesDecodeToWhatTheCaptureToolPrintedInTheVm() throws Exception {
        for (Path stage : Captures.FB_STAGES) {
            FbFix fix = FbFix.read(Captures.source(stage.resolve("fb_fix.bin")));
            Map<String, String> dump = Captures.fbdump(stage);
            assertEquals(Abi.LP64, fix.abi(), stage.toString());
            assertEquals(dump.get("fix.id"), fix.id(), stage.toString());
            assertEquals(Captures.number(dump.get("fix.smem_start")), fix.smemStart(), stage.toString());
            assertEquals(Captures.number(dump.get("fix.smem_len")), fix.smemLen(), stage.toString());
            assertEquals(Captures.number(dump.get("fix.type")), fix.type(), stage.toString());
            assertEquals(Captures.number(dump.get("fix.visual")), fix.visual(), stage.toString());
            assertEquals(Captures.number(dump.get("fix.line_length")), fix.lineLength(), stage.toString());
            assertEquals(Captures.number(dump.get("fix.mmio_start")), fix.mmioStart(), stage.toString());
            assertEquals(Captures.number(dump.get("fix.mmio_len")), fix.mmioLen(), stage.toString());
            assertEquals(Captures.number(dump.get("fix.accel")), fix.accel(), stage.toString());
            assertEquals(Captures.number(dump.get("fix.capabilities")), fix.capabilities(), stage.toString());
        }
    }

    @Test
    void theDrmCaptureHidesTheAddressAndTheEfifbCaptureShowsIt() throws Exception {
        FbFix efifb = FbFix.read(Captures.source(Captures.FB_STAGES.get(0).resolve("fb_fix.bin")));
        FbFix bochs = FbFix.read(Captures.source(Captures.FB_STAGES.get(2).resolve("fb_fix.bin")));
        assertEquals(0xc000_0000L, efifb.smemStart());
        assertEquals(0, bochs.smemStart());
        assertEquals("bochs-drmdrmfb", bochs.id());
        // from the raw bytes at 0x28..0x2b of the capture (01 00 01 00): the DRM helper pans in steps of 1
        assertEquals(1, bochs.xpanstep());
        assertEquals(1, bochs.ypanstep());
    }

    @Test
    void realCapturesEncodeBackToTheirExactBytes() throws Exception {
        for (Path stage : Captures.FB_STAGES) {
            byte[] raw = Files.readAllBytes(stage.resolve("fb_fix.bin"));
            assertArrayEquals(raw, FbFix.read(ByteSource.of("fix", raw)).encode(), stage.toString());
        }
    }

    static FbFix sample(Abi abi, long smemStart) {
        return new FbFix("hyperv_drmdrmfb", smemStart, 0x0080_0000L, 0, 0, 2, 1, 1, 0, 4096, 0xfe00_0000L, 0x4000,
                0xabcd_0123L, 0xbeef, abi);
    }

    @Test
    void aRecordSurvivesEncodeAndReadOnBothAbis() throws Exception {
        for (Abi abi : Abi.values()) {
            FbFix f = sample(abi, 0xf800_0000L);
            assertEquals(f, FbFix.read(ByteSource.of("x", f.encode())), abi.toString());
            assertEquals(f, FbFix.read(ByteSource.of("x", f.encode()), abi), abi.toString());
        }
        FbFix high = sample(Abi.LP64, 0x40_0000_0000L);
        assertEquals(high, FbFix.read(ByteSource.of("x", high.encode())));
        FbFix sixteen = new FbFix("0123456789abcdef", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Abi.LP64);
        assertEquals(sixteen, FbFix.read(ByteSource.of("x", sixteen.encode())), "an id filling all 16 bytes has no NUL");
    }

    @Test
    void theSizeAloneChoosesTheAbi() throws Exception {
        assertEquals(80, sample(Abi.LP64, 1).encode().length);
        assertEquals(68, sample(Abi.ILP32, 1).encode().length);
        assertEquals(Abi.LP64, FbFix.read(ByteSource.of("x", new byte[80])).abi());
        assertEquals(Abi.ILP32, FbFix.read(ByteSource.of("x", new byte[68])).abi());
    }

    /** uapi fb.h's fb_fix_screeninfo for ILP32 (4-byte longs, natural alignment), written out by hand. */
    @Test
    void ilp32MembersSitAtTheOffsetsOfTheDomainTable() throws Exception {
        FbFix f = new FbFix("abc", 0x11223344L, 0x55667788L, 0x01020304L, 0x05060708L, 0x090a0b0cL, 0x1a1b, 0x2a2b,
                0x3a3b, 0x0d0e0f10L, 0x44332211L, 0x88776655L, 0x21222324L, 0x4a4b, Abi.ILP32);
        byte[] b = f.encode();
        assertEquals(68, b.length);
        assertEquals('a', b[0]);
        assertEquals(0, b[3]);
        assertEquals(0x11223344L, le(b, 16, 4));
        assertEquals(0x55667788L, le(b, 20, 4));
        assertEquals(0x01020304L, le(b, 24, 4));
        assertEquals(0x05060708L, le(b, 28, 4));
        assertEquals(0x090a0b0cL, le(b, 32, 4));
        assertEquals(0x1a1b, le(b, 36, 2));
        assertEquals(0x2a2b, le(b, 38, 2));
        assertEquals(0x3a3b, le(b, 40, 2));
        assertEquals(0, le(b, 42, 2), "padding before line_length");
        assertEquals(0x0d0e0f10L, le(b, 44, 4));
        assertEquals(0x44332211L, le(b, 48, 4));
        assertEquals(0x88776655L, le(b, 52, 4));
        assertEquals(0x21222324L, le(b, 56, 4));
        assertEquals(0x4a4b, le(b, 60, 2));
        assertEquals(0, le(b, 62, 4), "reserved[2]");
    }

    private static long le(byte[] b, int at, int size) {
        long v = 0;
        for (int i = size - 1; i >= 0; i--) {
            v = v << 8 | (b[at + i] & 0xff);
        }
        return v;
    }

    @Test
    void anAddressAbove4GiBCannotBeEncodedForIlp32() {
        FbFix high = sample(Abi.LP64, 0x40_0000_0000L);
        assertThrows(IllegalArgumentException.class, () -> high.encode(Abi.ILP32));
        assertThrows(IllegalArgumentException.class, () -> sample(Abi.ILP32, high.smemStart()));
    }

    @Test
    void truncatedEmptyAndHugeInputsAreRefusedWithoutReadingThem() {
        for (int size : new int[] {79, 0, 81, 69, 67, 1 << 20}) {
            CountingSource src = new CountingSource(ByteSource.of("fix" + size, new byte[size]));
            FormatException e = assertThrows(FormatException.class, () -> FbFix.read(src));
            assertTrue(e.getMessage().startsWith("fix" + size + ": "), e.getMessage());
            assertTrue(e.reason().contains(size + " bytes"), e.getMessage());
            assertTrue(e.reason().contains("80") && e.reason().contains("68"), e.getMessage());
            assertEquals(0, src.requested(), "nothing is read from a source of the wrong size");
        }
    }

    @Test
    void anExplicitAbiStillDemandsThatAbisExactSize() {
        FormatException e = assertThrows(FormatException.class, () -> FbFix.read(ByteSource.of("f", new byte[80]), Abi.ILP32));
        assertTrue(e.reason().contains("68"), e.getMessage());
        assertThrows(FormatException.class, () -> FbFix.read(ByteSource.of("f", new byte[68]), Abi.LP64));
    }
}
