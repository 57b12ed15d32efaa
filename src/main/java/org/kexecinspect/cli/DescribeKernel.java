package org.kexecinspect.cli;

import static org.kexecinspect.cli.render.Node.hex;
import static org.kexecinspect.cli.render.Node.size;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.kexecinspect.cli.render.Node;
import org.kexecinspect.cli.render.Node.Obj;
import org.kexecinspect.format.arm64.Arm64Image;
import org.kexecinspect.format.arm64.Arm64Loadability;
import org.kexecinspect.format.arm64.EfiZboot;
import org.kexecinspect.format.text.KdumpConfigOptions;
import org.kexecinspect.format.text.KernelConfig;
import org.kexecinspect.input.Arm64Kernel;
import org.kexecinspect.input.KernelFacts;
import org.kexecinspect.payload.PayloadScan;

/** Report trees for what kernel images say beyond the x86 header: arm64 files, payload scans, configs. */
final class DescribeKernel {
    private DescribeKernel() {}

    /** kernelRelease and kernelConfig, the same for both architectures. */
    static void facts(Obj o, KernelFacts k, boolean allConfig) {
        o.put("kernelRelease", "kernel release", k.release() == null ? new Node.Null(k.releaseSource())
                : new Node.Str(k.release()), k.release() == null ? null : "from " + k.releaseSource());
        o.put("kernelConfig", "kernel config", config(k, allConfig), null);
    }

    /** The scan's facts, added to a payload object; null values say why when it was not scanned. */
    static void scan(Obj po, KernelFacts k) {
        PayloadScan s = k.payload();
        if (s == null) {
            String why = k.notScanned();
            po.put("uncompressedSize", "uncompressed size", new Node.Null(why), null);
            po.put("banner", "banner", new Node.Null(why), null);
            po.put("ikconfig", "embedded config", new Node.Null(why), null);
            return;
        }
        po.put("uncompressedSize", "uncompressed size", size(s.uncompressedSize()), null);
        po.put("banner", "banner", s.banner() == null ? new Node.Null("no \"Linux version\" banner found")
                : new Node.Str(s.banner()), s.banner() == null ? null : "at 0x" + Long.toHexString(s.bannerOffset())
                        + " of the decompressed kernel");
        po.put("ikconfig", "embedded config", new Node.Bool(s.hasIkconfig()), s.hasIkconfig()
                ? "IKCFG_ST at 0x" + Long.toHexString(s.ikconfigOffset()) : "no IKCFG_ST ... IKCFG_ED block");
    }

    private static Node config(KernelFacts k, boolean all) {
        KernelConfig c = k.config();
        if (c == null) {
            return new Node.Null(k.configSource());
        }
        Obj o = new Obj();
        o.put("source", "source", new Node.Str(k.configSource()), null);
        Optional<String> compression = KdumpConfigOptions.kernelCompression(c);
        o.put("kernelCompression", "kernel compression", compression.<Node>map(Node.Str::new)
                .orElseGet(() -> new Node.Null("no CONFIG_KERNEL_<compression>=y (arm64 has no such choice)")), null);
        Obj options = new Obj();
        if (all) {
            for (Map.Entry<String, String> e : c.options().entrySet()) {
                options.put(e.getKey(), e.getKey(), new Node.Str(e.getValue()), null);
            }
        } else {
            for (KdumpConfigOptions.Option opt : KdumpConfigOptions.OPTIONS) {
                Optional<String> v = c.value(opt.name());
                options.put(opt.name(), opt.name(), v.<Node>map(Node.Str::new)
                        .orElseGet(() -> new Node.Null("absent from the config (its dependencies are not met)")),
                        opt.why());
            }
        }
        o.put("options", "options", options, null);
        return o;
    }

    // ---- arm64 ----------------------------------------------------------------------------------

    static Obj arm64(Arm64Kernel a, KernelFacts k, boolean allConfig) {
        Obj o = new Obj();
        o.put("wrapper", "wrapper", new Node.Str(a.wrapper()), switch (a.wrapper()) {
            case Arm64Kernel.GZIP -> "a gzip-compressed Image (Image.gz)";
            case Arm64Kernel.EFI_ZBOOT -> "an EFI zboot image (vmlinuz.efi) around a compressed Image";
            default -> "a raw Image";
        });
        o.put("fileSize", "file size", size(a.fileSize()), null);
        if (a.zboot() != null) {
            o.put("zboot", "EFI zboot header", zboot(a.zboot()), null);
        }
        o.put("arm64Header", "Image header", header(a.header()), Arm64Kernel.NONE.equals(a.wrapper())
                ? null : "read from the decompressed Image");
        PayloadScan s = k.payload();
        o.put("kernelVersion", "kernel version", s == null || s.banner() == null
                ? new Node.Null("no \"Linux version\" banner in the Image") : new Node.Str(s.banner()), null);
        facts(o, k, allConfig);
        Obj po = new Obj();
        po.put("compression", "compression", new Node.Str(compressionOf(a)), null);
        po.put("fileOffset", "file offset", hex(a.payloadOffset(), 4), null);
        po.put("length", "length", size(a.payloadLength()), null);
        scan(po, k);
        o.put("payload", "payload", po, null);
        o.put("loadability", "loadability", loadability(a.loadability()), null);
        List<String> warnings = new ArrayList<>();
        if (a.zboot() != null) {
            warnings.addAll(a.zboot().warnings());
        }
        warnings.addAll(a.header().warnings());
        if (s != null) {
            warnings.addAll(s.warnings());
        }
        warnings.addAll(k.warnings());
        o.put("warnings", "warnings", Node.strings(warnings), null);
        return o;
    }

