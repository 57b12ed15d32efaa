package org.kexecinspect.cli;

import static org.kexecinspect.cli.render.Node.dec;
import static org.kexecinspect.cli.render.Node.hex;
import static org.kexecinspect.cli.render.Node.size;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;

import org.kexecinspect.cli.render.Node;
import org.kexecinspect.cli.render.Node.Obj;
import org.kexecinspect.format.Layout;
import org.kexecinspect.format.View;
import org.kexecinspect.format.fb.FbFix;
import org.kexecinspect.format.fb.FbVar;
import org.kexecinspect.format.fb.FbsetInfo;
import org.kexecinspect.format.text.KdumpConf;
import org.kexecinspect.format.text.KdumpSysconfig;
import org.kexecinspect.format.text.KdumpToolsConfig;
import org.kexecinspect.format.text.KernelConfig;
import org.kexecinspect.format.text.KexecInvocation;
import org.kexecinspect.format.text.ProcIomem;
import org.kexecinspect.format.x86.BootLoaderId;
import org.kexecinspect.format.x86.BootParams;
import org.kexecinspect.format.x86.BootParamsLayout;
import org.kexecinspect.format.x86.BzImage;
import org.kexecinspect.format.x86.E820Type;
import org.kexecinspect.format.x86.Flags;
import org.kexecinspect.format.x86.Loadability;
import org.kexecinspect.format.x86.ScreenInfo;
import org.kexecinspect.format.x86.ScreenInfoLayout;
import org.kexecinspect.format.x86.SetupData;
import org.kexecinspect.format.x86.SetupDataLayouts;
import org.kexecinspect.format.x86.SetupHeader;
import org.kexecinspect.format.x86.SetupHeaderLayout;
import org.kexecinspect.format.x86.VideoType;
import org.kexecinspect.input.Arm64Kernel;
import org.kexecinspect.input.BootParamsDirectory;
import org.kexecinspect.input.Decoded;
import org.kexecinspect.input.KernelFacts;

/**
 * Turns decoded structures into report trees. Struct members come out under the kernel's names
 * (lowerCamelCase in JSON), in declaration order, each with what it means; values the tool derives
 * get plain English names.
 */
final class Describe {
    private Describe() {}

    /** Members shown in decimal; everything else is hex. */
    private static final Set<String> DECIMAL = Set.of(
            "orig_x", "orig_y", "ext_mem_k", "orig_video_page", "orig_video_mode", "orig_video_cols",
            "orig_video_lines", "orig_video_points", "lfb_width", "lfb_height", "lfb_depth", "lfb_linelength",
            "red_size", "red_pos", "green_size", "green_pos", "blue_size", "blue_pos", "rsvd_size", "rsvd_pos",
            "pages", "e820_entries", "eddbuf_entries", "edd_mbr_sig_buf_entries", "efi_memdesc_size",
            "efi_memdesc_version", "cmdline_size", "min_alignment", "alt_mem_k");

    /** Members that are sizes in bytes. */
    private static final Set<String> SIZES = Set.of(
            "efi_memmap_size", "ramdisk_size", "payload_length", "init_size", "kernel_alignment");

    // ---- screen_info ----------------------------------------------------------------------------

    /**
     * The kernel's own decompressor prints to the VGA text console from orig_x/orig_y and stores the
     * new cursor back (arch/x86/boot/compressed/misc.c __putstr()), so a kdump kernel may show other
     * values than its loader wrote; the prediction does not model the cursor.
     */
    private static final String CURSOR_MOVED_BY_DECOMPRESSOR = "text cursor; the receiving kernel's decompressor moves it "
            + "when it prints to a text console (arch/x86/boot/compressed/misc.c __putstr())";

