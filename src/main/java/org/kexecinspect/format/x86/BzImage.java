package org.kexecinspect.format.x86;

import static org.kexecinspect.format.x86.SetupHeaderLayout.*;

import java.util.ArrayList;
import java.util.List;

import org.kexecinspect.format.ByteReader;
import org.kexecinspect.format.ByteSource;
import org.kexecinspect.format.Compression;
import org.kexecinspect.format.FormatException;

/**
 * The header facts of an x86 bzImage (Documentation/arch/x86/boot.rst): its setup_header, version string,
 * where its payload is and how it is compressed, its kernel_info, and what the kexec loaders make
 * of it. Only the setup area and a few bytes at the payload and kernel_info are read.
 *
 * @param kernelVersion the string kernel_version points at, or null (see warnings)
 * @param kernelInfo null before protocol 2.15 or when kernel_info_offset is 0
 * @param warnings facts about the file that are odd but do not stop decoding
 */
public record BzImage(long fileSize, SetupHeader header, String kernelVersion, Payload payload,
        KernelInfo kernelInfo, Loadability loadability, List<String> warnings) {

    /** Longest version string read; real ones are about 150 characters. */
    public static final int MAX_VERSION_LENGTH = 512;
    /** kernel_info's magic "LToP" as a little-endian u32. */
    public static final long KERNEL_INFO_MAGIC = 0x506f544cL;
    /** The fixed part of kernel_info: header, size, size_total, setup_type_max. */
    public static final int KERNEL_INFO_FIXED_SIZE = 16;

    public BzImage {
        warnings = List.copyOf(warnings);
    }

    /**
     * The compressed payload: file offset = real-mode size + payload_offset (boot.rst), so
     * payload_offset counts from the start of the protected-mode code.
     *
     * @param compression null when the payload is not inside the file
     */
    public record Payload(long fileOffset, long length, Compression compression, boolean withinFile) {}

    /**
     * kernel_info (protocol 2.15+). Its offset is taken, like payload_offset, from the start of the
     * protected-mode code: inferred from header.S (.long ZO_kernel_info), while boot.rst says "from
     * the beginning of the kernel image". {@code magicFound} tells
     * whether "LToP" really sits there in this file, which settles it for this image.
     */
    public record KernelInfo(long offset, long fileOffset, boolean magicFound, long size, long sizeTotal,
            long setupTypeMax) {
        public static final String OFFSET_BASE_NOTE =
                "offset counted from the protected-mode code, as payload_offset (inferred from header.S, unverified)";
    }

    public static BzImage read(ByteSource source) throws FormatException {
        List<String> warnings = new ArrayList<>();
        SetupHeader header = SetupHeader.read(source);
        long size = source.size();
        int realMode = header.realModeSize();
        if (realMode > size) {
            throw new FormatException(source.name(), OFFSET + SETUP_SECTS.offset(),
                    "setup_sects " + header.get(SETUP_SECTS) + " puts the end of the setup code at 0x"
                            + Integer.toHexString(realMode) + ", past the end of the " + size + "-byte file");
        }
        ByteReader setup = ByteReader.of(source, 0, realMode);

        String version = kernelVersion(header, setup, warnings);
        Payload payload = payload(source, header, realMode, warnings);
        KernelInfo kernelInfo = kernelInfo(source, header, realMode, warnings);
        if (header.isPresent(SYSSIZE) && header.hasMagic() && header.protocol() >= 0x0204) {
            long protectedMode = header.get(SYSSIZE) * 16;
            if (size - realMode < protectedMode) {
                warnings.add("the file ends " + (protectedMode - (size - realMode))
                        + " bytes before the protected-mode code does (syssize " + header.get(SYSSIZE)
                        + " paragraphs): truncated image?");
            }
        }
        return new BzImage(size, header, version, payload, kernelInfo, Loadability.of(header, size), warnings);
    }

    /** The string at kernel_version + 0x200, which must lie inside the setup code (boot.rst). */
    private static String kernelVersion(SetupHeader header, ByteReader setup, List<String> warnings)
            throws FormatException {
        if (!header.isPresent(KERNEL_VERSION) || header.get(KERNEL_VERSION) == 0) {
            return null;
        }
        int at = (int) header.get(KERNEL_VERSION) + 0x200;
        if (at >= setup.length()) {
            warnings.add(String.format("kernel_version 0x%x points at 0x%x, outside the setup code (ends 0x%x)",
                    header.get(KERNEL_VERSION), at, setup.length()));
            return null;
        }
        String s = setup.cString(at, MAX_VERSION_LENGTH);
        if (s == null) {
            warnings.add(String.format("the version string at 0x%x has no NUL within %d bytes or the setup code",
                    at, MAX_VERSION_LENGTH));
        }
        return s;
    }

    private static Payload payload(ByteSource source, SetupHeader header, int realMode, List<String> warnings)
            throws FormatException {
        if (!header.isPresent(PAYLOAD_OFFSET)) {
            return null;
        }
        long offset = realMode + header.get(PAYLOAD_OFFSET);
        long length = header.get(PAYLOAD_LENGTH);
        long size = source.size();
        if (offset + Compression.MAGIC_LENGTH > size) {
            warnings.add(String.format("payload_offset puts the payload at 0x%x, outside the %d-byte file", offset, size));
            return new Payload(offset, length, null, false);
        }
        boolean within = offset + length <= size;
        if (!within) {
            warnings.add(String.format("the payload (0x%x + %d bytes) runs past the end of the %d-byte file",
                    offset, length, size));
        }
        Compression c = Compression.detect(source.read(offset, Compression.MAGIC_LENGTH));
        return new Payload(offset, length, c, within);
    }

    private static KernelInfo kernelInfo(ByteSource source, SetupHeader header, int realMode, List<String> warnings)
            throws FormatException {
        if (!header.isPresent(KERNEL_INFO_OFFSET) || header.get(KERNEL_INFO_OFFSET) == 0) {
            return null;
        }
        long rel = header.get(KERNEL_INFO_OFFSET);
        long at = realMode + rel;
        if (at + KERNEL_INFO_FIXED_SIZE > source.size()) {
            warnings.add(String.format("kernel_info_offset 0x%x points outside the file", rel));
            return new KernelInfo(rel, at, false, 0, 0, 0);
        }
        ByteReader r = ByteReader.of(source, at, KERNEL_INFO_FIXED_SIZE);
        boolean found = r.u32(0) == KERNEL_INFO_MAGIC;
        if (!found) {
            warnings.add(String.format("no kernel_info magic \"LToP\" at file offset 0x%x", at));
            return new KernelInfo(rel, at, false, 0, 0, 0);
        }
        return new KernelInfo(rel, at, true, r.u32(4), r.u32(8), r.u32(12));
    }
}
