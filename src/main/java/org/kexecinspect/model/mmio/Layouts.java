package org.kexecinspect.model.mmio;

import org.kexecinspect.facts.Arch;

/**
 * The measured Hyper-V Gen2 layouts whose low MMIO reaches 4 GiB (Dexuan Cui's layouts
 * [ML SA1PR21MB69218F955B62DFF62E3E88D2BF222@SA1PR21MB6921.namprd21.prod.outlook.com]).
 */
final class Layouts {
    private Layouts() {}

    /** The platform whose low MMIO starts at {@code base} on {@code arch} (null: x86 or arm64 unknown), or null. */
    static String platform(Arch arch, long base) {
        boolean arm = arch != null && arch.isArm64();
        boolean x86 = arch == null || arch.isX86();
        if (x86 && base == 0xF8000000L) {
            return "x86 Gen2 local Hyper-V default (128 MiB)";
        }
        if (x86 && base == 0xC0000000L) {
            return "x86 Gen2 Azure CVM (1 GiB)";
        }
        if ((x86 || arm) && base == 0x40000000L) {
            return (arm ? "arm64" : "x86") + " Gen2 Azure (3 GiB)";
        }
        if (arm && base == 0xE0000000L) {
            return "arm64 Gen2 local default (512 MiB)";
        }
        return null;
    }
}
