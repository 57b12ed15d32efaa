package org.kexecinspect.format.fb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.kexecinspect.format.ByteSource;
import org.kexecinspect.testing.Inputs;

/** The QEMU captures' framebuffer files, and the capture tool's own printout of them (fbdump.txt). */
final class Captures {
    private Captures() {}

    /** Stages that hold fb_fix.bin / fb_var.bin / fbdump.txt / proc_fb.txt. */
    static final List<Path> FB_STAGES = List.of(
            Inputs.qemuCapture("efifb-kexec_load", "first"),
            Inputs.qemuCapture("efifb-kexec_load", "kdump"),
            Inputs.qemuCapture("bochs-drm", "first"));

    static ByteSource source(Path file) {
        try {
            return ByteSource.of(file.toString(), Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** fbdump.txt as key=value: {@code fix.id} (quotes removed), {@code fix.smem_len} (the number before " ("), ... */
    static Map<String, String> fbdump(Path stage) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : text(stage.resolve("fbdump.txt")).split("\n")) {
            for (String part : line.trim().split(" (?=var\\.)")) {   // "var.red=16/8 var.green=8/8 ..." shares a line
                int eq = part.indexOf('=');
                if (eq <= 0 || !(part.startsWith("fix.") || part.startsWith("var."))) {
                    continue;
                }
                String value = part.substring(eq + 1);
                if (value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                int paren = value.indexOf(" (");
                out.put(part.substring(0, eq), paren > 0 ? value.substring(0, paren) : value);
            }
        }
        return out;
    }

    /** A number as the capture tool printed it: decimal or 0x-hex. */
    static long number(String s) {
        return s.startsWith("0x") ? Long.parseUnsignedLong(s.substring(2), 16) : Long.parseLong(s);
    }
}
