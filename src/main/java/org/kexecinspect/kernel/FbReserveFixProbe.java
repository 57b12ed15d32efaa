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
 * Tells whether a kernel's VMBus driver carries 016a25e4b0df "Drivers: hv: vmbus: Improve the logic
 * of reserving fb_mmio on Gen2 VMs" (domain.md 7.2), the fix that makes a kdump kernel whose
 * screen_info lost the framebuffer base reserve the low MMIO base instead. It reads the log
 * strings the commit added to drivers/hv/vmbus_drv.c, which are plain text in the compiled code:
 * in hv_vmbus.ko, or in a decompressed kernel image when hv_vmbus is built in.
 *
 * <p>The commit added three messages to vmbus_reserve_fb() and removed none (the old function
 * logged nothing): a warning "Unexpected low mmio base %pa" (the earlier revisions posted had
 * "0x%pa"; every backport has "%pa") in the branch that adds the fallback, a warning "Unexpected
 * framebuffer mmio base of zero", and an info line "hv_mmio=%pR,%pR fb=%pR". Source: the commit as
 * merged (mainline merge e92a7628772b, hyperv-fixes for v7.1-rc8), quoted whole in the 6.6-stable
 * "FAILED" mail [ML 2026061517-caddy-dyslexic-0a1e@gregkh], and the stable backports, which keep
 * the strings (6.1.y [ML 20260616224646.3561132-1-sashal@kernel.org], 5.15.y
 * [ML 20260617014801.3672943-1-sashal@kernel.org], 6.12.y and 6.18.y postings of 2026-06-16). vmbus_drv.c prefixes its messages with "hv_vmbus: " (pr_fmt is KBUILD_MODNAME), and
 * vmbus_reserve_fb() names its reservation "fb_range" (fb_mmio_name; a literal since the 2023
 * device-tree rework); both are there with or without the fix (Debian's 6.1.176 and 6.1.192
 * hv_vmbus.ko have them; the release that first named the reservation so is not verified).
 *
 * <p>Verdicts: {@link Verdict#PRESENT} when the fallback's own warning is there;
 * {@link Verdict#ABSENT} when none of the three strings is there but the bytes hold
 * vmbus_reserve_fb() (both markers); otherwise {@link Verdict#CANNOT_TELL} (not hv_vmbus at all,
 * e.g. a kernel image whose hv_vmbus is a module, or only some of the strings: a reworded
 * backport). A later kernel that rewords these messages would read as ABSENT: the verdict is about
 * the strings of the fix as merged, and the evidence says which were seen.
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

    static final List<String> FIX_STRINGS = List.of(LOW_MMIO_WARNING, ZERO_BASE_WARNING, RESERVATION_INFO);
    static final List<String> MARKERS = List.of(VMBUS_PREFIX, FB_RANGE);

    /** Largest module accepted once decompressed; real hv_vmbus.ko files are about 300 KiB. */
    public static final long MAX_MODULE_SIZE = 256L << 20;

    public enum Verdict { PRESENT, ABSENT, CANNOT_TELL }

    /** A string found, at its first offset in the scanned (decompressed) bytes. */
    public record Evidence(String string, long offset) {}

    /**
     * @param artifact the name of what was scanned
     * @param compression how the bytes were stored: {@link Compression#NONE} for a plain module or
     *     an already decompressed stream
     * @param scannedBytes bytes scanned after decompression
     * @param fixStrings the fix's strings found
     * @param markers the vmbus_drv.c strings found that every version has
     * @param reason the verdict in words
     */
    public record Result(String artifact, Compression compression, long scannedBytes, Verdict verdict,
            List<Evidence> fixStrings, List<Evidence> markers, String reason) {
        public Result {
            Objects.requireNonNull(verdict);
            fixStrings = List.copyOf(fixStrings);
            markers = List.copyOf(markers);
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
        boolean fallback = scan.hit(LOW_MMIO_WARNING).isPresent();
        Verdict v;
        String reason;
        if (fallback) {
            v = Verdict.PRESENT;
            reason = "the low-MMIO fallback's warning \"" + LOW_MMIO_WARNING.trim() + "\" is there ("
                    + fix.size() + " of the fix's " + FIX_STRINGS.size() + " strings)";
        } else if (!fix.isEmpty()) {
            v = Verdict.CANNOT_TELL;
            reason = "only " + fix.size() + " of the fix's " + FIX_STRINGS.size() + " strings and not the fallback's "
                    + "warning: a changed backport?";
        } else if (markers.size() == MARKERS.size()) {
            v = Verdict.ABSENT;
            reason = "vmbus_reserve_fb() is there (\"" + FB_RANGE + "\" and the \"" + VMBUS_PREFIX.trim()
                    + "\" messages) without any of the fix's strings";
        } else {
            v = Verdict.CANNOT_TELL;
            reason = "no VMBus driver code here (" + (markers.isEmpty() ? "no" : "only some") + " of \""
                    + VMBUS_PREFIX.trim() + "\" and \"" + FB_RANGE + "\"): hv_vmbus is elsewhere, e.g. a module";
        }
        return new Result(name, c, scan.length(), v, fix, markers, reason);
    }
}
