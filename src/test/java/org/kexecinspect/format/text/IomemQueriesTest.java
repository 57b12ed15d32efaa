package org.kexecinspect.format.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kexecinspect.format.text.ProcIomemTest.decuiGen1;
import static org.kexecinspect.format.text.ProcIomemTest.firecrackerNonRoot;
import static org.kexecinspect.format.text.ProcIomemTest.firecrackerRoot;
import static org.kexecinspect.format.text.ProcIomemTest.parse;
import static org.kexecinspect.format.text.ProcIomemTest.qemu;
import static org.kexecinspect.format.text.ProcIomemTest.text;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.kexecinspect.format.text.IomemQueries.Framebuffer;
import org.kexecinspect.format.text.IomemQueries.FramebufferKind;
import org.kexecinspect.format.text.IomemQueries.Match;
import org.kexecinspect.format.text.IomemQueries.PciAddress;
import org.kexecinspect.format.text.IomemQueries.PciBusWindow;
import org.kexecinspect.format.text.IomemQueries.PciWindowKind;
import org.kexecinspect.testing.Inputs;

/**
 * The queries on real texts. Expected values are read off the iomem texts by eye or come from
 * another artifact of the same machine (the kernel command line, screen_info, a dmesg line).
 */
class IomemQueriesTest {

