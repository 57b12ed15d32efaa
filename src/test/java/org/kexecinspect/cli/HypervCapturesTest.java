package org.kexecinspect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kexecinspect.testing.Cli;
import org.kexecinspect.testing.Inputs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code inspect -f json} on the five hand-made Hyper-V captures of native-fixtures/hyperv-captures.
 * Every expected value is read off that folder's README table and make.sh (the inputs the trees were
 * built from) or off the capture's own text files by eye, never off this tool's output: what a
 * reader of the facts must find about the VM, the framebuffer, iomem, kexec-tools and kdump.
 */
class HypervCapturesTest {

    static final Path CAPTURES = Inputs.projectDir().resolve("native-fixtures/hyperv-captures");
    static final long MIB = 1L << 20;

    @TempDir static Path tmp;

    private static final Map<String, JsonNode> RECORDS = new HashMap<>();

    /** The record `inspect -f json` prints for one capture; the run must succeed and say nothing on stderr. */
    static synchronized JsonNode record(String capture) {
        return RECORDS.computeIfAbsent(capture, c -> inspect(CAPTURES.resolve(c)));
    }

    static JsonNode inspect(Path input) {
        Cli.Result r = Cli.run("inspect", "-f", "json", input.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.err());
        JsonNode artifacts = r.json().get("artifacts");
        assertEquals(1, artifacts.size());
        JsonNode rec = artifacts.get(0);
        assertEquals("capture", rec.get("kind").asText(), rec.toString());
        return rec;
    }

    static JsonNode facts(String capture) {
        return record(capture).get("facts");
    }

    // ---- small assertion helpers ---------------------------------------------------------------

    /** A known value: not null and without an "unknown" entry. */
    static JsonNode known(JsonNode group, String key) {
        JsonNode v = group.get(key);
        assertNotNull(v, "the group has " + key + ": " + group);
        assertFalse(v.isNull(), key + " is known: " + group.get("unknown"));
        assertFalse(group.get("unknown").has(key), key + " has no unknown reason: " + group.get("unknown"));
        return v;
    }

    /** An unknown value: null, with a reason that starts with the given "why" label. */
    static void unknown(JsonNode group, String key, String why) {
        assertTrue(group.get(key).isNull(), key + " is null: " + group.get(key));
        String reason = group.get("unknown").path(key).asText("");
        assertTrue(reason.startsWith(why + ": "), key + " is unknown because '" + why + "': " + reason);
        assertTrue(reason.length() > why.length() + 2, key + " says more than the label: " + reason);
    }

    static void region(JsonNode r, long start, long end) {
        assertEquals(start, r.get("start").asLong(), "start of " + r);
        assertEquals(end, r.get("end").asLong(), "end of " + r);
        assertEquals(end - start + 1, r.get("size").asLong(), "size of " + r);
    }

    static void oneCrashKernel(JsonNode iomem, long start, long end) {
        JsonNode ck = known(iomem, "crashKernel");
        assertEquals(1, ck.size(), ck.toString());
        region(ck.get(0), start, end);
        assertEquals("Crash kernel", ck.get(0).get("name").asText());
    }

    static void kexecTools2022(JsonNode f) {
        JsonNode kt = f.get("kexecTools");
        assertEquals("2.0.22", known(kt, "version").asText());
        // kexec/kexec.c: up to v2.0.26 kexec-tools defaults to KEXEC_LOAD (-c; -a from 29fe5067ed07)
        assertEquals("kexec_load", known(kt, "defaultSyscall").asText());
    }

    /**
     * Debian's kdump-config 1:1.8.1 kdump_load() adds -s only when efivars SecureBoot=1 and SetupMode=0
     * (check_secure_boot()) or securelevel reads 1, and these captures' /etc/default/kdump-tools leaves
     * KDUMP_KEXEC_ARGS commented out; with no option kexec-tools 2.0.22 uses KEXEC_LOAD (kexec/kexec.c;
     * Ubuntu 22.04's case: <20260123053909.95584-1-matthew.ruffell@canonical.com>).
     */
    static void kdumpTools(JsonNode f, String loadPath) {
        JsonNode k = f.get("kdumpService");
        assertEquals("kdump-tools", known(k, "flavor").asText());
        assertEquals(true, known(k, "enabled").asBoolean(), "USE_KDUMP=1");
        assertEquals(0, known(k, "kexecArgs").size(), "KDUMP_KEXEC_ARGS is commented out");
        assertEquals(loadPath, known(k, "loadPath").asText(), k.get("reason").asText());
        assertEquals("/var/crash", known(k, "coreDir").asText());
    }

