package org.kexecinspect.cli;

import java.util.ArrayList;
import java.util.List;

import org.kexecinspect.cli.render.Node;
import org.kexecinspect.cli.render.Node.Obj;
import org.kexecinspect.facts.Fact;
import org.kexecinspect.facts.IomemFacts;
import org.kexecinspect.format.fb.FbBitfield;
import org.kexecinspect.format.fb.FbDriver;
import org.kexecinspect.format.fb.FbFix;
import org.kexecinspect.format.fb.FbVar;
import org.kexecinspect.format.fb.FbsetInfo;
import org.kexecinspect.format.text.KdumpConf;
import org.kexecinspect.format.text.KdumpConfigOptions;
import org.kexecinspect.format.text.KdumpSysconfig;
import org.kexecinspect.format.text.KdumpToolsConfig;
import org.kexecinspect.format.text.KernelConfig;
import org.kexecinspect.format.text.KexecInvocation;
import org.kexecinspect.facts.Firmware;
import org.kexecinspect.facts.KdumpServiceFacts;
import org.kexecinspect.format.FormatException;
import org.kexecinspect.model.loadpath.LoadPathDecision;
import org.kexecinspect.model.loadpath.LoadPaths;
import org.kexecinspect.format.text.ProcIomem;

/** The small artifacts `inspect` reads on their own: fb structs, fbset text, iomem, configs, kexec commands. */
final class DescribeText {
    private DescribeText() {}

    static Obj fbFix(FbFix f) {
        FbDriver d = FbDriver.classify(f.id());
        return new Obj().put("fbFix", "fb_fix_screeninfo", new Obj()
                .put("abi", f.abi().toString())
                .put("id", f.id())
                .put("smemStart", Node.hex(f.smemStart(), 8))
                .put("smemLen", Node.size(f.smemLen()))
                .put("type", Node.dec(f.type()))
                .put("visual", Node.dec(f.visual()))
                .put("lineLength", Node.dec(f.lineLength()))
                .put("mmioStart", Node.hex(f.mmioStart(), 8))
                .put("mmioLen", Node.size(f.mmioLen()))
                .put("accel", Node.dec(f.accel()))
                .put("capabilities", Node.hex(f.capabilities(), 2)), null)
                .put("driver", "driver", driver(d), null);
    }

