package org.kexecinspect.format.x86;

import org.kexecinspect.format.Layout;
import org.kexecinspect.format.Layout.Field;

/**
 * struct boot_params, the 4 KiB x86 "zero page", and the members of it the tool decodes
 * (arch/x86/include/uapi/asm/bootparam.h; Documentation/arch/x86/zero-page.rst).
 * Obsolete sub-structs (APM, IST, hd0/hd1, sys_desc_table, OLPC, EDID, EDD) stay opaque bytes.
 */
public final class BootParamsLayout {
    private BootParamsLayout() {}

    /** struct efi_info at 0x1c0. */
    public static final class EfiInfo {
        private EfiInfo() {}

        private static final Layout.Builder B = Layout.packed("efi_info");
        public static final Field EFI_LOADER_SIGNATURE = B.u32("efi_loader_signature"); // "EL64" / "EL32"
        public static final Field EFI_SYSTAB = B.u32("efi_systab");
        public static final Field EFI_MEMDESC_SIZE = B.u32("efi_memdesc_size");
        public static final Field EFI_MEMDESC_VERSION = B.u32("efi_memdesc_version");
        public static final Field EFI_MEMMAP = B.u32("efi_memmap");
        public static final Field EFI_MEMMAP_SIZE = B.u32("efi_memmap_size");
        public static final Field EFI_SYSTAB_HI = B.u32("efi_systab_hi");
        public static final Field EFI_MEMMAP_HI = B.u32("efi_memmap_hi");
        public static final Layout LAYOUT = B.build(0x20);

        /** "EL64" and "EL32" as little-endian u32 (arch/x86/include/asm/efi.h). */
        public static final long EFI64_LOADER_SIGNATURE = 0x34364c45L;
        public static final long EFI32_LOADER_SIGNATURE = 0x32334c45L;
    }

    /** struct boot_e820_entry, one row of e820_table (packed, 20 bytes). */
    public static final class BootE820Entry {
        private BootE820Entry() {}

        private static final Layout.Builder B = Layout.packed("boot_e820_entry");
        public static final Field ADDR = B.u64("addr");
        public static final Field SIZE = B.u64("size");
        public static final Field TYPE = B.u32("type");
        public static final Layout LAYOUT = B.build(20);
    }

    /** E820_MAX_ENTRIES_ZEROPAGE: rows in the zero page; more go to SETUP_E820_EXT. */
    public static final int E820_MAX_ENTRIES_ZEROPAGE = 128;
    /** EDD_MBR_SIG_MAX */
    public static final int EDD_MBR_SIG_MAX = 16;
    /** EDDMAXNR, and sizeof(struct edd_info) */
    public static final int EDDMAXNR = 6;
    public static final int EDD_INFO_SIZE = 82;

    private static final Layout.Builder B = Layout.packed("boot_params");

    public static final Field SCREEN_INFO = B.struct("screen_info", ScreenInfoLayout.LAYOUT); // 0x000
    public static final Field APM_BIOS_INFO = B.bytes("apm_bios_info", 0x14);      // 0x040
    public static final Field PAD2 = B.pad("_pad2", 4);                            // 0x054
    public static final Field TBOOT_ADDR = B.u64("tboot_addr");                    // 0x058
    public static final Field IST_INFO = B.bytes("ist_info", 0x10);                // 0x060
    public static final Field ACPI_RSDP_ADDR = B.u64("acpi_rsdp_addr");            // 0x070
    public static final Field PAD3 = B.pad("_pad3", 8);                            // 0x078
    public static final Field HD0_INFO = B.bytes("hd0_info", 16);                  // 0x080: obsolete
    public static final Field HD1_INFO = B.bytes("hd1_info", 16);                  // 0x090: obsolete
    public static final Field SYS_DESC_TABLE = B.bytes("sys_desc_table", 0x10);    // 0x0a0: obsolete
    public static final Field OLPC_OFW_HEADER = B.bytes("olpc_ofw_header", 0x10);  // 0x0b0
    public static final Field EXT_RAMDISK_IMAGE = B.u32("ext_ramdisk_image");      // 0x0c0
    public static final Field EXT_RAMDISK_SIZE = B.u32("ext_ramdisk_size");        // 0x0c4
    public static final Field EXT_CMD_LINE_PTR = B.u32("ext_cmd_line_ptr");        // 0x0c8
    public static final Field PAD4 = B.pad("_pad4", 112);                          // 0x0cc
    public static final Field CC_BLOB_ADDRESS = B.u32("cc_blob_address");          // 0x13c
    public static final Field EDID_INFO = B.bytes("edid_info", 0x80);              // 0x140
    public static final Field EFI_INFO = B.struct("efi_info", EfiInfo.LAYOUT);     // 0x1c0
    public static final Field ALT_MEM_K = B.u32("alt_mem_k");                      // 0x1e0
    public static final Field SCRATCH = B.u32("scratch");                          // 0x1e4
    public static final Field E820_ENTRIES = B.u8("e820_entries");                 // 0x1e8
    public static final Field EDDBUF_ENTRIES = B.u8("eddbuf_entries");             // 0x1e9
    public static final Field EDD_MBR_SIG_BUF_ENTRIES = B.u8("edd_mbr_sig_buf_entries"); // 0x1ea
    public static final Field KBD_STATUS = B.u8("kbd_status");                     // 0x1eb
    public static final Field SECURE_BOOT = B.u8("secure_boot");                   // 0x1ec
    public static final Field PAD5 = B.pad("_pad5", 2);                            // 0x1ed
    public static final Field SENTINEL = B.u8("sentinel");                         // 0x1ef
    public static final Field PAD6 = B.pad("_pad6", 1);                            // 0x1f0
    public static final Field HDR = B.struct("hdr", SetupHeaderLayout.LAYOUT);     // 0x1f1
    public static final Field PAD7 = B.pad("_pad7", 0x290 - B.offset());           // 0x26c
    public static final Field EDD_MBR_SIG_BUFFER = B.u32Array("edd_mbr_sig_buffer", EDD_MBR_SIG_MAX); // 0x290
    public static final Field E820_TABLE =
            B.structArray("e820_table", BootE820Entry.LAYOUT, E820_MAX_ENTRIES_ZEROPAGE); // 0x2d0
    public static final Field PAD8 = B.pad("_pad8", 48);                           // 0xcd0
    public static final Field EDDBUF = B.bytes("eddbuf", EDDMAXNR * EDD_INFO_SIZE); // 0xd00
    public static final Field PAD9 = B.pad("_pad9", 276);                          // 0xeec

    public static final Layout LAYOUT = B.build(0x1000);
}
