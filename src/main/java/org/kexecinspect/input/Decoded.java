package org.kexecinspect.input;

import java.util.List;

import org.kexecinspect.format.ArtifactKind;
import org.kexecinspect.format.fb.FbFix;
import org.kexecinspect.format.fb.FbVar;
import org.kexecinspect.format.fb.FbsetInfo;
import org.kexecinspect.format.text.KdumpConf;
import org.kexecinspect.format.text.KdumpSysconfig;
import org.kexecinspect.format.text.KdumpToolsConfig;
import org.kexecinspect.format.text.KernelConfig;
import org.kexecinspect.format.text.KexecInvocation;
import org.kexecinspect.format.text.ProcIomem;
import org.kexecinspect.format.x86.BootParams;
import org.kexecinspect.format.x86.BzImage;
import org.kexecinspect.format.x86.ScreenInfo;

/**
 * One input, decoded: one variant per kind of artifact, each holding the structure read from it, and
 * for a kernel image what it says about the kernel inside. Sealed, so a {@link Visitor} handles every
 * kind and a new kind does not compile until each visitor does.
 */
public sealed interface Decoded {
    ArtifactKind kind();

    /** The structure read from the input. */
    Object value();

    /** What a kernel image says about the kernel inside; null for the other kinds. */
    default KernelFacts kernel() {
        return null;
    }

    /** What the reader wants the user to know about how it read the input. */
    List<String> notes();

    <R> R accept(Visitor<R> visitor);

    /** One method per kind of artifact. */
    interface Visitor<R> {
        R x86Kernel(BzImage image, KernelFacts kernel);

        R arm64Kernel(Arm64Kernel image, KernelFacts kernel);

        R bootParamsDirectory(BootParamsDirectory directory);

        R bootParams(BootParams bootParams);

        R screenInfo(ScreenInfo screenInfo);

        R fbFix(FbFix fix);

        R fbVar(FbVar var);

        R fbset(FbsetInfo info);

        R iomem(ProcIomem iomem);

        R kernelConfig(KernelConfig config);

        R kdumpTools(KdumpToolsConfig config);

        R sysconfigKdump(KdumpSysconfig config);

        R kdumpConf(KdumpConf config);

        R kexecCommand(KexecInvocation invocation);
    }

    record X86Kernel(BzImage value, KernelFacts kernel, List<String> notes) implements Decoded {
        public X86Kernel { notes = List.copyOf(notes); }
        @Override public ArtifactKind kind() { return ArtifactKind.X86_BZIMAGE; }
        @Override public <R> R accept(Visitor<R> v) { return v.x86Kernel(value, kernel); }
    }

    record Arm64KernelImage(Arm64Kernel value, KernelFacts kernel, List<String> notes) implements Decoded {
        public Arm64KernelImage { notes = List.copyOf(notes); }
        @Override public ArtifactKind kind() { return ArtifactKind.ARM64_IMAGE; }
        @Override public <R> R accept(Visitor<R> v) { return v.arm64Kernel(value, kernel); }
    }

    /** A {@code /sys/kernel/boot_params} directory or a copy of one. */
    record BootParamsDir(BootParamsDirectory value, List<String> notes) implements Decoded {
        public BootParamsDir { notes = List.copyOf(notes); }
        @Override public ArtifactKind kind() { return ArtifactKind.BOOT_PARAMS; }
        @Override public <R> R accept(Visitor<R> v) { return v.bootParamsDirectory(value); }
    }

    /** A zero page in one file. */
    record BootParamsPage(BootParams value, List<String> notes) implements Decoded {
        public BootParamsPage { notes = List.copyOf(notes); }
        @Override public ArtifactKind kind() { return ArtifactKind.BOOT_PARAMS; }
        @Override public <R> R accept(Visitor<R> v) { return v.bootParams(value); }
    }

    record ScreenInfoBlob(ScreenInfo value, List<String> notes) implements Decoded {
        public ScreenInfoBlob { notes = List.copyOf(notes); }
        @Override public ArtifactKind kind() { return ArtifactKind.SCREEN_INFO; }
        @Override public <R> R accept(Visitor<R> v) { return v.screenInfo(value); }
    }

    record FbFixBlob(FbFix value, List<String> notes) implements Decoded {
        public FbFixBlob { notes = List.copyOf(notes); }
        @Override public ArtifactKind kind() { return ArtifactKind.FB_FIX; }
        @Override public <R> R accept(Visitor<R> v) { return v.fbFix(value); }
    }

    record FbVarBlob(FbVar value, List<String> notes) implements Decoded {
        public FbVarBlob { notes = List.copyOf(notes); }
        @Override public ArtifactKind kind() { return ArtifactKind.FB_VAR; }
        @Override public <R> R accept(Visitor<R> v) { return v.fbVar(value); }
    }

    record Fbset(FbsetInfo value, List<String> notes) implements Decoded {
        public Fbset { notes = List.copyOf(notes); }
        @Override public ArtifactKind kind() { return ArtifactKind.FBSET; }
        @Override public <R> R accept(Visitor<R> v) { return v.fbset(value); }
    }

    record Iomem(ProcIomem value, List<String> notes) implements Decoded {
        public Iomem { notes = List.copyOf(notes); }
        @Override public ArtifactKind kind() { return ArtifactKind.IOMEM; }
        @Override public <R> R accept(Visitor<R> v) { return v.iomem(value); }
    }

    record Config(KernelConfig value, List<String> notes) implements Decoded {
        public Config { notes = List.copyOf(notes); }
        @Override public ArtifactKind kind() { return ArtifactKind.KERNEL_CONFIG; }
        @Override public <R> R accept(Visitor<R> v) { return v.kernelConfig(value); }
    }

    record KdumpTools(KdumpToolsConfig value, List<String> notes) implements Decoded {
        public KdumpTools { notes = List.copyOf(notes); }
        @Override public ArtifactKind kind() { return ArtifactKind.KDUMP_TOOLS; }
        @Override public <R> R accept(Visitor<R> v) { return v.kdumpTools(value); }
    }

    record SysconfigKdump(KdumpSysconfig value, List<String> notes) implements Decoded {
        public SysconfigKdump { notes = List.copyOf(notes); }
        @Override public ArtifactKind kind() { return ArtifactKind.SYSCONFIG_KDUMP; }
        @Override public <R> R accept(Visitor<R> v) { return v.sysconfigKdump(value); }
    }

    record KdumpConfFile(KdumpConf value, List<String> notes) implements Decoded {
        public KdumpConfFile { notes = List.copyOf(notes); }
        @Override public ArtifactKind kind() { return ArtifactKind.KDUMP_CONF; }
        @Override public <R> R accept(Visitor<R> v) { return v.kdumpConf(value); }
    }

    record KexecCommand(KexecInvocation value, List<String> notes) implements Decoded {
        public KexecCommand { notes = List.copyOf(notes); }
        @Override public ArtifactKind kind() { return ArtifactKind.KEXEC_CMD; }
        @Override public <R> R accept(Visitor<R> v) { return v.kexecCommand(value); }
    }
}
