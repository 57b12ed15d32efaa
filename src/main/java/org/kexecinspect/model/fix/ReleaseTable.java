package org.kexecinspect.model.fix;

import org.kexecinspect.knowledge.Knowledge;
import org.kexecinspect.knowledge.Knowledge.FixRelease;
import org.kexecinspect.knowledge.Version;
import org.kexecinspect.model.Tristate;

/**
 * 016a25e4b0df by release (knowledge.json kernel.fbReserveFix): mainline has it from the first
 * release listed (a release candidate of that release does not); a stable series listed has it from
 * its first fixed release; a series after mainline's has it; any other series cannot be told.
 */
final class ReleaseTable {
    private ReleaseTable() {}

    /**
     * @param version the kernel's upstream version ("6.1.192", "7.1.0-rc7")
     * @param prefix  what the search of hv_vmbus found first, to keep in the evidence ("" when nothing)
     */
    static FbReserveFix decide(String version, String prefix, Knowledge k) {
        Version v = Version.parse(version);
        if (v == null) {
            return unknown(prefix + version + ": not a version to look up in the release table", "knowledge.json");
        }
        FixRelease mainline = null;
        for (FixRelease r : k.fbReserveFixReleases()) {
            if (r.series().equals("mainline")) {
                mainline = r;
            } else if (sameSeries(v, Version.parse(r.series()))) {
                return compare(version, v, r, prefix, k);
            }
        }
        if (mainline != null && mainline.from() != null && series(v).compareTo(series(mainline.from())) >= 0) {
            return compare(version, v, mainline, prefix, k);
        }
        return unknown(prefix + version + ": no release table entry for its stable series", "knowledge.json");
    }

    private static FbReserveFix compare(String text, Version v, FixRelease r, String prefix, Knowledge k) {
        String src = "knowledge.json: " + k.fbReserveFixCommit() + " " + r.series() + ": " + r.source();
        if (r.from() == null) {
            return unknown(prefix + text + ": the " + r.series() + " release that took the fix is not known", src);
        }
        boolean has = v.compareTo(r.from()) >= 0;
        String cmp = prefix + text + (has ? " >= " : " < ") + r.from() + (r.verified() ? "" : " (release unverified)");
        return has ? new FbReserveFix(Tristate.YES, FbReserveFix.Basis.RELEASE_TABLE, cmp, src, Tristate.of(r.keepsSysfbTest()))
                : new FbReserveFix(Tristate.NO, FbReserveFix.Basis.RELEASE_TABLE, cmp, src, Tristate.UNKNOWN);
    }

    /** Whether the release table says the series of {@code version} keeps the CONFIG_SYSFB test; unknown when it cannot tell. */
    static Tristate keepsSysfbTest(String version, Knowledge k) {
        Version v = Version.parse(version);
        if (v == null) {
            return Tristate.UNKNOWN;
        }
        FixRelease mainline = null;
        for (FixRelease r : k.fbReserveFixReleases()) {
            if (r.series().equals("mainline")) {
                mainline = r;
            } else if (sameSeries(v, Version.parse(r.series()))) {
                return Tristate.of(r.keepsSysfbTest());
            }
        }
        return mainline != null && mainline.from() != null && series(v).compareTo(series(mainline.from())) >= 0
                ? Tristate.of(mainline.keepsSysfbTest()) : Tristate.UNKNOWN;
    }

    private static boolean sameSeries(Version a, Version b) {
        return a.part(0) == b.part(0) && a.part(1) == b.part(1);
    }

    /** major.minor, a release candidate included in its series. */
    private static Version series(Version v) {
        return Version.parse(v.part(0) + "." + v.part(1));
    }

    private static FbReserveFix unknown(String why, String source) {
        return new FbReserveFix(Tristate.UNKNOWN, FbReserveFix.Basis.NONE, why, source, Tristate.UNKNOWN);
    }
}
