package org.kexecinspect.format.text;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.kexecinspect.testing.Inputs;

/** The real files of src/test/resources/org/kexecinspect/kdump (see its README), and sh as a reference reader. */
final class KdumpFixtures {
    private KdumpFixtures() {}

    static final String DEBIAN_DEFAULT = "debian-12-kdump-tools-1.8.1.etc-default-kdump-tools";
    static final String FEDORA_SYSCONFIG = "fedora-kdump-utils.etc-sysconfig-kdump.x86_64";
    static final String FEDORA_KDUMP_CONF = "fedora-kdump-utils.etc-kdump.conf.x86_64";
    static final String MODULES_BUILTIN = "debian-6.1.0-56-amd64.modules.builtin";
    static final String PROC_MOUNTS = "debian-12-container.proc-mounts.txt";
    static final String OS_RELEASE = "debian-12.os-release";
    static final String HYPERV_CMDLINE = "hyperv-gen2-arch-5.13.cmdline.txt";

    /** A fixture's text, decoded as ISO-8859-1 as the collectors read files. */
    static String text(String name) {
        try (InputStream in = KdumpFixtures.class.getResourceAsStream("/org/kexecinspect/kdump/" + name)) {
            assertNotNull(in, "missing fixture " + name);
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A shared QEMU capture file (native-fixtures/captures/qemu-ovmf-debian-6.1/SCENARIO/STAGE/NAME). */
    static String capture(String scenario, String stage, String name) {
        try {
            return Files.readString(Inputs.qemuCapture(scenario, stage).resolve(name), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What /bin/sh makes of the file: each variable's value after sourcing it, absent when unset.
     * The reference the parser must agree with wherever the file needs no evaluation.
     */
    static Map<String, String> shValues(String text, List<String> names) throws IOException {
        Path f = Files.createTempFile("kdump-sh", ".conf");
        try {
            Files.writeString(f, text, StandardCharsets.ISO_8859_1);
            List<String> cmd = new ArrayList<>(List.of("sh", "-c",
                    ". \"$0\" >/dev/null 2>&1; for n; do eval \"if [ \\\"\\${$n+set}\\\" = set ]; then printf '%s=%s\\\\0' \\\"$n\\\" \\\"\\$$n\\\"; fi\"; done",
                    f.toString()));
            cmd.addAll(names);
            String out = Inputs.exec(null, cmd.toArray(String[]::new));
            Map<String, String> values = new LinkedHashMap<>();
            for (String kv : out.split("\0")) {
                if (!kv.isEmpty()) {
                    values.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
                }
            }
            return values;
        } finally {
            Files.deleteIfExists(f);
        }
    }
}