    static void hyperv(JsonNode f, int generation, boolean cvm, boolean syntheticVideo) {
        JsonNode h = f.get("hyperv");
        assertEquals(true, known(h, "guest").asBoolean());
        assertEquals(generation, known(h, "generation").asInt());
        assertEquals(cvm, known(h, "cvm").asBoolean());
        assertEquals(syntheticVideo, known(h, "syntheticVideo").asBoolean());
    }

    static void nvmePassThrough(JsonNode device, String address, int vendor, int deviceId) {
        assertEquals(address, device.get("address").asText());
        assertEquals(vendor, device.get("vendor").asInt(), device.toString());
        assertEquals(deviceId, device.get("device").asInt(), device.toString());
        assertEquals(0x010802, device.get("class").asInt(), "NVMe class code: " + device);
        assertEquals("nvme", device.get("driver").asText());
        assertEquals(true, device.get("nvme").asBoolean());
    }

    /** screen_info of the patched QEMU zero page (README "sys/kernel/boot_params/data" table). */
    static void screenInfo(JsonNode f, int origVideoIsVga, long lfbBase) {
        JsonNode b = f.get("bootScreenInfo");
        JsonNode si = known(b, "screenInfo");
        assertEquals(origVideoIsVga, si.get("origVideoIsVGA").asInt(), si.toString());
        assertEquals(lfbBase, si.get("lfbBase").asLong(), si.toString());
    }

    static void hyperVDrmFramebuffer(JsonNode f) {
        JsonNode fb = f.get("framebuffer");
        assertEquals("hyperv_drmdrmfb", known(fb, "id").asText());
        assertEquals("hyperv_drm", known(fb, "driver").asText());
        // make.sh fb_fix(): smem_start 0, the DRM fbdev helper hides it (FBINFO_HIDE_SMEM_START)
        assertEquals(0, known(fb, "smemStart").asLong());
        assertEquals(true, known(fb, "smemStartHidden").asBoolean());
    }

    static void rootDevice(JsonNode f, String device, boolean nvme, boolean behindHvPci) {
        JsonNode r = f.get("rootDevice");
        assertEquals(device, known(r, "device").asText());
        assertEquals(nvme, known(r, "nvme").asBoolean());
        assertEquals(behindHvPci, known(r, "behindHvPci").asBoolean());
    }

    /** Gen2: iomem holds no PCI root bus window around the VMBus allocations, so neither range is derivable. */
    static void mmioRangesNotDerivable(JsonNode iomem) {
        unknown(iomem, "lowMmio", "not applicable");
        unknown(iomem, "highMmio", "not applicable");
    }

    // ---- the five captures -----------------------------------------------------------------------

    @Test
    void gen2LocalX86() {
        JsonNode f = facts("gen2-local-x86");
        assertEquals("x86_64", f.get("arch").asText());
        assertEquals("6.8.0-52-generic", f.get("kernelRelease").asText());
        JsonNode fw = f.get("firmware");
        assertEquals(true, known(fw, "efi").asBoolean());
        assertEquals(false, known(fw, "secureBoot").asBoolean(), "SecureBoot efivar 0");
        assertEquals("none", known(fw, "lockdown").asText(), "[none] integrity confidentiality");
        hyperv(f, 2, false, true);
        JsonNode pci = known(f.get("hyperv"), "pciPassThrough");
        assertEquals(1, pci.size(), pci.toString());
        nvmePassThrough(pci.get(0), "d7c3:00:00.0", 0x144d, 0xa808);   // Samsung NVMe passed through with DDA
        screenInfo(f, 0x70, 0xf8000000L);
        hyperVDrmFramebuffer(f);
        JsonNode iomem = f.get("iomem");
        region(known(iomem, "framebufferRegion"), 0xf8000000L, 0xf87fffffL);   // hyperv_drm's 8 MiB
        assertEquals("5620e0c7-8062-4dce-aeb7-520c7ef76171", iomem.get("framebufferRegion").get("name").asText());
        oneCrashKernel(iomem, 0x56000000L, 0x5dffffffL);
        mmioRangesNotDerivable(iomem);
        kexecTools2022(f);
        kdumpTools(f, "kexec_load");
        rootDevice(f, "/dev/nvme0n1p1", true, true);
    }

