package org.kexecinspect.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.kexecinspect.cli.render.Node;
import org.kexecinspect.cli.render.Node.Obj;
import org.kexecinspect.facts.Arch;
import org.kexecinspect.facts.CaptureManifest;
import org.kexecinspect.facts.Fact;
import org.kexecinspect.facts.FramebufferFacts;
import org.kexecinspect.facts.Hyperv;
import org.kexecinspect.facts.IomemFacts;
import org.kexecinspect.facts.KdumpKernelFacts;
import org.kexecinspect.facts.KdumpServiceFacts;
import org.kexecinspect.facts.ModuleFacts;
import org.kexecinspect.facts.RootDeviceFacts;
import org.kexecinspect.facts.SystemFacts;
import org.kexecinspect.format.text.HyperVIomem.MmioRange;
import org.kexecinspect.format.text.IomemQueries;
import org.kexecinspect.format.text.IomemRegion;
import org.kexecinspect.model.Predictor;
import org.kexecinspect.model.fix.FbReserveFix;
import org.kexecinspect.model.fix.FbReserveFixDecision;
import org.kexecinspect.model.loadpath.LoadPathDecision;
import org.kexecinspect.model.loadpath.LoadPaths;
import org.kexecinspect.model.mmio.FramebufferOverlapNow;

/** The facts JSON contract of a capture or live system: {@code facts} {arch, kernelRelease, firmware, ...}. */
final class DescribeFacts {
    private DescribeFacts() {}

    static Obj facts(SystemFacts f) {
        Obj o = new Obj();
        o.put("root", f.root());
        o.put("live", new Node.Bool(f.live()));
        if (f.manifest() != null) {
            o.put("capture", "capture", manifest(f.manifest()), null);
        }
        Obj facts = new Obj();
        facts.put("arch", "arch", value(f.machine().arch().map(Arch::machine)), null);
        facts.put("kernelRelease", "kernel release", value(f.machine().kernelRelease()), null);
        facts.put("machine", "machine", new FactGroup()
                .str("uname", f.machine().uname())
                .str("cmdline", f.machine().cmdline())
                .str("crashkernel", f.machine().crashkernel()).build(), null);
        facts.put("firmware", "firmware", new FactGroup()
                .bool("efi", f.firmware().efi())
                .bool("secureBoot", f.firmware().secureBoot())
                .bool("setupMode", f.firmware().setupMode())
                .str("lockdown", f.firmware().lockdown())
                .dec("securelevel", f.firmware().securelevel())
                .bool("efiRuntimeMap", f.firmware().efiRuntimeMap()).build(), null);
        facts.put("hyperv", "Hyper-V", hyperv(f.hyperv()), null);
        facts.put("bootScreenInfo", "boot-time screen_info", new FactGroup()
                .put("screenInfo", "screen_info", f.bootParams(), bp -> Describe.screenInfo(bp.screenInfo()))
                .put("efiBoot", "EFI boot (efi_loader_signature)", f.bootParams(), bp -> new Node.Bool(bp.efiBoot()))
                .build(), null);
        facts.put("framebuffer", "framebuffer (/dev/fb0)", framebuffer(f.framebuffer()), null);
        facts.put("iomem", "/proc/iomem", iomemGroup(f.iomem()), null);
        facts.put("modules", "modules", modules(f.modules()), null);
        facts.put("kexecTools", "kexec-tools", new FactGroup()
                .str("version", f.kexecTools().version())
                .str("defaultSyscall", LoadPaths.defaultSyscall(f.kexecTools().version())).build(), null);
        facts.put("kdumpService", "kdump service", kdumpService(f.kdumpService(),
                LoadPaths.configured(f.kdumpService(), f.firmware(), f.kexecTools().version())), null);
        facts.put("kdumpKernel", "kdump kernel", kdumpKernel(f.kdumpKernel()), null);
        facts.put("rootDevice", "root device", rootDevice(f.rootDevice()), null);
        o.put("facts", "facts", facts, null);
        if (!f.notes().isEmpty()) {
            o.put("notes", "notes", Node.strings(f.notes()), null);
        }
        return o;
    }

    private static Node value(Fact<String> f) {
        return f.known() ? new Node.Str(f.value()) : new Node.Null(f.unknown().toString());
    }

    private static Obj manifest(CaptureManifest m) {
        List<Node> notRead = new ArrayList<>();
        for (CaptureManifest.NotRead n : m.notRead()) {
            notRead.add(new Obj().put("path", n.path()).put("reason", n.reason()));
        }
        return new Obj().put("format", Node.dec(m.format()))
                .put("collector", m.collector())
                .put("collectorVersion", m.version())
                .put("time", m.time())
                .put("uid", m.uid() < 0 ? new Node.Null("not recorded") : Node.dec(m.uid()))
                .put("filesRead", Node.dec(m.read().size()))
                .put("notRead", new Node.Arr(notRead));
    }

