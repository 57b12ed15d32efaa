package org.kexecinspect.initramfs;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes cpio "newc" data field by field, so a test can put any value in any field (sizes the data
 * does not back, over-long names) where GNU cpio would only write what is true. Layout after
 * Documentation/driver-api/early-userspace/buffer-format.rst.
 */
final class Newc {
    static final int FILE = 0100644;
    static final int DIR = 0040755;
    static final int SYMLINK = 0120777;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int ino = 1;

    /** A regular file (or any mode) with its data. */
    Newc entry(String name, int mode, byte[] data) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        header("070701", mode, 1, data.length, n.length + 1);
        name(n);
        out.writeBytes(data);
        align();
        return this;
    }

    Newc file(String name, String text) {
        return entry(name, FILE, text.getBytes(StandardCharsets.UTF_8));
    }

    Newc trailer() {
        byte[] n = "TRAILER!!!".getBytes(StandardCharsets.US_ASCII);
        header("070701", 0, 1, 0, n.length + 1);
        name(n);
        return this;
    }

    /** A header whose fields say what the caller wants, followed by nothing. */
    Newc header(String magic, long mode, long links, long fileSize, long nameSize) {
        out.writeBytes(magic.getBytes(StandardCharsets.US_ASCII));
        long[] fields = {ino++, mode, 0, 0, links, 1700000000L, fileSize, 0, 0, 0, 0, nameSize, 0};
        for (long f : fields) {
            out.writeBytes(String.format("%08x", f).getBytes(StandardCharsets.US_ASCII));
        }
        return this;
    }

    /** A name, its NUL and the padding to 4 bytes. */
    Newc name(byte[] n) {
        out.writeBytes(n);
        out.write(0);
        align();
        return this;
    }

    Newc raw(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    Newc zeros(int n) {
        out.writeBytes(new byte[n]);
        return this;
    }

    private void align() {
        while (out.size() % 4 != 0) {
            out.write(0);
        }
    }

    int size() { return out.size(); }

    byte[] bytes() { return out.toByteArray(); }
}
