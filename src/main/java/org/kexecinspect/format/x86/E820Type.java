package org.kexecinspect.format.x86;

/**
 * E820 memory types in boot_params.e820_table (arch/x86/include/asm/e820/types.h) and the names
 * /proc/iomem gives them (arch/x86/kernel/e820.c e820_type_to_string).
 */
public enum E820Type {
    RAM(1, "System RAM"),
    RESERVED(2, "Reserved"),
    ACPI(3, "ACPI Tables"),
    NVS(4, "ACPI Non-volatile Storage"),
    UNUSABLE(5, "Unusable memory"),
    PMEM(7, "Persistent Memory"),
    PRAM(12, "Persistent Memory (legacy)"),
    RESERVED_KERN(128, "System RAM"),
    SOFT_RESERVED(0xefffffffL, "Soft Reserved");

    public final long code;
    public final String iomemName;

    E820Type(long code, String iomemName) {
        this.code = code;
        this.iomemName = iomemName;
    }

    public static E820Type of(long code) {
        for (E820Type t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }

    /** The name /proc/iomem gives a type code, "Unknown E820 type" for others. */
    public static String iomemNameOf(long code) {
        E820Type t = of(code);
        return t == null ? "Unknown E820 type" : t.iomemName;
    }
}
