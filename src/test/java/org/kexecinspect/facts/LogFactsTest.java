package org.kexecinspect.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kexecinspect.testing.LogTexts.after;
import static org.kexecinspect.testing.LogTexts.console;
import static org.kexecinspect.testing.LogTexts.facts;
import static org.kexecinspect.testing.LogTexts.grep;
import static org.kexecinspect.testing.LogTexts.journal;
import static org.kexecinspect.testing.LogTexts.lines;
import static org.kexecinspect.testing.LogTexts.read;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kexecinspect.facts.Fact.Why;
import org.kexecinspect.testing.Inputs;

/**
 * {@link LogFacts} on the two real QEMU consoles and the real Hyper-V journal. The expected values
 * are found in the files by this test (the line that holds them, and what follows a fixed word on
 * it), not taken from the reader.
 */
class LogFactsTest {

    static void notCollected(Fact<?> f) {
        assertFalse(f.known(), () -> "known: " + f);
        assertEquals(Why.NOT_COLLECTED, f.unknown().why(), () -> f.toString());
        assertFalse(f.unknown().detail().isBlank());
    }

    @ParameterizedTest
    @ValueSource(strings = {"d13-bochs-c.log", "sid-efifb-s.log"})
    void aRealConsoleGivesBothKernelsFactsWithTheirLines(String name) throws Exception {
        String raw = read(console(name));
        List<String> text = lines(raw);
        SystemFacts f = facts(name, raw);

        assertEquals(name, f.root());
        assertFalse(f.live());
        assertNull(f.manifest());
        assertEquals(1, f.notes().size());
        assertTrue(f.notes().get(0).contains("kernel log"), f.notes().get(0));

        List<Long> banners = grep(text, "] Linux version ");
        assertEquals(2, banners.size());
        String release = after(text, banners.get(0), "] Linux version ").split(" ")[0];
        assertEquals(release, f.machine().kernelRelease().value());
        assertEquals(name + ":" + banners.get(0), f.machine().kernelRelease().source());
        assertTrue(f.machine().uname().value().contains(after(text, banners.get(0), "] Linux version ")));

        // x86_64: e820's table (before the FPU's lines here) and a DMA32 zone in the first kernel; its
        // Debian release says amd64 too
        assertTrue(release.endsWith("-amd64"), release);
        long e820 = grep(text, "] BIOS-e820: ").get(0);
        assertTrue(e820 < grep(text, "] x86/fpu: ").get(0));
        long dma32 = grep(text, "]   DMA32    [mem ").get(0);
        assertEquals("x86_64", f.machine().arch().value().machine());
        assertEquals(name + ":" + e820 + "; " + name + ":" + dma32, f.machine().arch().source());

        long cl = grep(text, "] Command line: ").get(0);
        assertEquals(after(text, cl, "] Command line: "), f.machine().cmdline().value());
        assertEquals(name + ":" + cl, f.machine().cmdline().source());

        long efi = grep(text, "] efi: EFI v").get(0);
        assertEquals(true, f.firmware().efi().value());
        assertEquals(name + ":" + efi, f.firmware().efi().source());
        // QEMU: no hypervisor line at all, so not known to be a Hyper-V guest or not
        assertTrue(grep(text, "Hypervisor detected").isEmpty() && grep(text, "Hyper-V").isEmpty());
        notCollected(f.hyperv().guest());
        // "Secure boot disabled" does not tell SecureBoot=0 from SetupMode=1
        assertTrue(after(text, grep(text, "] secureboot: Secure boot ").get(0), "Secure boot ").startsWith("disabled"));
        notCollected(f.firmware().secureBoot());

        // the kdump kernel: its own banner, and the upstream version its Debian signature names
        String kdumpBanner = after(text, banners.get(1), "] Linux version ");
        assertEquals(kdumpBanner.split(" ")[0], f.kdumpKernel().release().value());
        assertEquals(name + ":" + banners.get(1), f.kdumpKernel().release().source());
        Matcher deb = Pattern.compile("PREEMPT_DYNAMIC Debian (\\d+\\.\\d+\\.\\d+)-").matcher(kdumpBanner);
        assertTrue(deb.find(), kdumpBanner);
        assertEquals(deb.group(1), f.kdumpKernel().version().value());
        // the first kernel's upstream version comes the same way from its banner
        assertEquals(deb.group(1), f.machine().upstreamVersion().value());

        // it printed none of 016a25e4b0df's messages: one look at its lines, nothing found
        assertTrue(grep(text, "hv_mmio=").isEmpty());
        FixStringSearch.Look look = f.kdumpKernel().fixSearch().looks().get(0);
        assertEquals(FixStringSearch.Place.KERNEL_LOG, look.place());
        assertTrue(look.fixStrings().isEmpty());
        assertTrue(look.where().startsWith(name + ":" + banners.get(1) + "-"), look.where());

        // what a log does not show
        for (Fact<?> u : List.of(f.machine().config(), f.kexecTools().version(), f.kdumpService().flavor(),
                f.kdumpService().kexecArgs(), f.framebuffer().fix(), f.framebuffer().driver(), f.iomem().tree(),
                f.iomem().lowMmio(), f.bootParams(), f.modules().get("hv_vmbus").loaded(),
                f.modules().get("pci_hyperv").builtin(), f.kdumpKernel().path(), f.kdumpKernel().config(),
                f.kdumpKernel().initramfs().modules(), f.hyperv().pciDevices(), f.hyperv().cvm(), f.rootDevice().disks(),
                f.rootDevice().device())) {
            notCollected(u);
        }
        // the harness boots from an initramfs alone: no root= at all
        assertTrue(grep(text, " root=").isEmpty());
    }

