package org.kexecinspect.format.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.kexecinspect.format.FormatException;
import org.kexecinspect.format.TextInput;

/**
 * A kernel command line (/proc/cmdline), split the way the kernel splits it (lib/cmdline.c
 * next_arg(), kernel/params.c parse_args(); torvalds/linux master): parameters are separated by
 * white space outside double quotes; each '"' toggles quoting and there is no escape; a value's
 * leading quote and the token's trailing quote are dropped; a bare "--" ends the kernel's
 * parameters and the rest goes to init (init/main.c start_kernel(): after_dashes).
 *
 * @param raw the text as given, without a trailing newline
 * @param params the kernel's parameters, in order (a name may repeat)
 * @param initArguments the words after "--", as name or name=value
 */
public record KernelCmdline(String raw, List<Param> params, List<String> initArguments) {

    /**
     * Largest input. COMMAND_LINE_SIZE is 2048 on x86 and 4096 on arm64; a bootconfig can add up
     * to 32 KiB; the cap leaves room without allowing an unbounded read.
     */
    public static final int MAX_INPUT_CHARS = 256 << 10;
    /** Most parameters. */
    public static final int MAX_PARAMS = 16_384;

    /** One parameter: its name, its value if it had '=', and the token as written. */
    public record Param(String name, Optional<String> value, String raw) {
        public Param {
            Objects.requireNonNull(name);
            Objects.requireNonNull(value);
            Objects.requireNonNull(raw);
        }

        /** name=value, or the name alone. */
        public String text() {
            return value.map(v -> name + "=" + v).orElse(name);
        }
    }

    public KernelCmdline {
        Objects.requireNonNull(raw);
        params = List.copyOf(params);
        initArguments = List.copyOf(initArguments);
    }

    /** @throws FormatException for a NUL byte or a cap above */
    public static KernelCmdline parse(String text, String source) throws FormatException {
        TextInput.check(text, source, MAX_INPUT_CHARS, "a kernel command line");
        String raw = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        List<Param> params = new ArrayList<>();
        List<String> init = new ArrayList<>();
        boolean afterDashes = false;
        int i = skipSpaces(raw, 0);
        while (i < raw.length()) {
            if (params.size() + init.size() == MAX_PARAMS) {
                throw new FormatException(source, i, "more than " + MAX_PARAMS + " parameters");
            }
            int start = i;
            boolean quoted = raw.charAt(i) == '"';
            boolean inQuote = quoted;
            int from = quoted ? i + 1 : i;
            int k = from;
            int equals = -1;
            for (; k < raw.length(); k++) {
                char c = raw.charAt(k);
                if (isSpace(c) && !inQuote) {
                    break;
                }
                if (equals < 0 && c == '=') {
                    equals = k;
                }
                if (c == '"') {
                    inQuote = !inQuote;
                }
            }
            int end = k;   // exclusive end of the token
            String name;
            Optional<String> value;
            if (equals < 0) {
                name = raw.substring(from, end);
                value = Optional.empty();
                if (quoted && name.endsWith("\"")) {
                    name = name.substring(0, name.length() - 1);
                }
            } else {
                name = raw.substring(from, equals);
                int vFrom = equals + 1;
                int vEnd = end;
                if (vFrom < vEnd && raw.charAt(vFrom) == '"') {
                    vFrom++;   // "Don't include quotes in value"
                    if (vEnd > vFrom && raw.charAt(vEnd - 1) == '"') {
                        vEnd--;
                    }
                } else if (quoted && vEnd > vFrom && raw.charAt(vEnd - 1) == '"') {
                    vEnd--;
                }
                value = Optional.of(raw.substring(vFrom, Math.max(vFrom, vEnd)));
            }
            Param p = new Param(name, value, raw.substring(start, end));
            if (afterDashes) {
                init.add(p.text());
            } else if (value.isEmpty() && name.equals("--")) {
                afterDashes = true;
            } else {
                params.add(p);
            }
            i = skipSpaces(raw, end);
        }
        return new KernelCmdline(raw, params, init);
    }

