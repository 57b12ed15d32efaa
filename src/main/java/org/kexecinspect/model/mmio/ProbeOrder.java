package org.kexecinspect.model.mmio;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.kexecinspect.facts.KdumpKernelFacts;
import org.kexecinspect.facts.ModuleFacts;
import org.kexecinspect.facts.SystemFacts;
import org.kexecinspect.model.Reason;
import org.kexecinspect.model.Tristate;

/**
 * Whether pci_hyperv probes before the synthetic video driver in the kdump kernel: built-in drivers
 * probe before modules load, and the kdump initramfs decides which modules can load early. The
 * typical trigger is pci_hyperv built in and hyperv_drm a module (016a25e4b0df commit message).
 *
 * @param pciHypervFirst whether pci_hyperv allocates before the video driver
 * @param pciHyperv      whether pci_hyperv probes a pass-through device at all
 */
record ProbeOrder(Tristate pciHypervFirst, Tristate pciHyperv) {

    enum Build { BUILT_IN, MODULE, ABSENT }

    static Build build(Map<String, Optional<String>> config, String option) {
        String v = config.getOrDefault(option, Optional.empty()).orElse("n");
        return v.equals("y") ? Build.BUILT_IN : v.equals("m") ? Build.MODULE : Build.ABSENT;
    }

    /** {@code passThrough} says whether there is anything for pci_hyperv to probe; this refines it. */
    static ProbeOrder of(SystemFacts f, PassThrough passThrough, List<Reason> r) {
        KdumpKernelFacts kk = f.kdumpKernel();
        Build pci;
        Build video;
        String src;
        if (kk.option("CONFIG_PCI_HYPERV").known() && kk.option("CONFIG_DRM_HYPERV").known()
                && kk.option("CONFIG_FB_HYPERV").known()) {
            Map<String, Optional<String>> c = kk.config().value();
            pci = build(c, "CONFIG_PCI_HYPERV");
            Build drm = build(c, "CONFIG_DRM_HYPERV");
            Build fb = build(c, "CONFIG_FB_HYPERV");
            video = drm == Build.BUILT_IN || fb == Build.BUILT_IN ? Build.BUILT_IN
                    : drm == Build.MODULE || fb == Build.MODULE ? Build.MODULE : Build.ABSENT;
            src = kk.config().source();
            r.add(Reason.of("kdump kernel: pci_hyperv " + word(pci) + ", hyperv_drm " + word(drm) + ", hyperv_fb "
                    + word(fb), src));
        } else if (sameReleaseAsRunning(f) && f.modules().get("pci_hyperv").builtin().known()
                && f.modules().get("hyperv_drm").builtin().known()) {
            ModuleFacts.ModuleState p = f.modules().get("pci_hyperv");
            pci = p.builtin().value() ? Build.BUILT_IN : Build.MODULE;
            boolean drmIn = f.modules().get("hyperv_drm").builtin().value();
            boolean fbIn = f.modules().get("hyperv_fb").builtin().orElse(false);
            video = drmIn || fbIn ? Build.BUILT_IN : Build.MODULE;
            src = p.builtin().source();
            r.add(Reason.of("the kdump kernel is the running release: pci_hyperv " + word(pci) + ", hyperv_drm/hyperv_fb "
                    + word(video) + " (modules.builtin; a module may also be missing, which changes nothing here)", src));
        } else {
            r.add(Reason.of("which of pci_hyperv and hyperv_drm are built into the kdump kernel is unknown (its config is"
                    + " unknown): probe order unknown", kk.config().source()));
            return new ProbeOrder(Tristate.UNKNOWN, passThrough.pciHyperv());
        }
        if (pci == Build.ABSENT) {
            r.add(Reason.of("the kdump kernel has no pci_hyperv: no config window (and no pass-through device at all)", src));
            return new ProbeOrder(Tristate.UNKNOWN, Tristate.NO);
        }
        Tristate probes = !passThrough.pciHyperv().known() && passThrough.buses() > 0 ? Tristate.YES : passThrough.pciHyperv();
        return new ProbeOrder(order(pci, video, kk, src, r), probes);
    }

    private static Tristate order(Build pci, Build video, KdumpKernelFacts kk, String src, List<Reason> r) {
        if (video == Build.ABSENT) {
            r.add(Reason.of("no hyperv_drm or hyperv_fb in the kdump kernel: nothing allocates before pci_hyperv", src));
            return Tristate.YES;
        }
        if (pci == Build.BUILT_IN && video == Build.MODULE) {
            r.add(Reason.of("pci_hyperv is built in and the video driver a module: built-in drivers probe during boot,"
                    + " before any module loads (the typical trigger)", src + "; " + Sources.CONFIG_WINDOW + "; "
                    + Sources.FIX_MESSAGE));
            return Tristate.YES;
        }
        if (pci == Build.MODULE && video == Build.BUILT_IN) {
            r.add(Reason.of("the video driver is built in and pci_hyperv a module: the video driver allocates first", src));
            return Tristate.NO;
        }
        if (pci == Build.BUILT_IN) {
            r.add(Reason.of("pci_hyperv and the video driver are both built in: their order follows initcall and link order"
                    + " and VMBus device offers, which this model does not follow", src));
            return Tristate.UNKNOWN;
        }
        return modulesOrder(kk, r);
    }

    /** Both modules: the kdump initramfs decides what udev can load before the root is mounted. */
    static Tristate modulesOrder(KdumpKernelFacts kk, List<Reason> r) {
        KdumpKernelFacts.InitramfsFacts ir = kk.initramfs();
        if (!ir.modules().known()) {
            r.add(Reason.of("pci_hyperv and the video driver are modules, and what the kdump initramfs holds is unknown ("
                    + ir.modules().unknown() + "): probe order unknown", ir.modules().source()));
            return Tristate.UNKNOWN;
        }
        Map<String, Boolean> mods = ir.modules().value();
        List<String> off = ir.blacklisted().orElse(List.of());
        boolean pciIn = Boolean.TRUE.equals(mods.get("pci_hyperv")) && !off.contains("pci_hyperv");
        boolean drmIn = Boolean.TRUE.equals(mods.get("hyperv_drm")) && !off.contains("hyperv_drm");
        boolean fbIn = Boolean.TRUE.equals(mods.get("hyperv_fb")) && !off.contains("hyperv_fb");
        String what = "kdump initramfs: pci_hyperv " + (pciIn ? "loadable" : "absent or blacklisted") + ", hyperv_drm "
                + (drmIn ? "loadable" : "absent or blacklisted") + ", hyperv_fb " + (fbIn ? "loadable" : "absent or blacklisted");
        if (pciIn && !drmIn && !fbIn) {
            r.add(Reason.of(what + ": the video driver can load only after the root is mounted, after pci_hyperv",
                    ir.modules().source()));
            return Tristate.YES;
        }
        if (!pciIn && (drmIn || fbIn)) {
            r.add(Reason.of(what + ": the video driver loads first", ir.modules().source()));
            return Tristate.NO;
        }
        r.add(Reason.of(what + ": udev loads them as their devices appear, in no fixed order; probe order unknown",
                ir.modules().source()));
        return Tristate.UNKNOWN;
    }

    private static boolean sameReleaseAsRunning(SystemFacts f) {
        return f.kdumpKernel().release().known() && f.machine().kernelRelease().known()
                && f.kdumpKernel().release().value().equals(f.machine().kernelRelease().value());
    }

    private static String word(Build b) {
        return switch (b) {
            case BUILT_IN -> "built in";
            case MODULE -> "a module";
            case ABSENT -> "absent";
        };
    }
}
