package org.kexecinspect.facts;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import org.kexecinspect.facts.Fact.Why;
import org.kexecinspect.format.Compression;
import org.kexecinspect.format.FormatException;
import org.kexecinspect.format.text.KernelConfig;
import org.kexecinspect.payload.Decoders;

/**
 * Where a release's kernel config is on a root, in the order they are read: boot/config-REL (the
 * /boot layout of Debian up to 13 and of Ubuntu), usr/lib/modules/REL/config and
 * lib/modules/REL/config (Debian's 7.x packages ship it in linux-base-REL there and nothing under
 * /boot; Fedora's and RHEL's kernel-core ship it there too), and for the running kernel
 * /proc/config.gz (kernel/configs.c, CONFIG_IKCONFIG_PROC: the running kernel's own config, gzip).
 */
final class KernelConfigFiles {
    private KernelConfigFiles() {}

    /** The running kernel's own config, when it was built with CONFIG_IKCONFIG_PROC. */
    static final String PROC_CONFIG_GZ = "proc/config.gz";
    /** A gzip of a config under {@link KernelConfig#MAX_INPUT_SIZE}: real ones are about 70 KiB. */
    static final long PROC_CONFIG_GZ_CAP = 1L << 20;

    /** The files a release's config may be in, root-relative, in reading order (not /proc/config.gz). */
    static List<String> paths(String release) {
        return List.of("boot/config-" + release, "usr/lib/modules/" + release + "/config",
                "lib/modules/" + release + "/config");
    }

    /**
     * The first of {@link #paths} that exists, else /proc/config.gz when {@code running} (the release is
     * the running kernel's). A file that exists but cannot be read or parsed is the answer: it is
     * that release's config, and another place does not know better.
     */
    static Fact<KernelConfig> read(Root root, Fact<String> release, boolean running) {
        Fact<String> usable = Machine.asFileName(release);
        if (!usable.known()) {
            return usable.cast();
        }
        List<String> paths = paths(usable.value());
        for (String p : paths) {
            Fact<byte[]> bytes = root.read(p, KernelConfig.MAX_INPUT_SIZE);
            if (bytes.known()) {
                try {
                    return Fact.of(KernelConfig.parse(bytes.source(), new ByteArrayInputStream(bytes.value())), bytes.source());
                } catch (FormatException e) {
                    return Fact.unknown(Why.MALFORMED, reason(e), bytes.source());
                }
            }
            if (bytes.unknown().why() != Why.ABSENT) {
                return bytes.cast();
            }
        }
        String none = "none of " + String.join(", ", paths) + " exists";
        if (!running) {
            return Fact.unknown(Why.ABSENT, none, root.source(paths.get(0)));
        }
        Fact<byte[]> gz = root.read(PROC_CONFIG_GZ, PROC_CONFIG_GZ_CAP);
        if (!gz.known()) {
            return gz.unknown().why() == Why.ABSENT
                    ? Fact.unknown(Why.ABSENT, none + ", nor " + PROC_CONFIG_GZ + " (CONFIG_IKCONFIG_PROC)",
                            root.source(paths.get(0)))
                    : gz.cast();
        }
        try (InputStream in = Decoders.open(Compression.GZIP, new ByteArrayInputStream(gz.value()))) {
            return Fact.of(KernelConfig.parse(gz.source(), in), gz.source());
        } catch (FormatException e) {
            return Fact.unknown(Why.MALFORMED, reason(e), gz.source());
        } catch (IOException e) {
            return Fact.unknown(Why.MALFORMED, "not gzip: " + e.getMessage(), gz.source());
        }
    }

    private static String reason(FormatException e) {
        return (e.offset() >= 0 ? "offset 0x" + Long.toHexString(e.offset()) + ": " : "") + e.reason();
    }
}