    /** A "name = 0x... (...)" value from fields.txt of a QEMU capture (written by the capture scripts from boot_params). */
    static long field(Path fieldsTxt, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " = 0x([0-9a-f]+) ").matcher(text(fieldsTxt));
        assertTrue(m.find(), name + " in " + fieldsTxt);
        return Long.parseUnsignedLong(m.group(1), 16);
    }

    /** The region a match sits directly in. */
    static IomemRegion innermost(Match m) {
        return m.ancestors().get(m.ancestors().size() - 1);
    }

    @Test
    void crashKernelIsTheReservationTheCommandLineAskedFor() {
        ProcIomem iomem = parse(qemu("efifb-kexec_load", "first"));
        List<Match> crash = IomemQueries.crashKernel(iomem);
        assertEquals(1, crash.size());
        // crashkernel=256M in cmdline.txt of the same boot
        assertTrue(text(Inputs.qemuCapture("efifb-kexec_load", "first").resolve("cmdline.txt")).contains("crashkernel=256M"));
        assertEquals(256L << 20, crash.get(0).region().size());
        // by eye: "  6b000000-7affffff : Crash kernel" under "00900000-7d280017 : System RAM"
        assertEquals(0x6b000000L, crash.get(0).region().start());
        assertEquals(List.of("System RAM"), crash.get(0).ancestors().stream().map(IomemRegion::name).toList());
        assertEquals(0x00900000L, crash.get(0).ancestors().get(0).start());
    }

    @Test
    void theKdumpKernelHasNoCrashKernelReservation() {
        assertTrue(IomemQueries.crashKernel(parse(qemu("efifb-kexec_load", "kdump"))).isEmpty());
    }

    @Test
    void hyperVGen1CrashKernelSitsInLowRam() {
        List<Match> crash = IomemQueries.crashKernel(parse(decuiGen1()));
        assertEquals(1, crash.size());
        assertEquals(0xd7000000L, crash.get(0).region().start());
        assertEquals(0xf6ffffffL, crash.get(0).region().end());
    }

    @Test
    void efifbIsAtTheGopBaseWithTheGopSizeInsideTheDisplaysBar() {
        Path stage = Inputs.qemuCapture("efifb-kexec_load", "first");
        long lfbBase = field(stage.resolve("fields.txt"), "screen_info.lfb_base");
        long lfbSize = field(stage.resolve("fields.txt"), "screen_info.lfb_size");   // bytes: VIDEO_TYPE_EFI
        List<Framebuffer> fbs = IomemQueries.framebuffers(parse(stage.resolve("iomem.txt")));
        assertEquals(1, fbs.size());
        Framebuffer fb = fbs.get(0);
        assertEquals(FramebufferKind.FIRMWARE_DRIVER, fb.kind());
        assertEquals(List.of("efifb"), fb.drivers());
        assertEquals(lfbBase, fb.region().start());
        assertEquals(lfbSize, fb.region().size());
        // by eye: inside "c0000000-c0ffffff : 0000:00:01.0" (the -vga std display)
        assertEquals("0000:00:01.0", innermost(fb.match()).name());
        assertEquals(0xc0000000L, innermost(fb.match()).start());
    }

    @Test
    void theKdumpKernelsEfifbClaimsTheSameMemory() {
        Path first = qemu("efifb-kexec_load", "first");
        Path kdump = qemu("efifb-kexec_load", "kdump");
        assertEquals(IomemQueries.framebuffers(parse(first)).get(0).region().rangeText(),
                IomemQueries.framebuffers(parse(kdump)).get(0).region().rangeText());
    }

    @Test
    void afterBochsDrmTookOverNoFirmwareFramebufferRemainsAndBochsOwnsTheBars() {
        ProcIomem iomem = parse(qemu("bochs-drm", "first"));
        assertTrue(IomemQueries.framebuffers(iomem).isEmpty());
        List<IomemQueries.PciBar> bars = IomemQueries.pciBusWindows(iomem).stream()
                .flatMap(w -> w.bars().stream())
                .filter(b -> b.device().equals(new PciAddress(0, 0, 1, 0)))
                .toList();
        // by eye: c0000000-c0ffffff and c1011000-c1011fff, each with "bochs-drm" inside
        assertEquals(List.of(0xc0000000L, 0xc1011000L), bars.stream().map(b -> b.region().start()).toList());
        for (IomemQueries.PciBar b : bars) {
            assertEquals(List.of("bochs-drm"), b.claims().stream().map(IomemRegion::name).toList());
        }
    }

    @Test
    void hyperVSyntheticVideoIsFoundByItsInstanceGuidAboveFourGiB() {
        List<Framebuffer> fbs = IomemQueries.framebuffers(parse(decuiGen1()));
        assertEquals(1, fbs.size());
        Framebuffer fb = fbs.get(0);
        assertEquals(FramebufferKind.HYPERV_SYNTHETIC_VIDEO, fb.kind());
        assertEquals(List.of("hyperv_drm", "hyperv_fb"), fb.drivers());
        assertEquals(0xfe0000000L, fb.region().start());
        // the same boot's hyperv_drm debug line: "mmio_megabytes=128 MB"
        assertTrue(text(Inputs.captures().resolve("real-world/decui-2026-gen1-local-7680x4320-hyperv_drm.dmesg.txt"))
                .contains("mmio_megabytes=128 MB"));
        assertEquals(128L << 20, fb.region().size());
        assertTrue(fb.match().ancestors().stream().noneMatch(a -> PciAddress.parse(a.name()).isPresent()),
                "the high window has no BAR around it");
    }

    @Test
    void gen1SyntheticVideoInsideTheVgaBarReportsThatBar() throws Exception {
        String excerpt = ProcIomemTest.fragments(text(ProcIomemTest.OWN.resolve("vkuznets-2022-gen1-hv_pci-after.iomem.txt"))).get(0);
        List<Framebuffer> fbs = IomemQueries.framebuffers(ProcIomem.parse(excerpt, "after"));
        assertEquals(1, fbs.size());
        // by eye: "    f8100000-f88fffff : 5620e0c7-..." under "  f8000000-fbffffff : 0000:00:08.0"
        assertEquals(0xf8100000L, fbs.get(0).region().start());
        assertEquals(8L << 20, fbs.get(0).region().size());
        assertEquals("0000:00:08.0", innermost(fbs.get(0).match()).name());
    }

    @Test
    void findByExactNameAndByPrefix() {
        ProcIomem iomem = parse(qemu("bochs-drm", "first"));
        // by eye: four top-level "PCI Bus 0000:00" lines, and "PCI MMCONFIG 0000 [bus 00-ff]" shares the prefix "PCI "
        assertEquals(4, IomemQueries.named(iomem, "PCI Bus 0000:00").size());
        assertEquals(5, IomemQueries.find(iomem, r -> r.name().startsWith("PCI ")).size());
        assertEquals(List.of(0xb0000000L), IomemQueries.named(iomem, "pnp 00:06").stream().map(m -> m.region().start()).toList());
        assertEquals(2, IomemQueries.named(iomem, "pnp 00:06").get(0).ancestors().size());
        assertTrue(IomemQueries.named(iomem, "pci bus 0000:00").isEmpty(), "names are case-sensitive");
    }

    @Test
    void pciWindowsOfAQemuMachineAndTheirBars() {
        List<PciBusWindow> windows = IomemQueries.pciBusWindows(parse(qemu("efifb-kexec_load", "first")));
        assertEquals(4, windows.size());
        assertTrue(windows.stream().allMatch(w -> w.kind() == PciWindowKind.PCI_BUS && w.domain() == 0 && w.bus() == 0));
        PciBusWindow mmio32 = windows.get(2);
        assertEquals(0xc0000000L, mmio32.region().start());
        assertEquals(0xfebfffffL, mmio32.region().end());
        // by eye: 0000:00:01.0 (twice) and 0000:00:1f.2 directly inside; efifb inside the first BAR
        assertEquals(List.of("0000:00:01.0", "0000:00:1f.2", "0000:00:01.0"),
                mmio32.bars().stream().map(b -> b.device().toString()).toList());
        assertEquals(List.of("efifb"), mmio32.bars().get(0).claims().stream().map(IomemRegion::name).toList());
    }

    @Test
    void pciBusWindowNestedInsideReservedEcamIsFound() {
        List<PciBusWindow> windows = IomemQueries.pciBusWindows(parse(firecrackerRoot()));
        // by eye: c0001000-eebfffff, eec00000-eecfffff (two levels in), 4000000000-7fffffffff
        assertEquals(List.of(0xc0001000L, 0xeec00000L, 0x4000000000L), windows.stream().map(w -> w.region().start()).toList());
        assertEquals(2, windows.get(1).match().ancestors().size());
        assertEquals(5, windows.get(2).bars().size());
        assertTrue(windows.get(2).bars().stream().allMatch(b -> b.claims().size() == 1
                && b.claims().get(0).name().equals("virtio-pci-modern")));
    }

    @Test
    void hyperVPciBridgeWindowIsNamedByItsGuidAndCarriesTheGuidsDomain() throws Exception {
        List<String> fragments = ProcIomemTest.fragments(text(ProcIomemTest.OWN.resolve("vkuznets-2022-gen1-hv_pci-before.iomem.txt")));
        List<PciBusWindow> windows = IomemQueries.pciBusWindows(ProcIomem.parse(fragments.get(1), "before"));
        assertEquals(2, windows.size());
        assertEquals(PciWindowKind.PCI_BUS, windows.get(0).kind());
        PciBusWindow hv = windows.get(1);
        assertEquals(PciWindowKind.HYPERV_PCI, hv.kind());
        assertEquals("bb8c4f33-2ba2-4808-9f7f-02f3b4da22fe", hv.region().name());
        assertEquals(0x2ba2, hv.domain());   // the GUID's second group
        assertEquals(new PciAddress(0x2ba2, 0, 2, 0), hv.bars().get(0).device());
        assertEquals("mlx4_core", hv.bars().get(0).claims().get(0).name());
    }

    @Test
    void hiddenAddressesStillAnswerByName() {
        ProcIomem iomem = parse(firecrackerNonRoot());
        assertTrue(iomem.addressesHidden());
        assertEquals(1, IomemQueries.named(iomem, "PCI ECAM 0000 [bus 00-00]").size());
    }
}
