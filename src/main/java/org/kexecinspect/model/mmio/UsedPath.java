package org.kexecinspect.model.mmio;

import org.kexecinspect.model.PathPrediction;

/** The one place the MMIO model reads which load path the kdump service takes. */
final class UsedPath {
    private UsedPath() {}

    /** The load path's name as the reasons print it; "no load path" for null. */
    static String name(PathPrediction used) {
        return used == null ? "no load path" : java.util.Objects.toString(used.loadPath(), "unknown");
    }

    /** KEXEC_LOAD: kexec-tools built the kdump kernel's screen_info. */
    static boolean kexecLoad(PathPrediction used) {
        return used != null && PathPrediction.KEXEC_LOAD.equals(used.loadPath());
    }
}
