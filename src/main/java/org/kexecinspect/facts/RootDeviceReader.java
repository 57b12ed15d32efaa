package org.kexecinspect.facts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.kexecinspect.facts.Fact.Why;
import org.kexecinspect.facts.RootDeviceFacts.Disk;
import org.kexecinspect.facts.RootDeviceFacts.Mapped;
import org.kexecinspect.format.text.KernelCmdline;
import org.kexecinspect.format.text.ProcMounts;

/**
 * The root filesystem's block device, followed through device-mapper (LVM, dm-crypt) and md down
 * to every disk it needs, and whether each sits behind pci-hyperv.
 *
 * <p>Where the names come from: /proc/mounts names what was mounted ("/dev/mapper/rootvg-rootlv",
 * "/dev/nvme0n1p2", "/dev/disk/by-uuid/…"; the kernel's own mount of the root shows "/dev/root",
 * init/do_mounts.c, and then root= on the command line names it). /dev/mapper/NAME and the
 * /dev/disk/by-{uuid,label,partuuid,partlabel} links are udev's (lvm2's 10-dm.rules, systemd's
 * 60-persistent-storage.rules) and lead to ../dm-N or ../../nvme0n1p2; without them a device-mapper
 * name is found in /sys/block/dm-N/dm/name (drivers/md/dm-sysfs.c). A stacked device lists what it
 * maps onto in /sys/block/NAME/slaves/ (block/holder.c bd_link_disk_holder(), called by dm and md).
 */
final class RootDeviceReader {
    private RootDeviceReader() {}

    /** Deeper stacks are refused (a loop in a damaged capture); LVM on LUKS on md is 3 deep. */
    static final int MAX_DEPTH = 16;
    /** Devices visited at most under one root. */
    static final int MAX_DEVICES = 256;

    /** root= forms that name a udev link (util-linux and dracut take the same four). */
    private static final Map<String, String> TAGS = Map.of(
            "UUID=", "dev/disk/by-uuid/", "LABEL=", "dev/disk/by-label/",
            "PARTUUID=", "dev/disk/by-partuuid/", "PARTLABEL=", "dev/disk/by-partlabel/");

    static RootDeviceFacts read(Root root, Fact<String> dumpDir, Fact<KernelCmdline> cmdline) {
        Fact<ProcMounts> mounts = Parsed.parse(Texts.read(root, "proc/mounts"), ProcMounts::parse);
        Fact<String> device = mounts.known()
                ? mounts.value().root().map(m -> Fact.of(m.device(), mounts.source()))
                        .orElse(Fact.unknown(Why.ABSENT, "nothing is mounted on /", mounts.source()))
                : mounts.cast();
        Fact<String> spec = device;
        if (device.known() && device.value().equals("/dev/root") && cmdline.known() && cmdline.value().root().isPresent()) {
            spec = Fact.of(cmdline.value().root().get(), device.source() + "; " + cmdline.source());
        }
        Fact<String> name = spec.known() ? blockName(root, spec.value(), spec.source()) : spec.cast();
        Fact<String> sysfs = name.known() ? root.link("sys/class/block/" + name.value()) : name.cast();
        Fact<Walk> walk = name.known() ? walk(root, name.value()) : name.cast();
        Fact<List<Mapped>> mapped = walk.map(Walk::mapped);
        Fact<List<Disk>> disks = walk.map(Walk::disks);
        Fact<Boolean> nvme = disks.known() ? disks.map(d -> d.stream().anyMatch(Disk::nvme))
                : name.known() && name.value().startsWith("nvme") ? name.map(n -> true) : disks.cast();
        Fact<Boolean> hvPci = disks.map(d -> d.stream().anyMatch(Disk::behindHvPci));
        Fact<Boolean> onRoot = dumpDir.known() && mounts.known()
                ? mounts.value().mountContaining(dumpDir.value())
                        .map(m -> Fact.of(m.mountPoint().equals("/"), mounts.source()))
                        .orElse(Fact.unknown(Why.ABSENT, "no mount contains " + dumpDir.value(), mounts.source()))
                : dumpDir.known() ? mounts.cast() : dumpDir.cast();
        return new RootDeviceFacts(device, sysfs, nvme, hvPci, mapped, disks, dumpDir, onRoot);
    }

