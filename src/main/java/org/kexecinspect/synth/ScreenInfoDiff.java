package org.kexecinspect.synth;

import java.util.ArrayList;
import java.util.List;

import org.kexecinspect.format.Layout;
import org.kexecinspect.format.x86.ScreenInfo;
import org.kexecinspect.format.x86.ScreenInfoLayout;

/** The screen_info members that differ between what the kdump kernel will get and what it should get. */
public final class ScreenInfoDiff {
    private ScreenInfoDiff() {}

    /** One member: the kernel's name, its size in bytes, the predicted and the corrected value. */
    public record Change(String field, int size, long predicted, long corrected) {}

    public static List<Change> diff(ScreenInfo predicted, ScreenInfo corrected) {
        List<Change> out = new ArrayList<>();
        for (Layout.Field f : ScreenInfoLayout.LAYOUT.fields()) {
            if (f.kind() != Layout.Kind.UINT || f.count() > 1) {
                continue;
            }
            long a = predicted.view().get(f);
            long b = corrected.view().get(f);
            if (a != b) {
                out.add(new Change(f.name(), f.size(), a, b));
            }
        }
        return out;
    }
}
