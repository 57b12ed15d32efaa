package org.kexecinspect.fuzz;

import static org.kexecinspect.fuzz.Fuzz.decodes;

import com.code_intelligence.jazzer.junit.FuzzTest;

import org.kexecinspect.format.ByteSource;
import org.kexecinspect.initramfs.Initramfs;
import org.kexecinspect.initramfs.InitramfsLimits;

/** An initramfs: concatenated cpio (newc/crc) archives, each possibly compressed, members kept. */
class InitramfsFuzzTest {

    /** The default limits scaled down so that a bomb hits a cap within one fuzz iteration. */
    static final InitramfsLimits LIMITS = new InitramfsLimits(16 << 20, 4 << 20, 16, 2_000,
            InitramfsLimits.PATH_MAX, 1 << 20, 1 << 20, 16, 64 << 10);

    @FuzzTest
    void cpio(byte[] data) {
        decodes(() -> Initramfs.read(ByteSource.of("initrd.img", data), LIMITS, path -> true));
    }
}
