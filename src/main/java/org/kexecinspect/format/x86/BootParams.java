package org.kexecinspect.format.x86;

import static org.kexecinspect.format.x86.BootParamsLayout.*;

import java.util.ArrayList;
import java.util.List;

import org.kexecinspect.format.ByteSource;
import org.kexecinspect.format.FormatException;
import org.kexecinspect.format.View;

/**
 * A decoded x86 zero page (struct boot_params, arch/x86/include/uapi/asm/bootparam.h): the screen_info, efi_info and e820
 * table a kernel received, and the setup_header copy the loader left in it.
 */
public record BootParams(View view, ScreenInfo screenInfo, SetupHeader setupHeader, View efiInfo, List<E820Entry> e820) {

    public static final int SIZE = LAYOUT.size();

    /** One row of e820_table. */
    public record E820Entry(long addr, long size, long type) {}

    public BootParams {
        e820 = List.copyOf(e820);
    }

    /**
     * The zero page in the first 4096 bytes of the source. The row count is checked against the
     * table's 128 rows: a larger count is a corrupt page, not a reason to read past the table.
     */
    public static BootParams read(ByteSource source) throws FormatException {
        View view = View.read(LAYOUT, source, 0);
        int entries = view.getInt(E820_ENTRIES);
        if (entries > E820_MAX_ENTRIES_ZEROPAGE) {
            throw new FormatException(source.name(), view.offsetOf(E820_ENTRIES),
                    "e820_entries is " + entries + ", more than the " + E820_MAX_ENTRIES_ZEROPAGE
                            + " rows of e820_table");
        }
        List<E820Entry> rows = new ArrayList<>(entries);
        for (int i = 0; i < entries; i++) {
            View row = view.struct(E820_TABLE, i);
            rows.add(new E820Entry(row.get(BootE820Entry.ADDR), row.get(BootE820Entry.SIZE), row.get(BootE820Entry.TYPE)));
        }
        return new BootParams(view, new ScreenInfo(view.struct(SCREEN_INFO)),
                SetupHeader.inZeroPage(view.struct(HDR)), view.struct(EFI_INFO), rows);
    }

    public long efiLoaderSignature() { return efiInfo.get(EfiInfo.EFI_LOADER_SIGNATURE); }

    /**
     * Whether the kernel that receives this page sets EFI_BOOT: only for the loader signatures
     * "EL64" and "EL32" (arch/x86/kernel/setup.c).
     */
    public boolean efiBoot() {
        long sig = efiLoaderSignature();
        return sig == EfiInfo.EFI64_LOADER_SIGNATURE || sig == EfiInfo.EFI32_LOADER_SIGNATURE;
    }

    /** The loader signature as four characters, or null when it is zero. */
    public String efiLoaderSignatureText() {
        long sig = efiLoaderSignature();
        if (sig == 0) {
            return null;
        }
        StringBuilder s = new StringBuilder(4);
        for (int i = 0; i < 4; i++) {
            int c = (int) (sig >> (8 * i) & 0xff);
            s.append(c >= 0x20 && c < 0x7f ? (char) c : '.');
        }
        return s.toString();
    }

    /** efi_systab | efi_systab_hi << 32 */
    public long efiSystab() {
        return efiInfo.get(EfiInfo.EFI_SYSTAB) | efiInfo.get(EfiInfo.EFI_SYSTAB_HI) << 32;
    }

    /** efi_memmap | efi_memmap_hi << 32 */
    public long efiMemmap() {
        return efiInfo.get(EfiInfo.EFI_MEMMAP) | efiInfo.get(EfiInfo.EFI_MEMMAP_HI) << 32;
    }

    public long acpiRsdpAddr() { return view.get(ACPI_RSDP_ADDR); }

    public int sentinel() { return view.getInt(SENTINEL); }

    public int secureBoot() { return view.getInt(SECURE_BOOT); }

    /** enum efi_secureboot_mode (include/linux/efi.h): unset, unknown, disabled, enabled. */
    public static String secureBootName(int value) {
        return switch (value) {
            case 0 -> "unset";
            case 1 -> "unknown";
            case 2 -> "disabled";
            case 3 -> "enabled";
            default -> "invalid-" + value;
        };
    }
}
