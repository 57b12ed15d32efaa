package org.kexecinspect.format.x86;

import java.util.ArrayList;
import java.util.List;

/** Names of the bits in loadflags, xloadflags and screen_info.capabilities (bootparam.h, screen_info.h). */
public final class Flags {
    private Flags() {}

    private static final String[] LOADFLAGS = new String[8];
    private static final String[] XLOADFLAGS = new String[16];
    private static final String[] CAPABILITIES = new String[32];

    static {
        LOADFLAGS[0] = "LOADED_HIGH";
        LOADFLAGS[1] = "KASLR_FLAG";
        LOADFLAGS[5] = "QUIET_FLAG";
        LOADFLAGS[6] = "KEEP_SEGMENTS";
        LOADFLAGS[7] = "CAN_USE_HEAP";
        XLOADFLAGS[0] = "XLF_KERNEL_64";
        XLOADFLAGS[1] = "XLF_CAN_BE_LOADED_ABOVE_4G";
        XLOADFLAGS[2] = "XLF_EFI_HANDOVER_32";
        XLOADFLAGS[3] = "XLF_EFI_HANDOVER_64";
        XLOADFLAGS[4] = "XLF_EFI_KEXEC";
        XLOADFLAGS[5] = "XLF_5LEVEL";
        XLOADFLAGS[6] = "XLF_5LEVEL_ENABLED";
        XLOADFLAGS[7] = "XLF_MEM_ENCRYPTION";
        CAPABILITIES[0] = "VIDEO_CAPABILITY_SKIP_QUIRKS";
        CAPABILITIES[1] = "VIDEO_CAPABILITY_64BIT_BASE";
    }

    public static List<String> loadflags(long value) { return names(LOADFLAGS, value); }

    public static List<String> xloadflags(long value) { return names(XLOADFLAGS, value); }

    public static List<String> capabilities(long value) { return names(CAPABILITIES, value); }

    private static List<String> names(String[] table, long value) {
        List<String> out = new ArrayList<>();
        for (int bit = 0; bit < 64; bit++) {
            if ((value >>> bit & 1) != 0) {
                out.add(bit < table.length && table[bit] != null ? table[bit] : "bit" + bit);
            }
        }
        return out;
    }
}
