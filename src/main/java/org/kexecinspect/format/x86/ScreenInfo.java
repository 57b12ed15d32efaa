package org.kexecinspect.format.x86;

import static org.kexecinspect.format.x86.ScreenInfoLayout.*;

import org.kexecinspect.format.ByteSource;
import org.kexecinspect.format.FormatException;
import org.kexecinspect.format.View;

/**
 * A decoded struct screen_info (include/uapi/linux/screen_info.h), with the values the kernel derives from it.
 */
public record ScreenInfo(View view) {

    public static final int SIZE = LAYOUT.size();

    /** The screen_info at {@code offset} of the source (0 for a bare blob or a zero page). */
    public static ScreenInfo read(ByteSource source, long offset) throws FormatException {
        return new ScreenInfo(View.read(LAYOUT, source, offset));
    }

    public int videoTypeCode() { return view.getInt(ORIG_VIDEO_IS_VGA); }

    public VideoType videoType() { return VideoType.of(videoTypeCode()); }

    public long lfbBase() { return view.get(LFB_BASE); }

    public long lfbSize() { return view.get(LFB_SIZE); }

    public long extLfbBase() { return view.get(EXT_LFB_BASE); }

    public long capabilities() { return view.get(CAPABILITIES); }

    public boolean has64BitBase() { return (capabilities() & VIDEO_CAPABILITY_64BIT_BASE) != 0; }

    /**
     * The framebuffer's physical address: ext_lfb_base joins lfb_base only when
     * VIDEO_CAPABILITY_64BIT_BASE is set (include/linux/screen_info.h __screen_info_lfb_base).
     */
    public long lfbAddress() {
        return has64BitBase() ? lfbBase() | extLfbBase() << 32 : lfbBase();
    }

    /**
     * lfb_size in bytes: 64 KiB units for VIDEO_TYPE_VLFB only, bytes otherwise
     * (include/linux/screen_info.h __screen_info_lfb_size).
     */
    public long lfbSizeBytes() {
        return videoType() == VideoType.VLFB ? lfbSize() << 16 : lfbSize();
    }
}
