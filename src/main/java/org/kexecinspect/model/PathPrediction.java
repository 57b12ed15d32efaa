package org.kexecinspect.model;

import java.util.List;

import org.kexecinspect.format.x86.ScreenInfo;

/**
 * What the kdump kernel's screen_info will be when it is loaded through one system call.
 *
 * @param loadPath         "kexec_load" or "kexec_file_load"
 * @param used             the kdump service will really take this path (or, for "auto", the path
 *                         the fallback rule ends on)
 * @param kdumpScreenInfo  every field of the predicted screen_info, or null when it cannot be told
 * @param lfbBaseZero      the kdump kernel's lfb_base (with ext_lfb_base) is 0; null when unknown
 * @param efiBoot          the kdump kernel will see itself EFI-booted (x86 efi_info non-empty); null when unknown
 * @param available        the path can be used at all (kernel config, lockdown, image format); null when unknown
 * @param reasons          the chain that led here, each step with its evidence
 */
public record PathPrediction(String loadPath, boolean used, ScreenInfo kdumpScreenInfo, Boolean lfbBaseZero,
        Boolean efiBoot, Boolean available, List<Reason> reasons) {
    public static final String KEXEC_LOAD = "kexec_load";
    public static final String KEXEC_FILE_LOAD = "kexec_file_load";

    public PathPrediction {
        reasons = List.copyOf(reasons);
    }

    public PathPrediction withUsed(boolean u) {
        return new PathPrediction(loadPath, u, kdumpScreenInfo, lfbBaseZero, efiBoot, available, reasons);
    }
}
