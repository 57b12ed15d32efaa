package org.kexecinspect.format.arm64;

import static org.kexecinspect.format.arm64.Arm64ImageLayout.*;

import java.util.ArrayList;
import java.util.List;

import org.kexecinspect.format.ByteSource;
import org.kexecinspect.format.FormatException;
import org.kexecinspect.format.View;

/**
 * A decoded arm64 Image header (Documentation/arch/arm64/booting.rst) and the values
 * derived from it. Only the 64 header bytes are read. Values that are odd but do not stop a reader
 * become warnings; only a missing magic or a short file is an error.
 *
 * @param view the header's bytes
 * @param length bytes from the header to the end of the source (the file size when read at 0)
 * @param warnings facts about the header that are odd but do not stop decoding
 */
public record Arm64Image(View view, long length, List<String> warnings) {

    public static final int SIZE = LAYOUT.size();
    /**
     * An image_size above this is refused: real kernels occupy tens of MiB, and a loader would
     * reserve this much memory on the header's word.
     */
    public static final long MAX_PLAUSIBLE_IMAGE_SIZE = 1L << 30;
    /** text_offset must leave the image inside its 2 MiB placement window and be page aligned. */
    public static final long MAX_TEXT_OFFSET = BASE_ALIGN;
    public static final long TEXT_OFFSET_ALIGN = 4096;
    /** "PE\0\0": the bytes a PE header offset must leave room for. */
    static final int PE_SIGNATURE_SIZE = 4;

    public Arm64Image {
        warnings = List.copyOf(warnings);
    }

    /** flags bits 1-2 (booting.rst). */
    public enum PageSize {
        UNSPECIFIED("unspecified"), PAGE_4K("4K"), PAGE_16K("16K"), PAGE_64K("64K");

        private final String text;

        PageSize(String text) {
            this.text = text;
        }

        /** "4K", "16K", "64K" or "unspecified". */
        public String text() { return text; }

        static PageSize ofCode(int code) {
            return switch (code) {
                case PAGE_SIZE_4K -> PAGE_4K;
                case PAGE_SIZE_16K -> PAGE_16K;
                case PAGE_SIZE_64K -> PAGE_64K;
                default -> UNSPECIFIED;
            };
        }

        @Override public String toString() { return text; }
    }

    /**
     * The Image header at {@code offset} of the source (0 for an Image file).
     *
     * @throws FormatException when fewer than 64 bytes remain or "ARM\x64" is not at 0x38
     */
    public static Arm64Image read(ByteSource src, long offset) throws FormatException {
        long size = src.size();
        if (offset >= 0 && offset <= size && size - offset < SIZE) {
            throw new FormatException(src.name(), size, "truncated: " + (size - offset)
                    + " bytes where an arm64 Image header needs " + SIZE);
        }
        View v = View.read(LAYOUT, src, offset);
        if (v.get(MAGIC) != ARM64_IMAGE_MAGIC) {
            throw new FormatException(src.name(), v.offsetOf(MAGIC), "not an arm64 Image: no magic \"ARM\\x64\" "
                    + "(41 52 4d 64) at 0x38, found " + hexBytes(v.bytes(MAGIC)));
        }
        long imageSize = v.get(IMAGE_SIZE);
        if (Long.compareUnsigned(imageSize, MAX_PLAUSIBLE_IMAGE_SIZE) > 0) {
            throw new FormatException(src.name(), v.offsetOf(IMAGE_SIZE), "image_size 0x"
                    + Long.toHexString(imageSize) + " is absurd (over 1 GiB; real kernels occupy tens of MiB)");
        }
        long length = size - offset;
        return new Arm64Image(v, length, warnings(new Arm64Image(v, length, List.of())));
    }

    public long code0() { return view.get(CODE0); }

    public long code1() { return view.get(CODE1); }

    /** text_offset as stored. */
    public long textOffset() { return view.get(TEXT_OFFSET); }

