package org.kexecinspect.format.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kexecinspect.testing.LogTexts.console;
import static org.kexecinspect.testing.LogTexts.journal;
import static org.kexecinspect.testing.LogTexts.lines;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The first observation lines of each boot, on the two real QEMU consoles and the real Hyper-V
 * journal: the line each sign should come from is found here by plain text search of the file,
 * not taken from the reader.
 */
class BootSignsTest {

    /** The first line number in [from, to] holding {@code s}, or -1. */
    private static long firstIn(List<String> text, long from, long to, String s) {
        for (long n = from; n <= to && n <= text.size(); n++) {
            if (text.get((int) n - 1).contains(s)) {
                return n;
            }
        }
        return -1;
    }

    private static long line(Optional<BootSigns.Sign> s) {
        return s.map(BootSigns.Sign::line).orElse(-1L);
    }

    private static KernelLog read(byte[] bytes) throws Exception {
        return KernelLog.read("test.log", new ByteArrayInputStream(bytes), LogLimits.DEFAULT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"d13-bochs-c.log", "sid-efifb-s.log"})
    void aRealConsoleShowsEachBootsBannerEfiSecureBootAndX86Lines(String name) throws Exception {
        byte[] bytes = Files.readAllBytes(console(name));
        List<String> text = lines(new String(bytes, StandardCharsets.ISO_8859_1));
        KernelLog log = read(bytes);
        assertEquals(2, log.boots().size());
        for (Boot b : log.boots()) {
            long from = b.firstLine();
            long to = b.lastLine();
            BootSigns s = b.signs();
            assertEquals(firstIn(text, from, to, "] Linux version "), line(s.first(SignKind.BANNER)));
            assertEquals(firstIn(text, from, to, "] Command line: "), line(s.first(SignKind.COMMAND_LINE)));
            assertEquals(b.commandLine().orElseThrow(), s.first(SignKind.COMMAND_LINE).orElseThrow().value());
            assertEquals(firstIn(text, from, to, "] efi: EFI v"), line(s.first(SignKind.EFI)));
            long sb = firstIn(text, from, to, "] secureboot: Secure boot ");
            assertEquals(sb, line(s.first(SignKind.SECURE_BOOT)));
            String said = text.get((int) sb - 1).replace("\r", "");
            String state = said.substring(said.indexOf("Secure boot ") + "Secure boot ".length());
            assertTrue(state.startsWith(s.first(SignKind.SECURE_BOOT).orElseThrow().value()), state);
            // x86's own early lines: e820's table comes before the FPU's features in both kernels
            long e820 = firstIn(text, from, to, "] BIOS-e820: ");
            long fpu = firstIn(text, from, to, "] x86/fpu: ");
            assertTrue(e820 > 0 && fpu > e820);
            assertEquals(e820, line(s.first(SignKind.X86)));
            assertEquals(firstIn(text, from, to, "]   DMA32    [mem "), line(s.first(SignKind.ZONE_DMA32)));
            assertTrue(s.first(SignKind.ZONE_DMA32).isPresent());
            // QEMU: no Hyper-V line, no hv_vmbus, no arm64 boot line
            assertEquals(-1, firstIn(text, from, to, "Hyper-V"));
            for (SignKind k : List.of(SignKind.HYPERVISOR, SignKind.HYPERV_PLATFORM, SignKind.HV_VMBUS, SignKind.HV_PCI,
                    SignKind.HYPERV_FB, SignKind.HYPERV_DRM, SignKind.SYNTHETIC_VIDEO, SignKind.ARM64,
                    SignKind.FIX_LOW_MMIO_WARNING, SignKind.FIX_ZERO_BASE_WARNING, SignKind.FIX_RESERVATION_INFO)) {
                assertTrue(s.first(k).isEmpty(), k + " in " + name);
            }
            assertTrue(s.hvPciBridges().isEmpty());
            assertTrue(s.nvmeFunctions().isEmpty());
        }
        // the first kernel says "disabled"; d13's kdump kernel "could not be determined (mode 0)"
        assertEquals("disabled", log.boots().get(0).signs().first(SignKind.SECURE_BOOT).orElseThrow().value());
    }

