package org.kexecinspect.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.kexecinspect.facts.Captures;
import org.kexecinspect.facts.Collector;
import org.kexecinspect.facts.Root;
import org.kexecinspect.facts.SystemCalls;
import org.kexecinspect.facts.SystemFacts;
import org.kexecinspect.format.fb.FbBitfield;
import org.kexecinspect.format.fb.FbFix;
import org.kexecinspect.format.fb.FbVar;
import org.kexecinspect.format.Layout.Abi;
import org.kexecinspect.testing.Inputs;
import org.kexecinspect.testing.QemuCaptures;

/**
 * Capture trees for the model tests (capture format 1, /work/notes/capture-layout.md): a copy of a
 * hand-made Hyper-V capture (native-fixtures/hyperv-captures, README there) or of a real QEMU stage,
 * with files replaced where a truth-table row needs another fact, collected through Collector like
 * any capture.
 */
public final class Trees {
    private Trees() {}

    static final Path HYPERV = Inputs.projectDir().resolve("native-fixtures/hyperv-captures");

    /** A writable copy of one of the five hand-made Hyper-V captures. */
    static Path hyperv(String name, Path tmp) {
        Path dst = tmp.resolve(name);
        copy(HYPERV.resolve(name), dst);
        return dst;
    }

    /** A capture tree made of a real QEMU stage's files ({@link QemuCaptures#tree}). */
    static Path qemu(Path stage, Path tmp) {
        return QemuCaptures.tree(stage, tmp);
    }

    static SystemFacts collect(Path root) throws Exception {
        try (Root r = Captures.open(root, root.getFileName().toString())) {
            return Collector.collect(r, SystemCalls.recorded(r));
        }
    }

    static void write(Path root, String rel, byte[] bytes) {
        try {
            Path p = root.resolve(rel);
            Files.createDirectories(p.getParent());
            Files.write(p, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path root, String rel, String text) {
        write(root, rel, text.getBytes(StandardCharsets.UTF_8));
    }

    static void delete(Path root, String rel) {
        try {
            Path p = root.resolve(rel);
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.sorted((a, b) -> b.compareTo(a)).forEach(x -> x.toFile().delete());
                }
            } else {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] read(Path root, String rel) {
        try {
            return Files.readAllBytes(root.resolve(rel));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Patches a little-endian value of {@code size} bytes at {@code offset} of a file. */
    static void patch(Path root, String rel, int offset, int size, long value) {
        byte[] b = read(root, rel);
        for (int i = 0; i < size; i++) {
            b[offset + i] = (byte) (value >>> (8 * i));
        }
        write(root, rel, b);
    }

    /** The running kernel: `uname -a` and /proc/sys/kernel/osrelease (Machine reads the latter first). */
    static void kernel(Path root, String release, String arch) {
        write(root, "kexec-inspect/uname", "Linux vm " + release + " #1 SMP " + arch + " GNU/Linux\n");
        write(root, "proc/sys/kernel/osrelease", release + "\n");
    }

    static void kexecTools(Path root, String version) {
        write(root, "kexec-inspect/kexec-version", "kexec-tools " + version + "\n");
    }

    /**
     * /dev/fb0 as the ioctls return it (LP64), and /proc/fb naming it. The mode follows the capture
     * it goes into: 1024x768 at 32 bpp, XRGB8888 (the DRM fbdev values of bochs-drm/first/fb_var.bin).
     */
    static void fb0(Path root, String id, long smemStart, long smemLen) {
        FbFix fix = new FbFix(id, smemStart, smemLen, FbFix.FB_TYPE_PACKED_PIXELS, 0, FbFix.FB_VISUAL_TRUECOLOR,
                0, 0, 0, 4096, 0, 0, 0, 0, Abi.LP64);
        FbVar var = new FbVar(1024, 768, 1024, 768, 0, 0, 32, 0, new FbBitfield(16, 8, 0), new FbBitfield(8, 8, 0),
                new FbBitfield(0, 8, 0), new FbBitfield(24, 8, 0), 0, 0, 0xffff_ffffL, 0xffff_ffffL, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0);
        write(root, "kexec-inspect/fb0.fix", fix.encode());
        write(root, "kexec-inspect/fb0.var", var.encode());
        write(root, "proc/fb", "0 " + id + "\n");
        write(root, "sys/class/graphics/fb0/name", id + "\n");
    }

    /** No framebuffer registered: /proc/fb is empty, no fb0 structs, no sys/class/graphics/fb0. */
    static void noFb0(Path root) {
        write(root, "proc/fb", "");
        delete(root, "kexec-inspect/fb0.fix");
        delete(root, "kexec-inspect/fb0.var");
        delete(root, "sys/class/graphics/fb0");
    }

    /** KDUMP_KEXEC_ARGS in /etc/default/kdump-tools (the hand-made captures carry Debian's file with it commented out). */
    static void kexecArgs(Path root, String args) {
        String conf = new String(read(root, "etc/default/kdump-tools"), StandardCharsets.UTF_8);
        write(root, "etc/default/kdump-tools", conf + "\nKDUMP_KEXEC_ARGS=\"" + args + "\"\n");
    }

    /**
     * gen2-local-arm64 with the NVMe pass-through of gen2-local-x86 (its sys/bus/pci, sys/block, their
     * links and /proc/mounts): an arm64 VM whose root is on NVMe behind pci-hyperv, as in
     * cli/PredictionEndToEndTest. gen2-local-arm64 alone has no PCI device, so nothing would be at stake.
     */
    public static Path armWithNvmeRoot(Path tmp) {
        Path arm = hyperv("gen2-local-arm64", tmp);
        Path x86 = HYPERV.resolve("gen2-local-x86");
        copyOver(x86.resolve("sys/bus/pci"), arm.resolve("sys/bus/pci"));
        copyOver(x86.resolve("sys/block"), arm.resolve("sys/block"));
        write(arm, "proc/mounts", read(x86, "proc/mounts"));
        StringBuilder links = new StringBuilder(new String(read(arm, "kexec-inspect/links"), StandardCharsets.UTF_8));
        for (String l : new String(read(x86, "kexec-inspect/links"), StandardCharsets.UTF_8).split("\n")) {
            if (l.startsWith("sys/bus/pci/") || l.startsWith("sys/block/") || l.startsWith("sys/class/block/")) {
                links.append(l).append('\n');
            }
        }
        write(arm, "kexec-inspect/links", links.toString());
        return arm;
    }

    /** Like {@link #copy}, replacing files that are already there. */
    private static void copyOver(Path src, Path dst) {
        try (Stream<Path> s = Files.walk(src)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path t = dst.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.createDirectories(t.getParent());
                    Files.copy(p, t, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void copy(Path src, Path dst) {
        Inputs.copyTree(src, dst);
    }
}
