package org.kexecinspect.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Real kernel payloads in every format the kernel uses, made from the Debian amd64 image: its own
 * payload (xz, as Debian builds it) is decompressed by the native {@code xz}, and the result is
 * re-compressed by the real command-line tool of each format with the kernel build's options
 * (arch/x86/boot/compressed/Makefile; /tmp notes in the issue-3 research), the 4-byte
 * uncompressed size appended as the build's *_with_size rules do (not for gzip, whose own trailer
 * serves). Each payload is then put back into a copy of the real image ("bzImage-shaped"): the
 * setup code and everything around the payload are the real ones; payload_length, syssize and
 * kernel_info_offset are moved to fit (boot.rst offsets 0x24c, 0x1f4, 0x268).
 *
 * <p>Everything is cached beside the kernel image, outside the repository.
 */
public final class KernelPayloads {
    private KernelPayloads() {}

    /** How each format is made: the tool's command line reading stdin, writing stdout. */
    public enum Format {
        GZIP("gzip", false, "gzip", "-9", "-n"),
        BZIP2("bzip2", true, "bzip2", "-9"),
        LZMA("lzma", true, "lzma", "-9"),
        XZ("xz", true, "xz", "--check=crc32", "--x86", "--lzma2=dict=32MiB"),
        LZ4("lz4", true, "lz4", "-l", "-9"),
        ZSTD("zstd", true, "zstd", "-q", "--long=27", "-3"),   // window 2^27 like the kernel's -22 --ultra, fast
        LZO("lzo", true, "lzop", "-9");

        public final String id;
        final boolean sizeAppended;
        final List<String> command;

        Format(String id, boolean sizeAppended, String... command) {
            this.id = id;
            this.sizeAppended = sizeAppended;
            this.command = List.of(command);
        }
    }

    private static Path vmlinux;
    private static final Map<Format, Path> SHAPED = new HashMap<>();

    static Path cacheDir() throws IOException {
        Path image = Inputs.debianAmd64Kernel();
        Path dir = image.getParent().getParent().getParent().resolve("payloads");
        Files.createDirectories(dir);
        return dir;
    }

    /** Raw little-endian reads at boot.rst's offsets, independent of the parsers under test. */
    public record Header(int realModeSize, long payloadOffset, long payloadLength) {
        public static Header of(byte[] image) {
            ByteBuffer b = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
            int setupSects = b.get(0x1f1) & 0xff;
            return new Header(((setupSects == 0 ? 4 : setupSects) + 1) * 512,
                    b.getInt(0x248) & 0xffffffffL, b.getInt(0x24c) & 0xffffffffL);
        }

        public long payloadStart() { return realModeSize + payloadOffset; }
    }

    /** The Debian image's payload, decompressed by the native xz (vmlinux.bin + relocs). */
    public static synchronized Path vmlinux() {
        if (vmlinux != null) {
            return vmlinux;
        }
        try {
            Path out = cacheDir().resolve("vmlinux");
            if (!Files.exists(out)) {
                byte[] image = Files.readAllBytes(Inputs.debianAmd64Kernel());
                Header h = Header.of(image);
                Path payload = Files.createTempFile(cacheDir(), "payload", ".xz");
                Files.write(payload, java.util.Arrays.copyOfRange(image, (int) h.payloadStart(),
                        (int) (h.payloadStart() + h.payloadLength())));
                // --single-stream: stop at the end of the xz stream, before the appended size
                pipe(List.of("xz", "-dc", "--single-stream"), payload, out);
                Files.delete(payload);
            }
            return vmlinux = out;
        } catch (IOException e) {
            return fail("cannot make the decompressed payload: " + e.getMessage());
        }
    }

    /**
     * A bzImage-shaped copy of the Debian image whose payload is in {@code format}; for xz, the
     * real image itself (Debian builds with CONFIG_KERNEL_XZ, so its payload is the kernel build's
     * own xz stream).
     */
    public static synchronized Path shaped(Format format) {
        Path cached = SHAPED.get(format);
        if (cached != null) {
            return cached;
        }
        if (format == Format.XZ && isXz(Inputs.debianAmd64Kernel())) {
            SHAPED.put(format, Inputs.debianAmd64Kernel());
            return Inputs.debianAmd64Kernel();
        }
        try {
            Path out = cacheDir().resolve("bzImage." + format.id);
            if (!Files.exists(out)) {
                Path compressed = cacheDir().resolve("vmlinux." + format.id);
                if (!Files.exists(compressed)) {
                    Path tmp = Files.createTempFile(cacheDir(), "vmlinux", "." + format.id);
                    pipe(format.command, vmlinux(), tmp);
                    Files.move(tmp, compressed, StandardCopyOption.ATOMIC_MOVE);
                }
                byte[] payload = Files.readAllBytes(compressed);
                if (format.sizeAppended) {
                    payload = append(payload, Files.size(vmlinux()));
                }
                Path tmp = Files.createTempFile(cacheDir(), "bzImage", "." + format.id);
                Files.write(tmp, replacePayload(Files.readAllBytes(Inputs.debianAmd64Kernel()), payload));
                Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
            }
            SHAPED.put(format, out);
            return out;
        } catch (IOException e) {
            return fail("cannot make the " + format.id + " payload: " + e.getMessage());
        }
    }

    private static boolean isXz(Path image) {
        try {
            byte[] bytes = Files.readAllBytes(image);
            int at = (int) Header.of(bytes).payloadStart();
            return (bytes[at] & 0xff) == 0xfd && bytes[at + 1] == '7' && bytes[at + 2] == 'z';
        } catch (IOException e) {
            return fail("cannot read " + image + ": " + e.getMessage());
        }
    }

    static byte[] append(byte[] payload, long size) {
        byte[] out = java.util.Arrays.copyOf(payload, payload.length + 4);
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putInt(payload.length, (int) size);
        return out;
    }

    /** The real image with its payload replaced, and the header fields that depend on it moved. */
    public static byte[] replacePayload(byte[] image, byte[] payload) {
        Header h = Header.of(image);
        int start = (int) h.payloadStart();
        int end = (int) (start + h.payloadLength());
        byte[] out = new byte[start + payload.length + (image.length - end)];
        System.arraycopy(image, 0, out, 0, start);
        System.arraycopy(payload, 0, out, start, payload.length);
        System.arraycopy(image, end, out, start + payload.length, image.length - end);
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        long delta = payload.length - h.payloadLength();
        b.putInt(0x24c, payload.length);
        long kernelInfo = b.getInt(0x268) & 0xffffffffL;
        if (kernelInfo > h.payloadOffset()) {
            b.putInt(0x268, (int) (kernelInfo + delta));    // kernel_info sits after the payload
        }
        b.putInt(0x1f4, (int) ((out.length - h.realModeSize() + 15) / 16));
        return out;
    }

    /** Runs {@code command < in > out}, failing the test with its stderr. */
    public static void pipe(List<String> command, Path in, Path out) {
        try {
            Path err = Files.createTempFile("kexec-inspect", ".err");
            Process p = new ProcessBuilder(command).redirectInput(in.toFile()).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).start();
            if (p.waitFor() != 0) {
                fail(String.join(" ", command) + " failed: " + Files.readString(err));
            }
            Files.delete(err);
        } catch (IOException e) {
            fail("cannot run " + command.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
    }
}