    @Test
    void gen2AzureX86() {
        JsonNode f = facts("gen2-azure-x86");
        assertEquals("x86_64", f.get("arch").asText());
        assertEquals("6.5.0-1025-azure", f.get("kernelRelease").asText());
        JsonNode fw = f.get("firmware");
        assertEquals(true, known(fw, "efi").asBoolean());
        assertEquals(true, known(fw, "secureBoot").asBoolean(), "SecureBoot efivar 1");
        assertEquals("integrity", known(fw, "lockdown").asText());
        hyperv(f, 2, false, true);
        JsonNode pci = known(f.get("hyperv"), "pciPassThrough");
        assertEquals(2, pci.size(), pci.toString());
        nvmePassThrough(pci.get(0), "15c4:00:00.0", 0x1414, 0x00a9);   // Azure remote (OS) NVMe
        nvmePassThrough(pci.get(1), "858c:00:00.0", 0x1414, 0xb111);   // Azure local temp NVMe
        screenInfo(f, 0x70, 0x40000000L);
        hyperVDrmFramebuffer(f);
        JsonNode iomem = f.get("iomem");
        region(known(iomem, "framebufferRegion"), 0x40000000L, 0x407fffffL);
        oneCrashKernel(iomem, 0x36000000L, 0x3dffffffL);
        mmioRangesNotDerivable(iomem);
        kexecTools2022(f);
        kdumpTools(f, "kexec_file_load");
        rootDevice(f, "/dev/nvme0n1p1", true, true);
    }

    @Test
    void gen2LocalArm64() {
        JsonNode f = facts("gen2-local-arm64");
        assertEquals("aarch64", f.get("arch").asText());
        assertEquals("6.8.0-52-generic", f.get("kernelRelease").asText());
        JsonNode fw = f.get("firmware");
        assertEquals(true, known(fw, "efi").asBoolean());
        assertEquals(false, known(fw, "secureBoot").asBoolean());
        assertEquals("none", known(fw, "lockdown").asText());
        assertEquals(false, known(fw, "efiRuntimeMap").asBoolean(), "runtime-map is x86 only");
        hyperv(f, 2, false, true);
        assertEquals(0, known(f.get("hyperv"), "pciPassThrough").size());
        // arm64 kernels have no boot_params: screen_info is not a question there
        unknown(f.get("bootScreenInfo"), "screenInfo", "not applicable");
        hyperVDrmFramebuffer(f);
        JsonNode iomem = f.get("iomem");
        region(known(iomem, "framebufferRegion"), 0xe0000000L, 0xe07fffffL);
        oneCrashKernel(iomem, 0x9f600000L, 0xbf5fffffL);
        assertEquals(512 * MIB, iomem.get("crashKernel").get(0).get("size").asLong(), "crashkernel=512M");
        mmioRangesNotDerivable(iomem);
        kexecTools2022(f);
        kdumpTools(f, "kexec_load");
        rootDevice(f, "/dev/sda2", false, false);
    }

    @Test
    void gen2AzureCvmX86() {
        JsonNode f = facts("gen2-azure-cvm-x86");
        assertEquals("x86_64", f.get("arch").asText());
        assertEquals("6.5.0-1025-azure", f.get("kernelRelease").asText());
        JsonNode fw = f.get("firmware");
        assertEquals(true, known(fw, "efi").asBoolean());
        assertEquals(true, known(fw, "secureBoot").asBoolean());
        assertEquals("integrity", known(fw, "lockdown").asText());
        hyperv(f, 2, true, false);   // sev_snp in cpuinfo; no synthetic video device
        assertEquals(0, known(f.get("hyperv"), "pciPassThrough").size());
        screenInfo(f, 0, 0);          // no GOP: the EFI stub left screen_info zero
        JsonNode fb = f.get("framebuffer");
        for (String key : List.of("id", "smemStart", "smemStartHidden")) {
            unknown(fb, key, "absent");   // fb0.fix / fb0.var: notRead absent
        }
        JsonNode iomem = f.get("iomem");
        unknown(iomem, "framebufferRegion", "absent");
        oneCrashKernel(iomem, 0xb7000000L, 0xbeffffffL);
        assertTrue(iomem.get("lowMmio").isNull());
        kexecTools2022(f);
        kdumpTools(f, "kexec_file_load");
        rootDevice(f, "/dev/sda1", false, false);
    }

