package org.kexecinspect.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.kexecinspect.format.x86.ScreenInfo;
import org.kexecinspect.model.loadpath.KexecSyscall;

/**
 * What the kdump kernel's screen_info will be when it is loaded through one system call.
 *
 * @param loadPath         the system call; null only for the placeholder of an unknown load path
 * @param used             the kdump service's load ends on this system call (for -a, after the fallback)
 * @param kdumpScreenInfo  every field of the predicted screen_info, or null when it cannot be told
 * @param lfbBaseZero      the kdump kernel's lfb_base (with ext_lfb_base) is 0, or unknown
 * @param efiBoot          the kdump kernel will see itself EFI-booted (x86 efi_info non-empty), or unknown
 * @param available        the path can be used at all (kernel config, lockdown, image format), or unknown
 * @param reasons          the chain that led here, each step with its evidence
 */
public record PathPrediction(KexecSyscall loadPath, boolean used, ScreenInfo kdumpScreenInfo, Tristate lfbBaseZero,
        Tristate efiBoot, Tristate available, List<Reason> reasons) {
    /** Shorthands for the two system calls. */
    public static final KexecSyscall KEXEC_LOAD = KexecSyscall.KEXEC_LOAD;
    public static final KexecSyscall KEXEC_FILE_LOAD = KexecSyscall.KEXEC_FILE_LOAD;

    public PathPrediction {
        Objects.requireNonNull(lfbBaseZero, "lfbBaseZero");
        Objects.requireNonNull(efiBoot, "efiBoot");
        Objects.requireNonNull(available, "available");
        reasons = List.copyOf(reasons);
    }

    /** This prediction marked used or not, with the load-path decision's reasons after its own. */
    public PathPrediction withUsed(boolean u, List<Reason> why) {
        List<Reason> all = new ArrayList<>(reasons);
        for (Reason r : why) {
            if (!saidAlready(all, r)) {
                all.add(r);   // the load-path decision repeats availability steps this path has already given
            }
        }
        return new PathPrediction(loadPath, u, kdumpScreenInfo, lfbBaseZero, efiBoot, available, all);
    }

    /** Same text and evidence; compared by hand, since a record's generated equals costs start-up time. */
    private static boolean saidAlready(List<Reason> said, Reason r) {
        for (Reason s : said) {
            if (s.text().equals(r.text()) && s.evidence().equals(r.evidence())) {
                return true;
            }
        }
        return false;
    }
}