    @Test
    void theRealHyperVJournalIsAGen2GuestWithSyntheticVideoAndNoKdumpKernel() throws Exception {
        String raw = read(journal());
        List<String> text = lines(raw);
        SystemFacts f = facts("journal.log", raw);

        long banner = grep(text, "kernel: Linux version ").get(0);
        assertEquals(after(text, banner, "kernel: Linux version ").split(" ")[0], f.machine().kernelRelease().value());
        assertEquals("journal.log:" + banner, f.machine().kernelRelease().source());
        long cl = grep(text, "kernel: Command line: ").get(0);
        assertEquals(after(text, cl, "kernel: Command line: "), f.machine().cmdline().value());
        assertEquals("x86_64", f.machine().arch().value().machine());
        // here the FPU's line comes before e820's table: the first x86-only line of either kind
        long x86 = Math.min(grep(text, "kernel: BIOS-e820: ").get(0), grep(text, "kernel: x86/fpu: ").get(0));
        assertEquals("journal.log:" + x86 + "; journal.log:" + grep(text, "kernel:   DMA32    [mem ").get(0),
                f.machine().arch().source());

        long efi = grep(text, "kernel: efi: EFI v").get(0);
        assertEquals(true, f.firmware().efi().value());
        assertEquals("journal.log:" + efi, f.firmware().efi().source());

        long hv = grep(text, "kernel: Hypervisor detected: Microsoft Hyper-V").get(0);
        assertEquals(true, f.hyperv().guest().value());
        assertEquals("journal.log:" + hv, f.hyperv().guest().source());
        // EFI-booted: Gen2, as the collector derives it from /sys/firmware/efi
        assertEquals(2, f.hyperv().generation().value());
        assertEquals("journal.log:" + efi, f.hyperv().generation().source());
        long synthvid = grep(text, "kernel: hyperv_fb: Synthvid Version").get(0);
        assertEquals(true, f.hyperv().syntheticVideo().value());
        assertEquals("journal.log:" + synthvid, f.hyperv().syntheticVideo().source());

        // root=PARTUUID=...: the device as the command line names it, not followed to a disk
        String root = after(text, cl, " root=").split(" ")[0];
        assertEquals(root, f.rootDevice().device().value().substring(0, root.length()));
        notCollected(f.rootDevice().nvme());
        notCollected(f.rootDevice().behindHvPci());

        // one boot: no kdump kernel's facts
        assertEquals(1, grep(text, "Linux version ").size());
        notCollected(f.kdumpKernel().release());
        assertTrue(f.kdumpKernel().release().unknown().detail().contains("no kdump kernel"));
        notCollected(f.kdumpKernel().version());
        assertSame(FixStringSearch.NONE, f.kdumpKernel().fixSearch());
        // a Clang-built next kernel: no Debian signature, the upstream version from its release
        assertEquals("5.13.0-rc5", f.machine().upstreamVersion().value());
    }

    /** A real console with setup_arch()'s other Secure Boot wording and another hypervisor named (arch/x86 hypervisor.c). */
    @Test
    void secureBootEnabledAndAnotherHypervisorAreFactsToo() throws Exception {
        String raw = read(console("sid-efifb-s.log"));
        List<String> text = new ArrayList<>(lines(raw));
        long sb = grep(text, "] secureboot: Secure boot disabled").get(0);
        text.set((int) sb - 1, text.get((int) sb - 1).replace("Secure boot disabled", "Secure boot enabled"));
        long dmi = grep(text, "] DMI: QEMU").get(0);
        text.add((int) dmi, "[    0.000000] Hypervisor detected: KVM\r");
        SystemFacts f = facts("built.log", String.join("\n", text) + "\n");
        assertEquals(true, f.firmware().secureBoot().value());
        assertEquals(false, f.firmware().setupMode().value());
        assertEquals("built.log:" + sb, f.firmware().secureBoot().source());
        assertEquals(false, f.hyperv().guest().value());
        assertEquals("built.log:" + (dmi + 1), f.hyperv().guest().source());
        assertEquals(Why.NOT_APPLICABLE, f.hyperv().generation().unknown().why());
    }

