package org.kexecinspect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexecinspect.facts.CaptureWriter;
import org.kexecinspect.facts.Captures;
import org.kexecinspect.facts.Collector;
import org.kexecinspect.facts.DirectoryRoot;
import org.kexecinspect.facts.Root;
import org.kexecinspect.facts.RootDeviceFacts;
import org.kexecinspect.facts.SystemCalls;
import org.kexecinspect.testing.Cli;
import org.kexecinspect.testing.Inputs;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Roots on device-mapper: LVM, LUKS under LVM, LVM over two disks, a UUID= root, and a capture
 * made before device-mapper was recorded, each built from the hand-made gen2-azure-x86 capture
 * (native-fixtures/hyperv-captures, README there: its OS disk nvme0n1 is the Azure NVMe controller
 * 1414:00a9 behind hv_pci, sysfs path from canonical/cloud-init issue #4598).
 *
 * <p>Where each shape comes from:
 * <ul>
 * <li>The layout is the real `lsblk` of an Azure Standard_D16ads_v6 VM with the RHEL LVM image in
 *     canonical/cloud-init pull request #6243: nvme0n1p1 /boot/efi, p2 /boot, p3 (2M), p4 the PV of
 *     rootvg, whose LVs are rootvg-homelv 253:0, rootvg-rootlv 253:1 (/), rootvg-tmplv 253:2,
 *     rootvg-usrlv 253:3, rootvg-varlv 253:4 (so dm-0..dm-4).</li>
 * <li>/sys/block/dm-N/dm/name and dm/uuid: Documentation/ABI/testing/sysfs-block-dm, drivers/md/dm-sysfs.c
 *     (name and uuid with a newline). LVM's uuid is "LVM-" + the VG uuid + the LV uuid, 32 characters each
 *     without dashes (lvm2 lib/activate/dev_manager.c build_dm_uuid()); cryptsetup's is
 *     "CRYPT-LUKS2-" + the LUKS uuid without dashes + "-" + the mapping name (lib/setup.c), and RHEL's
 *     installer names the mapping luks-UUID. The uuids below are made up in those shapes.</li>
 * <li>/sys/block/dm-N/slaves/X: a link to the underlying block device's sysfs directory
 *     (block/holder.c bd_link_disk_holder() -&gt; add_symlink()), relative to
 *     /sys/devices/virtual/block/dm-N/slaves; dm devices live under /sys/devices/virtual/block
 *     (drivers/md/dm.c alloc_dev() names them dm-%d, they have no parent device).</li>
 * <li>/dev/mapper/NAME -&gt; ../dm-N and /dev/disk/by-uuid/X -&gt; ../../dm-N: lvm2's udev/10-dm.rules
 *     and systemd's rules.d/60-persistent-storage.rules (the by-uuid names of cloud-init #4598's udevadm
 *     output).</li>
 * <li>The SCSI data disk of the two-disk case: storvsc's path under the Azure SCSI controller's VMBus
 *     instance f8b3781a-1e82-4818-a1c3-63d806ec15bb (canonical/cloud-init issue #6242), shaped like the
 *     hand-made gen2-local-x86's sda.</li>
 * </ul>
 */
class DeviceMapperRootTest {
    static final Path AZURE = Inputs.projectDir().resolve("native-fixtures/hyperv-captures/gen2-azure-x86");
    static final String NVME0N1 = "devices/LNXSYSTM:00/LNXSYBUS:00/ACPI0004:00/VMBUS:00/80c97e1e-15c4-4c6d-93d1-e38402047b8d"
            + "/pci15c4:00/15c4:00:00.0/nvme/nvme0/nvme0n1";
    static final String SDB = "devices/LNXSYSTM:00/LNXSYBUS:00/ACPI0004:00/VMBUS:00/f8b3781a-1e82-4818-a1c3-63d806ec15bb"
            + "/host1/target1:0:0/1:0:0:0/block/sdb";
    static final String[] LVS = {"homelv", "rootlv", "tmplv", "usrlv", "varlv"};
    static final String VG_UUID = "Xq3YpT0b9kGmW2rJdN5vLc8sHf1uZaEo";
    static final String LUKS_UUID = "0b1c93a4-6f2e-4d57-9a8c-3e7f5d2b1a60";
    static final String LUKS_NAME = "luks-" + LUKS_UUID;

    @TempDir Path tmp;

    /** What differs between the cases. */
    record Layout(boolean luks, boolean secondDisk, boolean udevLinks, boolean dmFiles, String mountSource, String rootArg) {}

    static final Layout LVM = new Layout(false, false, true, true, "/dev/mapper/rootvg-rootlv", "/dev/mapper/rootvg-rootlv");

    /** gen2-azure-x86 turned into the RHEL LVM layout above, as a capture (kexec-inspect/links) or a live tree (symlinks). */
    Path build(String name, Layout l, boolean live) {
        Path c = tmp.resolve(name);
        Inputs.copyTree(AZURE, c);
        Map<String, String> links = new LinkedHashMap<>();
        String mounts = read(c, "proc/mounts")
                .replace("/dev/nvme0n1p1 / ext4 rw,relatime,discard,errors=remount-ro 0 0\n",
                        l.mountSource() + " / xfs rw,relatime,attr2,inode64,logbufs=8,logbsize=32k,noquota 0 0\n"
                        + "/dev/mapper/rootvg-usrlv /usr xfs rw,relatime,attr2,inode64,logbufs=8,logbsize=32k,noquota 0 0\n"
                        + "/dev/nvme0n1p2 /boot xfs rw,relatime,attr2,inode64,logbufs=8,logbsize=32k,noquota 0 0\n"
                        + "/dev/mapper/rootvg-varlv /var xfs rw,relatime,attr2,inode64,logbufs=8,logbsize=32k,noquota 0 0\n"
                        + "/dev/mapper/rootvg-homelv /home xfs rw,relatime,attr2,inode64,logbufs=8,logbsize=32k,noquota 0 0\n"
                        + "/dev/mapper/rootvg-tmplv /tmp xfs rw,relatime,attr2,inode64,logbufs=8,logbsize=32k,noquota 0 0\n")
                .replace("/dev/nvme0n1p15 /boot/efi", "/dev/nvme0n1p1 /boot/efi");
        assertTrue(mounts.contains(l.mountSource() + " / xfs"), mounts);
        write(c, "proc/mounts", mounts);
        write(c, "proc/cmdline", read(c, "proc/cmdline").replaceFirst("root=\\S+", "root=" + l.rootArg()
                + " rd.lvm.vg=rootvg" + (l.luks() ? " rd.luks.uuid=" + LUKS_UUID : "")));
        for (int p = 2; p <= 4; p++) {
            links.put("sys/class/block/nvme0n1p" + p, "../../" + NVME0N1 + "/nvme0n1p" + p);
        }
        List<String> pvs = new ArrayList<>();
        int dm = 0;
        if (l.luks()) {
            dmDevice(c, links, l, dm, LUKS_NAME, "CRYPT-LUKS2-" + LUKS_UUID.replace("-", "") + "-" + LUKS_NAME,
                    Map.of("nvme0n1p4", "../../../../" + NVME0N1.substring("devices/".length()) + "/nvme0n1p4"));
            pvs.add("dm-0");
            dm++;
        } else {
            pvs.add("nvme0n1p4");
        }
        if (l.secondDisk()) {
            links.put("sys/block/sdb", "../" + SDB);
            links.put("sys/class/block/sdb", "../../" + SDB);
            links.put("sys/class/block/sdb1", "../../" + SDB + "/sdb1");
            write(c, "sys/block/sdb/dev", "8:16\n");
        }
        for (int i = 0; i < LVS.length; i++, dm++) {
            Map<String, String> slaves = new LinkedHashMap<>();
            for (String pv : pvs) {
                slaves.put(pv, pv.startsWith("dm-") ? "../../" + pv : "../../../../" + NVME0N1.substring("devices/".length()) + "/" + pv);
            }
            if (l.secondDisk() && LVS[i].equals("rootlv")) {
                slaves.put("sdb1", "../../../../" + SDB.substring("devices/".length()) + "/sdb1"); // lvextend onto the data disk
            }
            String lvUuid = ("Lv" + i + "aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789").substring(0, 32);
            dmDevice(c, links, l, dm, "rootvg-" + LVS[i], "LVM-" + VG_UUID + lvUuid, slaves);
            if (l.udevLinks() && LVS[i].equals("rootlv")) {
                links.put("dev/disk/by-uuid/5d0a7c3e-2f41-4b8e-9c6d-1e2f3a4b5c6d", "../../dm-" + dm);
            }
        }
        if (live) {
            links.forEach((p, t) -> {
                try {
                    Files.createDirectories(c.resolve(p).getParent());
                    Path at = c.resolve(p);
                    if (Files.isDirectory(at) && !Files.isSymbolicLink(at)) {
                        // a directory the capture copied files into: on a live tree the files live at the link's target
                        Path target = at.getParent().resolve(t).normalize();
                        Files.createDirectories(target.getParent());
                        Files.move(at, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                    Files.deleteIfExists(at);
                    Files.createSymbolicLink(at, Path.of(t));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } else {
            StringBuilder b = new StringBuilder(read(c, "kexec-inspect/links"));
            links.forEach((p, t) -> b.append(p).append(" -> ").append(t).append('\n'));
            write(c, "kexec-inspect/links", b.toString());
        }
        return c;
    }

    private static void dmDevice(Path c, Map<String, String> links, Layout l, int n, String name, String uuid,
            Map<String, String> slaves) {
        String dm = "dm-" + n;
        links.put("sys/block/" + dm, "../devices/virtual/block/" + dm);
        links.put("sys/class/block/" + dm, "../../devices/virtual/block/" + dm);
        write(c, "sys/block/" + dm + "/dev", "253:" + n + "\n");
        if (l.dmFiles()) {
            write(c, "sys/block/" + dm + "/dm/name", name + "\n");
            write(c, "sys/block/" + dm + "/dm/uuid", uuid + "\n");
            slaves.forEach((s, t) -> links.put("sys/block/" + dm + "/slaves/" + s, t));
        }
        if (l.udevLinks()) {
            links.put("dev/mapper/" + name, "../" + dm);
        }
    }

    static boolean installed(String program) {
        return Inputs.onPath(program);
    }

    static String read(Path root, String rel) {
        try {
            return Files.readString(root.resolve(rel), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path root, String rel, String text) {
        try {
            Path p = root.resolve(rel);
            Files.createDirectories(p.getParent());
            Files.writeString(p, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode rootDevice(Path capture) {
        Cli.Result r = Cli.run("inspect", "--format", "json", capture.toString());
        assertEquals(0, r.exit(), r.err());
        return r.json().get("artifacts").get(0).get("facts").get("rootDevice");
    }

    /** predict with the Ubuntu 6.8 kdump kernel of PredictionEndToEndTest and KEXEC_LOAD: lfb_base 0, the window on the framebuffer. */
    static JsonNode predict(Path capture) {
        Cli.Result r = Cli.run("predict", "--format", "json", "--assume", "kdumpService.loadPath=kexec_load",
                "--assume", "kdumpKernel.release=6.5.0-1025-azure", "--assume", "kdumpKernel.version=6.5.0",
                "--assume", "kdumpKernel.config.CONFIG_PCI_HYPERV=y", "--assume", "kdumpKernel.config.CONFIG_DRM_HYPERV=m",
                "--assume", "kdumpKernel.config.CONFIG_HYPERV=y", "--assume", "kdumpKernel.config.CONFIG_SYSFB=y",
                "--assume", "kdumpKernel.config.CONFIG_EFI=y", "--assume", "kdumpKernel.config.CONFIG_FB_HYPERV=n",
                "--assume", "modules.pci_hyperv.builtin=true", "--assume", "kdumpKernel.hasFbReserveFix=false",
                capture.toString());
        assertTrue(r.exit() == 0 || r.exit() == 1 || r.exit() == 4, r.exit() + " " + r.err());
        return r.json().get("predictions").get(0).get("prediction");
    }

    static String finding(JsonNode p, String code) {
        for (JsonNode f : p.get("findings")) {
            if (f.get("code").asText().equals(code)) {
                return f.get("message").asText();
            }
        }
        throw new AssertionError("no finding " + code + ": " + p.get("findings"));
    }

    static List<String> texts(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(field == null ? n.asText() : n.get(field).asText()));
        return out;
    }

    @Test
    void lvmOnNvmeBehindHvPciPutsTheRootAtRiskAndTheVerdictNamesIt() {
        Path c = build("lvm", LVM, false);
        JsonNode r = rootDevice(c);
        assertEquals("/dev/mapper/rootvg-rootlv", r.get("device").asText());
        assertEquals("../../devices/virtual/block/dm-1", r.get("sysfsPath").asText());
        assertEquals(List.of("dm-1"), texts(r.get("mapped"), "device"));
        JsonNode lv = r.get("mapped").get(0);
        assertEquals("rootvg-rootlv", lv.get("name").asText());
        assertEquals("LVM", lv.get("subsystem").asText());
        assertEquals(List.of("nvme0n1p4"), texts(lv.get("slaves"), null));
        assertEquals(List.of("nvme0n1p4"), texts(r.get("disks"), "device"));
        assertEquals("../../" + NVME0N1 + "/nvme0n1p4", r.get("disks").get(0).get("sysfsPath").asText());
        assertTrue(r.get("nvme").asBoolean());
        assertTrue(r.get("behindHvPci").asBoolean(), r.toString());
        assertFalse(r.get("unknown").has("behindHvPci"));
        assertFalse(r.get("dumpTargetOnRoot").asBoolean(), "/var/crash is on rootvg-varlv");

        JsonNode p = predict(c);
        assertEquals("will-fail", p.get("verdict").asText(), p.toString());
        String msg = finding(p, "config-window-on-framebuffer");
        assertTrue(msg.contains("the root file system /dev/mapper/rootvg-rootlv on nvme0n1p4"), msg);
        String why = p.get("mmio").toString() + p.get("findings").toString();
        assertTrue(why.contains("LVM rootvg-rootlv = dm-1") && why.contains("nvme0n1p4 (NVMe, behind hv_pci)"), why);
    }

    @Test
    void luksUnderLvmIsFollowedThroughBothDeviceMapperLevels() {
        Path c = build("luks", new Layout(true, false, true, true, "/dev/mapper/rootvg-rootlv", "/dev/mapper/rootvg-rootlv"), false);
        JsonNode r = rootDevice(c);
        assertEquals(List.of("dm-2", "dm-0"), texts(r.get("mapped"), "device"), "the LV, then the LUKS mapping under it");
        JsonNode crypt = r.get("mapped").get(1);
        assertEquals(LUKS_NAME, crypt.get("name").asText());
        assertEquals("CRYPT", crypt.get("subsystem").asText());
        assertEquals(List.of("dm-0"), texts(r.get("mapped").get(0).get("slaves"), null));
        assertEquals(List.of("nvme0n1p4"), texts(r.get("disks"), "device"));
        assertTrue(r.get("behindHvPci").asBoolean(), r.toString());

        JsonNode p = predict(c);
        assertEquals("will-fail", p.get("verdict").asText());
        assertTrue(p.get("findings").toString().contains("LVM rootvg-rootlv = dm-2 on dm-crypt " + LUKS_NAME + " = dm-0"),
                p.get("findings").toString());
    }

    @Test
    void lvmOverTwoDisksIsAtRiskWhenOnlyOneIsBehindHvPci() {
        Path c = build("two", new Layout(false, true, true, true, "/dev/mapper/rootvg-rootlv", "/dev/mapper/rootvg-rootlv"), false);
        JsonNode r = rootDevice(c);
        assertEquals(List.of("nvme0n1p4", "sdb1"), texts(r.get("disks"), "device"));
        assertTrue(r.get("disks").get(0).get("behindHvPci").asBoolean());
        assertFalse(r.get("disks").get(1).get("behindHvPci").asBoolean(), "storvsc's disk is a VMBus SCSI device, not hv_pci");
        assertFalse(r.get("disks").get(1).get("nvme").asBoolean());
        assertTrue(r.get("behindHvPci").asBoolean(), "every disk must survive: one behind hv_pci is enough to lose the root");

        JsonNode p = predict(c);
        assertEquals("will-fail", p.get("verdict").asText());
        String all = p.get("findings").toString();
        assertTrue(all.contains("needs all of nvme0n1p4 (NVMe, behind hv_pci), sdb1 (not behind hv_pci)"), all);
        assertTrue(finding(p, "config-window-on-framebuffer").contains("rootvg-rootlv on nvme0n1p4 and sdb1"));
    }

    @Test
    void aUuidRootIsResolvedThroughTheByUuidLinkWhenTheCaptureHasIt() {
        String uuid = "5d0a7c3e-2f41-4b8e-9c6d-1e2f3a4b5c6d";
        // the kernel shows /dev/root for a root it mounted itself (init/do_mounts.c); root= then names it
        for (Layout l : List.of(new Layout(false, false, true, true, "/dev/root", "UUID=" + uuid),
                new Layout(false, false, true, true, "/dev/disk/by-uuid/" + uuid, "UUID=" + uuid))) {
            JsonNode r = rootDevice(build("uuid" + l.mountSource().length(), l, false));
            assertEquals(l.mountSource(), r.get("device").asText());
            assertEquals(List.of("dm-1"), texts(r.get("mapped"), "device"), r.toString());
            assertTrue(r.get("behindHvPci").asBoolean(), r.toString());
            assertTrue(r.get("source").get("behindHvPci").asText().contains("kexec-inspect/links"));
        }
        // without the udev links (an older capture) it cannot be told, and the reason says which link is missing
        JsonNode r = rootDevice(build("uuid-old", new Layout(false, false, false, true, "/dev/root", "UUID=" + uuid), false));
        assertTrue(r.get("behindHvPci").isNull());
        String why = r.get("unknown").get("behindHvPci").asText();
        assertTrue(why.startsWith("not collected: the root is UUID=" + uuid) && why.contains("dev/disk/by-uuid/" + uuid), why);
    }

    @Test
    void aCaptureWithoutTheDeviceMapperFilesSaysUnknownAndWhy() {
        // what captures held before: sys/block/dm-N/dev and the sys/block, sys/class/block links, nothing more
        Path c = build("old", new Layout(false, false, false, false, "/dev/mapper/rootvg-rootlv", "/dev/mapper/rootvg-rootlv"), false);
        JsonNode r = rootDevice(c);
        assertTrue(r.get("behindHvPci").isNull() && r.get("disks").isNull(), r.toString());
        String why = r.get("unknown").get("behindHvPci").asText();
        assertTrue(why.startsWith("not collected: the root is /dev/mapper/rootvg-rootlv, a device-mapper device"), why);
        assertTrue(why.contains("sys/block/dm-*/dm/name") && why.contains("capture again"), why);

        JsonNode p = predict(c);
        assertFalse(p.get("verdict").asText().equals("will-fail"), "the root's disks are not known: " + p);
        assertTrue(p.get("findings").toString().contains("whether the root file system is behind hv_pci is unknown (not collected: "),
                p.get("findings").toString());

        // dm/name recorded but not the slaves/ links: the LV is found, what is under it is not
        Path half = build("half", LVM, false);
        write(half, "kexec-inspect/links", String.join("\n", read(half, "kexec-inspect/links").lines()
                .filter(x -> !x.contains("/slaves/")).toList()) + "\n");
        String halfWhy = rootDevice(half).get("unknown").get("behindHvPci").asText();
        assertTrue(halfWhy.contains("dm-1 is a device-mapper device") && halfWhy.contains("no sys/block/dm-1/slaves links"), halfWhy);
    }

    /**
     * The same tree as real symbolic links (a stand-in for a live /): the live reading, a capture
     * `capture` writes of it, and the facts read back agree, so the capture plan holds what the
     * reader follows.
     */
    @Test
    void aLiveTreeAndItsCaptureGiveTheSameDisks() throws Exception {
        Layout l = new Layout(true, true, true, true, "/dev/mapper/rootvg-rootlv", "/dev/mapper/rootvg-rootlv");
        Path live = build("live", l, true);
        RootDeviceFacts fromLive;
        try (Root root = DirectoryRoot.live(live)) {
            fromLive = Collector.collect(root, SystemCalls.recorded(DirectoryRoot.capture("calls", AZURE, List.of()))).rootDevice();
            Path out = tmp.resolve("captured");
            new CaptureWriter(root, SystemCalls.recorded(DirectoryRoot.capture("calls", AZURE, List.of())), "test", "1", 0)
                    .write(Collector.plan(Collector.collect(root, SystemCalls.recorded(DirectoryRoot.capture("calls", AZURE,
                            List.of()))), false), out, "captured", Instant.EPOCH);
            assertTrue(read(out, "kexec-inspect/links").contains("sys/block/dm-2/slaves/sdb1 -> ../../../../"), "slaves recorded");
            assertTrue(read(out, "kexec-inspect/links").contains("dev/mapper/rootvg-rootlv -> ../dm-2"));
            assertEquals(LUKS_NAME + "\n", read(out, "sys/block/dm-0/dm/name"));
            try (Root captured = Captures.open(out, "captured")) {
                RootDeviceFacts fromCapture = Collector.collect(captured, SystemCalls.recorded(captured)).rootDevice();
                assertEquals(fromLive.disks().value(), fromCapture.disks().value());
                assertEquals(fromLive.mapped().value(), fromCapture.mapped().value());
            }
        }
        // the shell collector records the same (dash and busybox where installed, as ShellCollectorTest runs it)
        for (List<String> shell : List.of(List.of("/bin/sh"), List.of("dash"), List.of("busybox", "sh"))) {
            if (!installed(shell.get(0))) {
                continue;
            }
            Path out = tmp.resolve("shell-" + shell.get(0).replace('/', '_'));
            List<String> cmd = new ArrayList<>(shell);
            cmd.addAll(List.of(Inputs.projectDir().resolve("src/main/sh/kexec-inspect-capture").toString(),
                    "--root", live.toString(), "--without-images", "-o", out.toString()));
            Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String said = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, proc.waitFor(), shell + ": " + said);
            assertTrue(read(out, "kexec-inspect/links").contains("sys/block/dm-2/slaves/dm-0 -> ../../dm-0"), shell.toString());
            assertEquals("CRYPT-LUKS2-" + LUKS_UUID.replace("-", "") + "-" + LUKS_NAME + "\n", read(out, "sys/block/dm-0/dm/uuid"));
            try (Root captured = Captures.open(out, "shell")) {
                RootDeviceFacts fromShell = Collector.collect(captured, SystemCalls.recorded(captured)).rootDevice();
                assertEquals(fromLive.disks().value(), fromShell.disks().value(), shell.toString());
                assertEquals(fromLive.mapped().value(), fromShell.mapped().value(), shell.toString());
            }
        }
        assertEquals(List.of("nvme0n1p4", "sdb1"), fromLive.disks().value().stream().map(RootDeviceFacts.Disk::device).toList());
        assertEquals(List.of("dm-2", "dm-0"), fromLive.mapped().value().stream().map(RootDeviceFacts.Mapped::device).toList());
        assertTrue(fromLive.behindHvPci().value());
    }
}
