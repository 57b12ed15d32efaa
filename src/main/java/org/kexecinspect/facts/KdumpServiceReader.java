package org.kexecinspect.facts;

import java.util.List;
import java.util.Optional;

import org.kexecinspect.facts.Fact.Why;
import org.kexecinspect.format.FormatException;
import org.kexecinspect.format.text.KdumpConf;
import org.kexecinspect.format.text.KdumpSysconfig;
import org.kexecinspect.format.text.KdumpToolsConfig;
import org.kexecinspect.format.text.KexecArgs;
import org.kexecinspect.format.text.KexecInvocation;
import org.kexecinspect.format.text.OsRelease;

/**
 * The kdump service on a root: Debian/Ubuntu kdump-tools (/etc/default/kdump-tools) or
 * Fedora/RHEL kdump-utils (/etc/sysconfig/kdump, /etc/kdump.conf): the kexec arguments it is
 * configured with, the kernel and initramfs it loads, and the command it recorded last time.
 */
final class KdumpServiceReader {
    private KdumpServiceReader() {}

    static final String KDUMP_TOOLS = "etc/default/kdump-tools";
    static final String SYSCONFIG = "etc/sysconfig/kdump";
    static final String KDUMP_CONF = "etc/kdump.conf";

    static KdumpServiceFacts read(Root root, Machine machine) {
        Fact<String> tools = Texts.read(root, KDUMP_TOOLS);
        if (tools.known() || tools.unknown().why() != Why.ABSENT) {
            return kdumpTools(root, machine, Parsed.parse(tools, KdumpToolsConfig::parse));
        }
        Fact<String> sysconfig = Texts.read(root, SYSCONFIG);
        Fact<String> conf = Texts.read(root, KDUMP_CONF);
        if (sysconfig.known() || conf.known()) {
            return kdumpUtils(root, machine, Parsed.parse(sysconfig, KdumpSysconfig::parse),
                    Parsed.parse(conf, KdumpConf::parse));
        }
        Fact<String> none = Fact.unknown(Why.ABSENT, "no kdump service configuration (" + KDUMP_TOOLS + ", "
                + SYSCONFIG + ", " + KDUMP_CONF + ")", root.source(KDUMP_TOOLS));
        return new KdumpServiceFacts(none, none.cast(), none.cast(), none.cast(), none.cast(), none, none, none, none);
    }

    /**
     * kdump-config (kdump-tools): KDUMP_KERNEL or the running release's image ({@link #runningImage}),
     * its initrd, KDUMP_COREDIR/kexec_cmd.
     */
    private static KdumpServiceFacts kdumpTools(Root root, Machine machine, Fact<KdumpToolsConfig> cfg) {
        String src = root.source(KDUMP_TOOLS);
        if (!cfg.known()) {
            Fact<String> u = cfg.cast();
            return new KdumpServiceFacts(Fact.of("kdump-tools", src), u.cast(), u.cast(), u.cast(), u.cast(), u, u, u, u);
        }
        KdumpToolsConfig c = cfg.value();
        Fact<KdumpToolsConfig.Flavour> flavour = osRelease(root).map(KdumpToolsConfig.Flavour::of);
        Fact<String> release = machine.kernelRelease();
        Fact<String> kernel = c.kdumpKernel().map(k -> Fact.of(k, src))
                .orElseGet(() -> runningImage(root, release));
        Fact<String> initrd = c.kdumpInitrd().map(k -> Fact.of(k, src))
                .orElse(release.map(r -> "/boot/initrd.img-" + r));
        Fact<KdumpServiceFacts.ConfiguredArgs> args;
        try {
            args = Fact.of(KdumpServiceFacts.ConfiguredArgs.of(c), src);
        } catch (FormatException e) {
            args = Fact.unknown(Why.MALFORMED, e.getMessage(), src);
        }
        return new KdumpServiceFacts(Fact.of("kdump-tools", src), flavour,
                Fact.of(c.useKdump(), src), args, isElf(root, kernel),
                kernel, initrd, Fact.of(c.kdumpCoredir(), src),
                lastCommand(root, c.kexecCmdFile()));
    }


    /** kdumpctl (kdump-utils): KDUMP_KERNELVER or the running release, the kdump initrd, kdump.conf's path. */
    private static KdumpServiceFacts kdumpUtils(Root root, Machine machine, Fact<KdumpSysconfig> sys,
            Fact<KdumpConf> conf) {
        String src = root.source(SYSCONFIG);
        Fact<String> flavor = Fact.of("kdump-utils", src);
        Fact<String> coreDir = conf.known() ? Fact.of(conf.value().path(), conf.source())
                : conf.unknown().why() == Why.ABSENT ? Fact.of(KdumpConf.DEFAULT_PATH, conf.source()) : conf.cast();
        if (!sys.known()) {
            Fact<String> u = sys.cast();
            return new KdumpServiceFacts(flavor, notKdumpTools(src), u.cast(), u.cast(), u.cast(), u, u, coreDir,
                    Fact.unknown(Why.NOT_APPLICABLE, "kdumpctl records no kexec command", src));
        }
        KdumpSysconfig c = sys.value();
        Fact<String> release = c.kdumpKernelver().map(v -> Fact.of(v, src)).orElse(machine.kernelRelease());
        Fact<String> kernel = release.known() ? firstExisting(root, c.kernelCandidates(release.value(),
                machineId(root), Optional.empty()), src) : release.cast();
        Fact<String> initrd = kernel.known() ? initrd(root, kernel.value(), release.value(), src) : kernel.cast();
        KdumpServiceFacts.ConfiguredArgs args = KdumpServiceFacts.ConfiguredArgs.of(c);
        return new KdumpServiceFacts(flavor, notKdumpTools(src), Fact.unknown(Why.NOT_APPLICABLE, "kdumpctl has no on/off "
                + "switch in its config; the systemd unit decides", src), Fact.of(args, src),
                Fact.unknown(Why.NOT_APPLICABLE, "kdumpctl passes no --args-linux", src), kernel, initrd, coreDir,
                Fact.unknown(Why.NOT_APPLICABLE, "kdumpctl records no kexec command", src));
    }

