package org.kexecinspect.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.kexecinspect.format.x86.ScreenInfoLayout;
import org.kexecinspect.format.x86.SetupHeaderLayout;

class LayoutTest {

    @Test
    void jsonNamesAreTheKernelNamesInLowerCamelCase() {
        assertEquals("origVideoIsVGA", ScreenInfoLayout.ORIG_VIDEO_IS_VGA.jsonName());
        assertEquals("lfbBase", ScreenInfoLayout.LFB_BASE.jsonName());
        assertEquals("extLfbBase", ScreenInfoLayout.EXT_LFB_BASE.jsonName());
        assertEquals("setupSects", SetupHeaderLayout.SETUP_SECTS.jsonName());
        assertEquals("reserved", ScreenInfoLayout.RESERVED.jsonName());
    }

    @Test
    void aTableWhoseMembersDoNotAddUpToTheKernelsSizeDoesNotBuild() {
        Layout.Builder b = Layout.packed("example");
        b.u32("a");
        b.u8("b");
        assertThrows(IllegalStateException.class, () -> b.build(8));
    }

    @Test
    void naturalAlignmentPadsBeforeWideMembersAndAtTheEnd() {
        Layout.Builder b = Layout.natural("example", Layout.Abi.LP64);
        b.u16("a");
        Layout.Field l = b.ulong("l");
        b.u16("c");
        assertEquals(8, l.offset());
        assertEquals(24, b.build(24).size());
    }

    @Test
    void theIlp32FbFixTableHasTheOffsetsOfDomainSectionThreeOne() {
        // 32-bit processes (and compat) see 4-byte unsigned longs: 68 bytes, not 80 (uapi fb.h)
        var fix = org.kexecinspect.format.fb.FbLayouts.FIX_ILP32;
        assertEquals(68, fix.layout.size());
        int[][] expected = {{16, 4}, {20, 4}, {44, 4}, {48, 4}, {52, 4}, {56, 4}, {60, 2}, {62, 4}};
        Layout.Field[] fields = {fix.smemStart, fix.smemLen, fix.lineLength, fix.mmioStart, fix.mmioLen, fix.accel,
            fix.capabilities, fix.reserved};
        for (int i = 0; i < fields.length; i++) {
            assertEquals(expected[i][0], fields[i].offset(), fields[i].name());
            assertEquals(expected[i][1], fields[i].size(), fields[i].name());
        }
    }

    @Test
    void aViewRefusesAStructThatRunsPastTheEndOfItsSource() {
        FormatException e = assertThrows(FormatException.class,
                () -> View.read(ScreenInfoLayout.LAYOUT, ByteSource.of("blob", new byte[40]), 0));
        assertTrue(e.getMessage().startsWith("blob: "), e.getMessage());
        assertEquals(0, e.offset());
    }
}
