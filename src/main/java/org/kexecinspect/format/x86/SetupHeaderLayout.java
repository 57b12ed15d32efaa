package org.kexecinspect.format.x86;

import org.kexecinspect.format.Layout;
import org.kexecinspect.format.Layout.Field;

/**
 * struct setup_header, arch/x86/include/uapi/asm/bootparam.h (packed, 123 bytes), with the boot
 * protocol version that introduced each member (Documentation/arch/x86/boot.rst).
 * It sits at 0x1f1 both in a bzImage file and in boot_params; offsets here are relative to 0x1f1.
 */
public final class SetupHeaderLayout {
    private SetupHeaderLayout() {}

    /** Where the header starts in a bzImage and in boot_params. */
    public static final int OFFSET = 0x1f1;

    /** Protocol "ALL": present in every image, also before the "HdrS" magic existed. */
    public static final int ALL = 0;
    public static final int V2_00 = 0x0200;
    public static final int V2_01 = 0x0201;
    public static final int V2_02 = 0x0202;
    public static final int V2_03 = 0x0203;
    public static final int V2_05 = 0x0205;
    public static final int V2_06 = 0x0206;
    public static final int V2_07 = 0x0207;
    public static final int V2_08 = 0x0208;
    public static final int V2_09 = 0x0209;
    public static final int V2_10 = 0x020a;
    public static final int V2_11 = 0x020b;
    public static final int V2_12 = 0x020c;
    public static final int V2_15 = 0x020f;

    private static final Layout.Builder B = Layout.packed("setup_header");

    public static final Field SETUP_SECTS = B.u8("setup_sects", ALL);             // 0x1f1: 0 means 4
    public static final Field ROOT_FLAGS = B.u16("root_flags", ALL);              // 0x1f2
    public static final Field SYSSIZE = B.u32("syssize", ALL);                    // 0x1f4: 2 bytes before 2.04
    public static final Field RAM_SIZE = B.u16("ram_size", ALL);                  // 0x1f8: obsolete
    public static final Field VID_MODE = B.u16("vid_mode", ALL);                  // 0x1fa
    public static final Field ROOT_DEV = B.u16("root_dev", ALL);                  // 0x1fc
    public static final Field BOOT_FLAG = B.u16("boot_flag", ALL);                // 0x1fe: 0xAA55
    public static final Field JUMP = B.u16("jump", V2_00);                        // 0x200
    public static final Field HEADER = B.u32("header", V2_00);                    // 0x202: "HdrS"
    public static final Field VERSION = B.u16("version", V2_00);                  // 0x206
    public static final Field REALMODE_SWTCH = B.u32("realmode_swtch", V2_00);    // 0x208
    public static final Field START_SYS_SEG = B.u16("start_sys_seg", V2_00);      // 0x20c: obsolete
    public static final Field KERNEL_VERSION = B.u16("kernel_version", V2_00);    // 0x20e: pointer - 0x200
    public static final Field TYPE_OF_LOADER = B.u8("type_of_loader", V2_00);     // 0x210
    public static final Field LOADFLAGS = B.u8("loadflags", V2_00);               // 0x211
    public static final Field SETUP_MOVE_SIZE = B.u16("setup_move_size", V2_00);  // 0x212
    public static final Field CODE32_START = B.u32("code32_start", V2_00);        // 0x214
    public static final Field RAMDISK_IMAGE = B.u32("ramdisk_image", V2_00);      // 0x218
    public static final Field RAMDISK_SIZE = B.u32("ramdisk_size", V2_00);        // 0x21c
    public static final Field BOOTSECT_KLUDGE = B.u32("bootsect_kludge", V2_00);  // 0x220: obsolete
    public static final Field HEAP_END_PTR = B.u16("heap_end_ptr", V2_01);        // 0x224
    public static final Field EXT_LOADER_VER = B.u8("ext_loader_ver", V2_02);     // 0x226
    public static final Field EXT_LOADER_TYPE = B.u8("ext_loader_type", V2_02);   // 0x227
    public static final Field CMD_LINE_PTR = B.u32("cmd_line_ptr", V2_02);        // 0x228
    public static final Field INITRD_ADDR_MAX = B.u32("initrd_addr_max", V2_03);  // 0x22c
    public static final Field KERNEL_ALIGNMENT = B.u32("kernel_alignment", V2_05); // 0x230
    public static final Field RELOCATABLE_KERNEL = B.u8("relocatable_kernel", V2_05); // 0x234
    public static final Field MIN_ALIGNMENT = B.u8("min_alignment", V2_10);       // 0x235
    public static final Field XLOADFLAGS = B.u16("xloadflags", V2_12);            // 0x236
    public static final Field CMDLINE_SIZE = B.u32("cmdline_size", V2_06);        // 0x238
    public static final Field HARDWARE_SUBARCH = B.u32("hardware_subarch", V2_07); // 0x23c
    public static final Field HARDWARE_SUBARCH_DATA = B.u64("hardware_subarch_data", V2_07); // 0x240
    public static final Field PAYLOAD_OFFSET = B.u32("payload_offset", V2_08);    // 0x248
    public static final Field PAYLOAD_LENGTH = B.u32("payload_length", V2_08);    // 0x24c
    public static final Field SETUP_DATA = B.u64("setup_data", V2_09);            // 0x250
    public static final Field PREF_ADDRESS = B.u64("pref_address", V2_10);        // 0x258
    public static final Field INIT_SIZE = B.u32("init_size", V2_10);              // 0x260
    public static final Field HANDOVER_OFFSET = B.u32("handover_offset", V2_11);  // 0x264
    public static final Field KERNEL_INFO_OFFSET = B.u32("kernel_info_offset", V2_15); // 0x268

    public static final Layout LAYOUT = B.build(0x7b);

    /** "HdrS" read as a little-endian u32. */
    public static final long HDRS_MAGIC = 0x53726448L;
    public static final int BOOT_FLAG_MAGIC = 0xAA55;
    /** Header end = 0x202 + the byte at 0x201 (the jump's displacement). */
    public static final int JUMP_BASE = 0x202;

    // loadflags bits (bootparam.h)
    public static final int LOADED_HIGH = 1;
    public static final int KASLR_FLAG = 1 << 1;
    public static final int QUIET_FLAG = 1 << 5;
    public static final int KEEP_SEGMENTS = 1 << 6;
    public static final int CAN_USE_HEAP = 1 << 7;

    // xloadflags bits (bootparam.h; bits 5-7 are not in boot.rst)
    public static final int XLF_KERNEL_64 = 1;
    public static final int XLF_CAN_BE_LOADED_ABOVE_4G = 1 << 1;
    public static final int XLF_EFI_HANDOVER_32 = 1 << 2;
    public static final int XLF_EFI_HANDOVER_64 = 1 << 3;
    public static final int XLF_EFI_KEXEC = 1 << 4;
    public static final int XLF_5LEVEL = 1 << 5;
    public static final int XLF_5LEVEL_ENABLED = 1 << 6;
    public static final int XLF_MEM_ENCRYPTION = 1 << 7;
}
