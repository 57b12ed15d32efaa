package org.kexecinspect.format;

/**
 * Formats of a kernel payload, told apart by their first bytes (lib/decompress.c's table of
 * magics; Documentation/arch/x86/boot.rst). An uncompressed payload is an ELF file.
 */
public enum Compression {
    GZIP("gzip"),
    BZIP2("bzip2"),
    LZMA("lzma"),
    XZ("xz"),
    LZO("lzo"),
    LZ4("lz4"),
    ZSTD("zstd"),
    NONE("none"),
    UNKNOWN("unknown");

    /** Bytes {@link #detect} looks at. */
    public static final int MAGIC_LENGTH = 6;

    private final String jsonName;

    Compression(String jsonName) { this.jsonName = jsonName; }

    /** "gzip", "lz4", ..., "none" for an uncompressed ELF payload, "unknown". */
    public String jsonName() { return jsonName; }

    /** The format whose magic the bytes start with; {@link #UNKNOWN} when none matches. */
    public static Compression detect(byte[] head) {
        if (starts(head, 0x1f, 0x8b) || starts(head, 0x1f, 0x9e)) {
            return GZIP;
        }
        if (starts(head, 'B', 'Z', 'h')) {
            return BZIP2;
        }
        if (starts(head, 0x5d, 0x00)) {
            return LZMA;
        }
        if (starts(head, 0xfd, '7', 'z', 'X', 'Z', 0x00)) {
            return XZ;
        }
        if (starts(head, 0x89, 'L', 'Z', 'O')) {
            return LZO;
        }
        if (starts(head, 0x02, 0x21, 0x4c, 0x18)) {
            return LZ4;     // the kernel's legacy LZ4 framing
        }
        if (starts(head, 0x28, 0xb5, 0x2f, 0xfd)) {
            return ZSTD;
        }
        if (starts(head, 0x7f, 'E', 'L', 'F')) {
            return NONE;
        }
        return UNKNOWN;
    }

    private static boolean starts(byte[] head, int... magic) {
        if (head.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((head[i] & 0xff) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
