package org.kexecinspect.format.arm64;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What each kexec loader does with an arm64 kernel file, decided from headers alone (kexec-tools
 * kexec/arch/arm64/kexec-arm64.c and kexec/kexec-pe-zboot.c; Linux arch/arm64/kernel/kexec_image.c). Facts, not parse errors: a file a loader refuses still decodes. The running kernel's
 * endianness, page size and CPU features are not in the file, so checks against them are
 * conditions, not verdicts.
 *
 * @param kexecTools kexec-tools with KEXEC_LOAD ({@code kexec -c}): it decompresses and places the Image itself
 * @param kexecToolsFile kexec-tools with KEXEC_FILE_LOAD ({@code kexec -s}): it decompresses a compressed
 *     file and hands the kernel the Image in a memfd, so the kernel's checks apply to the Image
 * @param kexecFile the kernel's kexec_file loader given this very file (arch/arm64/kernel/kexec_image.c)
 */
public record Arm64Loadability(Verdict kexecTools, Verdict kexecToolsFile, Verdict kexecFile) {

    /**
     * A loader's answer. {@code accepted} is null when it depends on bytes not decoded (a compressed
     * Image's header); conditions are checks that depend on the running system or the loader's build.
     */
    public record Verdict(Boolean accepted, String reason, List<String> conditions) {
        public Verdict {
            Objects.requireNonNull(reason);
            conditions = List.copyOf(conditions);
        }
    }

    /** A raw Image file. */
    public static Arm64Loadability ofImage(Arm64Image h) {
        Verdict kernel = kernelOnImage(h);
        // kexec-tools kexec/arch/arm64/kexec-image-arm64.c image_arm64_probe: 64 bytes and the magic, nothing more
        List<String> tools = new ArrayList<>();
        if (h.preV3_17()) {
            // kexec-tools kexec-arm64.c arm64_process_image_header
            tools.add("image_size is 0: kexec-tools assumes text_offset 0x80000 and a 16 MiB image, and warns");
        }
        tools.add("kexec-tools does not check the endianness or page-size flags: a mismatch shows only when the "
                + "new kernel boots");
        Verdict toolsVerdict = new Verdict(true, "an arm64 Image: \"ARM\\x64\" at 0x38 (image_arm64_probe)", tools);
        // kexec -s: image_arm64_load in file mode passes the file as it is; the kernel decides
        Verdict toolsFile = new Verdict(kernel.accepted(),
                "kexec-tools passes the Image unchanged; the kernel: " + kernel.reason(), kernel.conditions());
        return new Arm64Loadability(toolsVerdict, toolsFile, kernel);
    }

    /** A gzip-compressed Image (Image.gz; Ubuntu's /boot/vmlinuz); {@code inner} is its Image header, if decoded. */
    public static Arm64Loadability ofGzipWrapped(Arm64Image inner) {
        // Linux image_probe looks for "ARM\x64" in the bytes it is given; it never decompresses
        Verdict kernel = new Verdict(false, "a gzip-compressed Image: image_probe needs \"ARM\\x64\" at 0x38 of the "
                + "file it is given; user space must decompress it", List.of());
        // kexec-tools kexec.c: slurp_decompress_file gunzips any kernel file before the probes see it
        List<String> zlib = List.of("kexec-tools must be built with zlib to decompress it");
        return decompressedBy(inner, "kexec-tools decompresses it (gzip)", zlib, kernel);
    }

