package org.kexecinspect.initramfs;

/**
 * Caps on everything an initramfs can make {@link Initramfs} read, count or keep; an input past
 * any of them is refused with a FormatException, never followed.
 *
 * @param maxInputBytes bytes read from the input itself (the file or stream)
 * @param maxTotalBytes bytes of cpio data in all, uncompressed segments plus everything the
 *     compressed ones expand to: the cap on a decompression bomb. Real initramfs images expand to
 *     tens or a few hundred MiB.
 * @param maxSegments uncompressed and compressed segments (Debian: 1 or 2; dracut: a few)
 * @param maxMembers cpio entries in all segments, trailers not counted
 * @param maxNameSize a name's size as c_namesize gives it, the terminating NUL included; the
 *     default is PATH_MAX (4096), the largest name the kernel accepts (init/initramfs.c do_header)
 * @param maxMemberSize one entry's data (c_filesize); newc cannot say more than 4 GiB - 1
 * @param maxKeptBytes one member's bytes kept for the caller; a larger member is listed but not kept
 * @param maxConfigFiles modprobe configuration files whose text is kept
 * @param maxConfigBytes text kept of each modprobe configuration file; the rest is cut off
 */
public record InitramfsLimits(long maxInputBytes, long maxTotalBytes, int maxSegments, int maxMembers,
        int maxNameSize, long maxMemberSize, int maxKeptBytes, int maxConfigFiles, int maxConfigBytes) {

    /** PATH_MAX (include/uapi/linux/limits.h), which the kernel's initramfs unpacker compares c_namesize with. */
    public static final int PATH_MAX = 4096;

    public static final InitramfsLimits DEFAULT = new InitramfsLimits(4L << 30, 2L << 30, 64, 200_000,
            PATH_MAX, 1L << 30, 64 << 20, 256, 64 << 10);

    public InitramfsLimits {
        if (maxInputBytes <= 0 || maxTotalBytes <= 0 || maxSegments <= 0 || maxMembers <= 0 || maxNameSize <= 1
                || maxMemberSize < 0 || maxKeptBytes < 0 || maxConfigFiles < 0 || maxConfigBytes < 0) {
            throw new IllegalArgumentException("initramfs limits must be positive: " + this);
        }
    }
}
