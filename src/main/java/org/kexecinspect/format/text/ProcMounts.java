package org.kexecinspect.format.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.kexecinspect.format.FormatException;
import org.kexecinspect.format.TextInput;

/**
 * /proc/mounts (/proc/self/mounts): "device mountpoint fstype options 0 0" per mount, in mount
 * order (fs/proc_namespace.c show_vfsmnt(), torvalds/linux master). The kernel writes the device,
 * mount point and type through mangle(), which escapes space, tab, newline and backslash as a
 * backslash and three octal digits ("\040" for a space). A patch adding '#' to that set was
 * posted, but a 6.18 kernel still prints '#' as is (the committed test fixture shows it); this
 * parser undoes any such escape, so either form reads the same.
 */
public record ProcMounts(String source, List<Mount> mounts) {

    public static final int MAX_INPUT_CHARS = 8 << 20;
    public static final int MAX_LINE_LENGTH = 64 << 10;
    public static final int MAX_MOUNTS = 100_000;

    /** One mount, with escapes undone. */
    public record Mount(String device, String mountPoint, String fsType, List<String> options, int freq, int passno) {
        public Mount {
            Objects.requireNonNull(device);
            Objects.requireNonNull(mountPoint);
            Objects.requireNonNull(fsType);
            options = List.copyOf(options);
        }
    }

    public ProcMounts {
        Objects.requireNonNull(source);
        mounts = List.copyOf(mounts);
    }

    /** @throws FormatException for a line without six fields, a NUL byte or a cap */
    public static ProcMounts parse(String text, String source) throws FormatException {
        List<Mount> mounts = new ArrayList<>();
        for (TextInput.Line l : TextInput.lines(text, source, MAX_INPUT_CHARS, MAX_LINE_LENGTH, MAX_MOUNTS, "/proc/mounts")) {
            if (l.text().isBlank()) {
                continue;
            }
            String[] f = l.text().trim().split("[ \t]+");
            if (f.length != 6) {
                throw new FormatException(source, l.offset(), "line " + l.number() + ": expected 6 fields, found "
                        + f.length + ": " + TextInput.shown(l.text()));
            }
            int freq;
            int passno;
            try {
                freq = Integer.parseInt(f[4]);
                passno = Integer.parseInt(f[5]);
            } catch (NumberFormatException e) {
                throw new FormatException(source, l.offset(), "line " + l.number() + ": dump and pass fields are not numbers");
            }
            mounts.add(new Mount(unescape(f[0]), unescape(f[1]), unescape(f[2]), List.of(unescape(f[3]).split(",")),
                    freq, passno));
        }
        return new ProcMounts(source, mounts);
    }

    /** The mount that is "/" now: the last one listed at "/" (later mounts cover earlier ones). */
    public Optional<Mount> root() {
        return mountAt("/");
    }

    /** The last mount listed at exactly that mount point. */
    public Optional<Mount> mountAt(String mountPoint) {
        for (int k = mounts.size() - 1; k >= 0; k--) {
            if (mounts.get(k).mountPoint().equals(mountPoint)) {
                return Optional.of(mounts.get(k));
            }
        }
        return Optional.empty();
    }

    /**
     * The mount holding an absolute path (for example KDUMP_COREDIR): the longest mount point that
     * is the path or a directory above it, the last listed among equals. Symbolic links are not
     * followed: this is a text parser.
     */
    public Optional<Mount> mountContaining(String path) {
        Mount best = null;
        for (Mount m : mounts) {
            String mp = m.mountPoint();
            boolean under = path.equals(mp) || mp.equals("/") && path.startsWith("/")
                    || path.startsWith(mp.endsWith("/") ? mp : mp + "/");
            if (under && (best == null || mp.length() >= best.mountPoint().length())) {
                best = m;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Undoes "\ooo" escapes; a backslash not followed by three octal digits stays as written. */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() && isOctal(s.charAt(i + 1)) && isOctal(s.charAt(i + 2))
                    && isOctal(s.charAt(i + 3))) {
                b.append((char) (((s.charAt(i + 1) - '0') << 6) | ((s.charAt(i + 2) - '0') << 3) | (s.charAt(i + 3) - '0')));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean isOctal(char c) {
        return c >= '0' && c <= '7';
    }
}