    /** image_size: the kernel's memory footprint from the image start, BSS included (unsigned). */
    public long imageSize() { return view.get(IMAGE_SIZE); }

    /** flags as stored; meaningless when {@link #preV3_17()}. */
    public long flags() { return view.get(FLAGS); }

    public long magic() { return view.get(MAGIC); }

    /** res5: the offset of the PE header when the image carries the EFI stub. */
    public long peHeaderOffset() { return view.get(RES5); }

    /** image_size is 0: a kernel before v3.17, whose text_offset is 0x80000 and flags carry nothing (booting.rst). */
    public boolean preV3_17() { return imageSize() == 0; }

    /** The page size flags bits 1-2 declare, or null before v3.17. */
    public PageSize pageSize() {
        return preV3_17() ? null : PageSize.ofCode((int) ((flags() & FLAG_PAGE_SIZE_MASK) >>> FLAG_PAGE_SIZE_SHIFT));
    }

    /**
     * "little" or "big" from flags bit 0. Before v3.17 the flags carry nothing, but text_offset is
     * 0x80000 in the kernel's own byte order (booting.rst), which tells it; null when it does not.
     */
    public String endianness() {
        if (preV3_17()) {
            if (textOffset() == DEFAULT_TEXT_OFFSET) {
                return "little";
            }
            return Long.reverseBytes(textOffset()) == DEFAULT_TEXT_OFFSET ? "big" : null;
        }
        return (flags() & FLAG_BE) != 0 ? "big" : "little";
    }

    /** flags bit 3, or null before v3.17. */
    public Boolean placementAnywhere() {
        return preV3_17() ? null : (flags() & FLAG_PHYS_BASE) != 0;
    }

    /** Where a loader may put the image (flags bit 3, booting.rst), or null before v3.17. */
    public String physicalPlacement() {
        Boolean anywhere = placementAnywhere();
        if (anywhere == null) {
            return null;
        }
        return anywhere ? "anywhere within 48-bit physical range" : "2MiB-aligned base near DRAM start";
    }

    /** code0 starts with "MZ": the image is also a PE/COFF executable (CONFIG_EFI_STUB). */
    public boolean hasEfiStub() { return (code0() & 0xffff) == MZ; }

    /** flags bits 4-63, which must be 0. */
    public long reservedFlags() { return flags() & FLAGS_RESERVED; }

    public boolean reservedBitsSet() { return !preV3_17() && reservedFlags() != 0; }

    private static List<String> warnings(Arm64Image h) {
        List<String> out = new ArrayList<>();
        if (!h.preV3_17()) {
            long size = h.imageSize();
            if (size < h.length()) {
                out.add("image_size 0x" + Long.toHexString(size) + " is smaller than the " + h.length()
                        + " bytes of the file: the header understates the memory the kernel needs, or data is appended");
            }
            long text = h.textOffset();
            if (Long.compareUnsigned(text, MAX_TEXT_OFFSET) > 0) {
                out.add("text_offset 0x" + Long.toHexString(text) + " is above 2 MiB, outside the placement window");
            } else if (text % TEXT_OFFSET_ALIGN != 0) {
                out.add("text_offset 0x" + Long.toHexString(text) + " is not a multiple of 4 KiB");
            }
            if (h.reservedBitsSet()) {
                out.add("reserved flags bits 4-63 are set: 0x" + Long.toHexString(h.reservedFlags()));
            }
        }
        if (h.hasEfiStub()) {
            long pe = h.peHeaderOffset();
            if (pe + PE_SIGNATURE_SIZE > h.length()) {
                out.add("the EFI stub's PE header offset 0x" + Long.toHexString(pe) + " lies outside the "
                        + h.length() + "-byte file");
            } else if (pe < SIZE) {
                out.add("the EFI stub's PE header offset 0x" + Long.toHexString(pe) + " points into the Image header");
            }
        }
        return out;
    }

    static String hexBytes(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) {
            s.append(s.length() == 0 ? "" : " ").append(String.format("%02x", b & 0xff));
        }
        return s.toString();
    }
}
