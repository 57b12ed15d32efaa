package org.kexecinspect.format.log;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gathers one boot's {@link BootSigns} from its kernel lines: the first line of each kind, and the
 * first {@link BootSigns#MAX_LISTED} hv_pci buses and NVMe functions. Holds nothing else.
 */
final class SignCollector {

    /**
     * Every line a sign is taken from contains one of these words (case as written), so a
     * pre-filter that skips the lines holding none of them loses no sign.
     */
    static final List<String> WORDS = List.of("Linux version ", "Command line:", "command line:",
            "Hypervisor detected: ", "Hyper-V: ", "efi: EFI v", "Secure boot ", "BIOS-e820: ", "x86/fpu: ", "DMA32",
            "Booting Linux on physical CPU ", "hv_vmbus", "hv_pci", "hyperv_fb", "hyperv_drm", "hyperv-drm",
            "pci function ", "Unexpected low mmio base ", "Unexpected framebuffer mmio base of zero", "hv_mmio=");

    /** smp_setup_processor_id() on arm64: a 10-digit MPIDR and the MIDR in brackets (arm32 prints neither). */
    private static final Pattern ARM64_BOOT = Pattern.compile("^Booting Linux on physical CPU 0x[0-9a-f]{10} \\[0x[0-9a-f]{8}\\]");
    /** pci_register_host_bridge(): "PCI host bridge to bus %s" with the bus name "DDDD:BB". */
    private static final Pattern BRIDGE = Pattern.compile("PCI host bridge to bus ([0-9a-f]{4,8}:[0-9a-f]{2})\\b");
    /** nvme's "pci function %s" with dev_name() of the PCI function, "DDDD:BB:DD.F". */
    private static final Pattern NVME_FUNCTION = Pattern.compile("^nvme nvme\\d+: pci function ([0-9a-f]{4,8}:[0-9a-f]{2}:[0-9a-f]{2}\\.[0-7])\\b");
    private static final String SECUREBOOT_PREFIX = "secureboot: ";
    private static final String SECURE_BOOT = "Secure boot ";

    private final EnumMap<SignKind, BootSigns.Sign> first = new EnumMap<>(SignKind.class);
    private final List<BootSigns.Sign> bridges = new ArrayList<>();
    private final List<BootSigns.Sign> nvme = new ArrayList<>();

    /** Looks at one kernel line's message. */
    void see(long number, String m) {
        if (m.isEmpty()) {
            return;
        }
        char c = m.charAt(0);
        if (c == 'L' && m.startsWith("Linux version ")) {
            put(SignKind.BANNER, number, m, m);
        }
        if ((c == 'C' || c == 'K') && (m.startsWith("Command line:") || m.startsWith("Kernel command line:"))) {
            put(SignKind.COMMAND_LINE, number, m, m.substring(m.indexOf(':') + 1).strip());
        }
        if (c == 'H' && m.startsWith("Hypervisor detected: ")) {
            put(SignKind.HYPERVISOR, number, m, m.substring("Hypervisor detected: ".length()).strip());
        }
        if (c == 'H' && m.startsWith("Hyper-V: ")) {
            put(SignKind.HYPERV_PLATFORM, number, m, m);
        }
        if (c == 'e' && m.startsWith("efi: EFI v")) {
            put(SignKind.EFI, number, m, m);
        }
        if ((c == 'S' || c == 's') && m.contains(SECURE_BOOT)) {
            secureBoot(number, m);
        }
        if ((c == 'B' && m.startsWith("BIOS-e820: ")) || (c == 'x' && m.startsWith("x86/fpu: "))) {
            put(SignKind.X86, number, m, m);
        }
        if (c == ' ' && m.contains("DMA32") && m.strip().startsWith("DMA32 ") && m.contains("[mem ")) {
            put(SignKind.ZONE_DMA32, number, m, m);
        }
        if (c == 'B' && m.startsWith("Booting Linux on physical CPU ") && ARM64_BOOT.matcher(m).find()) {
            put(SignKind.ARM64, number, m, m);
        }
        if (c == 'h') {
            hyperv(number, m);
        }
        if (c == '[' && m.startsWith("[drm] Initialized hyperv_drm")) { // an older DRM core's line has no device prefix
            put(SignKind.HYPERV_DRM, number, m, m);
            put(SignKind.SYNTHETIC_VIDEO, number, m, "hyperv_drm");
        }
        if (c == 'n' && m.startsWith("nvme nvme") && nvme.size() < BootSigns.MAX_LISTED) {
            Matcher f = NVME_FUNCTION.matcher(m);
            if (f.find()) {
                nvme.add(new BootSigns.Sign(number, m, f.group(1)));
            }
        }
        if (m.contains("mmio")) {
            if (m.contains("Unexpected low mmio base ")) {
                put(SignKind.FIX_LOW_MMIO_WARNING, number, m, m);
            }
            if (m.contains("Unexpected framebuffer mmio base of zero")) {
                put(SignKind.FIX_ZERO_BASE_WARNING, number, m, m);
            }
            if (m.contains("hv_mmio=")) {
                put(SignKind.FIX_RESERVATION_INFO, number, m, m);
            }
        }
    }

    /** The Hyper-V drivers' own lines, each with its module's prefix (pr_fmt, or dev_printk's "driver device: "). */
    private void hyperv(long number, String m) {
        if (m.startsWith("hv_vmbus: ")) {
            put(SignKind.HV_VMBUS, number, m, m);
        } else if (m.startsWith("hv_pci ")) {
            put(SignKind.HV_PCI, number, m, m);
            Matcher b = m.contains("PCI host bridge to bus ") ? BRIDGE.matcher(m) : null;
            if (b != null && b.find() && bridges.size() < BootSigns.MAX_LISTED) {
                bridges.add(new BootSigns.Sign(number, m, b.group(1)));
            }
        } else if (m.startsWith("hyperv_fb: ") || m.startsWith("hyperv_fb ")) {
            put(SignKind.HYPERV_FB, number, m, m);
            if (m.contains("Synthvid Version") || m.contains("Screen resolution")) {
                put(SignKind.SYNTHETIC_VIDEO, number, m, "hyperv_fb");
            }
        } else if (m.startsWith("hyperv_drm") || m.startsWith("hyperv-drm")) {
            put(SignKind.HYPERV_DRM, number, m, m);
            if (m.contains("[drm] Initialized hyperv_drm")) {
                put(SignKind.SYNTHETIC_VIDEO, number, m, "hyperv_drm");
            }
        }
    }

    /** "Secure boot enabled|disabled|could not be determined", alone or after "secureboot: ". */
    private void secureBoot(long number, String m) {
        String rest = m.startsWith(SECUREBOOT_PREFIX) ? m.substring(SECUREBOOT_PREFIX.length()) : m;
        if (!rest.startsWith(SECURE_BOOT)) {
            return;
        }
        String state = rest.substring(SECURE_BOOT.length());
        for (String s : List.of("enabled", "disabled", "could not be determined")) {
            if (state.startsWith(s)) {
                put(SignKind.SECURE_BOOT, number, m, s);
                return;
            }
        }
    }

    private void put(SignKind kind, long number, String text, String value) {
        if (!first.containsKey(kind)) {
            first.put(kind, new BootSigns.Sign(number, text, value));
        }
    }

    BootSigns build() {
        return new BootSigns(first, bridges, nvme);
    }
}
