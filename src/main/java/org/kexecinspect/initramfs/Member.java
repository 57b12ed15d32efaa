package org.kexecinspect.initramfs;

/**
 * One cpio entry: a name only; nothing is ever written anywhere.
 *
 * @param path the name normalised: no leading "/" or "./", no empty or "." components ("." for
 *     the root itself); ".." components are kept as they are, since they are only names here
 * @param rawName the name exactly as the archive has it (decoded as UTF-8)
 * @param segment index of the {@link Segment} it came from
 * @param headerOffset where its cpio header starts: in the input for an uncompressed segment, in
 *     the segment's decompressed data for a compressed one
 * @param type the file type
 * @param permissions the permission bits of c_mode (07777)
 * @param size c_filesize: bytes of data (0 for a directory, the target's length for a symlink)
 * @param links c_nlink
 * @param linkTarget a symlink's target, null for other types or a target over PATH_MAX
 */
public record Member(String path, String rawName, int segment, long headerOffset, MemberType type, int permissions,
        long size, long links, String linkTarget) {}