    private static String compressionOf(Arm64Kernel a) {
        return switch (a.wrapper()) {
            case Arm64Kernel.GZIP -> "gzip";
            case Arm64Kernel.EFI_ZBOOT -> a.zboot().payloadFormat().jsonName();
            default -> "none";
        };
    }

    private static Obj header(Arm64Image h) {
        Obj o = new Obj();
        o.put("code0", "code0", hex(h.code0(), 4), h.hasEfiStub() ? "\"MZ\": EFI stub present" : "no EFI stub");
        o.put("code1", "code1", hex(h.code1(), 4), null);
        o.put("textOffset", "text_offset", hex(h.textOffset(), 8),
                h.preV3_17() ? "image_size is 0: a loader assumes 0x80000" : null);
        o.put("imageSize", "image_size", size(h.imageSize()), h.preV3_17() ? "0: a kernel before v3.17" : null);
        o.put("flags", "flags", hex(h.flags(), 8), null);
        o.put("pageSize", "page size", h.pageSize() == null ? new Node.Null("flags are meaningless before v3.17")
                : new Node.Str(h.pageSize().text()), "flags bits 1-2");
        o.put("endianness", "endianness", h.endianness() == null ? new Node.Null("cannot tell")
                : new Node.Str(h.endianness()), "flags bit 0");
        o.put("physicalPlacement", "physical placement", h.physicalPlacement() == null
                ? new Node.Null("flags are meaningless before v3.17") : new Node.Str(h.physicalPlacement()), "flags bit 3");
        o.put("peHeaderOffset", "PE header offset", hex(h.peHeaderOffset(), 4), "res5");
        o.put("efiStub", "EFI stub", new Node.Bool(h.hasEfiStub()), null);
        o.put("magic", "magic", hex(h.magic(), 4), "\"ARM\\x64\"");
        return o;
    }

    private static Obj zboot(EfiZboot z) {
        Obj o = new Obj();
        o.put("payloadOffset", "payload offset", hex(z.payloadOffset(), 4), null);
        o.put("payloadSize", "payload size", size(z.payloadSize()), null);
        o.put("compressionType", "compression type", new Node.Str(z.compressionType()), "the string at 0x18");
        o.put("compression", "compression", new Node.Str(z.compression().jsonName()), null);
        o.put("peHeaderOffset", "PE header offset", hex(z.peHeaderOffset(), 4), null);
        o.put("peMachine", "PE machine", z.peMachine() == null ? new Node.Null("no PE header there")
                : hex(z.peMachine(), 2), z.isArm64() ? "arm64" : null);
        o.put("linuxPeMagic", "LINUX_PE_MAGIC at 0x38", new Node.Bool(z.hasLinuxPeMagic()), null);
        o.put("uncompressedSize", "appended uncompressed size", z.uncompressedSize() == null
                ? new Node.Null("none after the payload") : size(z.uncompressedSize()), null);
        return o;
    }

    private static Obj loadability(Arm64Loadability l) {
        Obj o = new Obj();
        o.put("kexecTools", "kexec-tools (KEXEC_LOAD, kexec -c)", verdict(l.kexecTools()), null);
        o.put("kexecToolsFile", "kexec-tools with -s (KEXEC_FILE_LOAD)", verdict(l.kexecToolsFile()), null);
        o.put("kexecFileLoad", "kernel kexec_file given this file", verdict(l.kexecFile()), null);
        return o;
    }

    private static Obj verdict(Arm64Loadability.Verdict v) {
        return new Obj().put("accepted", "accepted", v.accepted() == null
                        ? new Node.Null("depends on the compressed Image's header") : new Node.Bool(v.accepted()), null)
                .put("reason", "reason", new Node.Str(v.reason()), null)
                .put("conditions", "conditions", Node.strings(v.conditions()), null);
    }

}
