package org.kexecinspect.fuzz;

import static org.kexecinspect.fuzz.Fuzz.decodes;

import java.util.Arrays;

import com.code_intelligence.jazzer.junit.FuzzTest;

import org.kexecinspect.format.ByteSource;
import org.kexecinspect.format.Layout;
import org.kexecinspect.format.fb.FbFix;
import org.kexecinspect.format.fb.FbVar;
import org.kexecinspect.format.fb.FbsetText;
import org.kexecinspect.format.fb.ProcFb;

/** The framebuffer decoders: raw fb_fix (LP64 and ILP32) and fb_var dumps, `fbset -i` and /proc/fb text. */
class FbFuzzTest {

    @FuzzTest
    void fbFixLp64(byte[] data) {
        decodes(() -> FbFix.read(ByteSource.of("fb0.fix", data)));
        decodes(() -> FbFix.read(ByteSource.of("fb0.fix", Arrays.copyOf(data, FbFix.SIZE_LP64)), Layout.Abi.LP64));
    }

    @FuzzTest
    void fbFixIlp32(byte[] data) {
        decodes(() -> FbFix.read(ByteSource.of("fb0.fix", data)));
        decodes(() -> FbFix.read(ByteSource.of("fb0.fix", Arrays.copyOf(data, FbFix.SIZE_ILP32)), Layout.Abi.ILP32));
    }

    @FuzzTest
    void fbVar(byte[] data) {
        decodes(() -> FbVar.read(ByteSource.of("fb0.var", data)));
        decodes(() -> FbVar.read(ByteSource.of("fb0.var", Arrays.copyOf(data, FbVar.SIZE))));
    }

    @FuzzTest
    void fbsetText(byte[] data) {
        decodes(() -> FbsetText.parse(Fuzz.text(data), "fbset-i.txt"));
    }

    @FuzzTest
    void procFb(byte[] data) {
        decodes(() -> ProcFb.parse(Fuzz.text(data), "proc/fb"));
    }
}
