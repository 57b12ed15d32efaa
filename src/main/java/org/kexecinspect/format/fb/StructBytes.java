package org.kexecinspect.format.fb;

import java.nio.charset.StandardCharsets;

import org.kexecinspect.format.Layout;

/** Writes members into a little-endian struct image by their {@link Layout.Field}; used by the encoders. */
final class StructBytes {
    private StructBytes() {}

    /** Stores the low {@code f.size()} bytes of {@code value} at the member's offset of {@code out}. */
    static void put(byte[] out, int base, Layout.Field f, long value) {
        for (int i = 0; i < f.size(); i++) {
            out[base + f.offset() + i] = (byte) (value >>> (8 * i));
        }
    }

    /** A char-array member: the text in Latin-1, NUL-padded; a text that fills the array has no NUL, as in C. */
    static void putChars(byte[] out, int base, Layout.Field f, String text) {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(b, 0, out, base + f.offset(), b.length);
    }
}
