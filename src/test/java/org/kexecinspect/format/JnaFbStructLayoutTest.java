package org.kexecinspect.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.kexecinspect.live.FbStructs;

/**
 * The JNA structs that size the FBIOGET_FSCREENINFO / FBIOGET_VSCREENINFO buffers have the size the
 * C compiler gives the system's own linux/fb.h (native-fixtures/layouts.c): a wrong JNA mapping
 * would make the kernel write past the buffer. Their members are never read: format.fb decodes
 * the bytes, with the field tables NativeLayoutTest checks.
 */
class JnaFbStructLayoutTest {

    @Test
    void theJnaStructsMatchTheSystemHeaders() throws Exception {
        Map<String, Integer> sizes = new HashMap<>();
        for (String line : NativeStructs.run(NativeStructs.build("layouts"))) {
            String[] w = line.trim().split("\\s+");
            if (w[0].equals("sizeof")) {
                sizes.put(w[1], Integer.parseInt(w[2]));
            }
        }
        assertEquals(sizes.get("fb_fix_screeninfo"), new FbStructs.FixScreeninfo().size());
        assertEquals(sizes.get("fb_var_screeninfo"), new FbStructs.VarScreeninfo().size());
    }
}
