package org.kexecinspect.facts;

import java.nio.charset.StandardCharsets;

/** Reading small text files through a root. */
final class Texts {
    private Texts() {}

    /** A text file, decoded as UTF-8 (sysfs and procfs are ASCII). */
    static Fact<String> read(Root root, String path) {
        return root.read(path, CaptureLayout.SMALL_CAP).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /** The first line, trimmed: sysfs attributes are one value and a newline. */
    static Fact<String> line(Root root, String path) {
        return read(root, path).map(s -> {
            int nl = s.indexOf('\n');
            return (nl >= 0 ? s.substring(0, nl) : s).strip();
        });
    }
}
