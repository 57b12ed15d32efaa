package org.kexecinspect.cli.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Lines break between words, never inside one, at the terminal's width (COLUMNS, else 80). */
class WrapTest {

    @Test
    void breaksBetweenWordsAtTheWidth() {
        String text = "the crash kernel gets lfb_base 0: hyperv_drm hides the screen's address, so the config window"
                + " may land on the framebuffer";
        for (int width = 20; width <= 100; width++) {
            List<String> lines = Wrap.lines(text, width, "  ", "    ");
            for (String l : lines) {
                assertTrue(l.length() <= width, width + ": " + l);
            }
            assertEquals(text, String.join(" ", lines.stream().map(String::strip).toList()),
                    width + ": every word kept whole, in order");
        }
    }

    @Test
    void aWordLongerThanTheLineStandsAloneAndWhole() {
        String id = "<SA1PR21MB69218F955B62DFF62E3E88D2BF222@SA1PR21MB6921.namprd21.prod.outlook.com>";
        List<String> lines = Wrap.lines("see " + id + " for the layouts", 40, "", "  ");
        assertEquals(List.of("see", "  " + id, "  for the layouts"), lines);
    }

    @Test
    void indentsTheFirstLineAndHangsTheRest() {
        assertEquals(List.of("  1. Use a kdump kernel", "     whose hv_vmbus", "     carries the fix"),
                Wrap.lines("Use a kdump kernel whose hv_vmbus carries the fix", 23, "  1. ", "     "));
    }

    @Test
    void keepsLineFeedsAndCollapsesBlanks() {
        assertEquals(List.of("a b", "c"), Wrap.lines("a   b\nc", 80, ""));
        assertEquals(List.of(""), Wrap.lines("", 80, "  "), "an empty text is one empty line, not indented blanks");
    }

    @Test
    void theWidthIsColumnsElseEighty() {
        assertEquals(80, Wrap.columns(Map.of()));
        assertEquals(132, Wrap.columns(Map.of("COLUMNS", "132")));
        assertEquals(80, Wrap.columns(Map.of("COLUMNS", "")));
        assertEquals(80, Wrap.columns(Map.of("COLUMNS", "wide")));
        assertEquals(80, Wrap.columns(Map.of("COLUMNS", "0")));
        assertEquals(Wrap.MIN_WIDTH, Wrap.columns(Map.of("COLUMNS", "12")), "narrower than readable counts as the minimum");
    }
}
