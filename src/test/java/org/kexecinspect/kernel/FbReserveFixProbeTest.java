package org.kexecinspect.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kexecinspect.format.ByteSource;
import org.kexecinspect.format.Compression;
import org.kexecinspect.format.FormatException;
import org.kexecinspect.kernel.FbReserveFixProbe.Evidence;
import org.kexecinspect.kernel.FbReserveFixProbe.Result;
import org.kexecinspect.testing.DebianInitramfs;
import org.kexecinspect.testing.KernelPayloads;

/**
 * Real hv_vmbus.ko files from Debian's packages on both sides of the fix, as apt lists them now
 * (DebianInitramfs.listedVersion; when written: bookworm's point release 6.1.176-1 before it and the
 * security update 6.1.192-3 after it; the fix reached 6.1.y in 6.1.177,
 * per kernel.org's linux-6.1.y push of 2026-07-04, commit 49075fe7e21d just before "Linux 6.1.177",
 * and Debian's changelog, which lists it under ChangeLog-6.1.177), for amd64 and arm64, plain and compressed by the real xz, zstd and gzip
 * the way kmod's module compression does. The expected verdicts come from those package versions,
 * the expected offsets from the files' own bytes.
 */
class FbReserveFixProbeTest {

    static final String HV_VMBUS = "drivers/hv/hv_vmbus.ko";

    static Path module(String flavour, String version, String kernelPath) {
        return DebianInitramfs.module(DebianInitramfs.modules(flavour, version), kernelPath);
    }

