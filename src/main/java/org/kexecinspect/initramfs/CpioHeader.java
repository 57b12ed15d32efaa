package org.kexecinspect.initramfs;

/**
 * The fields of a "newc" (070701) or "crc" (070702) cpio header that bound what reading the entry
 * costs, checked before commons-compress reads the entry: it would allocate a name of whatever
 * size c_namesize says. Layout (Documentation/driver-api/early-userspace/buffer-format.rst): a
 * 6-byte magic, then 13 fields of 8 hexadecimal ASCII digits each, 110 bytes in all.
 */
record CpioHeader(boolean crc, long mode, long links, long fileSize, long nameSize) {
    static final int LENGTH = 110;
    static final String NEWC = "070701";
    static final String CRC = "070702";
    /** The old portable ASCII format, which the kernel names and refuses (init/initramfs.c do_header). */
    static final String ODC = "070707";

    /** Thrown for a header that is not one; the message is the reason. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String reason) {
            super(reason);
        }
    }

    static CpioHeader parse(byte[] h) throws Invalid {
        if (h.length < LENGTH) {
            throw new Invalid("truncated: a cpio header needs " + LENGTH + " bytes, " + h.length + " are left");
        }
        String magic = new String(h, 0, 6, java.nio.charset.StandardCharsets.ISO_8859_1);
        if (magic.equals(ODC)) {
            throw new Invalid("old portable cpio format 070707; the kernel reads only newc and crc (cpio -H newc)");
        }
        if (!magic.equals(NEWC) && !magic.equals(CRC)) {
            throw new Invalid("no cpio magic: " + printable(h, 6) + " is neither 070701 (newc) nor 070702 (crc)");
        }
        return new CpioHeader(magic.equals(CRC), field(h, 1), field(h, 4), field(h, 6), field(h, 11));
    }

    /** Field {@code i} (0 = c_ino ... 12 = c_chksum). */
    private static long field(byte[] h, int i) throws Invalid {
        long v = 0;
        int at = 6 + 8 * i;
        for (int k = at; k < at + 8; k++) {
            int d = Character.digit(h[k] & 0xff, 16);
            if (d < 0) {
                throw new Invalid("cpio header field " + (i + 1) + " is not 8 hexadecimal digits: "
                        + printable(java.util.Arrays.copyOfRange(h, at, at + 8), 8));
            }
            v = v << 4 | d;
        }
        return v;
    }

    static String printable(byte[] b, int n) {
        StringBuilder s = new StringBuilder("\"");
        for (int i = 0; i < Math.min(n, b.length); i++) {
            int c = b[i] & 0xff;
            s.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? String.valueOf((char) c)
                    : String.format("\\x%02x", c));
        }
        return s.append('"').toString();
    }
}
