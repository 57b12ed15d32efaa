package org.kexecinspect.facts;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.kexecinspect.facts.Fact.Why;
import org.kexecinspect.format.FormatException;
import org.kexecinspect.format.text.KdumpConf;
import org.kexecinspect.format.text.KdumpSysconfig;
import org.kexecinspect.format.text.KdumpToolsConfig;
import org.kexecinspect.format.text.KexecArgs;
import org.kexecinspect.format.text.KexecInvocation;
import org.kexecinspect.format.text.KexecToolsVersion;
import org.kexecinspect.format.text.LoadFacts;
import org.kexecinspect.format.text.LoadPath;
import org.kexecinspect.format.text.OsRelease;

/**
 * The kdump service on a root: Debian/Ubuntu kdump-tools (/etc/default/kdump-tools) or
 * Fedora/RHEL kdump-utils (/etc/sysconfig/kdump, /etc/kdump.conf), the load path its kexec call
 * will take and why, the kernel and initramfs it loads, and the command it recorded last time.
 */
final class KdumpServiceReader {
    private KdumpServiceReader() {}

    static final String KDUMP_TOOLS = "etc/default/kdump-tools";
    static final String SYSCONFIG = "etc/sysconfig/kdump";
    static final String KDUMP_CONF = "etc/kdump.conf";

    static KdumpServiceFacts read(Root root, Machine machine, Firmware firmware, SystemCalls calls) {
        Fact<String> tools = Texts.read(root, KDUMP_TOOLS);
        if (tools.known() || tools.unknown().why() != Why.ABSENT) {
            return kdumpTools(root, machine, firmware, calls, Parsed.parse(tools, KdumpToolsConfig::parse));
        }
        Fact<String> sysconfig = Texts.read(root, SYSCONFIG);
        Fact<String> conf = Texts.read(root, KDUMP_CONF);
        if (sysconfig.known() || conf.known()) {
            return kdumpUtils(root, machine, firmware, calls, Parsed.parse(sysconfig, KdumpSysconfig::parse),
                    Parsed.parse(conf, KdumpConf::parse));
        }
        Fact<String> none = Fact.unknown(Why.ABSENT, "no kdump service configuration (" + KDUMP_TOOLS + ", "
                + SYSCONFIG + ", " + KDUMP_CONF + ")", root.source(KDUMP_TOOLS));
        return new KdumpServiceFacts(none, none.cast(), none.cast(), none, none, none, none, none, none);
    }

    /** kdump-config (kdump-tools): KDUMP_KERNEL or /boot/vmlinuz-RELEASE, its initrd, KDUMP_COREDIR/kexec_cmd. */
    private static KdumpServiceFacts kdumpTools(Root root, Machine machine, Firmware fw, SystemCalls calls,
            Fact<KdumpToolsConfig> cfg) {
        String src = root.source(KDUMP_TOOLS);
        if (!cfg.known()) {
            Fact<String> u = cfg.cast();
            return new KdumpServiceFacts(Fact.of("kdump-tools", src), u.cast(), u.cast(), u, u, u, u, u, u);
        }
        KdumpToolsConfig c = cfg.value();
        Fact<OsRelease> os = osRelease(root);
        KdumpToolsConfig.Flavour flavour = os.known() ? KdumpToolsConfig.Flavour.of(os.value()) : KdumpToolsConfig.Flavour.DEBIAN;
        Fact<String> release = machine.kernelRelease();
        Fact<String> kernel = c.kdumpKernel().map(k -> Fact.of(k, src))
                .orElse(release.map(r -> "/boot/vmlinuz-" + r));
        Fact<String> initrd = c.kdumpInitrd().map(k -> Fact.of(k, src))
                .orElse(release.map(r -> "/boot/initrd.img-" + r));
        Fact<List<String>> args;
        try {
            args = Fact.of(c.kexecArgs(), src);
        } catch (FormatException e) {
            args = Fact.unknown(Why.MALFORMED, e.getMessage(), src);
        }
        LoadPath lp = KdumpToolsConfig.loadPath(c, flavour, loadFacts(fw, calls), isElf(root, kernel));
        String flavourNote = os.known() ? "" : " (no os-release: taken as Debian)";
        return new KdumpServiceFacts(Fact.of("kdump-tools", src),
                Fact.of(c.useKdump(), src), args,
                loadPath(lp, src), Fact.of(lp.wrapper() + flavourNote + ": " + lp.reason(), src),
                kernel, initrd, Fact.of(c.kdumpCoredir(), src),
                lastCommand(root, c.kexecCmdFile()));
    }

