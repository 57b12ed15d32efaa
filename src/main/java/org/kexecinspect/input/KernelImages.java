package org.kexecinspect.input;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.kexecinspect.format.ArtifactKind;
import org.kexecinspect.format.ByteSource;
import org.kexecinspect.format.Compression;
import org.kexecinspect.format.FormatException;
import org.kexecinspect.format.arm64.Arm64Detect;
import org.kexecinspect.format.arm64.Arm64Image;
import org.kexecinspect.format.arm64.Arm64ImageLayout;
import org.kexecinspect.format.arm64.Arm64Loadability;
import org.kexecinspect.format.arm64.EfiZboot;
import org.kexecinspect.format.arm64.EfiZbootLayout;
import org.kexecinspect.format.text.KernelConfig;
import org.kexecinspect.format.x86.BzImage;
import org.kexecinspect.payload.PayloadScan;
import org.kexecinspect.payload.Payloads;

/**
 * Kernel images beyond their headers: the payload scan (when asked for, or when a fact needs it),
 * the kernel release and the kernel config, each with where it came from.
 */
final class KernelImages {
    private KernelImages() {}

    /** Largest config file read from beside an image or from --config (KernelConfig's own cap). */
    private static final long MAX_CONFIG_FILE = KernelConfig.MAX_INPUT_SIZE;

    /** x86: the header answers the release; the payload is decompressed only with --deep. */
    static KernelFacts x86(Path path, ByteSource file, BzImage img, DecodeOptions options) throws FormatException {
        List<String> warnings = new ArrayList<>();
        PayloadScan scan = null;
        String notScanned = null;
        BzImage.Payload p = img.payload();
        if (!options.deep()) {
            notScanned = "not decompressed (header-only; --deep decompresses it)";
        } else if (p == null || p.compression() == null) {
            notScanned = "no payload inside the file to decompress";
        } else {
            // a payload running past the end of a truncated file is decoded as far as it goes, so
            // the decoder says where it ends early
            long length = Math.min(p.length(), file.size() - p.fileOffset());
            scan = Payloads.scan(file, p.fileOffset(), length, p.compression(), options.maxPayload());
        }
        String headerRelease = firstWord(img.kernelVersion());
        String release = headerRelease;
        String releaseSource = headerRelease != null ? "setup header kernel_version string" : null;
        if (scan != null && scan.kernelRelease() != null) {
            if (headerRelease != null && !headerRelease.equals(scan.kernelRelease())) {
                warnings.add("the setup header says release " + headerRelease + ", the payload's banner says "
                        + scan.kernelRelease());
            }
            if (release == null) {
                release = scan.kernelRelease();
                releaseSource = "the payload's \"Linux version\" banner";
            }
        }
        if (release == null) {
            releaseSource = scan == null && !options.deep()
                    ? "no version string in the header; --deep reads the payload's banner"
                    : "neither the header nor the payload names it";
        }
        return facts(path, file.name(), scan, notScanned, release, releaseSource, options, warnings);
    }

    /**
     * arm64: the release is only in the Image's banner, so the Image is always scanned, through its
     * wrapper's decompressor.
     */
    static Decoded arm64(Path path, ByteSource file, DecodeOptions options, List<String> notes)
            throws FormatException {
        Arm64Detect.Kind kind = Arm64Detect.detect(file);
        long size = file.size();
        Arm64Kernel kernel;
        PayloadScan scan;
        if (kind == Arm64Detect.Kind.IMAGE) {
            Arm64Image h = Arm64Image.read(file, 0);
            scan = Payloads.scan(file, 0, size, Compression.NONE, options.maxPayload());
            kernel = new Arm64Kernel(Arm64Kernel.NONE, size, null, h, 0, size, Arm64Loadability.ofImage(h));
        } else if (kind == Arm64Detect.Kind.EFI_ZBOOT) {
            EfiZboot z = EfiZboot.read(file);
            if (z.payloadSize() == 0) {
                // nothing to decompress, so no Image and no release: the file says nothing about a kernel
                throw new FormatException(file.name(), EfiZbootLayout.PAYLOAD_SIZE.offset(),
                        "EFI zboot payload_size is 0: the file holds no compressed kernel");
            }
            if (z.payloadFormat() == Compression.UNKNOWN) {
                throw new FormatException(file.name(), z.payloadOffset(), "the EFI zboot payload starts with no known "
                        + "compression magic (compress_type says \""
                        + EfiZboot.printable(z.compressionType()) + "\")");
            }
            Arm64Image inner = innerImage(file, z.payloadOffset(),
                    Payloads.head(file, z.payloadOffset(), z.payloadSize(), z.payloadFormat(), Arm64Image.SIZE));
            scan = Payloads.scan(file, z.payloadOffset(), z.payloadSize(), z.payloadFormat(), options.maxPayload());
            kernel = new Arm64Kernel(Arm64Kernel.EFI_ZBOOT, size, z, inner, z.payloadOffset(), z.payloadSize(),
                    z.loadability(inner));
        } else if (Arm64Detect.isGzip(file)) {
            // gzip data is an arm64 kernel only if it starts with an Image: look before decompressing it all
            Arm64Image inner = innerImage(file, 0, Payloads.head(file, 0, size, Compression.GZIP, Arm64Image.SIZE));
            scan = Payloads.scan(file, 0, size, Compression.GZIP, options.maxPayload());
            kernel = new Arm64Kernel(Arm64Kernel.GZIP, size, null, inner, 0, size, Arm64Loadability.ofGzipWrapped(inner));
        } else {
            throw new FormatException(file.name(), Arm64ImageLayout.MAGIC.offset(),
                    "not an arm64 kernel: no \"ARM\\x64\" at 0x38, no EFI zboot header (\"MZ\" + \"zimg\"), not gzip");
        }
        List<String> warnings = new ArrayList<>();
        String release = scan.kernelRelease();
        String releaseSource = release != null ? "the Image's \"Linux version\" banner"
                : "the Image has no \"Linux version\" banner";
        return new Decoded.Arm64KernelImage(kernel,
                facts(path, file.name(), scan, null, release, releaseSource, options, warnings), notes);
    }

