package org.kexecinspect.format.fb;

import java.util.Objects;
import java.util.Optional;

/**
 * The mode block of {@code fbset -i} ({@code mode "…"} … {@code endmode}): what fbset shows of
 * struct fb_var_screeninfo. Members of FbVar that fbset never prints have no component here:
 * xoffset, yoffset, activate, height, width, rotate, colorspace, the channels' msb_right, the
 * exact values of accel_flags and grayscale, the vmode bits above FB_VMODE_MASK, and the reserved
 * words. All numbers are u32 values (fbset prints some with {@code %d}, so a value of 2^31 or
 * more appears negative in the text; it is converted back here).
 *
 * @param name the text between the quotes, e.g. {@code 1280x800-76}: the resolution, plus the
 *     rounded vertical refresh when pixclock is not 0
 * @param timings the {@code timings} line; empty when the block has none (fbset -i always prints
 *     one)
 * @param sync the FB_SYNC_* bits: the flags fbset names ({@code hsync high}, {@code vsync high},
 *     {@code csync high}, {@code gsync true}, {@code extsync true}, {@code bcast true}) plus the
 *     bits of Debian's {@code sync 0x…} line, which holds the bits without a name. Upstream fbset
 *     has no such line and drops those bits, so there they read as 0.
 * @param interlaced {@code laced true}: (vmode &amp; FB_VMODE_MASK) == FB_VMODE_INTERLACED
 * @param doubleScan {@code double true}: (vmode &amp; FB_VMODE_MASK) == FB_VMODE_DOUBLE
 * @param nonstd the {@code nonstd} line; 0 when there is none, because fbset prints it only when
 *     non-zero
 * @param accelFlagsSet {@code accel true}: accel_flags is not 0 (fbset does not print its value)
 * @param grayscaleSet {@code grayscale true}: grayscale is not 0 (fbset does not print its value)
 * @param rgba the {@code rgba} line; empty when the block has none (fbset -i always prints one)
 */
public record FbsetMode(String name, long xres, long yres, long xresVirtual, long yresVirtual, long bitsPerPixel,
        Optional<Timings> timings, long sync, boolean interlaced, boolean doubleScan, long nonstd,
        boolean accelFlagsSet, boolean grayscaleSet, Optional<Rgba> rgba) {

    public FbsetMode {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(timings, "timings");
        Objects.requireNonNull(rgba, "rgba");
        for (long v : new long[] {xres, yres, xresVirtual, yresVirtual, bitsPerPixel, sync, nonstd}) {
            FbFix.checkU32("fbset mode value", v);
        }
    }

    /** The {@code timings} line: pixclock in ps, then margins and sync lengths in pixels or lines. */
    public record Timings(long pixclock, long leftMargin, long rightMargin, long upperMargin, long lowerMargin,
            long hsyncLen, long vsyncLen) {
        public Timings {
            for (long v : new long[] {pixclock, leftMargin, rightMargin, upperMargin, lowerMargin, hsyncLen, vsyncLen}) {
                FbFix.checkU32("fbset timing", v);
            }
        }
    }

    /** One channel of the {@code rgba} line, which fbset prints as length/offset (msb_right is not shown). */
    public record Channel(long length, long offset) {
        public Channel {
            FbFix.checkU32("rgba length", length);
            FbFix.checkU32("rgba offset", offset);
        }
    }

    /** The {@code rgba} line: red, green, blue, transparency. */
    public record Rgba(Channel red, Channel green, Channel blue, Channel transp) {
        public Rgba {
            Objects.requireNonNull(red);
            Objects.requireNonNull(green);
            Objects.requireNonNull(blue);
            Objects.requireNonNull(transp);
        }
    }
}