    static Obj screenInfo(ScreenInfo si) {
        Obj o = new Obj();
        Map<Layout.Field, LongFunction<String>> meanings = Map.of(
                ScreenInfoLayout.ORIG_VIDEO_IS_VGA, v -> VideoType.meaningOf((int) v),
                ScreenInfoLayout.LFB_SIZE, v -> si.videoType() == VideoType.VLFB
                        ? "64 KiB units (VIDEO_TYPE_VLFB): " + v * 65536 + " bytes" : v == 0 ? null : "bytes",
                ScreenInfoLayout.CAPABILITIES, v -> String.join(" | ", Flags.capabilities(v)),
                ScreenInfoLayout.EXT_LFB_BASE, v -> v != 0 && !si.has64BitBase()
                        ? "ignored: VIDEO_CAPABILITY_64BIT_BASE is clear" : null,
                ScreenInfoLayout.ORIG_X, v -> CURSOR_MOVED_BY_DECOMPRESSOR,
                ScreenInfoLayout.ORIG_Y, v -> CURSOR_MOVED_BY_DECOMPRESSOR,
                ScreenInfoLayout.CL_MAGIC, v -> v == 0xA33F ? "legacy command-line magic" : null,
                ScreenInfoLayout.FLAGS, v -> (v & ScreenInfoLayout.VIDEO_FLAGS_NOCURSOR) != 0 ? "VIDEO_FLAGS_NOCURSOR" : null);
        fields(o, si.view(), meanings, null);
        o.put("videoType", "video type", new Node.Str(VideoType.nameOf(si.videoTypeCode())), null);
        o.put("lfbAddress", "framebuffer address", hex(si.lfbAddress(), 8),
                si.has64BitBase() ? "lfb_base | ext_lfb_base << 32" : "lfb_base (no VIDEO_CAPABILITY_64BIT_BASE)");
        o.put("lfbSizeBytes", "framebuffer size", size(si.lfbSizeBytes()),
                si.videoType() == VideoType.VLFB ? "lfb_size × 64 KiB" : "lfb_size in bytes");
        return o;
    }

    // ---- setup_header ---------------------------------------------------------------------------

    static Obj setupHeader(SetupHeader h) {
        Obj o = new Obj();
        View v = h.view();
        Map<Layout.Field, LongFunction<String>> meanings = Map.ofEntries(
                Map.entry(SetupHeaderLayout.SETUP_SECTS, x -> x == 0 ? "0 means 4" : x + " sectors"),
                Map.entry(SetupHeaderLayout.ROOT_FLAGS, x -> x != 0 ? "root read-only" : "root read-write"),
                Map.entry(SetupHeaderLayout.SYSSIZE, x -> "protected-mode code " + x * 16 + " bytes"),
                Map.entry(SetupHeaderLayout.VID_MODE, Describe::vidMode),
                Map.entry(SetupHeaderLayout.BOOT_FLAG, x -> x == SetupHeaderLayout.BOOT_FLAG_MAGIC ? "ok" : "not 0xaa55"),
                Map.entry(SetupHeaderLayout.JUMP, x -> "header ends at 0x" + Integer.toHexString(h.headerEnd())),
                Map.entry(SetupHeaderLayout.HEADER, x -> x == SetupHeaderLayout.HDRS_MAGIC ? "\"HdrS\""
                        : h.inImage() ? "no \"HdrS\" magic: old boot protocol"
                        : "no \"HdrS\": the loader did not copy the image's header (the EFI stub fills a few members only)"),
                Map.entry(SetupHeaderLayout.VERSION, x -> "boot protocol " + SetupHeader.versionText((int) x)
                        + (x == 0x020e ? " (burnt by ae7e1238e68f, treated as 2.13)" : "")),
                Map.entry(SetupHeaderLayout.KERNEL_VERSION, x -> x == 0 ? null
                        : "string at 0x" + Long.toHexString(x + 0x200)),
                Map.entry(SetupHeaderLayout.TYPE_OF_LOADER, x -> BootLoaderId.describe((int) x,
                        (int) present(h, SetupHeaderLayout.EXT_LOADER_TYPE), (int) present(h, SetupHeaderLayout.EXT_LOADER_VER))),
                Map.entry(SetupHeaderLayout.LOADFLAGS, x -> String.join(" | ", Flags.loadflags(x))),
                Map.entry(SetupHeaderLayout.XLOADFLAGS, x -> String.join(" | ", Flags.xloadflags(x))),
                Map.entry(SetupHeaderLayout.RELOCATABLE_KERNEL, x -> x != 0 ? "relocatable" : "not relocatable"),
                Map.entry(SetupHeaderLayout.MIN_ALIGNMENT, x -> "2^" + x + " bytes"),
                Map.entry(SetupHeaderLayout.HARDWARE_SUBARCH, Describe::subarch));
        fields(o, v, meanings, h);
        o.put("realModeSize", "real-mode size", size(h.realModeSize()),
                "(setup_sects + 1) × 512: protected-mode code starts here in the file");
        o.put("loadflagNames", "loadflag names", Node.strings(Flags.loadflags(h.loadflags())), null);
        o.put("xloadflagNames", "xloadflag names", Node.strings(Flags.xloadflags(h.xloadflags())), null);
        return o;
    }

    private static long present(SetupHeader h, Layout.Field f) {
        return h.isPresent(f) ? h.get(f) : 0;
    }