    /**
     * A CVM has no /dev/fb0 (fb0.fix listed absent), so the driver behind fix.id is as absent as the
     * id itself; FramebufferFacts.read() reports "not applicable: fix.id '' names no known driver"
     * instead, an id the capture never held.
     */
    @Test
    void gen2AzureCvmFramebufferDriverIsAbsentLikeTheId() {
        unknown(facts("gen2-azure-cvm-x86").get("framebuffer"), "driver", "absent");
    }

    @Test
    void gen1LocalX86() throws IOException {
        JsonNode f = facts("gen1-local-x86");
        assertEquals("x86_64", f.get("arch").asText());
        assertEquals("6.8.0-52-generic", f.get("kernelRelease").asText());
        JsonNode fw = f.get("firmware");
        // sys/firmware exists (kexec-inspect/dirs) but sys/firmware/efi does not: a BIOS boot
        assertTrue(Files.readAllLines(CAPTURES.resolve("gen1-local-x86/kexec-inspect/dirs")).contains("sys/firmware"));
        assertFalse(Files.exists(CAPTURES.resolve("gen1-local-x86/sys/firmware")));
        assertEquals(false, known(fw, "efi").asBoolean());
        unknown(fw, "secureBoot", "not applicable");
        assertEquals("none", known(fw, "lockdown").asText());
        hyperv(f, 1, false, true);
        // the emulated chipset and the 1414:5353 video sit on PCI 0000:00, not behind hv_pci
        assertEquals(0, known(f.get("hyperv"), "pciPassThrough").size());
        screenInfo(f, 0x01, 0);      // VGA text, lfb_base 0
        hyperVDrmFramebuffer(f);
        JsonNode iomem = f.get("iomem");
        // the real iomem: hyperv_drm moved high, "fe0000000-fe7ffffff : 5620e0c7-..." (128 MiB)
        region(known(iomem, "framebufferRegion"), 0xfe0000000L, 0xfe7ffffffL);
        assertEquals(128 * MIB, iomem.get("framebufferRegion").get("size").asLong());
        oneCrashKernel(iomem, 0xd7000000L, 0xf6ffffffL);
        // "f8000000-fffbffff : PCI Bus 0000:00" cut below the vTPM at 0xfed40000 (vmbus_walk_resources()),
        // and "fe0000000-fffffffff : PCI Bus 0000:00"
        String text = Files.readString(CAPTURES.resolve("gen1-local-x86/proc/iomem"));
        assertTrue(text.contains("\nf8000000-fffbffff : PCI Bus 0000:00\n"), "the PCI root window read by eye");
        region(known(iomem, "lowMmio"), 0xf8000000L, 0xfed3ffffL);
        assertTrue(text.contains("\nfe0000000-fffffffff : PCI Bus 0000:00\n"));
        region(known(iomem, "highMmio"), 0xfe0000000L, 0xfffffffffL);
        kexecTools2022(f);
        kdumpTools(f, "kexec_load");
        rootDevice(f, "/dev/sda1", false, false);
    }

    // ---- the same capture as an archive, and the source contract --------------------------------

    /** The capture as kexec-inspect-capture would pack it: one leading directory, then the tree. */
    static Path targz(String capture, Path out) throws IOException {
        try (OutputStream fos = Files.newOutputStream(out);
             GzipCompressorOutputStream gz = new GzipCompressorOutputStream(fos);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            writeTree(tar, capture, "kexec-inspect-capture-" + capture + "/");
        }
        return out;
    }

    /** Every directory and file of a capture, below {@code top} (which ends in '/'). */
    static void writeTree(TarArchiveOutputStream tar, String capture, String top) throws IOException {
        Path dir = CAPTURES.resolve(capture);
        List<Path> paths;
        try (Stream<Path> s = Files.walk(dir)) {
            paths = s.sorted().toList();
        }
        for (Path p : paths) {
            String rel = dir.relativize(p).toString();
            String name = rel.isEmpty() ? top : top + rel + (Files.isDirectory(p) ? "/" : "");
            TarArchiveEntry e = new TarArchiveEntry(name, true);
            if (Files.isRegularFile(p)) {
                e.setSize(Files.size(p));
                tar.putArchiveEntry(e);
                Files.copy(p, tar);
            } else {
                tar.putArchiveEntry(e);
            }
            tar.closeArchiveEntry();
        }
    }

