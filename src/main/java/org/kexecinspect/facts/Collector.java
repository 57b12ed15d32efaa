package org.kexecinspect.facts;

import java.util.ArrayList;
import java.util.List;

import org.kexecinspect.format.text.KernelCmdline;

/**
 * Gathers {@link SystemFacts} from a root: the same code for the live system and for a capture,
 * so every live fact has an offline twin. Reads only.
 */
public final class Collector {
    private Collector() {}

    public static SystemFacts collect(Root root, SystemCalls calls) {
        Machine machine = Machine.read(root, calls);
        Firmware firmware = Firmware.read(root);
        Hyperv hyperv = Hyperv.read(root, firmware);
        Fact<KernelCmdline> cmdline = Parsed.parse(machine.cmdline(), KernelCmdline::parse);
        KdumpServiceFacts service = KdumpServiceReader.read(root, machine);
        List<String> notes = new ArrayList<>(root.notes());
        CaptureManifest manifest = root.live() ? null : CaptureManifest.read(root);
        // no manifest is normal for an sosreport or a hand-made tree; a broken one is worth a line
        if (manifest != null && manifest.problem() != null && !manifest.problem().startsWith("absent")) {
            notes.add(root.name() + ": " + CaptureLayout.MANIFEST + ": " + manifest.problem());
        }
        return new SystemFacts(root.name(), root.live(), manifest, notes,
                machine, firmware, hyperv, BootFacts.read(root, machine.arch()),
                FramebufferFacts.read(root, calls),
                IomemFacts.read(root, hyperv.pciDevices()),
                ModuleReader.read(root, machine, cmdline, Blacklists.read(root)),
                KexecToolsReader.read(calls),
                service,
                KdumpKernelReader.read(root, service, machine),
                RootDeviceReader.read(root, service.coreDir(), cmdline));
    }

    /** What a capture of these facts must copy beyond the fixed list (capture format 1). */
    public static CaptureWriter.Plan plan(SystemFacts f, boolean withImages) {
        List<String> small = new ArrayList<>();
        List<String> images = new ArrayList<>();
        List<String> modules = new ArrayList<>();
        List<String> releases = new ArrayList<>();
        if (f.machine().kernelRelease().known()) {
            releases.add(f.machine().kernelRelease().value());
        }
        if (f.kdumpKernel().release().known() && !releases.contains(f.kdumpKernel().release().value())) {
            releases.add(f.kdumpKernel().release().value());
        }
        for (String rel : releases) {
            if (!safeSegment(rel)) {
                continue;
            }
            small.add(ModuleReader.builtinPath(rel));
            small.add("boot/config-" + rel);
            // the 7.x layout (Debian's linux-base-REL, Fedora's kernel-core): the config beside the modules
            small.add("usr/lib/modules/" + rel + "/config");
            small.add("lib/modules/" + rel + "/config");
            for (String ext : KdumpKernelReader.MODULE_SUFFIXES) {
                modules.add(KdumpKernelReader.vmbusModulePath(rel) + ext);
            }
        }
        KdumpServiceFacts s = f.kdumpService();
        if (s.coreDir().known()) {
            relative(s.coreDir().value() + "/kexec_cmd", small);
        }
        if (withImages) {
            if (s.kernelPath().known()) {
                relative(s.kernelPath().value(), images);
            }
            if (s.initrdPath().known()) {
                relative(s.initrdPath().value(), images);
            }
        }
        return new CaptureWriter.Plan(small, images, modules);
    }

    /** An absolute path from a config file, as a root path; one that could leave the root is dropped. */
    static void relative(String absolute, List<String> out) {
        String p = absolute.replaceAll("/+", "/").replaceAll("^/", "");
        try {
            out.add(Root.checkPath(p));
        } catch (IllegalArgumentException e) {
            // a configured path with ".." or an empty segment is not copied
        }
    }

    private static boolean safeSegment(String s) {
        return !s.isEmpty() && !s.contains("/") && !s.equals(".") && !s.equals("..");
    }
}