    private static String vidMode(long v) {
        if (v == 0xffff) {
            return "normal VGA";
        } else if (v == 0xfffe) {
            return "extended VGA";
        } else if (v == 0xfffd) {
            return "ask";
        }
        return "mode " + v;
    }

    private static String subarch(long v) {
        String[] names = {"X86_SUBARCH_PC", "X86_SUBARCH_LGUEST", "X86_SUBARCH_XEN", "X86_SUBARCH_INTEL_MID",
            "X86_SUBARCH_CE4100"};
        return v < names.length ? names[(int) v] : "unknown subarch";
    }

    // ---- bzImage --------------------------------------------------------------------------------

    static Obj bzImage(BzImage img, KernelFacts k, boolean allConfig) {
        Obj o = new Obj();
        o.put("kernelVersion", "kernel version", text(img.kernelVersion(), "no version string"), null);
        if (k != null) {
            DescribeKernel.facts(o, k, allConfig);
        }
        o.put("bootProtocol", "boot protocol", new Node.Str(img.header().protocolText()), null);
        o.put("fileSize", "file size", size(img.fileSize()), null);
        o.put("setupHeader", "setup_header", setupHeader(img.header()), null);
        BzImage.Payload p = img.payload();
        if (p == null) {
            o.put("payload", "payload", new Node.Null("absent: needs boot protocol 2.08"), null);
        } else {
            Obj po = new Obj();
            po.put("compression", "compression", p.compression() == null ? new Node.Null("outside the file")
                    : new Node.Str(p.compression().jsonName()), "from the payload's first bytes");
            po.put("fileOffset", "file offset", hex(p.fileOffset(), 4), "real-mode size + payload_offset");
            po.put("length", "length", size(p.length()), null);
            po.put("withinFile", "within file", new Node.Bool(p.withinFile()), null);
            if (k != null) {
                DescribeKernel.scan(po, k);
            }
            o.put("payload", "payload", po, null);
        }
        BzImage.KernelInfo ki = img.kernelInfo();
        if (ki == null) {
            o.put("kernelInfo", "kernel_info", new Node.Null("absent (protocol < 2.15 or offset 0)"), null);
        } else {
            Obj info = new Obj();
            info.put("fileOffset", "file offset", hex(ki.fileOffset(), 4), BzImage.KernelInfo.OFFSET_BASE_NOTE);
            info.put("magicFound", "\"LToP\" found", new Node.Bool(ki.magicFound()),
                    ki.magicFound() ? "the offset base holds for this image" : "not at that offset");
            info.put("size", "size", ki.magicFound() ? dec(ki.size()) : new Node.Null("no kernel_info"), null);
            info.put("sizeTotal", "size_total", ki.magicFound() ? dec(ki.sizeTotal()) : new Node.Null("no kernel_info"), null);
            info.put("setupTypeMax", "setup_type_max", ki.magicFound() ? hex(ki.setupTypeMax(), 4)
                    : new Node.Null("no kernel_info"), ki.magicFound() ? SetupDataLayouts.typeName(ki.setupTypeMax()) : null);
            o.put("kernelInfo", "kernel_info", info, null);
        }
        o.put("loadability", "loadability", loadability(img.loadability()), null);
        List<String> warnings = new ArrayList<>(img.warnings());
        if (k != null) {
            if (k.payload() != null) {
                warnings.addAll(k.payload().warnings());
            }
            warnings.addAll(k.warnings());
        }
        o.put("warnings", "warnings", Node.strings(warnings), null);
        return o;
    }

    private static Obj loadability(Loadability l) {
        Obj o = new Obj();
        o.put("kexecTools", "kexec-tools bzImage64 (KEXEC_LOAD)", verdict(l.kexecTools()), null);
        o.put("kexecFileLoad", "kernel kexec_file (KEXEC_FILE_LOAD)", verdict(l.kexecFile()), null);
        o.put("efiKexec", "EFI kexec", new Node.Bool(l.efiKexec()),
                l.efiKexec() ? "XLF_EFI_KEXEC: kexec with EFI runtime services" : "XLF_EFI_KEXEC clear");
        return o;
    }

    private static Obj verdict(Loadability.Verdict v) {
        return new Obj().put("accepted", "accepted", new Node.Bool(v.accepted()), null)
                .put("refusals", "refusals", Node.strings(v.refusals()), null)
                .put("conditions", "conditions", Node.strings(v.conditions()), null);
    }

    // ---- boot_params ----------------------------------------------------------------------------