    /** The decompressed payload must itself be an arm64 Image; its header is in the scan's first bytes. */
    private static Arm64Image innerImage(ByteSource file, long payloadOffset, byte[] head) throws FormatException {
        return Arm64Image.read(ByteSource.of(file.name() + " (decompressed payload at 0x"
                + Long.toHexString(payloadOffset) + ")", head), 0);
    }

    /**
     * The config: --config first, then the embedded IKCONFIG, then config-RELEASE beside the image
     * (/boot) when the image has a {@code path} to look beside (a root's image has none).
     */
    private static KernelFacts facts(Path path, String name, PayloadScan scan, String notScanned, String release,
            String releaseSource, DecodeOptions options, List<String> warnings) throws FormatException {
        KernelConfig config = null;
        String source;
        if (options.configFile() != null) {
            config = readConfig(options.configFile(), options.configFile().toString());
            source = "--config " + options.configFile();
        } else if (scan != null && scan.hasIkconfig()) {
            try (InputStream in = new java.io.ByteArrayInputStream(scan.ikconfig())) {
                config = KernelConfig.parse((path != null ? path.toString() : name) + " (embedded IKCONFIG at 0x"
                        + Long.toHexString(scan.ikconfigOffset()) + ")", in);
            } catch (IOException e) {
                throw new IllegalStateException(e);     // a byte array does not fail
            }
            source = "embedded IKCONFIG (CONFIG_IKCONFIG=y)";
        } else {
            Path beside = release == null || path == null ? null : siblingConfig(path, release);
            if (beside != null && Files.isRegularFile(beside)) {
                config = readConfig(beside, beside.toString());
                source = beside.getFileName() + " beside the image";
            } else {
                StringBuilder why = new StringBuilder("no config: ");
                why.append(scan == null ? "the payload was not scanned for an embedded one (--deep)"
                        : "none embedded (CONFIG_IKCONFIG not built in)");
                why.append(path == null ? "" : release == null ? ", and no release to find config-RELEASE beside the image"
                        : beside == null ? ", and the release \"" + release.replaceAll("[^\\x20-\\x7e]", "?")
                                + "\" is no file name to find config-RELEASE by"
                        : ", no " + beside.getFileName() + " beside the image");
                why.append("; --config FILE names one");
                source = why.toString();
            }
        }
        return new KernelFacts(scan, notScanned, release, releaseSource, config, source, warnings);
    }

    private static Path siblingConfig(Path image, String release) {
        Path dir = image.toAbsolutePath().getParent();
        if (dir == null || release.indexOf('/') >= 0 || release.startsWith(".") || release.indexOf('\0') >= 0) {
            return null;        // a release is a plain word; never let one walk directories
        }
        Path classic = dir.resolve("config-" + release);
        // the 7.x layout (Debian's linux-binary-REL and linux-base-REL, Fedora's kernel-core):
        // usr/lib/modules/REL/vmlinuz with usr/lib/modules/REL/config beside it
        Path modules = dir.resolve("config");
        if (!Files.isRegularFile(classic) && dir.getFileName() != null && dir.getFileName().toString().equals(release)
                && Files.isRegularFile(modules)) {
            return modules;
        }
        return classic;
    }

    private static KernelConfig readConfig(Path path, String name) throws FormatException {
        if (Inputs.typeOf(path, name) != Inputs.Type.REGULAR) {
            throw new FormatException(name, -1, "a kernel config must be a regular file");
        }
        try (FileSource f = FileSource.open(path, name);
                InputStream in = new org.kexecinspect.format.RegionInputStream(f, 0, f.size())) {
            if (f.size() > MAX_CONFIG_FILE) {
                throw new FormatException(name, MAX_CONFIG_FILE, "a kernel config of " + f.size()
                        + " bytes, above the " + MAX_CONFIG_FILE + "-byte limit");
            }
            return KernelConfig.parse(name, in);
        } catch (org.kexecinspect.format.RegionInputStream.SourceException e) {
            throw e.error();
        } catch (IOException e) {
            throw Inputs.ioError(name, -1, e);
        }
    }

    private static String firstWord(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        String t = s.strip();
        int space = t.indexOf(' ');
        return space < 0 ? t : t.substring(0, space);
    }
}