    /**
     * An NVMe root behind hv_pci, in a log built from the kernel's wordings: pci-hyperv's host bridge
     * through dev_info() (drivers/pci/probe.c pci_register_host_bridge(), as a public Azure dmesg
     * prints it) and nvme's "pci function %s" (drivers/nvme/host/pci.c).
     */
    @Test
    void anNvmeRootIsBehindHvPciWhenItsControllersDomainIsHvPcis() throws Exception {
        String head = "[    0.000000] Linux version 6.8.0-1015-azure (buildd@lcy02-amd64-050) (x86_64-linux-gnu-gcc-13 (Ubuntu"
                + " 13.2.0-23ubuntu4) 13.2.0, GNU ld (GNU Binutils for Ubuntu) 2.42) #17-Ubuntu SMP\n"
                + "[    0.000000] Command line: BOOT_IMAGE=/vmlinuz root=/dev/nvme0n1p1 ro crashkernel=512M\n";
        String bridge = "[    4.373663] hv_pci 3f01c7d9-220a-4acf-9c25-8f4522f89d82: PCI host bridge to bus 220a:00\n";
        SystemFacts behind = facts("azure.log", head + bridge + "[    4.411002] nvme nvme0: pci function 220a:00:00.0\n");
        assertEquals("/dev/nvme0n1p1", behind.rootDevice().device().value());
        assertEquals("azure.log:2", behind.rootDevice().device().source());
        assertEquals(true, behind.rootDevice().nvme().value());
        assertEquals(true, behind.rootDevice().behindHvPci().value());
        assertEquals("azure.log:2; azure.log:4; azure.log:3", behind.rootDevice().behindHvPci().source());
        // the banner's compiler triple names the architecture when no x86 line is in the log
        assertEquals("x86_64", behind.machine().arch().value().machine());
        assertEquals("azure.log:1", behind.machine().arch().source());

        SystemFacts emulated = facts("qemu.log", head + "[    1.000000] nvme nvme0: pci function 0000:00:04.0\n");
        assertEquals(false, emulated.rootDevice().behindHvPci().value());
        SystemFacts both = facts("mixed.log", head + bridge + "[    4.411002] nvme nvme0: pci function 220a:00:00.0\n"
                + "[    4.500000] nvme nvme1: pci function 0000:00:04.0\n");
        notCollected(both.rootDevice().behindHvPci());
    }

    /** 016a25e4b0df's "hv_mmio=" line in the first kernel names the VMBus ranges (the real line of a Gen1 VM, inserted). */
    @Test
    void theFirstKernelsHvMmioLineGivesTheVmbusRanges() throws Exception {
        String line = read(Inputs.captures().resolve("real-world").resolve("decui-2026-gen1-local-7680x4320-firstkernel.dmesg.txt"))
                .strip();
        // the ranges as the line prints them, split here by hand: [mem A-B],[mem C-D] fb=[mem E-F]
        List<Long> want = new ArrayList<>();
        for (String part : line.substring(line.indexOf("hv_mmio=")).split("\\[mem |\\]|-|,| fb=|hv_mmio=")) {
            if (part.startsWith("0x")) {
                want.add(Long.decode(part));
            }
        }
        List<String> text = new ArrayList<>(lines(read(console("d13-bochs-c.log"))));
        long at = grep(text, "] PCI host bridge to bus 0000:00").get(0);
        text.add((int) at, line);
        SystemFacts f = facts("built.log", String.join("\n", text) + "\n");
        assertEquals(want.get(0), f.iomem().lowMmio().value().start());
        assertEquals(want.get(1), f.iomem().lowMmio().value().end());
        assertEquals(want.get(2), f.iomem().highMmio().value().start());
        assertEquals(want.get(3), f.iomem().highMmio().value().end());
        assertEquals("built.log:" + (at + 1), f.iomem().lowMmio().source());
        // printed by the first kernel, it says nothing of the kdump kernel's code
        assertTrue(f.kdumpKernel().fixSearch().looks().get(0).fixStrings().isEmpty());
    }
}