    /** A copy without the "source" maps, whose text names the capture's path. */
    static JsonNode withoutSources(JsonNode n) {
        JsonNode copy = n.deepCopy();
        strip(copy);
        return copy;
    }

    private static void strip(JsonNode n) {
        if (n instanceof ObjectNode o) {
            o.remove("source");
            for (Iterator<JsonNode> it = o.elements(); it.hasNext(); ) {
                strip(it.next());
            }
        } else if (n.isArray()) {
            n.forEach(HypervCapturesTest::strip);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gen2-local-x86", "gen2-azure-x86", "gen2-local-arm64", "gen2-azure-cvm-x86", "gen1-local-x86"})
    void theCapturePackedAsTarGzGivesTheSameFacts(String capture) throws IOException {
        Path archive = targz(capture, tmp.resolve(capture + ".tar.gz"));
        JsonNode packed = inspect(archive);
        assertFalse(packed.has("notes"), "nothing skipped: " + packed.get("notes"));
        JsonNode direct = record(capture);
        assertEquals(withoutSources(direct.get("facts")), withoutSources(packed.get("facts")));
        assertEquals(direct.get("capture"), packed.get("capture"), "the manifest reads the same");
        // the sources of the archive name the archive, with the same relative paths
        String dirSource = direct.get("facts").get("iomem").get("source").get("crashKernel").asText();
        String tarSource = packed.get("facts").get("iomem").get("source").get("crashKernel").asText();
        assertEquals(CAPTURES.resolve(capture) + ":proc/iomem", dirSource);
        assertEquals(archive + ":proc/iomem", tarSource);
    }

    /**
     * Every fact object (an object with "source" and "unknown") names a source for each of its value
     * keys; each null value says why in "unknown", and "unknown" speaks only of null values. Not fact
     * values of their own: a nested fact object (which carries its own sources) and framebuffer.device,
     * the constant "/dev/fb0" (FactGroup.plain).
     */
    @ParameterizedTest
    @ValueSource(strings = {"gen2-local-x86", "gen2-azure-x86", "gen2-local-arm64", "gen2-azure-cvm-x86", "gen1-local-x86"})
    void everyFactValueHasASourceAndEveryNullAReason(String capture) {
        JsonNode f = facts(capture);
        List<String> groups = new ArrayList<>();
        checkFactObjects(f, "facts", groups);
        for (String g : List.of("facts.machine", "facts.firmware", "facts.hyperv", "facts.bootScreenInfo",
                "facts.framebuffer", "facts.iomem", "facts.modules.hyperv_drm", "facts.kexecTools",
                "facts.kdumpService", "facts.kdumpKernel", "facts.kdumpKernel.initramfs", "facts.rootDevice")) {
            assertTrue(groups.contains(g), g + " is a fact object: " + groups);
        }
    }

    private static void checkFactObjects(JsonNode n, String where, List<String> groups) {
        if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                checkFactObjects(n.get(i), where + "[" + i + "]", groups);
            }
            return;
        }
        if (!n.isObject()) {
            return;
        }
        boolean factObject = n.has("source") && n.has("unknown");
        if (factObject) {
            groups.add(where);
            JsonNode source = n.get("source");
            JsonNode unknown = n.get("unknown");
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = e.getKey();
                JsonNode v = e.getValue();
                if (key.equals("source") || key.equals("unknown")) {
                    continue;
                }
                boolean nestedFactObject = v.isObject() && v.has("source") && v.has("unknown");
                boolean constant = where.equals("facts.framebuffer") && key.equals("device");
                if (!nestedFactObject && !constant) {
                    assertTrue(source.path(key).isTextual() && !source.get(key).asText().isBlank(),
                            where + "." + key + " has a source: " + source);
                }
                if (v.isNull()) {
                    assertTrue(unknown.path(key).isTextual() && !unknown.get(key).asText().isBlank(),
                            where + "." + key + " is null and says why: " + unknown);
                }
            }
            for (Iterator<String> it = unknown.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                assertTrue(n.has(key) && n.get(key).isNull(), where + ": unknown." + key + " belongs to a null value");
            }
            for (Iterator<String> it = source.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                assertTrue(n.has(key), where + ": source." + key + " belongs to a value");
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!(factObject && (e.getKey().equals("source") || e.getKey().equals("unknown")))) {
                checkFactObjects(e.getValue(), where + "." + e.getKey(), groups);
            }
        }
    }
}
