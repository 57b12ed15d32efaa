package org.kexecinspect.facts;

import org.kexecinspect.facts.Fact.Why;
import org.kexecinspect.format.ByteSource;
import org.kexecinspect.format.FormatException;
import org.kexecinspect.format.x86.BootParams;

/** The boot-time zero page the running x86 kernel exports (arch/x86/kernel/ksysfs.c). */
final class BootFacts {
    private BootFacts() {}

    static final String DATA = "sys/kernel/boot_params/data";

    /** /sys/kernel/boot_params/data, decoded; x86 only (arch/x86/kernel/ksysfs.c). */
    static Fact<BootParams> read(Root root, Fact<Arch> arch) {
        String source = root.source(DATA);
        if (arch.known() && !arch.value().isX86()) {
            return Fact.unknown(Why.NOT_APPLICABLE, "only x86 kernels have boot_params", source);
        }
        Fact<byte[]> f = root.read(DATA, 2 * BootParams.SIZE);
        if (!f.known()) {
            return f.cast();
        }
        try {
            return Fact.of(BootParams.read(ByteSource.of(source, f.value())), source);
        } catch (FormatException e) {
            return Fact.unknown(Why.MALFORMED, e.getMessage(), source);
        }
    }
}
