package org.kexecinspect.model.screeninfo;

import java.util.List;

import org.kexecinspect.facts.Fact;
import org.kexecinspect.facts.Fact.Why;
import org.kexecinspect.facts.FramebufferFacts;
import org.kexecinspect.format.fb.FbBitfield;
import org.kexecinspect.format.fb.FbFix;
import org.kexecinspect.format.fb.FbVar;
import org.kexecinspect.format.fb.FbsetMode;

/**
 * /dev/fb0 as kexec-tools' setup_linux_vesafb() reads it: the members of fb_fix_screeninfo and
 * fb_var_screeninfo it copies (include/uapi/linux/fb.h; kexec-tools kexec/arch/i386/x86-linux-setup.c
 * setup_linux_vesafb()), from the ioctl structs or, failing those,
 * from `fbset -i`.
 *
 * @param colours red, green, blue, transp as {offset, length}; null when not known (only needed above 8 bpp)
 */
record Fb0(String id, long smemStart, long smemLen, long lineLength, long xres, long yres, long bitsPerPixel,
        List<long[]> colours, String source) {

    /** What the facts say about /dev/fb0. */
    sealed interface State permits Present, Absent, Unknown {}

    record Present(Fb0 fb) implements State {}

    /** kexec-tools cannot open it: no framebuffer is registered as fb0. */
    record Absent(String why, String source) implements State {}

    record Unknown(String why, String source) implements State {}

    static State of(FramebufferFacts f) {
        Fact<FbFix> fix = f.fix();
        Fact<FbVar> var = f.var();
        // /proc/fb lists every registered framebuffer; without an fb0 line open("/dev/fb0") fails
        if (f.procFb().known() && f.procFb().value().fb0().isEmpty()) {
            if (fix.known()) {
                return new Unknown("/proc/fb lists no fb0 but an fb0 struct was recorded", f.procFb().source());
            }
            return new Absent("/proc/fb lists no fb0", f.procFb().source());
        }
        if (!fix.known() && fix.unknown().why() == Why.ABSENT && !f.fbset().known()
                && !(f.procFb().known() && f.procFb().value().fb0().isPresent())) {
            return new Absent("FBIOGET_FSCREENINFO of /dev/fb0: " + fix.unknown().detail(), fix.source());
        }
        if (fix.known() && var.known()) {
            FbFix x = fix.value();
            FbVar v = var.value();
            return new Present(new Fb0(x.id(), x.smemStart(), x.smemLen(), x.lineLength(), v.xres(), v.yres(),
                    v.bitsPerPixel(), List.of(bf(v.red()), bf(v.green()), bf(v.blue()), bf(v.transp())),
                    fix.source() + ", " + var.source()));
        }
        if (f.fbset().known() && f.fbset().value().mode().isPresent()) {
            var d = f.fbset().value().device();
            FbsetMode m = f.fbset().value().mode().get();
            List<long[]> colours = m.rgba().map(c -> List.of(ch(c.red()), ch(c.green()), ch(c.blue()), ch(c.transp())))
                    .orElse(null);
            return new Present(new Fb0(d.id().strip(), d.smemStart(), d.smemLen(), d.lineLength(), m.xres(), m.yres(),
                    m.bitsPerPixel(), colours, f.fbset().source()));
        }
        Fact<?> missing = !fix.known() ? fix : var;
        return new Unknown("/dev/fb0's " + (!fix.known() ? "fix" : "var") + " screen info is unknown ("
                + missing.unknown() + ")", missing.source());
    }

    private static long[] bf(FbBitfield b) {
        return new long[] {b.offset(), b.length()};
    }

    private static long[] ch(FbsetMode.Channel c) {
        return new long[] {c.offset(), c.length()};
    }
}
