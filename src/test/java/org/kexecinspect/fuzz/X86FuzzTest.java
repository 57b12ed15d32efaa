package org.kexecinspect.fuzz;

import static org.kexecinspect.fuzz.Fuzz.decodes;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import org.kexecinspect.format.ArtifactKind;
import org.kexecinspect.format.ByteSource;
import org.kexecinspect.format.x86.BootParams;
import org.kexecinspect.format.x86.BootParamsEncoder;
import org.kexecinspect.format.x86.BzImage;
import org.kexecinspect.format.x86.ScreenInfo;
import org.kexecinspect.format.x86.ScreenInfoEncoder;
import org.kexecinspect.format.x86.SetupData;
import org.kexecinspect.format.x86.SetupDataLayouts;
import org.kexecinspect.format.x86.X86Detect;
import org.kexecinspect.input.Artifacts;
import org.kexecinspect.input.DecodeOptions;

/** The x86 decoders: bzImage header, boot_params, screen_info, setup_data (one node and the sysfs directory). */
class X86FuzzTest {

    /** Small output cap: the harness is about the decoders, not about inflating 1 GiB. */
    static final long CAP = 1 << 20;

    /** A bzImage as `inspect --deep` reads it: detection, setup header, loadability, payload scan. */
    @FuzzTest
    void x86Kernel(byte[] data) {
        decodes(() -> X86Detect.detect(ByteSource.of("x86-kernel", data)));
        decodes(() -> BzImage.read(ByteSource.of("x86-kernel", data)));
        Path file = Fuzz.file("x86Kernel", "kernel", data);
        decodes(() -> Artifacts.decode(file.toString(), new DecodeOptions(ArtifactKind.X86_BZIMAGE, true, CAP, null)));
    }

    @FuzzTest
    void bootParams(byte[] data) {
        decodes(() -> BootParams.read(ByteSource.of("boot_params", data)));
        decodes(() -> BootParamsEncoder.encode(BootParams.read(ByteSource.of("boot_params", Arrays.copyOf(data, BootParams.SIZE)))));
    }

    @FuzzTest
    void screenInfo(byte[] data) {
        decodes(() -> ScreenInfo.read(ByteSource.of("screen_info", data), 0));
        decodes(() -> ScreenInfoEncoder.encode(ScreenInfo.read(ByteSource.of("screen_info", Arrays.copyOf(data, ScreenInfo.SIZE)), 0)));
    }

    /** One setup_data node: a type (mostly a known one, with or without SETUP_INDIRECT) and its payload. */
    @FuzzTest
    void setupDataNode(FuzzedDataProvider in) {
        int index = in.consumeInt(0, 255);
        long type = in.consumeBoolean()
                ? in.consumeInt(0, 12) | (in.consumeBoolean() ? SetupDataLayouts.SETUP_INDIRECT : 0)
                : in.consumeInt() & 0xffffffffL;
        byte[] payload = in.consumeRemainingAsBytes();
        decodes(() -> SetupData.decode(index, type, ByteSource.of("setup_data/" + index + "/data", payload)));
    }

    /**
     * A /sys/kernel/boot_params directory built from fuzz data: data (the zero page), version, and
     * setup_data/N/{type,data} nodes whose names, types and payloads are fuzzed.
     */
    @FuzzTest
    void bootParamsDirectory(FuzzedDataProvider in) throws Exception {
        Path dir = Fuzz.scratch("bootParamsDirectory");
        byte[] page = in.consumeBytes(BootParams.SIZE);
        Files.write(dir.resolve("data"), in.consumeBoolean() ? Arrays.copyOf(page, BootParams.SIZE) : page);
        if (in.consumeBoolean()) {
            Files.write(dir.resolve("version"), in.consumeBytes(12));
        }
        int nodes = in.consumeInt(0, 6);
        if (nodes > 0) {
            Path sd = Files.createDirectories(dir.resolve("setup_data"));
            for (int i = 0; i < nodes; i++) {
                String name = in.consumeBoolean() ? Integer.toString(i) : sane(in.consumeString(5), i);
                Path node = Files.createDirectories(sd.resolve(name));
                if (in.consumeBoolean()) {
                    Files.write(node.resolve("type"), in.consumeBoolean()
                            ? ("0x" + Integer.toHexString(in.consumeInt(0, 12)) + "\n").getBytes(StandardCharsets.US_ASCII)
                            : in.consumeBytes(24));
                }
                if (in.consumeBoolean()) {
                    Files.write(node.resolve("data"), in.consumeBytes(in.consumeInt(0, 4096)));
                }
            }
        }
        decodes(() -> Artifacts.decode(dir.toString(), DecodeOptions.DEFAULT));
    }

    /** A fuzzed name usable as a file name (no '/', not empty, not . or ..). */
    static String sane(String s, int i) {
        String n = s.replace('/', '_').replace('\0', '_');
        return n.isEmpty() || n.equals(".") || n.equals("..") ? "n" + i : n;
    }
}
