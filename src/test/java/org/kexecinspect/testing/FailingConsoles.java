package org.kexecinspect.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Failing kdump consoles for tests, built from the two real QEMU consoles of
 * native-fixtures/captures/qemu-kdump-consoles by inserting real message lines; each constant says where its
 * wording comes from, and native-fixtures/README.md lists what the tests insert where.
 */
public final class FailingConsoles {
    private FailingConsoles() {}

    public static final String D13 = "d13-bochs-c.log";
    public static final String SID = "sid-efifb-s.log";

    /**
     * hv_pci's D0 failure as quoted in the linux-hyperv thread of Message-ID
     * 20260122020337.94967-1-decui@microsoft.com (format: drivers/pci/controller/pci-hyperv.c
     * hv_pci_enter_d0(), "PCI Pass-through VSP failed D0 Entry with status %x"); the device prefix is the
     * driver core's dev_err() one with a made-up instance GUID.
     */
    public static final String D0 = "[    2.950000] hv_pci 7e3ba5fd-0d2c-4a8c-9d36-1c1b5e1e4b21: PCI Pass-through VSP failed D0 Entry with status c0370048\r";
    /**
     * The give-up line of initramfs-tools' scripts/local (Debian's initramfs, the consoles' own distribution),
     * "Gave up waiting for root file system device.  Common problems:", printed by user space without a
     * kernel timestamp; the failed-kdump reports of the same linux-hyperv thread end there.
     */
    public static final String ROOT = "Gave up waiting for root file system device.  Common problems:\r";
    /**
     * A soft lockup (kernel/watchdog.c watchdog_timer_fn(): "BUG: soft lockup - CPU#%d stuck for %us! [%s:%d]")
     * whose stack is efifb drawing its first screen (efifb_probe → register_framebuffer → fbcon → cfb_imageblit),
     * as in the dri-devel report "hyperv_fb soft lockup on Azure Gen2 VM" (2025-02-06) that 304386373007
     * ("fbdev: hyperv_fb: Fix hang in kdump kernel when on Hyper-V Gen 2 VMs") fixes.
     */
    public static final List<String> LOCKUP = List.of(
            "[   28.100000] watchdog: BUG: soft lockup - CPU#0 stuck for 26s! [swapper/0:1]\r",
            "[   28.100000] Call Trace:\r",
            "[   28.100000]  <TASK>\r",
            "[   28.100000]  cfb_imageblit+0x433/0x4b0\r",
            "[   28.100000]  bit_putcs+0x2b1/0x570\r",
            "[   28.100000]  fbcon_putcs+0xe7/0x100\r",
            "[   28.100000]  register_framebuffer+0x1c4/0x330\r",
            "[   28.100000]  efifb_probe+0x5b1/0x7a0\r",
            "[   28.100000]  </TASK>\r");
    /** drivers/video/fbdev/hyperv_fb.c synthvid_send_vram(): "Time out on waiting vram location ack". */
    public static final String VRAM = "[    2.000000] hyperv_fb: Time out on waiting vram location ack\r";

    public static List<String> console(String name) throws IOException {
        Path p = Inputs.captures().resolve("qemu-kdump-consoles").resolve(name);
        return new ArrayList<>(Arrays.asList(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1).split("\n", -1)));
    }

    /** 0-based indexes of the lines containing s. */
    public static List<Integer> grep(List<String> lines, String s) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(s)) {
                out.add(i);
            }
        }
        return out;
    }

    /** 0-based index of the kdump kernel's first line: the second "Linux version" line, whose boot has elfcorehdr=. */
    public static int kdumpStart(List<String> lines) {
        int at = grep(lines, "Linux version").get(1);
        assertTrue(lines.get(at + 1).contains("elfcorehdr="), lines.get(at + 1));
        return at;
    }

    /** 0-based index of the first line containing s after line {@code after}. */
    public static int after(List<String> lines, int after, String s) {
        return grep(lines, s).stream().filter(i -> i > after).findFirst().orElseThrow();
    }

    /**
     * d13-bochs-c with hv_pci's D0 failure inserted before the kdump kernel's init runs and initramfs-tools'
     * root give-up after it: the whole config-window-refused chain (the kdump kernel printed no framebuffer).
     */
    public static List<String> configWindowRefused() throws IOException {
        List<String> c = console(D13);
        int init = after(c, kdumpStart(c), "Run /init as init process");
        c.add(init + 1, ROOT);
        c.add(init, D0);
        return c;
    }

    /** sid-efifb-s with the efifb soft lockup inserted after the kdump kernel's "framebuffer at" line. */
    public static List<String> staleFramebuffer() throws IOException {
        List<String> c = console(SID);
        int fb = after(c, kdumpStart(c), "framebuffer at 0x");
        c.addAll(fb + 1, LOCKUP);
        return c;
    }

    /** d13-bochs-c with makedumpfile's last line ("The dumpfile is saved to %s.") after the kdump kernel's init. */
    public static List<String> dumpSaved() throws IOException {
        List<String> c = console(D13);
        int init = after(c, kdumpStart(c), "Run /init as init process");
        c.add(init + 1, DUMPFILE_SAVED);
        return c;
    }

    /** makedumpfile.c's closing line on success: "The dumpfile is saved to %s.". */
    public static final String DUMPFILE_SAVED = "The dumpfile is saved to /var/crash/202612070500/dump-incomplete.\r";

    /** The lines written to a file (LF between them, as the consoles are). */
    public static Path write(Path dir, String name, List<String> lines) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, String.join("\n", lines).getBytes(StandardCharsets.ISO_8859_1));
        return p;
    }
}
