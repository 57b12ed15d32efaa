package org.kexecinspect.format.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import org.kexecinspect.format.FormatException;
import org.kexecinspect.format.TextInput;

/**
 * /proc/modules: one line per loaded module, "name size refcount users state address [taints]"
 * (kernel/module/procfs.c m_show() and kernel/module/main.c print_unload_info(), torvalds/linux
 * master). {@code users} is "-" or a list of module names each followed by ',', with
 * "[permanent]," for a module that has an init but no exit function; without
 * CONFIG_MODULE_UNLOAD refcount and users are both "-". The address reads 0x0000000000000000 to
 * readers the kernel hides addresses from (kptr_restrict).
 */
public record ProcModules(String source, List<Module> modules) {

    /** Largest input; a distribution kernel with everything loaded lists a few hundred modules. */
    public static final int MAX_INPUT_CHARS = 4 << 20;
    public static final int MAX_LINE_LENGTH = 64 << 10;
    public static final int MAX_MODULES = 65_536;

    /**
     * One module.
     *
     * @param refcount empty when the kernel has no module unloading ("-")
     * @param usedBy the modules that use this one
     * @param state Live, Loading or Unloading
     * @param address empty when not a hexadecimal number
     * @param taints the flags in parentheses, e.g. "(OE)", or ""
     */
    public record Module(String name, long size, OptionalInt refcount, List<String> usedBy, boolean permanent,
            String state, OptionalLong address, String taints) {
        public Module {
            Objects.requireNonNull(name);
            usedBy = List.copyOf(usedBy);
            Objects.requireNonNull(state);
            Objects.requireNonNull(taints);
        }
    }

    public ProcModules {
        Objects.requireNonNull(source);
        modules = List.copyOf(modules);
    }

    /** @throws FormatException for a line that is not in the format above, a NUL byte or a cap */
    public static ProcModules parse(String text, String source) throws FormatException {
        List<Module> modules = new ArrayList<>();
        for (TextInput.Line l : TextInput.lines(text, source, MAX_INPUT_CHARS, MAX_LINE_LENGTH, MAX_MODULES, "/proc/modules")) {
            if (l.text().isBlank()) {
                continue;
            }
            String[] f = l.text().trim().split(" +");
            if (f.length < 6 || f.length > 7) {
                throw bad(source, l, "expected 6 or 7 fields, found " + f.length);
            }
            long size;
            try {
                size = Long.parseLong(f[1]);
            } catch (NumberFormatException e) {
                throw bad(source, l, "size is not a number");
            }
            OptionalInt refcount = OptionalInt.empty();
            if (!f[2].equals("-")) {
                try {
                    refcount = OptionalInt.of(Integer.parseInt(f[2]));
                } catch (NumberFormatException e) {
                    throw bad(source, l, "refcount is neither a number nor '-'");
                }
            }
            List<String> users = new ArrayList<>();
            boolean permanent = false;
            if (!f[3].equals("-")) {
                for (String u : f[3].split(",")) {
                    if (u.equals("[permanent]")) {
                        permanent = true;
                    } else if (!u.isEmpty()) {
                        users.add(u);
                    }
                }
            }
            OptionalLong address = OptionalLong.empty();
            if (f[5].startsWith("0x")) {
                try {
                    address = OptionalLong.of(Long.parseUnsignedLong(f[5].substring(2), 16));
                } catch (NumberFormatException e) {
                    throw bad(source, l, "address is not hexadecimal");
                }
            }
            String taints = f.length == 7 ? f[6] : "";
            if (!taints.isEmpty() && !(taints.startsWith("(") && taints.endsWith(")"))) {
                throw bad(source, l, "seventh field is not a taint list in parentheses");
            }
            modules.add(new Module(f[0], size, refcount, users, permanent, f[4], address, taints));
        }
        return new ProcModules(source, modules);
    }

    /** The module of that name, '-' and '_' alike. */
    public Optional<Module> find(String name) {
        return modules.stream().filter(m -> ModuleName.same(m.name(), name)).findFirst();
    }

    public boolean isLoaded(String name) {
        return find(name).isPresent();
    }

    private static FormatException bad(String source, TextInput.Line l, String why) {
        return new FormatException(source, l.offset(), "line " + l.number() + ": " + why + ": " + TextInput.shown(l.text()));
    }
}