    /**
     * The running release's image without KDUMP_KERNEL: kdump-config's /boot/vmlinuz-RELEASE
     * (locate_kdump_kernel()), else where the 7.x packages put the image of that release and nothing
     * under /boot: usr/lib/modules/RELEASE/vmlinuz (Debian's linux-binary-RELEASE; Fedora's
     * kernel-core) or lib/modules/RELEASE/vmlinuz. None there: /boot/vmlinuz-RELEASE, absent.
     */
    static Fact<String> runningImage(Root root, Fact<String> release) {
        Fact<String> usable = Machine.asFileName(release);
        if (!usable.known()) {
            return usable;
        }
        String r = usable.value();
        for (String p : List.of("usr/lib/modules/" + r + "/vmlinuz", "lib/modules/" + r + "/vmlinuz")) {
            if (!root.file("boot/vmlinuz-" + r).known() && root.file(p).known()) {
                return Fact.of("/" + p, root.source(p));
            }
        }
        return release.map(x -> "/boot/vmlinuz-" + x);
    }

    private static Fact<KdumpToolsConfig.Flavour> notKdumpTools(String src) {
        return Fact.unknown(Why.NOT_APPLICABLE, "kdump-config variants are a kdump-tools notion", src);
    }

    /** Whether the kdump kernel file starts with the ELF magic; unknown when the file cannot be read. */
    private static Fact<Boolean> isElf(Root root, Fact<String> kernel) {
        if (!kernel.known()) {
            return kernel.cast();
        }
        List<String> p = new java.util.ArrayList<>();
        Collector.relative(kernel.value(), p);
        if (p.isEmpty()) {
            return Fact.unknown(Why.MALFORMED, "not a usable path: " + kernel.value(), kernel.source());
        }
        Fact<org.kexecinspect.format.ByteSource> f = root.file(p.get(0));
        if (!f.known()) {
            return f.cast();
        }
        if (f.value().size() < 4) {
            return Fact.of(false, f.source());
        }
        try {
            byte[] m = f.value().read(0, 4);
            return Fact.of(m[0] == 0x7f && m[1] == 'E' && m[2] == 'L' && m[3] == 'F', f.source());
        } catch (FormatException e) {
            return Fact.unknown(Why.MALFORMED, e.getMessage(), f.source());
        }
    }

    /** The recorded command at its real path, else the capture's kexec-inspect/kexec_cmd. */
    private static Fact<String> lastCommand(Root root, String absolute) {
        List<String> p = new java.util.ArrayList<>();
        Collector.relative(absolute, p);
        Fact<String> f = p.isEmpty() ? Fact.unknown(Why.MALFORMED, "not a usable path: " + absolute, absolute)
                : Texts.read(root, p.get(0));
        if (!f.known() && !root.live()) {
            Fact<String> recorded = Texts.read(root, CaptureLayout.KEXEC_CMD);
            if (recorded.known()) {
                f = recorded;
            }
        }
        if (!f.known()) {
            return f;
        }
        try {
            KexecInvocation inv = KexecArgs.parseRecorded(f.value(), f.source());
            return Fact.of(String.join(" ", inv.arguments()), f.source());
        } catch (FormatException e) {
            return Fact.unknown(Why.MALFORMED, e.getMessage(), f.source());
        }
    }

    private static Fact<OsRelease> osRelease(Root root) {
        Fact<String> t = Texts.read(root, "etc/os-release");
        if (!t.known()) {
            t = Texts.read(root, "usr/lib/os-release");
        }
        return Parsed.parse(t, OsRelease::parse);
    }

    private static String machineId(Root root) {
        Fact<String> id = Texts.line(root, "etc/machine-id");
        return id.orElse("");
    }

    private static Fact<String> firstExisting(Root root, List<String> candidates, String src) {
        for (String c : candidates) {
            List<String> p = new java.util.ArrayList<>();
            Collector.relative(c, p);
            if (!p.isEmpty() && root.file(p.get(0)).known()) {
                return Fact.of(c, root.source(p.get(0)));
            }
        }
        return Fact.unknown(Why.ABSENT, "none of kdumpctl's kernel paths exists: " + String.join(", ", candidates), src);
    }

    /** initramfs-RELEASEkdump.img beside the kernel, or in /var/lib/kdump when /boot was read-only. */
    private static Fact<String> initrd(Root root, String kernel, String release, String src) {
        String dir = kernel.substring(0, Math.max(kernel.lastIndexOf('/'), 0));
        String name = KdumpSysconfig.kdumpInitrdName(release, Optional.of("initramfs-" + release + ".img"));
        for (String d : List.of(dir, KdumpSysconfig.READ_ONLY_BOOT_INITRD_DIR)) {
            List<String> p = new java.util.ArrayList<>();
            Collector.relative(d + "/" + name, p);
            if (!p.isEmpty() && root.file(p.get(0)).known()) {
                return Fact.of(d + "/" + name, root.source(p.get(0)));
            }
        }
        return Fact.of(dir + "/" + name, src);
    }
}
