package org.kexecinspect.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.kexecinspect.live.FbStructs;

/**
 * The JNA structs that receive FBIOGET_FSCREENINFO / FBIOGET_VSCREENINFO have the size and member
 * offsets the C compiler gives the system's own linux/fb.h (native-fixtures/layouts.c): a wrong
 * JNA mapping would make the kernel write past the buffer or shift every field.
 */
class JnaFbStructLayoutTest {

    @Test
    void theJnaStructsMatchTheSystemHeaders() throws Exception {
        Map<String, Integer> sizes = new HashMap<>();
        Map<String, Integer> offsets = new HashMap<>();
        for (String line : NativeStructs.run(NativeStructs.build("layouts"))) {
            String[] w = line.trim().split("\\s+");
            if (w[0].equals("sizeof")) {
                sizes.put(w[1], Integer.parseInt(w[2]));
            } else if (w[0].equals("field")) {
                offsets.put(w[1] + "." + w[2], Integer.parseInt(w[3]));
            }
        }
        FbStructs.FixScreeninfo fix = new FbStructs.FixScreeninfo();
        FbStructs.VarScreeninfo var = new FbStructs.VarScreeninfo();
        assertEquals(sizes.get("fb_fix_screeninfo"), fix.size());
        assertEquals(sizes.get("fb_var_screeninfo"), var.size());
        int checked = 0;
        for (Map.Entry<String, Integer> e : offsets.entrySet()) {
            String[] sf = e.getKey().split("\\.");
            if (sf[0].equals("fb_fix_screeninfo")) {
                assertEquals(e.getValue(), fix.offsetOf(sf[1]), e.getKey());
                checked++;
            } else if (sf[0].equals("fb_var_screeninfo")) {
                assertEquals(e.getValue(), var.offsetOf(sf[1]), e.getKey());
                checked++;
            }
        }
        assertEquals(15 + 29, checked, "every member of both structs was compared");
    }
}
