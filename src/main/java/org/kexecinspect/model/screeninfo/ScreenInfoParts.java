package org.kexecinspect.model.screeninfo;

import org.kexecinspect.format.x86.ScreenInfo;
import org.kexecinspect.format.x86.ScreenInfoEncoder;
import org.kexecinspect.format.x86.ScreenInfoLayout;
import org.kexecinspect.model.Tristate;

/** What both screen_info models do to a predicted screen_info. */
final class ScreenInfoParts {
    private ScreenInfoParts() {}

    /** Members a model starts without: kexec paths recompute ext_mem_k; the KEXEC_LOAD model then writes cl_magic/cl_offset as kexec-tools does. */
    static ScreenInfoEncoder.Builder withoutNonVideo(ScreenInfoEncoder.Builder b) {
        return b.set(ScreenInfoLayout.EXT_MEM_K, 0).set(ScreenInfoLayout.CL_MAGIC, 0).set(ScreenInfoLayout.CL_OFFSET, 0);
    }

    /** Whether the predicted lfb_base (with ext_lfb_base) is 0; unknown without a screen_info. */
    static Tristate lfbBaseZero(ScreenInfo s) {
        return s == null ? Tristate.UNKNOWN : Tristate.of(s.lfbAddress() == 0);
    }
}
