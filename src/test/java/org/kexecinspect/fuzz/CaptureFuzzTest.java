package org.kexecinspect.fuzz;

import static org.kexecinspect.fuzz.Fuzz.decodes;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

import org.kexecinspect.facts.Captures;
import org.kexecinspect.facts.CaptureLayout;
import org.kexecinspect.facts.Collector;
import org.kexecinspect.facts.Root;
import org.kexecinspect.facts.SystemCalls;

/**
 * Capture archives as `inspect CAPTURE` and `predict CAPTURE` read them: unpacked, then every fact
 * collected from them (so each reader meets fuzzed content at the path it reads).
 */
class CaptureFuzzTest {

    /** The archive as the user hands it over: any bytes. */
    @FuzzTest
    void rawArchive(byte[] data) {
        collect(Fuzz.file("rawArchive", "capture.tar", data));
    }

    /** A well-formed tar whose entries (names, kinds, sizes, contents) come from the fuzzer. */
    @FuzzTest
    void tar(FuzzedDataProvider in) throws IOException {
        collect(Fuzz.file("tar", "capture.tar", tarOf(in, false)));
    }

    /** The same as a .tar.gz, the shape `kexec-inspect capture -o vm.tar.gz` writes. */
    @FuzzTest
    void tarGz(FuzzedDataProvider in) throws IOException {
        collect(Fuzz.file("tarGz", "capture.tar.gz", tarOf(in, true)));
    }

    static void collect(Path archive) {
        decodes(() -> {
            try (Root root = Captures.open(archive, archive.getFileName().toString())) {
                Collector.collect(root, SystemCalls.recorded(root));
            }
        });
    }

    /** Paths the collector reads, so fuzzed entries land where a reader will parse them. */
    static final List<String> PATHS = CaptureLayout.FILES.stream()
            .map(p -> p.replace("fb*", "fb0").replace("*.conf", "x.conf").replace("*", "0")).toList();

    static final List<String> EXTRA = List.of(CaptureLayout.MANIFEST, CaptureLayout.UNAME, CaptureLayout.KEXEC_VERSION,
            CaptureLayout.FB0_FIX, CaptureLayout.FB0_VAR, CaptureLayout.FBSET, CaptureLayout.KEXEC_CMD,
            CaptureLayout.LINKS, CaptureLayout.DIRS, "boot/config-6.1.0-27-amd64", "boot/vmlinuz-6.1.0-27-amd64",
            "boot/initrd.img-6.1.0-27-amd64", "lib/modules/6.1.0-27-amd64/modules.builtin");

    static byte[] tarOf(FuzzedDataProvider in, boolean gzip) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream sink = gzip ? new GzipCompressorOutputStream(bytes) : bytes;
             TarArchiveOutputStream tar = new TarArchiveOutputStream(sink)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            tar.setAddPaxHeadersForNonAsciiNames(true);
            int entries = in.consumeInt(1, 12);
            for (int i = 0; i < entries && in.remainingBytes() > 0; i++) {
                int pick = in.consumeInt(0, 3);
                String name = switch (pick) {
                    case 0 -> in.pickValue(PATHS);
                    case 1 -> in.pickValue(EXTRA);
                    case 2 -> "sosreport-vm/" + in.pickValue(PATHS);
                    default -> in.consumeString(120);
                };
                if (name.isEmpty()) {
                    continue;
                }
                byte kind = in.pickValue(new byte[] {TarConstants.LF_NORMAL, TarConstants.LF_NORMAL, TarConstants.LF_NORMAL,
                        TarConstants.LF_DIR, TarConstants.LF_SYMLINK, TarConstants.LF_LINK, TarConstants.LF_FIFO});
                TarArchiveEntry e = new TarArchiveEntry(kind == TarConstants.LF_DIR && !name.endsWith("/") ? name + "/" : name, kind);
                if (kind == TarConstants.LF_SYMLINK || kind == TarConstants.LF_LINK) {
                    e.setLinkName(in.consumeString(64));
                }
                // a name ending in '/' makes even a regular entry a directory, which holds no bytes
                byte[] content = kind == TarConstants.LF_NORMAL && !e.isDirectory() ? in.consumeBytes(in.consumeInt(0, 8192)) : new byte[0];
                e.setSize(content.length);
                tar.putArchiveEntry(e);
                tar.write(content);
                tar.closeArchiveEntry();
            }
            tar.finish();
        }
        return bytes.toByteArray();
    }
}
