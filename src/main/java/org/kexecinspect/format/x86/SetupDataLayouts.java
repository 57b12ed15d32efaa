package org.kexecinspect.format.x86;

import org.kexecinspect.format.Layout;
import org.kexecinspect.format.Layout.Field;

/**
 * The payloads (the data[] after the 16-byte {next, type, len} header) of the setup_data node
 * types the tool decodes; arch/x86/include/uapi/asm/setup_data.h and the structs named below.
 * /sys/kernel/boot_params/setup_data/N/data holds exactly such a payload.
 */
public final class SetupDataLayouts {
    private SetupDataLayouts() {}

    public static final long SETUP_NONE = 0;
    public static final long SETUP_E820_EXT = 1;
    public static final long SETUP_DTB = 2;
    public static final long SETUP_PCI = 3;
    public static final long SETUP_EFI = 4;
    public static final long SETUP_APPLE_PROPERTIES = 5;
    public static final long SETUP_JAILHOUSE = 6;
    public static final long SETUP_CC_BLOB = 7;
    public static final long SETUP_IMA = 8;
    public static final long SETUP_RNG_SEED = 9;
    public static final long SETUP_KEXEC_KHO = 10;
    /** Bit 31: the node holds a struct setup_indirect pointing at the real payload (protocol 2.15). */
    public static final long SETUP_INDIRECT = 1L << 31;

    private static final String[] NAMES = {
        "SETUP_NONE", "SETUP_E820_EXT", "SETUP_DTB", "SETUP_PCI", "SETUP_EFI", "SETUP_APPLE_PROPERTIES",
        "SETUP_JAILHOUSE", "SETUP_CC_BLOB", "SETUP_IMA", "SETUP_RNG_SEED", "SETUP_KEXEC_KHO",
    };

    /** "SETUP_PCI", "SETUP_INDIRECT|SETUP_EFI", "SETUP_INDIRECT", or "unknown 0x..". */
    public static String typeName(long type) {
        if (type == SETUP_INDIRECT) {
            return "SETUP_INDIRECT";
        }
        long base = type & ~SETUP_INDIRECT;
        String name = base < NAMES.length ? NAMES[(int) base] : "unknown 0x" + Long.toHexString(base);
        return (type & SETUP_INDIRECT) != 0 ? "SETUP_INDIRECT|" + name : name;
    }

    /** struct setup_indirect (24 bytes). */
    public static final class SetupIndirect {
        private SetupIndirect() {}

        private static final Layout.Builder B = Layout.packed("setup_indirect");
        public static final Field TYPE = B.u32("type");
        public static final Field RESERVED = B.pad("reserved", 4);
        public static final Field LEN = B.u64("len");
        public static final Field ADDR = B.u64("addr");
        public static final Layout LAYOUT = B.build(24);
    }

    /**
     * struct pci_setup_rom after its setup_data header (arch/x86/include/asm/pci.h), x86-64 layout:
     * the unsigned long members are 8 bytes and pcilen is 8-aligned. romdata[] follows.
     */
    public static final class PciSetupRom {
        private PciSetupRom() {}

        private static final Layout.Builder B = Layout.packed("pci_setup_rom");
        public static final Field VENDOR = B.u16("vendor");
        public static final Field DEVID = B.u16("devid");
        public static final Field PAD = B.pad("_pad", 4);
        public static final Field PCILEN = B.u64("pcilen");
        public static final Field SEGMENT = B.u64("segment");
        public static final Field BUS = B.u64("bus");
        public static final Field DEVICE = B.u64("device");
        public static final Field FUNCTION = B.u64("function");
        public static final Layout LAYOUT = B.build(48);
    }

    /** struct efi_setup_data, the kexec external ABI (arch/x86/include/asm/efi.h). */
    public static final class EfiSetupData {
        private EfiSetupData() {}

        private static final Layout.Builder B = Layout.packed("efi_setup_data");
        public static final Field FW_VENDOR = B.u64("fw_vendor");
        public static final Field UNUSED = B.u64("__unused");   // kexec-tools calls it runtime
        public static final Field TABLES = B.u64("tables");
        public static final Field SMBIOS = B.u64("smbios");
        public static final Field RESERVED = B.pad("reserved", 8, 8);
        public static final Layout LAYOUT = B.build(96);
    }

    /** The version header of struct jailhouse_setup_data (bootparam.h). */
    public static final class JailhouseHeader {
        private JailhouseHeader() {}

        private static final Layout.Builder B = Layout.packed("jailhouse_setup_data");
        public static final Field VERSION = B.u16("version");
        public static final Field COMPATIBLE_VERSION = B.u16("compatible_version");
        public static final Layout LAYOUT = B.build(4);
    }

    /** struct cc_setup_data after its header: the SEV-SNP Confidential Computing blob address. */
    public static final class CcSetupData {
        private CcSetupData() {}

        private static final Layout.Builder B = Layout.packed("cc_setup_data");
        public static final Field CC_BLOB_ADDRESS = B.u32("cc_blob_address");
        public static final Layout LAYOUT = B.build(4);
    }

    /** struct ima_setup_data: the IMA measurement buffer carried over kexec. */
    public static final class ImaSetupData {
        private ImaSetupData() {}

        private static final Layout.Builder B = Layout.packed("ima_setup_data");
        public static final Field ADDR = B.u64("addr");
        public static final Field SIZE = B.u64("size");
        public static final Layout LAYOUT = B.build(16);
    }

    /** struct kho_data: Kexec HandOver FDT and scratch areas. */
    public static final class KhoData {
        private KhoData() {}

        private static final Layout.Builder B = Layout.packed("kho_data");
        public static final Field FDT_ADDR = B.u64("fdt_addr");
        public static final Field FDT_SIZE = B.u64("fdt_size");
        public static final Field SCRATCH_ADDR = B.u64("scratch_addr");
        public static final Field SCRATCH_SIZE = B.u64("scratch_size");
        public static final Layout LAYOUT = B.build(32);
    }

    /** The layout of a node type's payload head, or null when the tool shows it only as bytes. */
    public static Layout payloadLayout(long baseType) {
        if (baseType == SETUP_PCI) {
            return PciSetupRom.LAYOUT;
        } else if (baseType == SETUP_EFI) {
            return EfiSetupData.LAYOUT;
        } else if (baseType == SETUP_JAILHOUSE) {
            return JailhouseHeader.LAYOUT;
        } else if (baseType == SETUP_CC_BLOB) {
            return CcSetupData.LAYOUT;
        } else if (baseType == SETUP_IMA) {
            return ImaSetupData.LAYOUT;
        } else if (baseType == SETUP_KEXEC_KHO) {
            return KhoData.LAYOUT;
        }
        return null;
    }
}
