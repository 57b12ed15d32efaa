package org.kexecinspect.format.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kexecinspect.format.text.ProcIomemTest.decuiGen1;
import static org.kexecinspect.format.text.ProcIomemTest.firecrackerNonRoot;
import static org.kexecinspect.format.text.ProcIomemTest.firecrackerRoot;
import static org.kexecinspect.format.text.ProcIomemTest.parse;
import static org.kexecinspect.format.text.ProcIomemTest.qemu;
import static org.kexecinspect.format.text.ProcIomemTest.text;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.kexecinspect.format.text.HyperVIomem.AllocationUse;
import org.kexecinspect.format.text.HyperVIomem.HostFramebufferKind;
import org.kexecinspect.format.text.HyperVIomem.HostFramebufferRegion;
import org.kexecinspect.format.text.HyperVIomem.MmioRange;
import org.kexecinspect.format.text.HyperVIomem.Status;
import org.kexecinspect.format.text.HyperVIomem.VmbusAllocation;
import org.kexecinspect.format.text.HyperVIomem.VmbusMmio;
import org.kexecinspect.testing.Inputs;

/**
 * VMBus MMIO from /proc/iomem. The Gen1 ranges are checked against what the kernel itself printed
 * on the same VM ("hv_vmbus: hv_mmio=..." in the shared real-world capture), not against this code.
 */
class HyperVIomemTest {

    /** The [mem a-b] ranges of a kernel log line, in order. */
    static List<MmioRange> memRanges(String line) {
        List<MmioRange> out = new ArrayList<>();
        Matcher m = Pattern.compile("\\[mem 0x([0-9a-f]+)-0x([0-9a-f]+)\\]").matcher(line);
        while (m.find()) {
            out.add(new MmioRange(Long.parseUnsignedLong(m.group(1), 16), Long.parseUnsignedLong(m.group(2), 16)));
        }
        return out;
    }

    @Test
    void gen1RangesReplayWhatTheKernelComputedOnTheSameVm() {
        String dmesg = text(Inputs.captures().resolve("real-world/decui-2026-gen1-local-7680x4320-firstkernel.dmesg.txt"));
        String hvMmio = dmesg.substring(dmesg.indexOf("hv_mmio="), dmesg.indexOf(" fb="));
        List<MmioRange> printed = memRanges(hvMmio);
        assertEquals(2, printed.size(), dmesg);

        VmbusMmio mmio = HyperVIomem.vmbusMmio(parse(decuiGen1()));
        assertEquals(Status.DERIVED, mmio.status(), mmio.reason());
        assertEquals(printed, mmio.ranges());
        assertEquals(printed.get(0), mmio.low().orElseThrow());
        assertEquals(printed.get(1), mmio.high().orElseThrow());
        // by eye: the windows used are the three top-level "PCI Bus 0000:00" lines; a0000-bffff ends below 1 MiB
        assertEquals(3, mmio.windows().size());
    }

    @Test
    void gen1FramebufferReservationIsTheVgaBar() {
        // the same dmesg line's fb=[mem ...] is vmbus_reserve_fb()'s Gen1 reservation: BAR 0 of 1414:5353
        String dmesg = text(Inputs.captures().resolve("real-world/decui-2026-gen1-local-7680x4320-firstkernel.dmesg.txt"));
        MmioRange fb = memRanges(dmesg.substring(dmesg.indexOf(" fb="))).get(0);
        IomemRegion bar = IomemQueries.named(parse(decuiGen1()), "0000:00:08.0").get(0).region();
        assertEquals(fb, new MmioRange(bar.start(), bar.end()));
    }

    @Test
    void theLowRangeStopsJustBelowTheVtpm() {
        VmbusMmio mmio = HyperVIomem.vmbusMmio(parse(decuiGen1()));
        assertEquals(HyperVIomem.VTPM_BASE - 1, mmio.low().orElseThrow().end());
        assertEquals(0xfed40000L, HyperVIomem.VTPM_BASE);
    }

