package org.kexecinspect.format.x86;

import java.util.Arrays;

import org.kexecinspect.format.ByteSource;
import org.kexecinspect.format.FormatException;
import org.kexecinspect.format.Layout;
import org.kexecinspect.format.View;
import org.kexecinspect.format.x86.BootParamsLayout.EfiInfo;

/**
 * Writes an x86 zero page (struct boot_params, arch/x86/include/uapi/asm/bootparam.h): the inverse of
 * {@link BootParams#read}. The synthesizer uses it to state a corrected page for a kdump kernel.
 * Every member is addressed by its field in {@link BootParamsLayout}, {@link SetupHeaderLayout}
 * or {@link EfiInfo}, so offsets and widths come from the field tables the native test checks.
 */
public final class BootParamsEncoder {
    private BootParamsEncoder() {}

    private static final int HDR_AT = BootParamsLayout.HDR.offset();
    private static final int HDR_SIZE = BootParamsLayout.HDR.size();
    private static final int EFI_INFO_AT = BootParamsLayout.EFI_INFO.offset();
    private static final int SCREEN_INFO_AT = BootParamsLayout.SCREEN_INFO.offset();

    /**
     * A builder over 4096 zero bytes: the fresh page both kexec loaders start from (kexec-tools
     * kexec/arch/x86_64/kexec-bzImage64.c, arch/x86/kernel/kexec-bzimage64.c).
     */
    public static Builder zero() {
        return new Builder(new byte[BootParams.SIZE]);
    }

    /** A builder starting from an existing zero page, every byte (padding included) kept. */
    public static Builder from(BootParams page) {
        Builder b = zero();
        for (Layout.Field f : BootParamsLayout.LAYOUT.fields()) {
            System.arraycopy(page.view().bytes(f), 0, b.bytes, f.offset(), f.size());
        }
        return b;
    }

    /** The 4096 bytes of a decoded zero page. */
    public static byte[] encode(BootParams page) {
        return from(page).bytes();
    }

    /**
     * How many bytes of a kernel image's setup_header the kexec loaders copy into the zero page:
     * 0x202 + the byte at 0x201 - 0x1f1, the header's own length as the jump at 0x200 states it
     * (kexec-tools kexec/arch/x86_64/kexec-bzImage64.c do_bzImage64_load, which also caps it at
     * 0x7f; Linux arch/x86/kernel/kexec-bzimage64.c bzImage64_load @03738dd1, no cap; Documentation/arch/x86/boot.rst).
     *
     * @throws FormatException when the image has no "HdrS" header with boot flag 0xAA55 (both
     *     loaders' bzImage64_probe refuse it), or when the stated length exceeds boot_params.hdr:
     *     such an image has setup_header members this tool's struct does not know, and copying
     *     them would write into the zero page past hdr (the kernel's copy has no limit)
     */
    public static int setupHeaderCopyLength(ByteSource kernelImage) throws FormatException {
        SetupHeader image = SetupHeader.read(kernelImage);
        if (!image.hasBootFlag() || !image.hasMagic()) {
            throw new FormatException(kernelImage.name(), SetupHeaderLayout.OFFSET + SetupHeaderLayout.BOOT_FLAG.offset(),
                    "not an x86 boot image: no boot flag 0xAA55 and \"HdrS\" setup_header at 0x1f1");
        }
        int length = image.headerEnd() - SetupHeaderLayout.OFFSET;
        if (length > HDR_SIZE) {
            throw new FormatException(kernelImage.name(), SetupHeaderLayout.OFFSET + SetupHeaderLayout.JUMP.offset() + 1,
                    String.format("the jump at 0x200 gives a setup_header ending at 0x%x, %d bytes; boot_params.hdr"
                            + " holds %d (to 0x%x), so the header has members this tool does not know",
                            image.headerEnd(), length, HDR_SIZE, SetupHeaderLayout.OFFSET + HDR_SIZE));
        }
        return length;
    }

    /** Field values over a private 4096-byte page; not thread-safe, build one per use. */
    public static final class Builder {
        private final byte[] bytes;

        private Builder(byte[] bytes) {
            this.bytes = bytes;
        }