    /**
     * The kernel's name of the block device a mount source or root= names: "/dev/nvme0n1p2" →
     * "nvme0n1p2", "/dev/mapper/rootvg-rootlv" → "dm-1", "UUID=…" → where /dev/disk/by-uuid/… leads.
     */
    static Fact<String> blockName(Root root, String spec, String source) {
        for (Map.Entry<String, String> t : TAGS.entrySet()) {
            if (spec.startsWith(t.getKey())) {
                return throughLink(root, spec, t.getValue(), spec.substring(t.getKey().length()), source);
            }
        }
        if (spec.startsWith("/dev/disk/by-")) {
            String rest = spec.substring(1);
            int slash = rest.lastIndexOf('/');
            return throughLink(root, spec, rest.substring(0, slash + 1), rest.substring(slash + 1), source);
        }
        if (spec.startsWith("/dev/mapper/")) {
            return deviceMapper(root, spec, spec.substring("/dev/mapper/".length()), source);
        }
        if (spec.startsWith("/dev/")) {
            String[] parts = spec.substring("/dev/".length()).split("/", -1);
            if (parts.length == 1 && segment(parts[0])) {
                return Fact.of(parts[0], source);
            }
            if (parts.length == 2 && segment(parts[0]) && segment(parts[1])) {
                // /dev/VG/LV: lvm2 names the dm device VG-LV with each '-' doubled (lib/misc/lvm-string.c build_dm_name())
                return deviceMapper(root, spec, parts[0].replace("-", "--") + "-" + parts[1].replace("-", "--"), source);
            }
        }
        return Fact.unknown(Why.NOT_APPLICABLE, "the root is on " + spec
                + ": not a block device (a network, overlay or pool file system)", source);
    }

    /** A udev link (dev/disk/by-uuid/X → ../../nvme0n1p2): its last segment is the kernel's name. */
    private static Fact<String> throughLink(Root root, String spec, String dir, String entry, String source) {
        if (!segment(entry)) {
            return Fact.unknown(Why.MALFORMED, "the root is " + spec + ": not a possible link name", source);
        }
        Fact<String> l = root.link(dir + entry);
        if (!l.known()) {
            return Fact.unknown(l.unknown().why() == Why.ABSENT && !root.live() ? Why.NOT_COLLECTED : l.unknown().why(),
                    "the root is " + spec + ", and " + (root.live() ? "/" + dir + entry + " is not a link (" + l.unknown() + ")"
                            : "the capture has no link " + dir + entry + " (captures made before kexec-inspect recorded "
                            + "/dev/disk links have none)"), source + "; " + l.source());
        }
        String target = lastSegment(l.value());
        return segment(target) ? Fact.of(target, source + "; " + l.source())
                : Fact.unknown(Why.MALFORMED, "/" + dir + entry + " -> " + l.value() + ": not a block device", l.source());
    }

    /** A device-mapper name: its /dev/mapper link, else the dm-N whose dm/name it is. */
    private static Fact<String> deviceMapper(Root root, String spec, String dmName, String source) {
        if (segment(dmName)) {
            Fact<String> l = root.link("dev/mapper/" + dmName);
            if (l.known() && segment(lastSegment(l.value()))) {
                return Fact.of(lastSegment(l.value()), source + "; " + l.source());
            }
        }
        Fact<List<String>> blocks = root.list("sys/block");
        boolean anyName = false;
        if (blocks.known()) {
            for (String b : blocks.value()) {
                if (!b.startsWith("dm-") || !segment(b)) {
                    continue;
                }
                Fact<String> n = Texts.line(root, "sys/block/" + b + "/dm/name");
                anyName |= n.known();
                if (n.known() && n.value().equals(dmName)) {
                    return Fact.of(b, source + "; " + n.source());
                }
            }
        }
        String where = root.live() ? "/sys/block/dm-*/dm/name" : "sys/block/dm-*/dm/name";
        if (anyName) {
            return Fact.unknown(Why.ABSENT, "the root is " + spec + ", and no device-mapper device is named " + dmName
                    + " in " + where, source + "; " + blocks.source());
        }
        return Fact.unknown(root.live() ? Why.ABSENT : Why.NOT_COLLECTED, "the root is " + spec
                + ", a device-mapper device, and " + (root.live() ? "no " + where + " can be read"
                        : "the capture holds neither " + where + " nor dev/mapper links (a capture made before kexec-inspect "
                        + "followed device-mapper): capture again to see the disks under it"),
                source + "; " + blocks.source());
    }