    /** An EFI zboot image; {@code inner} is the header of the Image its payload decompresses to, if decoded. */
    public static Arm64Loadability ofZboot(EfiZboot z, Arm64Image inner) {
        Verdict kernel = new Verdict(z.kexecFileAcceptsDirectly(), "an EFI zboot image: image_probe needs "
                + "\"ARM\\x64\" at 0x38, where zboot has LINUX_PE_MAGIC; user space must decompress it",
                List.of("a kernel with in-kernel PE/zboot loading (Pingfan Liu's series \"kexec: Introduce "
                        + "kexec_pe_image to parse and load PE file\", not known to be merged) could take it directly"));
        // kexec-tools kexec/arch/arm64/kexec-vmlinuz-arm64.c pez_arm64_probe, then kexec/kexec-pe-zboot.c pez_prepare
        String refusal = null;
        if (!z.isArm64()) {
            refusal = z.peMachine() == null
                    ? "no PE header at pe_header 0x" + Long.toHexString(z.peHeaderOffset()) + " (pez_arm64_probe)"
                    : String.format("the PE machine type is 0x%04x, not arm64 0xaa64 (pez_arm64_probe)", z.peMachine());
        } else if (!z.kexecToolsDecompresses()) {
            refusal = "kexec-tools decompresses only gzip, zstd and lzma zboot payloads (a 4-character prefix "
                    + "compare in pez_prepare); this one is \"" + z.compressionType() + "\"";
        }
        if (refusal != null) {
            Verdict no = new Verdict(false, refusal, List.of());
            return new Arm64Loadability(no, no, kernel);
        }
        List<String> build = new ArrayList<>();
        switch (z.compression()) {
            case GZIP -> build.add("kexec-tools must be built with zlib to decompress it");
            case LZMA -> build.add("kexec-tools must be built with liblzma to decompress it");
            case ZSTD -> build.add("needs a kexec-tools that decompresses zstd zboot payloads (older releases take "
                    + "gzip and lzma only, e.g. horms/kexec-tools 12dd2d6e) and was built with zstd support");
            default -> { }
        }
        if (inner != null && !inner.hasEfiStub()) {
            // kexec-pe-zboot.c pez_prepare (recent): get_pehdr_offset on the decompressed Image
            build.add("recent kexec-tools look for a PE header in the decompressed Image, which has none");
        }
        return decompressedBy(inner, "kexec-tools decompresses the " + z.compression().jsonName() + " payload",
                build, kernel);
    }

    /** kexec-tools decompresses the file; both of its paths then see the inner Image. */
    private static Arm64Loadability decompressedBy(Arm64Image inner, String how, List<String> build, Verdict kernel) {
        if (inner == null) {
            Verdict tools = new Verdict(null, how + " and accepts it if the result is an arm64 Image (not decoded here)",
                    build);
            Verdict toolsFile = new Verdict(null, how + " and passes the result to the kernel in a memfd; the result "
                    + "was not decoded here", build);
            return new Arm64Loadability(tools, toolsFile, kernel);
        }
        Arm64Loadability raw = ofImage(inner);
        return new Arm64Loadability(
                then(raw.kexecTools(), how + ", then: ", build),
                then(raw.kexecFile(), how + " and passes the Image to the kernel in a memfd; the kernel: ", build),
                kernel);
    }

    private static Verdict then(Verdict v, String prefix, List<String> first) {
        List<String> conditions = new ArrayList<>(first);
        conditions.addAll(v.conditions());
        return new Verdict(v.accepted(), prefix + v.reason(), conditions);
    }

    /** Linux arch/arm64/kernel/kexec_image.c image_probe and image_load on a raw Image. */
    private static Verdict kernelOnImage(Arm64Image h) {
        if (h.preV3_17()) {
            // image_load: "an unambiguous Image header" means image_size != 0
            return new Verdict(false, "image_size is 0 (a kernel before v3.17): image_load refuses it (EINVAL)",
                    List.of());
        }
        List<String> c = new ArrayList<>();
        // image_load: the image's endianness against CONFIG_CPU_BIG_ENDIAN, unless the CPUs do mixed endian
        c.add("requires a " + h.endianness() + "-endian running kernel, or CPUs that support mixed endianness");
        // image_load: the page size against the CPUs' translation granules; "unspecified" is not checked
        if (h.pageSize() != Arm64Image.PageSize.UNSPECIFIED) {
            c.add("requires CPUs that support the " + h.pageSize().text() + " translation granule");
        }
        // crash support: 3751e728cef2 "arm64: kexec_file: add crash dump support" (arch/arm64/kernel/kexec_image.c)
        c.add("as a crash kernel (kexec -p) it needs a running kernel with arm64 kexec_file crash support "
                + "(3751e728cef2, believed v5.7, unverified)");
        // kexec_image.c image_verify_sig: verify_pefile_signature, when signatures are enforced
        c.add(h.hasEfiStub()
                ? "where kexec signatures are enforced (KEXEC_SIG_FORCE, lockdown) its PE signature must verify; not checked here"
                : "where kexec signatures are enforced (KEXEC_SIG_FORCE, lockdown) it is refused: without an EFI stub "
                        + "it carries no PE signature");
        return new Verdict(true, "\"ARM\\x64\" at 0x38 and a non-zero image_size (image_probe, image_load)", c);
    }
}
