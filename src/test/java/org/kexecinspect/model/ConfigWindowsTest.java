package org.kexecinspect.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.kexecinspect.testing.Cli;
import org.kexecinspect.testing.Inputs;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Where each config window lands, for a map that draws them all: pci_hyperv allocates one 8 KiB
 * window per pass-through bus, first fit from the low MMIO start around what is taken
 * (drivers/pci/controller/pci-hyperv.c hv_allocate_config_window(), drivers/hv/vmbus_drv.c
 * vmbus_allocate_mmio()); when unknown facts decide among places, the places a first window can take.
 */
class ConfigWindowsTest {
    static final Path CAPS = Inputs.projectDir().resolve("native-fixtures/hyperv-captures");

    /** The reported Ubuntu case's kdump kernel (PredictionEndToEndTest): pci_hyperv built in, SYSFB on. */
    private static JsonNode mmio(String capture, String... more) {
        List<String> a = new ArrayList<>(List.of("predict", "--format", "json",
                "--assume", "kdumpKernel.release=6.8.0-52-generic", "--assume", "kdumpKernel.version=6.8.0",
                "--assume", "kdumpKernel.config.CONFIG_PCI_HYPERV=y", "--assume", "kdumpKernel.config.CONFIG_DRM_HYPERV=m",
                "--assume", "kdumpKernel.config.CONFIG_HYPERV=y", "--assume", "kdumpKernel.config.CONFIG_SYSFB=y",
                "--assume", "kdumpKernel.config.CONFIG_EFI=y", "--assume", "kdumpKernel.config.CONFIG_FB_HYPERV=n",
                "--assume", "modules.pci_hyperv.builtin=true"));
        a.addAll(List.of(more));
        a.add(CAPS.resolve(capture).toString());
        Cli.Result r = Cli.run(a.toArray(new String[0]));
        assertTrue(r.exit() <= 4, r.err());
        return r.json().get("predictions").get(0).get("prediction").get("mmio");
    }

    private static List<Long> starts(JsonNode ranges) {
        List<Long> s = new ArrayList<>();
        ranges.forEach(r -> s.add(r.get("start").asLong()));
        return s;
    }

    /** Two pass-through buses (the Azure OS disk and the local NVMe): two windows, the second right after the first. */
    @Test
    void everyPassThroughBusGetsItsWindowInProbeOrder() {
        JsonNode m = mmio("gen2-azure-x86", "--assume", "kdumpKernel.hasFbReserveFix=true");
        // 016a25e4b0df reserves 128 MiB from the 3 GiB range's base (0x40000000): both windows land above it
        assertEquals(List.of(0x48000000L, 0x48002000L), starts(m.get("configWindows")), m.toString());
        assertEquals(m.get("configWindow").get("start").asLong(), 0x48000000L);
        assertEquals(0, m.get("possibleConfigWindows").size());
        assertEquals("range", m.get("reserves").asText());
    }

    /** Gen1 without the kdump kernel: nothing collides (no pass-through), but what is reserved stays open. */
    @Test
    void aReservationTheCasesDisagreeOnIsUnknownNotNothing() {
        Cli.Result r = Cli.run("predict", "--format", "json", CAPS.resolve("gen1-local-x86").toString());
        JsonNode m = r.json().get("predictions").get(0).get("prediction").get("mmio");
        assertEquals(false, m.get("conflict").asBoolean());
        assertEquals("unknown", m.get("reserves").asText(), m.toString());
        JsonNode fail = mmio("gen2-local-x86", "--assume", "kdumpKernel.hasFbReserveFix=false");
        assertEquals("nothing", fail.get("reserves").asText(), "lfb_base 0 without the fix reserves nothing");
    }

    /** Without the fix and without knowing EFI_BOOT, the first window lands on the framebuffer or above it. */
    @Test
    void anOpenCaseGivesThePlacesTheFirstWindowCanTake() {
        JsonNode m = mmio("gen2-local-x86", "--assume", "kdumpKernel.hasFbReserveFix=true");
        assertEquals(0, m.get("configWindows").size(), m.toString());
        List<Long> possible = starts(m.get("possibleConfigWindows"));
        assertTrue(possible.contains(0xf8000000L), "on the framebuffer (no reservation): " + possible);
        assertTrue(possible.size() >= 2, possible.toString());
        assertEquals(List.of("EFI_BOOT in the kdump kernel"), List.of(m.get("turnsOn").get(0).asText()));
    }
}