        /**
         * Stores a scalar integer member of boot_params itself (acpi_rsdp_addr, e820_entries,
         * sentinel, ...), little-endian. Members of hdr and efi_info have their own setters.
         *
         * @throws IllegalArgumentException when the field is not a scalar integer member of
         *     boot_params, the value does not fit its width, or e820_entries exceeds the 128 rows
         *     of e820_table
         */
        public Builder set(Layout.Field f, long value) {
            check(BootParamsLayout.LAYOUT, f);
            if (f == BootParamsLayout.E820_ENTRIES && value > BootParamsLayout.E820_MAX_ENTRIES_ZEROPAGE) {
                throw new IllegalArgumentException("e820_entries " + value + " exceeds the "
                        + BootParamsLayout.E820_MAX_ENTRIES_ZEROPAGE + " rows of e820_table");
            }
            put(0, f, value);
            return this;
        }

        /** Stores a member of the setup_header copy (boot_params.hdr at 0x1f1), e.g. type_of_loader. */
        public Builder setHeader(Layout.Field f, long value) {
            check(SetupHeaderLayout.LAYOUT, f);
            put(HDR_AT, f, value);
            return this;
        }

        /** Stores a member of boot_params.efi_info (at 0x1c0), e.g. efi_loader_signature. */
        public Builder setEfiInfo(Layout.Field f, long value) {
            check(EfiInfo.LAYOUT, f);
            put(EFI_INFO_AT, f, value);
            return this;
        }

        /** Places 64 bytes of struct screen_info at offset 0. */
        public Builder screenInfo(byte[] screenInfo) {
            return copyInto(SCREEN_INFO_AT, screenInfo, ScreenInfo.SIZE, "screen_info");
        }

        public Builder screenInfo(ScreenInfo screenInfo) {
            return screenInfo(ScreenInfoEncoder.encode(screenInfo));
        }

        /** Copies an efi_info view, e.g. {@link BootParams#efiInfo()} of the running kernel's page. */
        public Builder efiInfo(View efiInfo) {
            if (efiInfo.layout() != EfiInfo.LAYOUT) {
                throw new IllegalArgumentException(efiInfo.layout().name() + " is not efi_info");
            }
            for (Layout.Field f : EfiInfo.LAYOUT.fields()) {
                System.arraycopy(efiInfo.bytes(f), 0, bytes, EFI_INFO_AT + f.offset(), f.size());
            }
            return this;
        }

        /**
         * Copies a kernel image's setup_header into hdr as both kexec loaders do
         * ({@link #setupHeaderCopyLength}). The rest of hdr past the copied length becomes zero, as
         * it is in the loaders' fresh page; the loaders' own writes (type_of_loader, loadflags,
         * command line and initrd pointers) are left to the caller.
         */
        public Builder copySetupHeaderFrom(ByteSource kernelImage) throws FormatException {
            int length = setupHeaderCopyLength(kernelImage);
            byte[] header = kernelImage.read(SetupHeaderLayout.OFFSET, length);
            Arrays.fill(bytes, HDR_AT, HDR_AT + HDR_SIZE, (byte) 0);
            System.arraycopy(header, 0, bytes, HDR_AT, length);
            return this;
        }

        /** A copy of the 4096 bytes. */
        public byte[] bytes() {
            return Arrays.copyOf(bytes, bytes.length);
        }

        /** The decoded zero page of these bytes; {@code name} is what errors and views call the artifact. */
        public BootParams build(String name) {
            try {
                return BootParams.read(ByteSource.of(name, bytes()));
            } catch (FormatException e) {
                // set() keeps e820_entries within the table, the only check BootParams.read makes
                throw new IllegalStateException("a 4096-byte page with at most 128 e820 rows is always a zero page", e);
            }
        }

        private Builder copyInto(int at, byte[] src, int size, String what) {
            if (src.length != size) {
                throw new IllegalArgumentException(what + " is " + size + " bytes, not " + src.length);
            }
            System.arraycopy(src, 0, bytes, at, size);
            return this;
        }

        private void put(int base, Layout.Field f, long value) {
            if (f.size() < 8 && (value < 0 || value >>> (8 * f.size()) != 0)) {
                throw new IllegalArgumentException(f.name() + " is " + f.size() + " bytes; " + value + " does not fit");
            }
            for (int i = 0; i < f.size(); i++) {
                bytes[base + f.offset() + i] = (byte) (value >>> (8 * i));
            }
        }

        private static void check(Layout layout, Layout.Field f) {
            if (!layout.hasField(f.name()) || layout.field(f.name()) != f) {
                throw new IllegalArgumentException(f.name() + " is not a field of " + layout.name());
            }
            if (f.kind() != Layout.Kind.UINT || f.isArray()) {
                throw new IllegalArgumentException(f.name() + " is not a scalar integer member of " + layout.name());
            }
        }
    }
}
