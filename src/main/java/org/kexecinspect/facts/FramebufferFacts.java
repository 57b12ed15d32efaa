package org.kexecinspect.facts;


import org.kexecinspect.facts.Fact.Why;
import org.kexecinspect.format.ByteSource;
import org.kexecinspect.format.FormatException;
import org.kexecinspect.format.fb.FbDriver;
import org.kexecinspect.format.fb.FbFix;
import org.kexecinspect.format.fb.FbVar;
import org.kexecinspect.format.fb.FbsetInfo;
import org.kexecinspect.format.fb.FbsetText;
import org.kexecinspect.format.fb.ProcFb;

/**
 * /dev/fb0 as kexec-tools sees it (setup_linux_vesafb() reads only fb0): its fix and var screen
 * info from the ioctls, or from `fbset -i` when only that was recorded, and the driver behind it.
 *
 * @param device          "/dev/fb0"
 * @param fix             FBIOGET_FSCREENINFO
 * @param var             FBIOGET_VSCREENINFO
 * @param id              fix.id ("EFI VGA", "hyperv_drmdrmfb")
 * @param driver          the driver module behind the id ("efifb", "hyperv_drm")
 * @param smemStartHidden user space sees smem_start = 0 because the DRM fbdev helper hides it (FBINFO_HIDE_SMEM_START)
 * @param fbset           `fbset -i`, when recorded
 * @param procFb          /proc/fb: every framebuffer the kernel registered
 */
public record FramebufferFacts(String device, Fact<FbFix> fix, Fact<FbVar> var, Fact<String> id,
        Fact<String> driver, Fact<Boolean> smemStartHidden, Fact<FbsetInfo> fbset, Fact<ProcFb> procFb) {

    public static final String FB0 = "/dev/fb0";

    public Fact<Long> smemStart() {
        return fix.known() ? fix.map(FbFix::smemStart) : fbset.map(f -> f.device().smemStart());
    }

    public Fact<Long> smemLen() {
        return fix.known() ? fix.map(FbFix::smemLen) : fbset.map(f -> f.device().smemLen());
    }

    public Fact<Long> lineLength() {
        return fix.known() ? fix.map(FbFix::lineLength) : fbset.map(f -> f.device().lineLength());
    }

    public Fact<Long> xres() {
        return var.known() ? var.map(FbVar::xres) : fbset.map(f -> f.mode().map(m -> m.xres()).orElse(null));
    }

    public Fact<Long> yres() {
        return var.known() ? var.map(FbVar::yres) : fbset.map(f -> f.mode().map(m -> m.yres()).orElse(null));
    }

    public Fact<Long> bitsPerPixel() {
        return var.known() ? var.map(FbVar::bitsPerPixel) : fbset.map(f -> f.mode().map(m -> m.bitsPerPixel()).orElse(null));
    }

    static FramebufferFacts read(Root root, SystemCalls calls) {
        Fact<FbFix> fix = decode(calls.fbFix(), b -> FbFix.read(b));
        Fact<FbVar> var = decode(calls.fbVar(), b -> FbVar.read(b));
        Fact<FbsetInfo> fbset = calls.fbset().known()
                ? parseFbset(calls.fbset()) : calls.fbset().cast();
        Fact<ProcFb> procFb = Texts.read(root, "proc/fb").known()
                ? parseProcFb(Texts.read(root, "proc/fb")) : Texts.read(root, "proc/fb").cast();
        Fact<String> id = fix.known() ? fix.map(FbFix::id)
                : fbset.known() ? fbset.map(f -> f.device().id().strip())
                : procFb.known() && procFb.value().fb0().isPresent() ? Fact.of(procFb.value().fb0().get().id(), procFb.source())
                : idFromSysfs(root, fix);
        Fact<FbDriver> drv = id.map(FbDriver::classify);
        Fact<String> driver = !drv.known() ? drv.cast()
                : drv.value().driverName().isPresent() ? Fact.of(drv.value().driverName().get(), drv.source())
                : Fact.unknown(Why.NOT_APPLICABLE, "fix.id '" + id.value() + "' names no known driver", id.source());
        return new FramebufferFacts(FB0, fix, var, id, driver,
                hidden(fix, fbset, drv),
                fbset, procFb);
    }

    /** /sys/class/graphics/fb0/name holds fix.id too (drivers/video/fbdev/core/fbsysfs.c show_name). */
    private static Fact<String> idFromSysfs(Root root, Fact<FbFix> fix) {
        Fact<String> name = Texts.read(root, "sys/class/graphics/fb0/name").map(s -> s.endsWith("\n") ? s.substring(0, s.length() - 1) : s);
        return name.known() ? name : fix.cast();
    }

    /** The driver hides it (DRM fbdev), or the recorded smem_start is 0 while the id says it should not be. */
    private static Fact<Boolean> hidden(Fact<FbFix> fix, Fact<FbsetInfo> fbset, Fact<FbDriver> drv) {
        if (!drv.known()) {
            return drv.cast();
        }
        return switch (drv.value().smemStart()) {
            case HIDDEN -> Fact.of(true, drv.source());
            case REPORTED -> Fact.of(false, drv.source());
            case NOT_KNOWN -> fix.known() ? Fact.of(fix.value().smemStart() == 0, fix.source())
                    : Fact.unknown(Why.NOT_APPLICABLE, "unknown driver '" + drv.value().fixId() + "'", drv.source());
        };
    }

    interface Decoder<T> {
        T decode(ByteSource b) throws FormatException;
    }

    private static <T> Fact<T> decode(Fact<byte[]> raw, Decoder<T> d) {
        if (!raw.known()) {
            return raw.cast();
        }
        try {
            return Fact.of(d.decode(ByteSource.of(raw.source(), raw.value())), raw.source());
        } catch (FormatException e) {
            return Fact.unknown(Why.MALFORMED, e.getMessage(), raw.source());
        }
    }

    private static Fact<FbsetInfo> parseFbset(Fact<String> text) {
        try {
            return Fact.of(FbsetText.parse(text.value(), text.source()), text.source());
        } catch (FormatException e) {
            return Fact.unknown(Why.MALFORMED, e.getMessage(), text.source());
        }
    }

    private static Fact<ProcFb> parseProcFb(Fact<String> text) {
        try {
            return Fact.of(ProcFb.parse(text.value(), text.source()), text.source());
        } catch (FormatException e) {
            return Fact.unknown(Why.MALFORMED, e.getMessage(), text.source());
        }
    }

}