    private static Obj hyperv(Hyperv h) {
        return new FactGroup()
                .bool("guest", h.guest())
                .dec("generation", h.generation())
                .bool("cvm", h.cvm())
                .bool("syntheticVideo", h.syntheticVideo())
                .put("pciPassThrough", "PCI pass-through (hv_pci)", h.pciDevices(), list -> {
                    List<Node> items = new ArrayList<>();
                    for (Hyperv.PciDevice d : list) {
                        if (d.behindHvPci()) {
                            items.add(new Obj().put("address", d.address())
                                    .put("vendor", Node.hex(d.vendor() & 0xffffL, 2))
                                    .put("device", Node.hex(d.device() & 0xffffL, 2))
                                    .put("class", Node.hex(d.pciClass() & 0xffffffL, 3))
                                    .put("driver", d.driver())
                                    .put("nvme", new Node.Bool(d.nvme())));
                        }
                    }
                    return new Node.Arr(items);
                }).build();
    }

    private static Obj framebuffer(FramebufferFacts fb) {
        return new FactGroup()
                .plain("device", new Node.Str(fb.device()))
                .str("id", fb.id())
                .str("driver", fb.driver())
                .hex("smemStart", fb.smemStart())
                .size("smemLen", fb.smemLen())
                .dec("lineLength", fb.lineLength())
                .dec("xres", fb.xres())
                .dec("yres", fb.yres())
                .dec("bitsPerPixel", fb.bitsPerPixel())
                .bool("smemStartHidden", fb.smemStartHidden())
                .put("fixAbi", "fb_fix_screeninfo ABI", fb.fix(), fix -> new Node.Str(fix.abi().toString()))
                .build();
    }

    private static Node range(MmioRange r) {
        return new Obj().put("start", Node.hex(r.start(), 8)).put("end", Node.hex(r.end(), 8)).put("size", Node.size(r.size()));
    }

    private static Node region(IomemRegion r) {
        return new Obj().put("start", Node.hex(r.start(), 8)).put("end", Node.hex(r.end(), 8))
                .put("size", Node.size(r.size())).put("name", r.name());
    }

