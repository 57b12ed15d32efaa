package org.kexecinspect.model.mmio;

import java.util.List;
import java.util.Locale;

import org.kexecinspect.format.x86.ScreenInfo;
import org.kexecinspect.format.x86.VideoType;
import org.kexecinspect.model.PathPrediction;
import org.kexecinspect.model.Reason;

/**
 * The kdump kernel's screen_info as vmbus_reserve_fb() reads it: lfb_base's low 32 bits
 * (ext_lfb_base is not consulted) and lfb_size raw, as bytes, whatever the video type:
 * max_t(__u32, lfb_size, 8 MiB). A KEXEC_LOAD blob from kexec-tools holds 64 KiB units even with
 * VIDEO_TYPE_EFI, which the 8 MiB minimum swallows (include/linux/screen_info.h
 * __screen_info_lfb_size(); kexec-tools x86-linux-setup.c setup_linux_vesafb()).
 *
 * @param lfbBase    null when unknown
 * @param lfbSizeRaw null when unknown
 */
record KdumpScreenInfo(Long lfbBase, Long lfbSizeRaw) {

    static KdumpScreenInfo of(PathPrediction used, List<Reason> r) {
        ScreenInfo si = used == null ? null : used.kdumpScreenInfo();
        if (si != null) {
            long lfbBase = si.lfbBase() & 0xffffffffL;
            long lfbSizeRaw = si.lfbSize() & 0xffffffffL;
            boolean units64k = si.videoType() == VideoType.VLFB || UsedPath.kexecLoad(used);
            String units = lfbBase != 0 && lfbSizeRaw != 0 && units64k
                    ? " (vmbus_reserve_fb() takes it as bytes even where it holds 64 KiB units, as kexec-tools writes it;"
                            + " the 8 MiB minimum absorbs that)" : "";
            r.add(Reason.of(String.format(Locale.ROOT, "the kdump kernel's screen_info: lfb_base 0x%x, lfb_size %d%s",
                    lfbBase, lfbSizeRaw, units), Sources.RESERVE_FB + "; " + Sources.LFB_SIZE_UNITS));
            if (lfbBase == 0 && si.has64BitBase() && si.extLfbBase() != 0) {
                r.add(Reason.of("ext_lfb_base is set but vmbus_reserve_fb() reads only the low 32 bits: it sees 0",
                        Sources.RESERVE_FB));
            }
            return new KdumpScreenInfo(lfbBase, lfbSizeRaw);
        }
        if (used != null && used.lfbBaseZero().isYes()) {
            r.add(Reason.of("the kdump kernel's lfb_base will be 0 (" + UsedPath.name(used) + ")", Sources.RESERVE_FB));
            return new KdumpScreenInfo(0L, null);
        }
        r.add(Reason.of("the kdump kernel's lfb_base is unknown" + (used == null ? "" : " (" + UsedPath.name(used) + ")"),
                Sources.RESERVE_FB));
        return new KdumpScreenInfo(null, null);
    }
}