    static byte[] bytes(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Every piece of evidence is the string it names, at the offset it gives. */
    static void assertEvidence(byte[] scanned, List<Evidence> evidence) {
        for (Evidence e : evidence) {
            byte[] s = e.string().getBytes(StandardCharsets.US_ASCII);
            assertTrue(e.offset() >= 0 && e.offset() + s.length <= scanned.length, e.toString());
            assertEquals(e.string(), new String(scanned, (int) e.offset(), s.length, StandardCharsets.US_ASCII));
        }
    }

    @ParameterizedTest(name = "{0} with the fix: {1}")
    @CsvSource({
            "amd64, true, PRESENT",
            "arm64, true, PRESENT",
            "amd64, false, ABSENT",
            "arm64, false, ABSENT"})
    void debianHvVmbusCarriesTheFixFrom6_1_177On(String flavour, boolean withFix, String expected)
            throws FormatException {
        String version = DebianInitramfs.listedVersion(flavour, withFix);
        Path dir = DebianInitramfs.modules(flavour, version);
        assertEquals(version, DebianInitramfs.text(dir.resolve("version")));
        Path ko = DebianInitramfs.module(dir, HV_VMBUS);
        byte[] b = bytes(ko);
        Result r = FbReserveFixProbe.scanModule(ByteSource.of(ko.toString(), b));
        assertEquals(withFix, r.fixStringNames().contains(FbReserveFixProbe.LOW_MMIO_WARNING), r.toString());
        assertTrue(r.holdsVmbusDriver(), "both markers: " + r.markers());
        assertEquals(Compression.NONE, r.compression());
        assertEquals(b.length, r.scannedBytes());
        assertEquals(withFix ? 3 : 0, r.fixStrings().size(), r.fixStrings().toString());
        assertEquals(2, r.markers().size(), "every hv_vmbus has the prefix and fb_range: " + r.markers());
        assertEvidence(b, r.fixStrings());
        assertEvidence(b, r.markers());
        if (withFix) {
            // the final form of the message, as merged and backported, not the 0x%pa of earlier revisions
            int at = (int) r.fixStrings().get(0).offset();
            assertEquals("Unexpected low mmio base %pa\n",
                    new String(b, at, "Unexpected low mmio base %pa\n".length(), StandardCharsets.US_ASCII));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"xz, xz --check=crc32 --lzma2=dict=1MiB -c", "zstd, zstd -q -c", "gzip, gzip -9 -n -c"})
    void compressedModulesGiveTheSameAnswerAtTheSameOffsets(String format, String command) throws IOException,
            FormatException {
        for (String version : new String[] {DebianInitramfs.listedVersion("amd64", true),
                DebianInitramfs.listedVersion("amd64", false)}) {
            Path ko = module("amd64", version, HV_VMBUS);
            Path compressed = Files.createTempFile("hv_vmbus", ".ko." + format);
            try {
                String[] argv = (command + " " + ko).split(" ");
                Files.write(compressed, run(argv));
                Result plain = FbReserveFixProbe.scanModule(ByteSource.of(ko.toString(), bytes(ko)));
                Result packed = FbReserveFixProbe.scanModule(ByteSource.of(compressed.toString(), bytes(compressed)));
                assertEquals(Compression.valueOf(format.toUpperCase(java.util.Locale.ROOT)), packed.compression());
                assertEquals(plain.fixStrings(), packed.fixStrings());
                assertEquals(plain.markers(), packed.markers());
                assertEquals(plain.scannedBytes(), packed.scannedBytes());
            } finally {
                Files.delete(compressed);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"drivers/nvme/host/nvme.ko", "drivers/gpu/drm/hyperv/hyperv_drm.ko",
            "drivers/pci/controller/pci-hyperv.ko"})
    void otherModulesHoldNoVmbusDriver(String kernelPath) throws FormatException {
        Path ko = module("amd64", null, kernelPath);
        Result r = FbReserveFixProbe.scanModule(ByteSource.of(ko.toString(), bytes(ko)));
        assertFalse(r.holdsVmbusDriver(), r.toString());
        assertEquals(List.of(), r.fixStrings());
    }

    @Test
    void aKernelWhoseHvVmbusIsAModuleHoldsNoVmbusDriver() throws IOException, FormatException {
        // Debian builds CONFIG_HYPERV=m: its vmlinux has no VMBus driver code
        try (InputStream in = Files.newInputStream(KernelPayloads.vmlinux())) {
            Result r = FbReserveFixProbe.scanDecompressed("vmlinux", in, 1L << 30);
            assertFalse(r.holdsVmbusDriver(), r.toString());
            assertEquals(List.of(), r.fixStrings());
            assertEquals(Files.size(KernelPayloads.vmlinux()), r.scannedBytes());
        }
    }

    @Test
    void aKernelWithHvVmbusBuiltInIsReadThroughTheWholeStream() throws IOException, FormatException {
        // Constructed: no reachable Debian kernel builds hv_vmbus in, so the real module's bytes are
        // appended to the real Debian vmlinux, where a built-in driver's strings would be.
        Path vmlinux = KernelPayloads.vmlinux();
        byte[] ko = bytes(module("arm64", DebianInitramfs.listedVersion("arm64", true), HV_VMBUS));
        long base = Files.size(vmlinux);
        try (InputStream in = new SequenceInputStream(Files.newInputStream(vmlinux), new ByteArrayInputStream(ko))) {
            Result r = FbReserveFixProbe.scanDecompressed("vmlinux+hv_vmbus (constructed)", in, 1L << 30);
            Result alone = FbReserveFixProbe.scanModule("hv_vmbus.ko", ko);
            assertEquals(FbReserveFixProbe.FIX_STRINGS, r.fixStringNames());
            assertTrue(r.holdsVmbusDriver());
            for (int i = 0; i < alone.fixStrings().size(); i++) {
                assertEquals(base + alone.fixStrings().get(i).offset(), r.fixStrings().get(i).offset());
            }
        }
    }

    @Test
    void someButNotTheFallbacksWarningIsReportedAsFound() throws FormatException {
        // constructed: a module-like blob with the markers and only the info line, as a reworded backport might be
        byte[] blob = ("\u007fELF....\u00016hv_vmbus: registering driver %s\0fb_range\0"
                + "\u00016hv_vmbus: hv_mmio=%pR,%pR fb=%pR\n\0").getBytes(StandardCharsets.ISO_8859_1);
        Result r = FbReserveFixProbe.scanModule("constructed.ko", blob);
        assertEquals(List.of(FbReserveFixProbe.RESERVATION_INFO), r.fixStringNames());
        assertTrue(r.holdsVmbusDriver());
    }

    @Test
    void somethingThatIsNoModuleIsRefused() throws IOException {
        byte[] bzip2 = "BZh91AY&SY".getBytes(StandardCharsets.US_ASCII);
        FormatException e = assertThrows(FormatException.class, () -> FbReserveFixProbe.scanModule("x.ko", bzip2));
        assertTrue(e.reason().contains("not a kernel module"), e.getMessage());
        Path ko = module("amd64", null, HV_VMBUS);
        byte[] xz = run(("xz --check=crc32 -c " + ko).split(" "));
        FormatException cut = assertThrows(FormatException.class,
                () -> FbReserveFixProbe.scanModule("cut.ko.xz", Arrays.copyOf(xz, xz.length / 2)));
        assertTrue(cut.getMessage().startsWith("cut.ko.xz: "), cut.getMessage());
        assertTrue(cut.reason().startsWith("xz module: "), cut.getMessage());
    }

    /** A tool's binary stdout. */
    static byte[] run(String... argv) {
        try {
            Path out = Files.createTempFile("probe", ".out");
            try {
                Process p = new ProcessBuilder(argv).redirectOutput(out.toFile())
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                assertEquals(0, p.waitFor(), String.join(" ", argv));
                return Files.readAllBytes(out);
            } finally {
                Files.delete(out);
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