    static Obj iomemGroup(IomemFacts i) {
        return new FactGroup()
                .bool("addressesHidden", i.addressesHidden())
                .put("lowMmio", "VMBus low MMIO", i.lowMmio(), DescribeFacts::range)
                .put("highMmio", "VMBus high MMIO", i.highMmio(), DescribeFacts::range)
                .put("framebufferRegion", "framebuffer region", i.framebufferRegion(), fb -> {
                    Obj o = (Obj) region(fb.region());
                    o.put("kind", fb.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
                    o.put("drivers", Node.strings(fb.drivers()));
                    return o;
                })
                .put("crashKernel", "Crash kernel", i.crashKernel(), l -> new Node.Arr(l.stream().map(DescribeFacts::region).toList()))
                .put("pciWindows", "PCI bus windows", i.pciWindows(), l -> {
                    List<Node> items = new ArrayList<>();
                    for (IomemQueries.PciBusWindow w : l) {
                        Obj o = (Obj) region(w.region());
                        o.put("kind", w.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
                        o.put("bars", Node.dec(w.bars().size()));
                        items.add(o);
                    }
                    return new Node.Arr(items);
                })
                .put("vmbusAllocations", "VMBus allocations", i.vmbusAllocations(), l -> {
                    List<Node> items = new ArrayList<>();
                    for (var a : l) {
                        Obj o = (Obj) region(a.region());
                        o.put("use", a.use().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
                        items.add(o);
                    }
                    return new Node.Arr(items);
                })
                .put("hostFramebuffer", "the host's framebuffer", i.hostFramebuffer(), fb -> {
                    Obj o = (Obj) region(fb.region());
                    o.put("kind", fb.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
                    o.put("device", fb.device() == null ? null : fb.device().toString());
                    o.put("how", fb.how());
                    return o;
                })
                // decided, not read: the model's rule on this text alone, the same finding predict gives
                .put("findings", "findings from this text", i.tree().map(t -> FramebufferOverlapNow.of(i)),
                        DescribeFacts::overlapFindings)
                .build();
    }

    /** framebuffer-overlap-now, when the text shows something on the host's framebuffer; else empty. */
    private static Node overlapFindings(FramebufferOverlapNow now) {
        return new Node.Arr(now.found() ? List.of(DescribePrediction.finding(Predictor.overlapFinding(now))) : List.of());
    }

    private static Obj modules(ModuleFacts m) {
        Obj o = new Obj();
        for (ModuleFacts.ModuleState s : m.modules()) {
            o.put(s.name(), s.name(), new FactGroup()
                    .bool("loaded", s.loaded())
                    .bool("builtin", s.builtin())
                    .bool("blacklisted", s.blacklisted())
                    .str("blacklistedBy", s.blacklistedBy()).build(), null);
        }
        return o;
    }

    /** The service's facts, with the model's load-path decision in loadPath and reason. */
    private static Obj kdumpService(KdumpServiceFacts s, LoadPathDecision d) {
        Fact<String> loadPath = s.flavor();
        Fact<String> reason = s.flavor();
        if (s.flavor().known()) {
            String src = s.flavor().source();
            String why = d.wrapper() + ": " + d.reasonText();
            loadPath = d.effective().isPresent() ? Fact.of(d.effectiveName(), src)
                    : Fact.unknown(Fact.Why.NOT_APPLICABLE, "cannot tell: " + why, src);
            reason = Fact.of(why, src);
        }
        return new FactGroup()
                .str("flavor", s.flavor())
                .bool("enabled", s.enabled())
                .put("kexecArgs", "kexec arguments", s.kexecArgs(), a -> Node.strings(a.words()))
                .str("loadPath", loadPath)
                .str("reason", reason)
                .str("kernelPath", s.kernelPath())
                .str("initrdPath", s.initrdPath())
                .str("coreDir", s.coreDir())
                .str("lastCommand", s.lastCommand())
                .build();
    }

    private static Obj kdumpKernel(KdumpKernelFacts k) {
        KdumpKernelFacts.InitramfsFacts i = k.initramfs();
        Obj initramfs = new FactGroup()
                .str("path", i.path())
                .put("modules", "modules inside", i.modules(), m -> {
                    Obj o = new Obj();
                    m.forEach((name, present) -> o.put(name, new Node.Bool(present)));
                    return o;
                })
                .put("blacklisted", "blacklisted in its modprobe.d", i.blacklisted(), Node::strings)
                .put("segments", "archives", i.segments(), Node::strings)
                .build();
        // the fix's JSON keys stay where they were; the decision is model.fix's, from the facts above
        FbReserveFix fix = FbReserveFixDecision.decide(k);
        return new FactGroup()
                .str("path", k.path())
                .str("release", k.release())
                .str("version", k.version())
                .put("config", "config", k.config(), DescribeFacts::config)
                .bool("hasFbReserveFix", fix.carriedFact())
                .bool("efiKexec", k.efiKexec())
                .str("fixEvidence", fix.evidenceFact())
                .plain("initramfs", initramfs)
                .build();
    }

    static Node config(Map<String, Optional<String>> options) {
        Obj o = new Obj();
        options.forEach((k, v) -> o.put(k, v.isPresent() ? new Node.Str(v.get()) : new Node.Null("not in the config")));
        return o;
    }

    private static Node mapped(RootDeviceFacts.Mapped m) {
        return new Obj()
                .put("device", m.device())
                .put("name", m.name() == null ? new Node.Null("not a device-mapper device") : new Node.Str(m.name()))
                .put("uuid", m.uuid() == null ? new Node.Null("no uuid") : new Node.Str(m.uuid()))
                .put("subsystem", m.subsystem() == null ? new Node.Null("no uuid prefix") : new Node.Str(m.subsystem()))
                .put("slaves", new Node.Arr(m.slaves().stream().map(s -> (Node) new Node.Str(s)).toList()));
    }

    private static Node disk(RootDeviceFacts.Disk d) {
        return new Obj()
                .put("device", d.device())
                .put("sysfsPath", d.sysfsPath())
                .put("nvme", new Node.Bool(d.nvme()))
                .put("behindHvPci", new Node.Bool(d.behindHvPci()));
    }

    private static Obj rootDevice(RootDeviceFacts r) {
        return new FactGroup()
                .str("device", r.device())
                .str("sysfsPath", r.sysfsPath())
                .bool("nvme", r.nvme())
                .bool("behindHvPci", r.behindHvPci())
                .put("mapped", "mapped", r.mapped(), l -> new Node.Arr(l.stream().map(DescribeFacts::mapped).toList()))
                .put("disks", "disks", r.disks(), l -> new Node.Arr(l.stream().map(DescribeFacts::disk).toList()))
                .str("dumpTarget", r.dumpTarget())
                .bool("dumpTargetOnRoot", r.dumpTargetOnRoot())
                .build();
    }
}