    static Obj driver(FbDriver d) {
        return new Obj().put("name", d.driverName().orElse(null))
                .put("kind", d.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
                .put("smemStartHidden", d.smemStart() == FbDriver.SmemStart.NOT_KNOWN ? new Node.Null("unknown driver")
                        : new Node.Bool(d.smemStart() == FbDriver.SmemStart.HIDDEN))
                .put("kexecToolsMatch", FbDriver.kexecToolsIdMatch(d.fixId()).name().toLowerCase(java.util.Locale.ROOT))
                .put("firmwareFramebuffer", new Node.Bool(d.firmwareFramebuffer()));
    }

    static Obj fbVar(FbVar v) {
        return new Obj().put("fbVar", "fb_var_screeninfo", new Obj()
                .put("xres", Node.dec(v.xres())).put("yres", Node.dec(v.yres()))
                .put("xresVirtual", Node.dec(v.xresVirtual())).put("yresVirtual", Node.dec(v.yresVirtual()))
                .put("bitsPerPixel", Node.dec(v.bitsPerPixel()))
                .put("red", bitfield(v.red())).put("green", bitfield(v.green()))
                .put("blue", bitfield(v.blue())).put("transp", bitfield(v.transp())), null);
    }

    private static Node bitfield(FbBitfield b) {
        return new Obj().put("offset", Node.dec(b.offset())).put("length", Node.dec(b.length()));
    }

    static Obj fbset(FbsetInfo f) {
        Obj dev = new Obj().put("id", f.device().id())
                .put("smemStart", Node.hex(f.device().smemStart(), 8))
                .put("smemLen", Node.size(f.device().smemLen()))
                .put("lineLength", Node.dec(f.device().lineLength()));
        Obj o = new Obj().put("device", "frame buffer device", dev, null);
        f.mode().ifPresent(m -> o.put("mode", "mode", new Obj().put("name", m.name())
                .put("xres", Node.dec(m.xres())).put("yres", Node.dec(m.yres()))
                .put("bitsPerPixel", Node.dec(m.bitsPerPixel())), null));
        o.put("driver", "driver", driver(FbDriver.classify(f.device().id().strip())), null);
        return o;
    }

    static Obj iomem(ProcIomem t) {
        Obj facts = DescribeFacts.iomemGroup(IomemFacts.from(Fact.of(t, t.source())));
        return new Obj().put("regions", Node.dec(t.allRegions().size())).put("iomem", "iomem", facts, null);
    }

    static Obj kernelConfig(KernelConfig c, boolean all) {
        Obj o = new Obj().put("options", Node.dec(c.options().size()))
                .put("kernelCompression", KdumpConfigOptions.kernelCompression(c).orElse(null));
        Obj sel = new Obj();
        if (all) {
            c.options().forEach((k, v) -> sel.put(k, v));
        } else {
            KdumpConfigOptions.select(c).forEach((k, v) -> sel.put(k, v.isPresent() ? new Node.Str(v.get())
                    : new Node.Null("not in the config")));
        }
        return o.put("kernelConfig", all ? "options" : "kdump-relevant options", sel, null);
    }

    static Obj kdumpTools(KdumpToolsConfig c) {
        Obj s = new Obj();
        for (String name : List.of("USE_KDUMP", "KDUMP_KERNEL", "KDUMP_INITRD", "KDUMP_COREDIR", "KDUMP_KEXEC_ARGS",
                "KDUMP_CMDLINE", "KDUMP_CMDLINE_APPEND")) {
            KdumpToolsConfig.Setting st = c.setting(name);
            s.put(name, name, new Node.Str(st.effective()), st.isDefault() ? "default" : null);
        }
        Obj o = new Obj().put("settings", "settings", s, null);
        List<Node> paths = new ArrayList<>();
        for (KdumpToolsConfig.Flavour f : KdumpToolsConfig.Flavour.values()) {
            paths.add(loadPath(alone("kdump-tools", Fact.of(f, c.file().source()), kdumpToolsArgs(c))));
        }
        return o.put("loadPaths", "load path by flavour (Secure Boot, kexec-tools unknown)", new Node.Arr(paths), null);
    }

    static Obj sysconfig(KdumpSysconfig c) {
        return new Obj().put("kexecArgs", Node.strings(c.kexecArgWords()))
                .put("kdumpKernelver", c.kdumpKernelver().orElse(null))
                .put("kdumpCommandlineAppend", c.kdumpCommandlineAppend())
                .put("loadPath", "load path (Secure Boot, kexec-tools unknown)",
                        loadPath(alone("kdump-utils", notKdumpTools(c), Fact.of(KdumpServiceFacts.ConfiguredArgs.of(c),
                                c.file().source()))), null);
    }

    static Obj kdumpConf(KdumpConf c) {
        return new Obj().put("dumpPath", c.path())
                .put("target", c.target().map(d -> d.name() + " " + d.value()).orElse(null))
                .put("coreCollector", c.coreCollector())
                .put("failureAction", c.failureAction());
    }

    static Obj kexecCmd(KexecInvocation k) {
        return new Obj().put("arguments", Node.strings(k.arguments()))
                .put("syscall", k.syscall().jsonName())
                .put("action", k.action().name().toLowerCase(java.util.Locale.ROOT))
                .put("kernelImage", k.kernelImage().orElse(null))
                .put("initrd", k.initrd().orElse(null))
                .put("commandLine", k.commandLine().orElse(null))
                .put("reuseVideoType", new Node.Bool(k.reuseVideoType()))
                .put("noefi", new Node.Bool(k.noEfi()));
    }

    private static Fact<KdumpServiceFacts.ConfiguredArgs> kdumpToolsArgs(KdumpToolsConfig c) {
        try {
            return Fact.of(KdumpServiceFacts.ConfiguredArgs.of(c), c.file().source());
        } catch (FormatException e) {
            return Fact.unknown(Fact.Why.MALFORMED, e.getMessage(), c.file().source());
        }
    }

    private static Fact<KdumpToolsConfig.Flavour> notKdumpTools(KdumpSysconfig c) {
        return Fact.unknown(Fact.Why.NOT_APPLICABLE, "kdump-config variants are a kdump-tools notion", c.file().source());
    }

    /** The model's decision for a configuration file read alone: Secure Boot, kexec-tools and the kernel unknown. */
    private static LoadPathDecision alone(String flavor, Fact<KdumpToolsConfig.Flavour> scriptFlavour,
            Fact<KdumpServiceFacts.ConfiguredArgs> args) {
        Fact<String> none = Fact.unknown(Fact.Why.NOT_COLLECTED, "not in a single configuration file", "inspect FILE");
        KdumpServiceFacts s = new KdumpServiceFacts(Fact.of(flavor, args.source()), scriptFlavour, none.cast(), args,
                none.cast(), none, none, none, none);
        Firmware fw = new Firmware(none.cast(), none.cast(), none.cast(), none, none.cast(), none.cast());
        return LoadPaths.configured(s, fw, none);
    }

    private static Node loadPath(LoadPathDecision p) {
        return new Obj().put("wrapper", p.wrapper())
                .put("arguments", Node.strings(p.arguments()))
                .put("loadPath", p.effectiveName())
                .put("certain", new Node.Bool(p.certain()))
                .put("reason", p.reasonText());
    }
}
