package org.kexecinspect.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;

import org.kexecinspect.format.ByteSource;
import org.kexecinspect.format.Compression;
import org.kexecinspect.format.FormatException;
import org.kexecinspect.format.RegionInputStream;
import org.kexecinspect.payload.Decoders;
import org.kexecinspect.payload.PatternSearch;
import org.kexecinspect.payload.Payloads;

/**
 * Searches a kernel's VMBus driver code for the log strings 016a25e4b0df "Drivers: hv: vmbus:
 * Improve the logic of reserving fb_mmio on Gen2 VMs" added to drivers/hv/vmbus_drv.c
 * vmbus_reserve_fb(); they are plain text in the compiled code: in hv_vmbus.ko, or in a
 * decompressed kernel image when hv_vmbus is built in. It reports the strings found and where;
 * what they mean is decided by the model (org.kexecinspect.model.fix).
 *
 * <p>The commit added three messages to vmbus_reserve_fb() and removed none (the old function
 * logged nothing): a warning "Unexpected low mmio base %pa" (the earlier revisions posted had
 * "0x%pa"; every backport has "%pa") in the branch that adds the fallback, a warning "Unexpected
 * framebuffer mmio base of zero", and an info line "hv_mmio=%pR,%pR fb=%pR". Source: the commit as
 * merged (Linus' merge e92a7628772b of tag hyperv-fixes-signed-20260607, in v7.1), quoted whole in
 * the 6.6-stable "FAILED" mail (Message-ID 2026061517-caddy-dyslexic-0a1e@gregkh), and the stable
 * backports, which keep the strings (6.1.y: 20260616224646.3561132-1-sashal@kernel.org, 5.15.y:
 * 20260617014801.3672943-1-sashal@kernel.org, 6.12.y and 6.18.y postings of 2026-06-16).
 * vmbus_drv.c prefixes its messages with "hv_vmbus: " (pr_fmt is KBUILD_MODNAME), and
 * vmbus_reserve_fb() names its reservation "fb_range" (fb_mmio_name; a literal since the 2023
 * device-tree rework); both are there with or without the fix (Debian's 6.1.176 and 6.1.192
 * hv_vmbus.ko have them; the release that first named the reservation so is not verified), so
 * they tell that the bytes hold vmbus_reserve_fb() at all.
 */
public final class FbReserveFixProbe {
    private FbReserveFixProbe() {}

    /** The warning in the branch that adds the low-MMIO fallback; the prefix matches every revision. */
    public static final String LOW_MMIO_WARNING = "Unexpected low mmio base ";
    public static final String ZERO_BASE_WARNING = "Unexpected framebuffer mmio base of zero";
    public static final String RESERVATION_INFO = "hv_mmio=%pR,%pR fb=%pR";
    /** The resource name vmbus_reserve_fb() requests (fb_mmio_name, later a literal). */
    public static final String FB_RANGE = "fb_range";
    /** pr_fmt of vmbus_drv.c: KBUILD_MODNAME ": ", for a module and built in alike. */
    public static final String VMBUS_PREFIX = "hv_vmbus: ";

    /** The fix's strings, the fallback's warning first. */
    public static final List<String> FIX_STRINGS = List.of(LOW_MMIO_WARNING, ZERO_BASE_WARNING, RESERVATION_INFO);
    /** Strings every vmbus_reserve_fb() has, with or without the fix. */
    public static final List<String> MARKERS = List.of(VMBUS_PREFIX, FB_RANGE);

    /** Largest module accepted once decompressed; real hv_vmbus.ko files are about 300 KiB. */
    public static final long MAX_MODULE_SIZE = 256L << 20;

    /** A string found, at its first offset in the scanned (decompressed) bytes. */
    public record Evidence(String string, long offset) {}

    /**
     * @param artifact the name of what was scanned
     * @param compression how the bytes were stored: {@link Compression#NONE} for a plain module or
     *     an already decompressed stream
     * @param scannedBytes bytes scanned after decompression
     * @param fixStrings the fix's strings found
     * @param markers the vmbus_drv.c strings found that every version has
     */
    public record Result(String artifact, Compression compression, long scannedBytes, List<Evidence> fixStrings,
            List<Evidence> markers) {
        public Result {
            Objects.requireNonNull(compression);
            fixStrings = List.copyOf(fixStrings);
            markers = List.copyOf(markers);
        }

        /** Both markers: the bytes hold vmbus_reserve_fb(), so this is the VMBus driver to judge. */
        public boolean holdsVmbusDriver() {
            return markers.size() == MARKERS.size();
        }

        public List<String> fixStringNames() {
            return fixStrings.stream().map(Evidence::string).toList();
        }

        public List<String> markerNames() {
            return markers.stream().map(Evidence::string).toList();
        }
    }

    /** A kernel module file: plain (ELF), .ko.xz, .ko.zst or .ko.gz, told apart by its first bytes. */
    public static Result scanModule(ByteSource module) throws FormatException {
        byte[] head = module.read(0, (int) Math.min(Compression.MAGIC_LENGTH, module.size()));
        Compression c = Compression.detect(head);
        if (c != Compression.NONE && c != Compression.XZ && c != Compression.ZSTD && c != Compression.GZIP) {
            throw new FormatException(module.name(), 0, "not a kernel module: neither an ELF file nor xz, zstd or "
                    + "gzip data (" + c.jsonName() + ")");
        }
        RegionInputStream region = new RegionInputStream(module, 0, module.size());
        String what = c == Compression.NONE ? "" : c.jsonName() + " module: ";
        try (InputStream decoded = Decoders.open(c, region)) {
            return judge(module.name(), c, PatternSearch.scan(decoded, searched(), MAX_MODULE_SIZE));
        } catch (IOException | RuntimeException e) {
            throw Payloads.failure(module.name(), region.position(), what, e);
        }
    }

    /** A module's bytes, e.g. as kept from an initramfs. */
    public static Result scanModule(String name, byte[] bytes) throws FormatException {
        return scanModule(ByteSource.of(name, bytes));
    }

    /**
     * Already decompressed bytes: a kernel's payload (vmlinux) or anything else, read to the end
     * (not closed).
     */
    public static Result scanDecompressed(String name, InputStream decompressed, long maxBytes)
            throws FormatException {
        try {
            return judge(name, Compression.NONE, PatternSearch.scan(decompressed, searched(), maxBytes));
        } catch (IOException | RuntimeException e) {
            throw Payloads.failure(name, -1, "", e);
        }
    }

    private static List<String> searched() {
        return java.util.stream.Stream.concat(FIX_STRINGS.stream(), MARKERS.stream()).toList();
    }

    static Result judge(String name, Compression c, PatternSearch.Result scan) {
        List<Evidence> fix = FIX_STRINGS.stream().flatMap(s -> scan.hit(s).stream())
                .map(h -> new Evidence(h.pattern(), h.offset())).toList();
        List<Evidence> markers = MARKERS.stream().flatMap(s -> scan.hit(s).stream())
                .map(h -> new Evidence(h.pattern(), h.offset())).toList();
        return new Result(name, c, scan.length(), fix, markers);
    }
}
