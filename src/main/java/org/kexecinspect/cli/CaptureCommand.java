package org.kexecinspect.cli;

import static org.kexecinspect.cli.HelpSections.example;
import static org.kexecinspect.cli.HelpSections.file;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;

import org.kexecinspect.cli.render.JsonPrinter;
import org.kexecinspect.cli.render.Node;
import org.kexecinspect.cli.render.TextPrinter;
import org.kexecinspect.facts.CaptureManifest;
import org.kexecinspect.facts.CaptureWriter;
import org.kexecinspect.facts.Collector;
import org.kexecinspect.facts.DirectoryRoot;
import org.kexecinspect.facts.Root;
import org.kexecinspect.facts.SystemCalls;
import org.kexecinspect.facts.SystemFacts;
import org.kexecinspect.live.Identity;
import org.kexecinspect.live.LiveCalls;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code capture -o FILE}: copy what the prediction needs from this system into a capture. */
@Command(name = "capture",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        header = "Save the facts of this system into a capture that inspect, predict and diagnose --root read back.",
        description = {
            "Reads this system, never writing to /dev, /sys, /proc or /etc, and writes a capture: the files "
                    + "the prediction needs copied under their real paths (/proc/iomem, /proc/cmdline, "
                    + "/sys/kernel/boot_params, /sys/firmware/efi, the VMBus and PCI devices, the kdump "
                    + "configuration, modprobe.d, modules.builtin, the kdump kernel and initramfs...) and, in "
                    + "kexec-inspect/, what needed a system call or a command: the raw FBIOGET_FSCREENINFO and "
                    + "FBIOGET_VSCREENINFO structs of /dev/fb0, `uname -a`, `kexec --version`, `fbset -i`, "
                    + "the symbolic links it resolved, and manifest.json saying what was read and what could "
                    + "not be and why.",
            "",
            "A capture (format 1) is a directory tree, or a tar archive of one (plain, gzip, xz or zstd; one "
                    + "leading directory allowed, as in sosreports), mirroring the system's paths; FILES below "
                    + "and README give the layout.",
            "",
            "Works without root: what only root can read (e.g. /proc/iomem addresses) is recorded as such. "
                    + "Symbolic links are never stored as links and never followed outside the paths copied; "
                    + "each file has a size cap (1 MiB, 256 MiB for kernel images and initramfs files).",
            "",
            "The shell collector kexec-inspect-capture writes the same layout on machines without Java.",
            ""},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:The capture was written (facts that could not be read are listed in its manifest).",
            "2:Usage error.",
            "3:The capture could not be written (the output exists, or a write failed); nothing is left behind.",
            "70:Internal error."})
public final class CaptureCommand implements Callable<Integer>, HelpSections.Documented {