    static Obj bootParams(BootParams bp) {
        Obj o = new Obj();
        o.put("screenInfo", "screen_info", screenInfo(bp.screenInfo()), null);
        o.put("efiInfo", "efi_info", efiInfo(bp), null);
        View v = bp.view();
        for (Layout.Field f : v.layout().fields()) {
            if (f == BootParamsLayout.SCREEN_INFO || f == BootParamsLayout.EFI_INFO || f == BootParamsLayout.HDR
                    || f == BootParamsLayout.E820_TABLE || f.kind() == Layout.Kind.PAD) {
                continue;
            }
            o.put(f.jsonName(), f.name(), value(v, f), bootParamsMeaning(bp, f));
        }
        List<Node> rows = new ArrayList<>();
        for (BootParams.E820Entry e : bp.e820()) {
            rows.add(e820Row(e));
        }
        o.put("e820", "e820_table", new Node.Arr(rows), null);
        o.put("setupHeader", "hdr (setup_header)", setupHeader(bp.setupHeader()), null);
        return o;
    }

    private static String bootParamsMeaning(BootParams bp, Layout.Field f) {
        if (f == BootParamsLayout.SECURE_BOOT) {
            return BootParams.secureBootName(bp.secureBoot());
        } else if (f == BootParamsLayout.SENTINEL) {
            return bp.sentinel() == 0 ? "0: loader built a clean page"
                    : "non-zero: the loader copied too much; the kernel scrubs unsafe fields";
        } else if (f == BootParamsLayout.ACPI_RSDP_ADDR) {
            return bp.acpiRsdpAddr() == 0 ? "not passed: the kernel searches for the RSDP" : "RSDP physical address";
        } else if (f == BootParamsLayout.ALT_MEM_K) {
            return "KiB";
        }
        return null;
    }

    private static Obj e820Row(BootParams.E820Entry e) {
        return new Obj().put("addr", "addr", hex(e.addr(), 8), null)
                .put("size", "size", hex(e.size(), 8), null)
                .put("type", "type", dec(e.type()), E820Type.iomemNameOf(e.type()));
    }

    private static Obj efiInfo(BootParams bp) {
        Obj o = new Obj();
        fields(o, bp.efiInfo(), Map.of(BootParamsLayout.EfiInfo.EFI_LOADER_SIGNATURE,
                x -> bp.efiLoaderSignatureText() == null ? "none" : "\"" + bp.efiLoaderSignatureText() + "\""), null);
        o.put("loaderSignature", "loader signature", text(bp.efiLoaderSignatureText(), "none"), null);
        o.put("efiBoot", "EFI boot", new Node.Bool(bp.efiBoot()), bp.efiBoot()
                ? "the kernel sets EFI_BOOT (signature EL64/EL32)"
                : "the kernel will not consider itself EFI-booted (no EL64/EL32 signature)");
        o.put("systabAddress", "EFI system table", hex(bp.efiSystab(), 8), "efi_systab | efi_systab_hi << 32");
        o.put("memmapAddress", "EFI memory map", hex(bp.efiMemmap(), 8), "efi_memmap | efi_memmap_hi << 32");
        return o;
    }

    static Obj bootParamsDirectory(BootParamsDirectory d) {
        Obj o = bootParams(d.bootParams());
        o.put("sysfsVersion", "version file", d.version() == null ? new Node.Null("no version file") : hex(d.version(), 2),
                d.version() == null ? null : "hdr.version as sysfs reports it");
        List<Node> nodes = new ArrayList<>();
        for (SetupData sd : d.setupData()) {
            nodes.add(setupData(sd));
        }
        o.put("setupData", "setup_data", new Node.Arr(nodes), null);
        return o;
    }

    static Obj setupData(SetupData sd) {
        Obj o = new Obj();
        o.put("index", "index", dec(sd.index()), null);
        o.put("type", "type", hex(sd.type(), 4), sd.typeName());
        o.put("typeName", "type name", new Node.Str(sd.typeName()), null);
        o.put("length", "length", size(sd.length()), null);
        if (sd.head() != null) {
            Obj head = new Obj();
            fields(head, sd.head(), Map.of(), null);
            o.put("decoded", "struct " + sd.head().layout().name(), head, null);
        }
        if (sd.baseType() == SetupDataLayouts.SETUP_E820_EXT) {
            List<Node> rows = new ArrayList<>();
            for (BootParams.E820Entry e : sd.e820()) {
                rows.add(e820Row(e));
            }
            o.put("e820", "e820 rows", new Node.Arr(rows), null);
        }
        if (sd.baseType() == SetupDataLayouts.SETUP_DTB) {
            o.put("fdtTotalSize", "FDT totalsize", sd.fdtTotalSize() < 0 ? new Node.Null("no FDT header")
                    : size(sd.fdtTotalSize()), null);
        }
        o.put("notes", "notes", Node.strings(sd.notes()), null);
        return o;
    }