    /** kdumpctl (kdump-utils): KDUMP_KERNELVER or the running release, the kdump initrd, kdump.conf's path. */
    private static KdumpServiceFacts kdumpUtils(Root root, Machine machine, Firmware fw, SystemCalls calls,
            Fact<KdumpSysconfig> sys, Fact<KdumpConf> conf) {
        String src = root.source(SYSCONFIG);
        Fact<String> flavor = Fact.of("kdump-utils", src);
        Fact<String> coreDir = conf.known() ? Fact.of(conf.value().path(), conf.source())
                : conf.unknown().why() == Why.ABSENT ? Fact.of(KdumpConf.DEFAULT_PATH, conf.source()) : conf.cast();
        if (!sys.known()) {
            Fact<String> u = sys.cast();
            return new KdumpServiceFacts(flavor, u.cast(), u.cast(), u, u, u, u, coreDir,
                    Fact.unknown(Why.NOT_APPLICABLE, "kdumpctl records no kexec command", src));
        }
        KdumpSysconfig c = sys.value();
        Fact<String> release = c.kdumpKernelver().map(v -> Fact.of(v, src)).orElse(machine.kernelRelease());
        Fact<String> kernel = release.known() ? firstExisting(root, c.kernelCandidates(release.value(),
                machineId(root), Optional.empty()), src) : release.cast();
        Fact<String> initrd = kernel.known() ? initrd(root, kernel.value(), release.value(), src) : kernel.cast();
        LoadPath lp = KdumpSysconfig.loadPath(c, loadFacts(fw, calls));
        return new KdumpServiceFacts(flavor, Fact.unknown(Why.NOT_APPLICABLE, "kdumpctl has no on/off switch in its config; "
                + "the systemd unit decides", src), Fact.of(c.kexecArgWords(), src),
                loadPath(lp, src), Fact.of(lp.wrapper() + ": " + lp.reason(), src), kernel, initrd, coreDir,
                Fact.unknown(Why.NOT_APPLICABLE, "kdumpctl records no kexec command", src));
    }

    private static Fact<String> loadPath(LoadPath lp, String src) {
        if (lp.effective().isEmpty()) {
            return Fact.unknown(Why.NOT_APPLICABLE, "cannot tell: " + lp.reason(), src);
        }
        return Fact.of(lp.effective().get().jsonName(), src);
    }

    private static LoadFacts loadFacts(Firmware fw, SystemCalls calls) {
        Optional<Boolean> sb = fw.secureBoot().known()
                ? Optional.of(fw.secureBoot().value() && !fw.setupMode().orElse(false))
                : fw.efi().known() && !fw.efi().value() ? Optional.of(false) : Optional.empty();
        OptionalInt level = fw.securelevel().known() ? OptionalInt.of(fw.securelevel().value()) : OptionalInt.empty();
        Optional<KexecToolsVersion> kt = calls.kexecVersion().known()
                ? KexecToolsVersion.tryParse(calls.kexecVersion().value()) : Optional.empty();
        return new LoadFacts(sb, level, Optional.ofNullable(fw.lockdown().orElse(null)), kt);
    }

    /** kdump-config adds --args-linux for an ELF (vmlinux) kdump kernel. */
    private static boolean isElf(Root root, Fact<String> kernel) {
        if (!kernel.known()) {
            return false;
        }
        List<String> p = new java.util.ArrayList<>();
        Collector.relative(kernel.value(), p);
        if (p.isEmpty()) {
            return false;
        }
        Fact<org.kexecinspect.format.ByteSource> f = root.file(p.get(0));
        if (!f.known() || f.value().size() < 4) {
            return false;
        }
        try {
            byte[] m = f.value().read(0, 4);
            return m[0] == 0x7f && m[1] == 'E' && m[2] == 'L' && m[3] == 'F';
        } catch (FormatException e) {
            return false;
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