    /** The FILES and EXAMPLES of this command's help and man page. */
    static final HelpSections HELP_SECTIONS = new HelpSections(
            /* files */ List.of(
                    file("proc/{cmdline,cpuinfo,iomem,modules,fb,mounts,version}, proc/sys/kernel/{osrelease,kexec_load_disabled}",
                            "Copied."),
                    file("sys/kernel/boot_params/{data,version,setup_data/N/{type,data}}, sys/kernel/kexec_*, sys/kernel/security/{lockdown,securelevel}",
                            "Copied."),
                    file("sys/firmware/efi/{fw_platform_size,systab,runtime-map/N/*}, efivars SecureBoot-* and SetupMode-*",
                            "Copied."),
                    file("sys/class/graphics/fbN/{name,modes,virtual_size,bits_per_pixel,stride}", "Copied."),
                    file("sys/bus/vmbus/devices/ID/{class_id,device_id}, sys/bus/pci/devices/ADDR/{vendor,device,class}, sys/block/DEV/dev",
                            "Copied."),
                    file("sys/block/dm-N/dm/{name,uuid}",
                            "Copied: device-mapper's name and uuid, to follow a root on LVM or LUKS to its disks."),
                    file("etc/default/kdump-tools, etc/sysconfig/kdump, etc/kdump.conf, {etc,run,usr/lib,lib}/modprobe.d/*.conf, etc/os-release, usr/lib/os-release, etc/machine-id",
                            "Copied."),
                    file("lib/modules/REL/modules.builtin, lib/modules/REL/kernel/drivers/hv/hv_vmbus.ko[.xz|.zst|.gz], boot/config-REL",
                            "Copied, for the running and the kdump kernel's release."),
                    file("usr/lib/modules/REL/config, lib/modules/REL/config, proc/config.gz",
                            "Copied: the config where 7.x packages put it (Debian unstable, Fedora, RHEL: nothing under /boot), for the running and the kdump kernel's release, and the running kernel's own (CONFIG_IKCONFIG_PROC)."),
                    file("the kdump kernel and initramfs under their configured paths, KDUMP_COREDIR/kexec_cmd",
                            "Copied (not with --without-images)."),
                    file("usr/lib/modules/REL/vmlinuz",
                            "The kdump kernel when kdump-tools names none and /boot has no vmlinuz-REL (the 7.x layout); copied (not with --without-images)."),
                    file("kexec-inspect/manifest.json",
                            "{format, collector {name, version}, time, uid, read [...], notRead [{path, reason}]}; reasons: absent, not permitted, too large, not collected: TEXT, error: TEXT."),
                    file("kexec-inspect/uname, kexec-inspect/kexec-version, kexec-inspect/fbset-i.txt",
                            "The output of uname -a, kexec --version and fbset -i."),
                    file("kexec-inspect/fb0.fix, kexec-inspect/fb0.var",
                            "The raw FBIOGET_FSCREENINFO (80 bytes LP64, 68 ILP32) and FBIOGET_VSCREENINFO (160 bytes) structs of /dev/fb0."),
                    file("kexec-inspect/links",
                            "\"PATH -> TARGET\" per symbolic link resolved (sysfs device links, /var/lib/kdump links; "
                            + "sys/block/DEV/slaves/*, dev/mapper/*, dev/disk/by-{uuid,label,partuuid,partlabel}/* for a root on "
                            + "device-mapper or md)."),
                    file("kexec-inspect/dirs",
                            "The marker directories that exist (sys/firmware, sys/firmware/efi, .../runtime-map, sys/bus, sys/bus/vmbus).")),
            /* examples */ List.of(
                    example("On the VM: read-only, no root needed", "kexec-inspect capture -o vm.tar.gz"),
                    example("A directory, without the kdump kernel and initramfs",
                            "kexec-inspect capture --without-images -o vm-facts"),
                    example("Anywhere: the same facts as live", "kexec-inspect inspect --format json vm.tar.gz")));

    @Override public HelpSections helpSections() { return HELP_SECTIONS; }

    @Spec CommandSpec spec;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE|DIR",
            description = "Where to write: FILE.tar.gz (or .tgz, .tar) for an archive, any other name for a "
                    + "directory. Must not exist. Default: ./kexec-inspect-capture-HOST-TIME.tar.gz.")
    Path output;

    @Option(names = "--without-images",
            description = "Leave out the kdump kernel and initramfs (tens of MiB); their facts are then "
                    + "unknown when the capture is read elsewhere.")
    boolean withoutImages;

    @Mixin OutputFormat format;

    @Override public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Instant now = Instant.now();
        Identity me = Identity.ofThisProcess();
        String top = "kexec-inspect-capture-" + me.hostname() + "-"
                + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(now);
        Path out0 = output != null ? output : Path.of(top + ".tar.gz");
        try (Root root = DirectoryRoot.live(Path.of("/"))) {
            SystemCalls calls = new LiveCalls();
            SystemFacts facts = Collector.collect(root, calls);
            CaptureWriter.Plan plan = Collector.plan(facts, !withoutImages);
            CaptureWriter.Result r = new CaptureWriter(root, calls, "kexec-inspect", VersionProvider.version(), me.uid())
                    .write(plan, out0, top, now);
            Node.Obj rec = new Node.Obj().put("path", r.output().toString())
                    .put("filesRead", Node.dec(r.filesRead()))
                    .put("notRead", notRead(r.notRead()));
            switch (format.format()) {
                case json -> JsonPrinter.document(out, "captures", List.of(rec));
                case jsonl -> JsonPrinter.lines(out, List.of(rec));
                default -> new TextPrinter(out).record("wrote " + r.output() + ": " + r.filesRead() + " files", rec);
            }
            out.flush();
            return ExitCodes.OK;
        } catch (IOException e) {
            err.println(Errors.PREFIX + out0 + ": cannot write the capture: " + e.getMessage());
            err.flush();
            return ExitCodes.BAD_INPUT;
        }
    }

    private static Node.Arr notRead(List<CaptureManifest.NotRead> list) {
        List<Node> items = new java.util.ArrayList<>();
        for (CaptureManifest.NotRead n : list) {
            items.add(new Node.Obj().put("path", n.path()).put("reason", n.reason()));
        }
        return new Node.Arr(items);
    }
}
