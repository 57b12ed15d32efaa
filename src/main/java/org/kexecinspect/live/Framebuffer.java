package org.kexecinspect.live;

import org.kexecinspect.facts.Fact;
import org.kexecinspect.facts.Fact.Why;

/**
 * Reads /dev/fb0's fix and var screen info the way kexec-tools does (setup_linux_vesafb(): open
 * read-only, FBIOGET_FSCREENINFO, FBIOGET_VSCREENINFO), keeping errno on every call. Only reads.
 */
public final class Framebuffer {
    private final Libc libc;
    private final String device;

    public Framebuffer(Libc libc, String device) {
        this.libc = libc;
        this.device = device;
    }

    /** Both raw structs, or why they could not be read. */
    public record Raw(Fact<byte[]> fix, Fact<byte[]> var) {}

    public Raw read() {
        String fixSource = "ioctl(" + device + ", FBIOGET_FSCREENINFO)";
        String varSource = "ioctl(" + device + ", FBIOGET_VSCREENINFO)";
        Libc.Result fd = libc.open(device, Libc.O_RDONLY | Libc.O_CLOEXEC);
        if (fd.failed()) {
            Fact<byte[]> why = Fact.unknown(whyOf(fd.errno()), "open " + device + ": " + libc.describe(fd.errno())
                    + " (errno " + fd.errno() + ")", fixSource);
            return new Raw(why, new Fact<>(null, varSource, why.unknown()));
        }
        try {
            return new Raw(
                    ioctl((int) fd.value(), FbStructs.FBIOGET_FSCREENINFO, new FbStructs.FixScreeninfo().size(), fixSource),
                    ioctl((int) fd.value(), FbStructs.FBIOGET_VSCREENINFO, new FbStructs.VarScreeninfo().size(), varSource));
        } finally {
            libc.close((int) fd.value());
        }
    }

    /** What open() would say of a device node that does not exist (ENOENT), without a system call. */
    static Raw absent(String device) {
        Fact<byte[]> why = Fact.unknown(Why.ABSENT, "open " + device + ": No such file or directory (errno 2)",
                "ioctl(" + device + ", FBIOGET_FSCREENINFO)");
        return new Raw(why, new Fact<>(null, "ioctl(" + device + ", FBIOGET_VSCREENINFO)", why.unknown()));
    }

    private Fact<byte[]> ioctl(int fd, int request, int size, String source) {
        byte[] buf = new byte[size];
        Libc.Result r = libc.ioctl(fd, request, buf);
        if (r.failed()) {
            return Fact.unknown(whyOf(r.errno()), libc.describe(r.errno()) + " (errno " + r.errno() + ")", source);
        }
        return Fact.of(buf, source);
    }

    /** ENOENT/ENXIO/ENODEV: no framebuffer; EACCES/EPERM: needs the video group or root. */
    static Why whyOf(int errno) {
        return switch (errno) {
            case 2, 6, 19 -> Why.ABSENT;      // ENOENT, ENXIO, ENODEV (asm-generic/errno-base.h)
            case 1, 13 -> Why.NOT_PERMITTED;  // EPERM, EACCES
            default -> Why.ERROR;
        };
    }
}
