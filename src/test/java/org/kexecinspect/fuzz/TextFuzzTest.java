package org.kexecinspect.fuzz;

import static org.kexecinspect.fuzz.Fuzz.decodes;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;

import com.code_intelligence.jazzer.junit.FuzzTest;

import org.kexecinspect.format.text.HyperVIomem;
import org.kexecinspect.format.text.IomemQueries;
import org.kexecinspect.format.text.KdumpConf;
import org.kexecinspect.format.text.KdumpSysconfig;
import org.kexecinspect.format.text.KdumpToolsConfig;
import org.kexecinspect.format.text.KernelCmdline;
import org.kexecinspect.format.text.KernelConfig;
import org.kexecinspect.format.text.KexecArgs;
import org.kexecinspect.format.text.ProcIomem;
import org.kexecinspect.input.Artifacts;
import org.kexecinspect.input.DecodeOptions;

/** The text decoders: /proc/iomem, kernel .config, the kdump configurations, kexec command lines. */
class TextFuzzTest {

    /** /proc/iomem and every query the model asks of it. */
    @FuzzTest
    void iomem(byte[] data) {
        decodes(() -> {
            ProcIomem iomem = ProcIomem.parse(Fuzz.text(data), "proc/iomem");
            IomemQueries.crashKernel(iomem);
            IomemQueries.framebuffers(iomem);
            IomemQueries.pciBusWindows(iomem);
            HyperVIomem.vmbusAllocations(iomem);
            HyperVIomem.vmbusMmio(iomem);
        });
    }

    @FuzzTest
    void kernelConfig(byte[] data) {
        decodes(() -> KernelConfig.parse("config", new ByteArrayInputStream(data)));
    }

    @FuzzTest
    void kdumpTools(byte[] data) {
        decodes(() -> KdumpToolsConfig.parse(Fuzz.text(data), "etc/default/kdump-tools"));
    }

    @FuzzTest
    void sysconfigKdump(byte[] data) {
        decodes(() -> KdumpSysconfig.parse(Fuzz.text(data), "etc/sysconfig/kdump"));
    }

    @FuzzTest
    void kdumpConf(byte[] data) {
        decodes(() -> KdumpConf.parse(Fuzz.text(data), "etc/kdump.conf"));
    }

    /** kdump-tools' recorded kexec_cmd, and a kexec command line as KDUMP_KEXEC_ARGS carries it. */
    @FuzzTest
    void kexecCmd(byte[] data) {
        decodes(() -> KexecArgs.parseRecorded(Fuzz.text(data), "kexec_cmd"));
        decodes(() -> KexecArgs.parse(Fuzz.text(data), "kexec args"));
    }

    @FuzzTest
    void kernelCmdline(byte[] data) {
        decodes(() -> KernelCmdline.parse(Fuzz.text(data), "proc/cmdline"));
    }

    /** Any small file as `inspect FILE` sees it: the kind detected from the content, then decoded. */
    @FuzzTest
    void detectedArtifact(byte[] data) {
        Path file = Fuzz.file("detectedArtifact", "input", data);
        decodes(() -> Artifacts.decode(file.toString(), DecodeOptions.DEFAULT));
    }
}