    @Test
    void theRealHyperVJournalShowsTheHypervisorVmbusAndHypervFb() throws Exception {
        byte[] bytes = Files.readAllBytes(journal());
        List<String> text = lines(new String(bytes, StandardCharsets.ISO_8859_1));
        Boot b = read(bytes).boots().get(0);
        BootSigns s = b.signs();
        long end = text.size();
        long hv = firstIn(text, 1, end, "kernel: Hypervisor detected: ");
        assertEquals(hv, line(s.first(SignKind.HYPERVISOR)));
        assertEquals("Microsoft Hyper-V", s.first(SignKind.HYPERVISOR).orElseThrow().value());
        assertEquals(firstIn(text, 1, end, "kernel: Hyper-V: "), line(s.first(SignKind.HYPERV_PLATFORM)));
        assertEquals(firstIn(text, 1, end, "kernel: hv_vmbus: "), line(s.first(SignKind.HV_VMBUS)));
        assertEquals(firstIn(text, 1, end, "kernel: hyperv_fb: "), line(s.first(SignKind.HYPERV_FB)));
        long synthvid = firstIn(text, 1, end, "kernel: hyperv_fb: Synthvid Version");
        assertTrue(synthvid > 0);
        assertEquals(synthvid, line(s.first(SignKind.SYNTHETIC_VIDEO)));
        assertEquals("hyperv_fb", s.first(SignKind.SYNTHETIC_VIDEO).orElseThrow().value());
        // a 5.13 kernel: setup_arch()'s line without the distributions' "secureboot: " prefix
        assertEquals(firstIn(text, 1, end, "kernel: Secure boot disabled"), line(s.first(SignKind.SECURE_BOOT)));
        assertEquals("disabled", s.first(SignKind.SECURE_BOOT).orElseThrow().value());
        assertEquals(firstIn(text, 1, end, "kernel: efi: EFI v"), line(s.first(SignKind.EFI)));
        assertEquals(firstIn(text, 1, end, "kernel:   DMA32    [mem "), line(s.first(SignKind.ZONE_DMA32)));
        // no hv_pci at all (the README: "No hv_pci, no kdump")
        assertEquals(-1, firstIn(text, 1, end, "hv_pci"));
        assertTrue(s.first(SignKind.HV_PCI).isEmpty());
        assertTrue(s.first(SignKind.HYPERV_DRM).isEmpty());
    }

    /** The pre-filter's contract: every line a sign was taken from holds one of {@link SignCollector#WORDS}. */
    @Test
    void everySignLineHoldsOneOfTheWords() throws Exception {
        int signs = 0;
        for (Path p : List.of(console("d13-bochs-c.log"), console("sid-efifb-s.log"), journal())) {
            byte[] bytes = Files.readAllBytes(p);
            List<String> text = lines(new String(bytes, StandardCharsets.ISO_8859_1));
            for (Boot b : read(bytes).boots()) {
                List<BootSigns.Sign> all = new ArrayList<>(b.signs().first().values());
                all.addAll(b.signs().hvPciBridges());
                all.addAll(b.signs().nvmeFunctions());
                for (BootSigns.Sign s : all) {
                    String raw = text.get((int) s.line() - 1);
                    assertTrue(SignCollector.WORDS.stream().anyMatch(raw::contains), p + ":" + s.line() + " " + raw);
                    signs++;
                }
            }
        }
        assertTrue(signs > 20, "signs seen: " + signs);
    }

    /**
     * hv_pci's host bridge and nvme's function lines in their kernel wording (drivers/pci/probe.c
     * pci_register_host_bridge() through dev_info() of pci-hyperv's VMBus device, drivers/nvme/host/pci.c
     * "pci function %s"), as a public Hyper-V dmesg prints them; more than the cap are not kept.
     */
    @Test
    void hvPciBridgesAndNvmeFunctionsAreKeptUpToTheCap() throws Exception {
        StringBuilder log = new StringBuilder("[    0.000000] Linux version 6.8.0-1015-azure (buildd@lcy02-amd64-050) #17-Ubuntu SMP\n");
        for (int i = 0; i < BootSigns.MAX_LISTED + 5; i++) {
            String bus = String.format("%04x:00", 0x1000 + i);
            log.append(String.format("[    4.%06d] hv_pci 3f01c7d9-220a-4acf-9c25-8f4522f8%04x: PCI host bridge to bus %s\n", i, i, bus));
            log.append(String.format("[    4.%06d] nvme nvme%d: pci function %s:00.0\n", i, i, bus));
        }
        Boot b = KernelLog.read("built.log", log.toString(), LogLimits.DEFAULT).boots().get(0);
        assertEquals(BootSigns.MAX_LISTED, b.signs().hvPciBridges().size());
        assertEquals(BootSigns.MAX_LISTED, b.signs().nvmeFunctions().size());
        assertEquals("1000:00", b.signs().hvPciBridges().get(0).value());
        assertEquals(2, b.signs().hvPciBridges().get(0).line());
        assertEquals("1000:00:00.0", b.signs().nvmeFunctions().get(0).value());
        assertEquals(3, b.signs().first(SignKind.HV_PCI).orElseThrow().line() + 1);
        assertFalse(b.signs().first(SignKind.HV_VMBUS).isPresent());
    }
}
