package org.kexecinspect.facts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A capture made of the few files someone has (predict --boot-params, --fb-fix, ...): they are
 * placed at their capture-format paths in a private temporary directory, so the same collector and
 * model run on them. Deleted on close.
 */
public final class LooseCapture implements AutoCloseable {

    /** What the user gave; null members were not given. */
    public record Pieces(Path bootParams, Path fbFix, Path fbVar, Path fbset, Path iomem, Path kdumpKernel,
            String kexecToolsVersion, String kexecArgs, String arch, String kernelRelease) {}

    private final Path dir;

    private LooseCapture(Path dir) { this.dir = dir; }

    public Path dir() { return dir; }

    public static LooseCapture build(Pieces p) throws IOException {
        Path dir = Files.createTempDirectory("kexec-inspect-loose-");
        try {
            copy(p.bootParams(), dir, "sys/kernel/boot_params/data");
            copy(p.fbFix(), dir, CaptureLayout.FB0_FIX);
            copy(p.fbVar(), dir, CaptureLayout.FB0_VAR);
            copy(p.fbset(), dir, CaptureLayout.FBSET);
            copy(p.iomem(), dir, "proc/iomem");
            if (p.kdumpKernel() != null) {
                copy(p.kdumpKernel(), dir, "var/lib/kdump/vmlinuz");
            }
            if (p.kexecToolsVersion() != null) {
                write(dir, CaptureLayout.KEXEC_VERSION, "kexec-tools " + p.kexecToolsVersion() + "\n");
            }
            if (p.kexecArgs() != null || p.kdumpKernel() != null) {
                // a kdump-tools configuration carrying the arguments: the same rules read them
                String args = p.kexecArgs() == null ? "" : p.kexecArgs().replace("\\", "\\\\").replace("\"", "\\\"")
                        .replace("$", "\\$").replace("`", "\\`");
                write(dir, "etc/default/kdump-tools", "USE_KDUMP=1\nKDUMP_KEXEC_ARGS=\"" + args + "\"\n"
                        + (p.kdumpKernel() != null ? "KDUMP_KERNEL=/var/lib/kdump/vmlinuz\n" : ""));
            }
            if (p.arch() != null || p.kernelRelease() != null) {
                String rel = p.kernelRelease() == null ? "unknown" : p.kernelRelease();
                write(dir, CaptureLayout.UNAME, "Linux loose " + rel + " #1 SMP " + (p.arch() == null ? "" : p.arch() + " ") + "GNU/Linux\n");
                if (p.kernelRelease() != null) {
                    write(dir, "proc/sys/kernel/osrelease", rel + "\n");
                }
            }
            Files.createDirectories(dir.resolve(CaptureLayout.DIR));
            return new LooseCapture(dir);
        } catch (IOException | RuntimeException e) {
            Captures.deleteTree(dir);
            throw e;
        }
    }

    private static void copy(Path from, Path dir, String to) throws IOException {
        if (from == null) {
            return;
        }
        Path t = dir.resolve(to);
        Files.createDirectories(t.getParent());
        Files.copy(from, t);
    }

    private static void write(Path dir, String to, String text) throws IOException {
        Path t = dir.resolve(to);
        Files.createDirectories(t.getParent());
        Files.writeString(t, text, StandardCharsets.UTF_8);
    }

    @Override public void close() { Captures.deleteTree(dir); }

}