    /**
     * The parameters with this name. Names compare with '-' and '_' alike, as kernel/params.c
     * parameq() does for module and core parameters (a name written with either matches).
     */
    public List<Param> all(String name) {
        return params.stream().filter(p -> sameName(p.name(), name)).toList();
    }

    /** True when the parameter appears, with or without a value. */
    public boolean has(String name) {
        return !all(name).isEmpty();
    }

    /** The value of the last occurrence with a value: for a core or module parameter the last setting wins. */
    public Optional<String> value(String name) {
        List<Param> found = all(name);
        for (int k = found.size() - 1; k >= 0; k--) {
            if (found.get(k).value().isPresent()) {
                return found.get(k).value();
            }
        }
        return Optional.empty();
    }

    /** Every value of the parameter, in order. */
    public List<String> values(String name) {
        return all(name).stream().flatMap(p -> p.value().stream()).toList();
    }

    /** crashkernel=: the memory reserved for a kdump kernel; the last occurrence (the kernel looks for the last one, get_last_crashkernel(), not re-checked here). */
    public Optional<String> crashkernel() {
        return value("crashkernel");
    }

    /** root=: the root device the kernel (or the initramfs) mounts, when /proc/mounts only says /dev/root. */
    public Optional<String> root() {
        return value("root");
    }

    /**
     * module_blacklist=: the modules the kernel refuses to load. It is a core_param string, so the
     * last occurrence replaces earlier ones; the kernel compares each comma-separated name byte for
     * byte with the module's name (kernel/module/main.c blacklisted()), and module names use '_'
     * (kbuild's KBUILD_MODNAME), so "hyperv-drm" here blocks nothing.
     */
    public List<String> moduleBlacklist() {
        return value("module_blacklist").map(KernelCmdline::commaList).orElse(List.of());
    }

    /**
     * modprobe.blacklist= (and the RHEL kmod spelling modprobe.blocklist=): modules kmod's modprobe
     * treats as blacklisted; kmod reads /proc/cmdline itself and adds every occurrence's names
     * (libkmod/libkmod-config.c kcmdline_parse_result()). The kernel does not act on it.
     */
    public List<String> modprobeBlacklist() {
        List<String> names = new ArrayList<>();
        for (Param p : params) {
            if (sameName(p.name(), "modprobe.blacklist") || sameName(p.name(), "modprobe.blocklist")) {
                p.value().ifPresent(v -> names.addAll(commaList(v)));
            }
        }
        return names;
    }

    /** efi=: the comma-separated EFI options of every occurrence (e.g. "noruntime", "debug"). */
    public List<String> efiOptions() {
        return values("efi").stream().flatMap(v -> commaList(v).stream()).toList();
    }

    /** "efi=noruntime": the kernel does not use EFI runtime services. */
    public boolean efiNoRuntime() {
        return efiOptions().contains("noruntime");
    }

    /** "noefi": the kernel ignores EFI entirely. */
    public boolean noEfi() {
        return has("noefi");
    }

    /**
     * A sysctl set on the command line: "sysctl.kernel.kexec_load_disabled=1" sets
     * kernel.kexec_load_disabled (fs/proc/proc_sysctl.c process_sysctl_arg(), Linux 5.8+).
     * {@code name} uses dots ("kernel.kexec_load_disabled").
     */
    public Optional<String> sysctl(String name) {
        return value("sysctl." + name);
    }

    private static boolean sameName(String a, String b) {
        return a.length() == b.length() && a.replace('-', '_').equals(b.replace('-', '_'));
    }

    private static List<String> commaList(String v) {
        List<String> out = new ArrayList<>();
        for (String s : v.split(",", -1)) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    /** The kernel's isspace(): space, \t, \n, \v, \f, \r (lib/ctype.c _C/_S classes). */
    private static boolean isSpace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && isSpace(s.charAt(i))) {
            i++;
        }
        return i;
    }
}
