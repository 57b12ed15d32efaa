package org.kexecinspect.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.kexecinspect.facts.LogFacts;
import org.kexecinspect.facts.SystemFacts;
import org.kexecinspect.format.FormatException;
import org.kexecinspect.format.log.Boot;
import org.kexecinspect.format.log.BootRole;
import org.kexecinspect.format.log.KernelLog;
import org.kexecinspect.format.log.LogLimits;

/**
 * The real kernel logs and plain text search in them, for tests that find their expected values in
 * the file (the line that holds them) rather than take them from the reader.
 */
public final class LogTexts {
    private LogTexts() {}

    /** A whole serial console of a QEMU kdump run (qemu-kdump-consoles: d13-bochs-c.log, sid-efifb-s.log). */
    public static Path console(String name) {
        return Inputs.captures().resolve("qemu-kdump-consoles").resolve(name);
    }

    /** The real Hyper-V Gen2 journal (first kernel only). */
    public static Path journal() {
        return Inputs.captures().resolve("real-world").resolve("nathan-2021-local-gen2-win10-5.13-journal.log");
    }

    /** A file's text, byte for byte as ISO-8859-1. */
    public static String read(Path p) throws java.io.IOException {
        return new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
    }

    /** The text's lines, split at LF, CRs kept. */
    public static List<String> lines(String text) {
        List<String> out = new ArrayList<>(List.of(text.split("\n", -1)));
        if (out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    /** 1-based numbers of the lines that contain {@code s}. */
    public static List<Long> grep(List<String> lines, String s) {
        List<Long> hits = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(s)) {
                hits.add(i + 1L);
            }
        }
        return hits;
    }

    /** What follows {@code key} on line {@code n}, without the CR. */
    public static String after(List<String> lines, long n, String key) {
        String l = lines.get((int) n - 1).replace("\r", "");
        return l.substring(l.indexOf(key) + key.length()).strip();
    }

    /** {@link LogFacts} of a log's first FIRST boot and its first KDUMP boot (either may be missing). */
    public static SystemFacts facts(String artifact, String text) throws FormatException {
        KernelLog log = KernelLog.read(artifact, text, LogLimits.DEFAULT);
        Boot first = log.boots().stream().filter(b -> b.role() == BootRole.FIRST).findFirst().orElse(null);
        Boot kdump = log.boots().stream().filter(b -> b.role() == BootRole.KDUMP).findFirst().orElse(null);
        return LogFacts.of(artifact, first, kdump);
    }
}