    @Test
    void allocationsOfTheGen1VmAreClassified() throws Exception {
        List<String> before = ProcIomemTest.fragments(text(ProcIomemTest.OWN.resolve("vkuznets-2022-gen1-hv_pci-before.iomem.txt")));
        List<VmbusAllocation> low = HyperVIomem.vmbusAllocations(ProcIomem.parse(before.get(0), "before"));
        // by eye: "    f8000000-f8001fff : bb8c4f33-..." is 8 KiB with nothing inside
        assertEquals(1, low.size());
        assertEquals(AllocationUse.PCI_CONFIG_WINDOW, low.get(0).use());
        assertEquals("bb8c4f33-2ba2-4808-9f7f-02f3b4da22fe", low.get(0).deviceInstance());
        assertEquals("0000:00:08.0", IomemQueriesTest.innermost(low.get(0).match()).name());

        List<VmbusAllocation> high = HyperVIomem.vmbusAllocations(ProcIomem.parse(before.get(1), "before"));
        assertEquals(List.of(AllocationUse.PCI_BRIDGE_WINDOW), high.stream().map(VmbusAllocation::use).toList());

        List<VmbusAllocation> gen1 = HyperVIomem.vmbusAllocations(parse(decuiGen1()));
        assertEquals(List.of(AllocationUse.SYNTHETIC_VIDEO), gen1.stream().map(VmbusAllocation::use).toList());
    }

    @Test
    void excerptsGiveTheRangeOfTheWindowTheyShow() throws Exception {
        List<String> before = ProcIomemTest.fragments(text(ProcIomemTest.OWN.resolve("vkuznets-2022-gen1-hv_pci-before.iomem.txt")));
        // by eye: the excerpts show one window each, f8000000-fffbffff (cut at the vTPM) and fe0000000-fffffffff
        assertEquals(List.of(new MmioRange(0xf8000000L, 0xfed3ffffL)),
                HyperVIomem.vmbusMmio(ProcIomem.parse(before.get(0), "before")).ranges());
        assertEquals(List.of(new MmioRange(0xfe0000000L, 0xfffffffffL)),
                HyperVIomem.vmbusMmio(ProcIomem.parse(before.get(1), "before")).ranges());
    }

    @Test
    void withoutVmbusAllocationsTheRangesAreUnknown() {
        for (VmbusMmio mmio : List.of(HyperVIomem.vmbusMmio(parse(qemu("efifb-kexec_load", "first"))),
                HyperVIomem.vmbusMmio(parse(firecrackerRoot())))) {
            assertEquals(Status.UNKNOWN, mmio.status());
            assertTrue(mmio.ranges().isEmpty());
            assertTrue(mmio.reason().contains("no VMBus allocation"), mmio.reason());
        }
    }

    @Test
    void hiddenAddressesMakeTheRangesUnknown() {
        VmbusMmio mmio = HyperVIomem.vmbusMmio(parse(firecrackerNonRoot()));
        assertEquals(Status.UNKNOWN, mmio.status());
        assertTrue(mmio.reason().contains("hidden"), mmio.reason());
    }

    @Test
    void topLevelAllocationsAreTheGen2ShapeAndLeaveTheRangesUnknown() throws Exception {
        // hand-written in the shape described in HyperVIomem (no real Gen2 text with addresses was found):
        // the synthetic video and a pci-hyperv bridge window straight under the root
        String text = """
                00000000-00000fff : Reserved
                00001000-0009ffff : System RAM
                00100000-f7ffffff : System RAM
                f8000000-f87fffff : 5620e0c7-8062-4dce-aeb7-520c7ef76171
                fe0000000-fe00fffff : 0f00d000-1234-4321-8888-000000000001
                  fe0000000-fe00fffff : 1234:00:00.0
                """;
        VmbusMmio mmio = HyperVIomem.vmbusMmio(ProcIomem.parse(text, "gen2-shape"));
        assertEquals(Status.UNKNOWN, mmio.status());
        assertTrue(mmio.reason().contains("Gen2"), mmio.reason());
        assertEquals(2, mmio.allocations().size());
    }

    @Test
    void walkResourcesMergesAdjacentWindowsAndDropsThoseBelowOneMebibyte() {
        List<IomemRegion> windows = List.of(
                new IomemRegion(0xa0000L, 0xbffffL, "PCI Bus 0000:00", List.of()),
                new IomemRegion(0xc0000000L, 0xdfffffffL, "PCI Bus 0000:00", List.of()),
                new IomemRegion(0xe0000000L, 0xffffffffL, "PCI Bus 0000:00", List.of()));
        assertEquals(List.of(new MmioRange(0xc0000000L, 0xfed3ffffL)), HyperVIomem.walkResources(windows));
    }