    // ---- generic --------------------------------------------------------------------------------

    /**
     * Every member of a view in declaration order: padding left out, integers as numbers, char
     * arrays as strings, opaque bytes as hex. With a setup header, members it does not carry are
     * null with the reason.
     */
    private static void fields(Obj o, View v, Map<Layout.Field, LongFunction<String>> meanings, SetupHeader gate) {
        for (Layout.Field f : v.layout().fields()) {
            if (f.kind() == Layout.Kind.PAD) {
                continue;
            }
            if (gate != null && !gate.isPresent(f)) {
                o.put(f.jsonName(), f.name(), new Node.Null("absent: " + gate.absence(f)), null);
                continue;
            }
            Node value = value(v, f);
            String meaning = null;
            LongFunction<String> m = meanings.get(f);
            if (m != null && value instanceof Node.Num n) {
                meaning = m.apply(n.value());
            }
            o.put(f.jsonName(), f.name(), value, meaning);
        }
    }

    private static Node value(View v, Layout.Field f) {
        switch (f.kind()) {
            case UINT:
                if (f.isArray()) {
                    List<Node> items = new ArrayList<>();
                    for (int i = 0; i < f.count(); i++) {
                        items.add(hex(v.get(f, i), f.elementSize()));
                    }
                    return new Node.Arr(items);
                }
                long x = v.get(f);
                if (DECIMAL.contains(f.name())) {
                    return dec(x);
                }
                return SIZES.contains(f.name()) ? size(x) : hex(x, f.size());
            case CHARS:
                return new Node.Str(v.chars(f));
            case BYTES:
                return new Node.Bytes(v.bytes(f));
            default:
                throw new IllegalArgumentException(f.name());
        }
    }

    /** The record of a decoded input, by what was decoded; {@code allConfig} lists every config option. */
    static Obj artifact(Decoded d, boolean allConfig) {
        Obj o = d.accept(new Artifact(allConfig));
        if (!d.notes().isEmpty()) {
            o.put("notes", "notes", Node.strings(d.notes()), null);
        }
        return o;
    }

    /** Each kind of decoded input to its report tree. */
    private record Artifact(boolean allConfig) implements Decoded.Visitor<Obj> {
        @Override public Obj x86Kernel(BzImage image, KernelFacts kernel) {
            return bzImage(image, kernel, allConfig);
        }

        @Override public Obj arm64Kernel(Arm64Kernel image, KernelFacts kernel) {
            return DescribeKernel.arm64(image, kernel, allConfig);
        }

        @Override public Obj bootParamsDirectory(BootParamsDirectory directory) {
            return Describe.bootParamsDirectory(directory);
        }

        @Override public Obj bootParams(BootParams bootParams) {
            return Describe.bootParams(bootParams);
        }

        @Override public Obj screenInfo(ScreenInfo screenInfo) {
            return new Obj().put("screenInfo", "screen_info", Describe.screenInfo(screenInfo), null);
        }

        @Override public Obj fbFix(FbFix fix) {
            return DescribeText.fbFix(fix);
        }

        @Override public Obj fbVar(FbVar var) {
            return DescribeText.fbVar(var);
        }

        @Override public Obj fbset(FbsetInfo info) {
            return DescribeText.fbset(info);
        }

        @Override public Obj iomem(ProcIomem iomem) {
            return DescribeText.iomem(iomem);
        }

        @Override public Obj kernelConfig(KernelConfig config) {
            return DescribeText.kernelConfig(config, allConfig);
        }

        @Override public Obj kdumpTools(KdumpToolsConfig config) {
            return DescribeText.kdumpTools(config);
        }

        @Override public Obj sysconfigKdump(KdumpSysconfig config) {
            return DescribeText.sysconfig(config);
        }

        @Override public Obj kdumpConf(KdumpConf config) {
            return DescribeText.kdumpConf(config);
        }

        @Override public Obj kexecCommand(KexecInvocation invocation) {
            return DescribeText.kexecCmd(invocation);
        }
    }

    /** {"offset": N or null, "reason": "..."} */
    static Obj error(org.kexecinspect.format.FormatException e) {
        return new Obj().put("offset", "offset", e.offset() < 0 ? new Node.Null("no offset") : hex(e.offset(), 4), null)
                .put("reason", "reason", new Node.Str(e.reason()), null);
    }

    private static Node text(String s, String why) {
        return s == null ? new Node.Null(why) : new Node.Str(s);
    }
}
