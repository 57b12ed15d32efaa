package org.kexecinspect.format.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.kexecinspect.format.FormatException;
import org.kexecinspect.format.TextInput;

/**
 * Fedora's and RHEL's /etc/kdump.conf (kdump.conf(5)), read as kdump-utils reads it
 * (kdump-lib-initramfs.sh kdump_read_conf()/kdump_get_conf_val(); kdumpctl parse_config();
 * rhkdump/kdump-utils and the prudo1/kdump-utils mirror, 2024-2025 versions): everything from
 * '#' to the end of the line is a comment; blanks around and inside are collapsed; the first word
 * is the directive and the rest its value; the newest reader drops one pair of double quotes
 * around the whole value. kdumpctl refuses a file with a repeated directive or two dump targets;
 * this parser keeps them.
 *
 * @param directives every directive line, in order
 */
public record KdumpConf(String source, List<Directive> directives) {

    public static final String PATH = "/etc/kdump.conf";
    public static final int MAX_INPUT_CHARS = 1 << 20;
    public static final int MAX_LINE_LENGTH = 64 << 10;
    public static final int MAX_LINES = 100_000;

    /** The file-system dump targets kdumpctl parse_config() accepts ("ext[234] | minix | btrfs | xfs | ... | virtiofs"). */
    public static final Set<String> FS_TARGETS = Set.of("ext2", "ext3", "ext4", "minix", "btrfs", "xfs", "virtiofs");
    /** kdump-lib-initramfs.sh DEFAULT_PATH, used when "path" is absent. */
    public static final String DEFAULT_PATH = "/var/crash/";

    /** One directive: its name, its value (blanks collapsed, one surrounding quote pair dropped) and line. */
    public record Directive(String name, String value, int line) {
        public Directive {
            Objects.requireNonNull(name);
            Objects.requireNonNull(value);
        }
    }

    public KdumpConf {
        Objects.requireNonNull(source);
        directives = List.copyOf(directives);
    }

    /** @throws FormatException for a NUL byte or a cap above; unknown directives are kept, not refused */
    public static KdumpConf parse(String text, String source) throws FormatException {
        List<Directive> out = new ArrayList<>();
        for (TextInput.Line l : TextInput.lines(text, source, MAX_INPUT_CHARS, MAX_LINE_LENGTH, MAX_LINES, "kdump.conf")) {
            String line = l.text();
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            line = line.strip().replaceAll("[ \t]+", " ");
            if (line.isEmpty()) {
                continue;
            }
            int sp = line.indexOf(' ');
            String name = sp < 0 ? line : line.substring(0, sp);
            String value = sp < 0 ? "" : line.substring(sp + 1);
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            out.add(new Directive(name, value, l.number()));
        }
        return new KdumpConf(source, out);
    }

    /** The last value of a directive, as kdump_get_conf_val() returns it. */
    public Optional<String> value(String name) {
        String v = null;
        for (Directive d : directives) {
            if (d.name().equals(name)) {
                v = d.value();
            }
        }
        return Optional.ofNullable(v);
    }

    /**
     * The dump target: the last raw, nfs, ssh or file-system directive, or a dracut_args with
     * --mount; empty means the default, the root file system's path.
     */
    public Optional<Directive> target() {
        Directive t = null;
        for (Directive d : directives) {
            if (d.name().equals("raw") || d.name().equals("nfs") || d.name().equals("ssh") || FS_TARGETS.contains(d.name())
                    || (d.name().equals("dracut_args") && d.value().contains("--mount"))) {
                t = d;
            }
        }
        return Optional.ofNullable(t);
    }

    /** "path", default /var/crash/. */
    public String path() {
        return value("path").orElse(DEFAULT_PATH);
    }

    /**
     * core_collector; when absent, kdump.conf(5) and the shipped file's comments give
     * "makedumpfile -F -l --message-level 7 -d 31" for raw and ssh targets and
     * "makedumpfile -l --message-level 7 -d 31" for the others.
     */
    public String coreCollector() {
        Optional<String> set = value("core_collector");
        if (set.isPresent()) {
            return set.get();
        }
        String t = target().map(Directive::name).orElse("");
        return t.equals("raw") || t.equals("ssh") ? "makedumpfile -F -l --message-level 7 -d 31"
                : "makedumpfile -l --message-level 7 -d 31";
    }

    /** failure_action, or its obsolete name "default"; "reboot" when neither is set. */
    public String failureAction() {
        Optional<String> fa = value("failure_action");
        return fa.or(() -> value("default")).orElse("reboot");
    }
}