    /** What a walk from the root's block device found. */
    record Walk(List<Mapped> mapped, List<Disk> disks) {}

    static Fact<Walk> walk(Root root, String name) {
        Walker w = new Walker(root);
        Fact.Unknown failed = w.visit(name, 0);
        String source = String.join("; ", w.sources);
        if (failed != null) {
            return Fact.unknown(failed.why(), failed.detail(), source.isEmpty() ? root.source("sys/class/block/" + name) : source);
        }
        return Fact.of(new Walk(List.copyOf(w.mapped), List.copyOf(w.disks.values())), source);
    }

    private static final class Walker {
        final Root root;
        final List<Mapped> mapped = new ArrayList<>();
        final Map<String, Disk> disks = new LinkedHashMap<>();
        final Set<String> seen = new LinkedHashSet<>();
        final Set<String> sources = new LinkedHashSet<>();

        Walker(Root root) {
            this.root = root;
        }

        /** Null when {@code name} and everything under it is known. */
        Fact.Unknown visit(String name, int depth) {
            if (depth > MAX_DEPTH || seen.size() >= MAX_DEVICES) {
                return new Fact.Unknown(Why.MALFORMED, "block devices stacked deeper than " + MAX_DEPTH
                        + " or more than " + MAX_DEVICES + " under the root (a loop?)");
            }
            if (!segment(name)) {
                return new Fact.Unknown(Why.MALFORMED, "not a block device name: " + name);
            }
            if (!seen.add(name)) {
                return null; // reached twice (two LVs of one stack): counted once
            }
            Fact<String> sysfs = root.link("sys/class/block/" + name);
            sources.add(sysfs.source());
            if (!sysfs.known()) {
                return new Fact.Unknown(sysfs.unknown().why(), "sys/class/block/" + name + ": " + sysfs.unknown().detail());
            }
            Fact<List<String>> slaves = root.list("sys/block/" + name + "/slaves");
            Fact<String> dmName = Texts.line(root, "sys/block/" + name + "/dm/name");
            if (slaves.known() && !slaves.value().isEmpty()) {
                Fact<String> uuid = Texts.line(root, "sys/block/" + name + "/dm/uuid");
                mapped.add(new Mapped(name, dmName.known() && !dmName.value().isEmpty() ? dmName.value() : null,
                        uuid.known() && !uuid.value().isEmpty() ? uuid.value() : null, slaves.value()));
                sources.add(slaves.source());
                for (String s : slaves.value()) {
                    Fact.Unknown u = visit(s, depth + 1);
                    if (u != null) {
                        return u;
                    }
                }
                return null;
            }
            String path = sysfs.value();
            int virtual = path.indexOf("/devices/virtual/block/");
            if (virtual >= 0) {
                // a partition of a stacked device (…/virtual/block/md0/md0p1) needs what its disk needs
                String[] under = path.substring(virtual + "/devices/virtual/block/".length()).split("/");
                if (under.length == 2 && under[1].equals(name)) {
                    return visit(under[0], depth + 1);
                }
                boolean dm = name.startsWith("dm-") || dmName.known();
                return new Fact.Unknown(root.live() || dmName.known() ? Why.ABSENT : Why.NOT_COLLECTED, name + " is "
                        + (dm ? "a device-mapper device" : "a virtual block device") + " (" + path + ") and "
                        + (root.live() ? "/sys/block/" + name + "/slaves lists nothing under it"
                                : "the capture records no sys/block/" + name + "/slaves links"
                                + (dmName.known() ? "" : " nor its dm/name (a capture made before kexec-inspect followed "
                                        + "device-mapper): capture again to see the disks under it")));
            }
            disks.put(name, new Disk(name, path, path.contains("/nvme/"), Hyperv.behindHvPci(path)));
            return null;
        }
    }

    /** One path segment a root may be asked for. */
    static boolean segment(String s) {
        return !s.isEmpty() && !s.equals(".") && !s.equals("..") && s.indexOf('/') < 0 && s.indexOf('\0') < 0;
    }

    private static String lastSegment(String linkText) {
        String t = linkText.endsWith("/") ? linkText.substring(0, linkText.length() - 1) : linkText;
        return t.substring(t.lastIndexOf('/') + 1);
    }
}