    // ---- the host's framebuffer

    /** A posted excerpt with the author's "..." lines dropped: the stretches between them are verbatim (README). */
    static ProcIomem withoutElisions(String file) throws Exception {
        return ProcIomem.parse(String.join("", ProcIomemTest.fragments(text(ProcIomemTest.OWN.resolve(file)))), file);
    }

    @Test
    void gen1WithoutSysfsTheLegacyVideoBarIsTheHostsFramebuffer() throws Exception {
        // by eye: "  f8000000-fbffffff : 0000:00:08.0" in both 2022 excerpts and in the 2026 text
        for (ProcIomem iomem : List.of(withoutElisions("vkuznets-2022-gen1-hv_pci-before.iomem.txt"),
                withoutElisions("vkuznets-2022-gen1-hv_pci-after.iomem.txt"), parse(decuiGen1()))) {
            HostFramebufferRegion fb = HyperVIomem.hostFramebuffer(iomem, null, true).orElseThrow();
            assertEquals(HostFramebufferKind.GEN1_LEGACY_VIDEO_BAR, fb.kind(), iomem.source());
            assertEquals(0xf8000000L, fb.region().start());
            assertEquals(0xfbffffffL, fb.region().end());
            assertEquals("0000:00:08.0", fb.device().toString());
        }
        // "after": hyperv_drm's VRAM inside the BAR names the device; "before": the slot alone does
        assertTrue(HyperVIomem.hostFramebuffer(withoutElisions("vkuznets-2022-gen1-hv_pci-after.iomem.txt"), null, true)
                .orElseThrow().how().contains("holds the synthetic video"));
        assertTrue(HyperVIomem.hostFramebuffer(withoutElisions("vkuznets-2022-gen1-hv_pci-before.iomem.txt"), null, true)
                .orElseThrow().how().contains("slot"));
    }

    @Test
    void gen1WithSysfsTheNamedDevicesBarIsTheHostsFramebuffer() {
        HostFramebufferRegion fb = HyperVIomem.hostFramebuffer(parse(decuiGen1()), new IomemQueries.PciAddress(0, 0, 8, 0), false)
                .orElseThrow();
        assertEquals(HostFramebufferKind.GEN1_LEGACY_VIDEO_BAR, fb.kind());
        assertTrue(fb.how().contains("1414:5353"), fb.how());
        // sysfs read and no 1414:5353 in it: no guess by slot; the synthetic video's allocation is what is left
        HostFramebufferRegion noGuess = HyperVIomem.hostFramebuffer(parse(decuiGen1()), null, false).orElseThrow();
        assertEquals(HostFramebufferKind.SYNTHETIC_VIDEO, noGuess.kind());
        assertEquals(0xfe0000000L, noGuess.region().start());
    }

    @Test
    void gen2TheSyntheticVideoElseTheFirmwareFramebuffer() throws Exception {
        ProcIomem gen2 = parse(Inputs.projectDir().resolve("native-fixtures/hyperv-captures/gen2-local-x86/proc/iomem"));
        HostFramebufferRegion fb = HyperVIomem.hostFramebuffer(gen2, null, true).orElseThrow();
        // by eye: "f8000000-f87fffff : 5620e0c7-..." at the top level: no PCI root window, so not the Gen1 shape
        assertEquals(HostFramebufferKind.SYNTHETIC_VIDEO, fb.kind());
        assertEquals(0xf87fffffL, fb.region().end());
        // QEMU/OVMF: efifb inside the bochs BAR, no VMBus at all
        HostFramebufferRegion efifb = HyperVIomem.hostFramebuffer(parse(qemu("efifb-kexec_load", "first")), null, true).orElseThrow();
        assertEquals(HostFramebufferKind.FIRMWARE_FRAMEBUFFER, efifb.kind());
        assertEquals("efifb", efifb.region().name());
        assertTrue(HyperVIomem.hostFramebuffer(parse(firecrackerRoot()), null, true).isEmpty(), "no framebuffer at all");
        assertTrue(HyperVIomem.hostFramebuffer(parse(firecrackerNonRoot()), null, true).isEmpty(), "addresses hidden");
    }
}
