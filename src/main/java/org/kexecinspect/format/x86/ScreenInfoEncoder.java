package org.kexecinspect.format.x86;

import java.util.Arrays;

import org.kexecinspect.format.ByteSource;
import org.kexecinspect.format.FormatException;
import org.kexecinspect.format.Layout;

/**
 * Writes a struct screen_info (include/uapi/linux/screen_info.h) from field values: the inverse of
 * {@link ScreenInfo#read}. Used by the models to state the screen_info a kdump kernel will receive,
 * and by the synthesizer for a corrected blob. Every member is addressed by its
 * {@link ScreenInfoLayout} field, so offsets and widths come from the one field table.
 */
public final class ScreenInfoEncoder {
    private ScreenInfoEncoder() {}

    /** A builder over 64 zero bytes. */
    public static Builder zero() {
        return new Builder(new byte[ScreenInfo.SIZE]);
    }

    /** A builder starting from an existing screen_info, every byte (padding included) kept. */
    public static Builder from(ScreenInfo s) {
        Builder b = zero();
        for (Layout.Field f : ScreenInfoLayout.LAYOUT.fields()) {
            if (f.kind() == Layout.Kind.UINT) {
                b.set(f, s.view().get(f));
            } else {
                System.arraycopy(s.view().bytes(f), 0, b.bytes, f.offset(), f.size());
            }
        }
        return b;
    }

    /** The 64 bytes of a decoded screen_info. */
    public static byte[] encode(ScreenInfo s) {
        return from(s).bytes();
    }

    /** Field values over a private 64-byte image; not thread-safe, build one per use. */
    public static final class Builder {
        private final byte[] bytes;

        private Builder(byte[] bytes) {
            this.bytes = bytes;
        }

        /**
         * Stores an unsigned integer member, little-endian.
         *
         * @throws IllegalArgumentException when the field is not an integer member of screen_info or
         *     the value does not fit its width
         */
        public Builder set(Layout.Field f, long value) {
            check(f);
            if (f.size() < 8 && (value < 0 || value >>> (8 * f.size()) != 0)) {
                throw new IllegalArgumentException(f.name() + " is " + f.size() + " bytes; " + value + " does not fit");
            }
            for (int i = 0; i < f.size(); i++) {
                bytes[f.offset() + i] = (byte) (value >>> (8 * i));
            }
            return this;
        }

        /** The value an integer member holds now. */
        public long get(Layout.Field f) {
            check(f);
            long v = 0;
            for (int i = f.size() - 1; i >= 0; i--) {
                v = v << 8 | (bytes[f.offset() + i] & 0xff);
            }
            return v;
        }

        private static void check(Layout.Field f) {
            if (!ScreenInfoLayout.LAYOUT.hasField(f.name()) || ScreenInfoLayout.LAYOUT.field(f.name()) != f) {
                throw new IllegalArgumentException(f.name() + " is not a field of screen_info");
            }
            if (f.kind() != Layout.Kind.UINT) {
                throw new IllegalArgumentException(f.name() + " is not an integer member");
            }
        }

        /** A copy of the 64 bytes. */
        public byte[] bytes() {
            return Arrays.copyOf(bytes, bytes.length);
        }

        /** The decoded screen_info of these bytes; {@code name} is what errors and views call the artifact. */
        public ScreenInfo build(String name) {
            try {
                return ScreenInfo.read(ByteSource.of(name, bytes()), 0);
            } catch (FormatException e) {
                throw new IllegalStateException("64 bytes always hold a screen_info", e);
            }
        }
    }
}
