package org.kexecinspect.format.x86;

/**
 * Decodes setup_header.type_of_loader with ext_loader_type / ext_loader_ver: the boot loader
 * assigned IDs and the extended-ID rule of Documentation/arch/x86/boot.rst.
 */
public final class BootLoaderId {
    private BootLoaderId() {}

    private static final String[] NAMES = {
        "LILO", "Loadlin", "bootsect-loader", "Syslinux", "Etherboot/gPXE/iPXE", "ELILO", null, "GRUB",
        "U-Boot", "Xen", "Gujin", "Qemu", "Arcturus Networks uCbootloader", "kexec-tools", "extended", "special",
        "reserved", "Minimal Linux Bootloader", "OVMF UEFI virtualization stack", "barebox",
    };

    /** The loader ID: the high nibble, or 0x10 + ext_loader_type when the high nibble is 0xE. */
    public static int id(int typeOfLoader, int extLoaderType) {
        int hi = typeOfLoader >> 4 & 0xf;
        return hi == 0xe ? 0x10 + extLoaderType : hi;
    }

    /** The loader version: the low nibble plus ext_loader_ver shifted left by 4. */
    public static int version(int typeOfLoader, int extLoaderVer) {
        return (typeOfLoader & 0xf) | extLoaderVer << 4;
    }

    public static String describe(int typeOfLoader, int extLoaderType, int extLoaderVer) {
        if (typeOfLoader == 0) {
            return "not set (0: LILO or a pre-2.00 loader, or a header that was never filled)";
        }
        if (typeOfLoader == 0xff) {
            return "undefined (0xFF)";
        }
        int id = id(typeOfLoader, extLoaderType);
        String name = id < NAMES.length && NAMES[id] != null ? NAMES[id] : "unassigned";
        return "ID 0x" + Integer.toHexString(id) + " " + name + ", version 0x"
                + Integer.toHexString(version(typeOfLoader, extLoaderVer));
    }
}
