package org.kexecinspect.initramfs;

/** The file type in a cpio entry's c_mode (the S_IFMT bits, as stat(2) gives them). */
public enum MemberType {
    FILE(0100000),
    DIRECTORY(0040000),
    SYMLINK(0120000),
    CHAR_DEVICE(0020000),
    BLOCK_DEVICE(0060000),
    FIFO(0010000),
    SOCKET(0140000);

    static final int S_IFMT = 0170000;

    private final int bits;

    MemberType(int bits) { this.bits = bits; }

    /** The type whose bits {@code mode} carries, or null for none of these. */
    static MemberType of(long mode) {
        int t = (int) (mode & S_IFMT);
        for (MemberType m : values()) {
            if (m.bits == t) {
                return m;
            }
        }
        return null;
    }
}
