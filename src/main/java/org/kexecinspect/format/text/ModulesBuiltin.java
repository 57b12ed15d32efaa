package org.kexecinspect.format.text;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.kexecinspect.format.FormatException;
import org.kexecinspect.format.TextInput;

/**
 * /lib/modules/&lt;release&gt;/modules.builtin: one path per line of a module built into the kernel
 * ("kernel/drivers/hv/hv_vmbus.ko"), written by kbuild (scripts/Makefile.modinst and
 * modules.builtin generation; kmod's depmod reads it to answer "builtin" for these names).
 *
 * @param paths the lines as written
 * @param names the module names, normalized ({@link ModuleName#fromPath})
 */
public record ModulesBuiltin(String source, List<String> paths, Set<String> names) {

    public static final int MAX_INPUT_CHARS = 8 << 20;
    public static final int MAX_LINE_LENGTH = 4096;
    public static final int MAX_ENTRIES = 200_000;

    public ModulesBuiltin {
        Objects.requireNonNull(source);
        paths = List.copyOf(paths);
        names = Set.copyOf(names);
    }

    /** @throws FormatException for a line that is not a .ko path, a NUL byte or a cap */
    public static ModulesBuiltin parse(String text, String source) throws FormatException {
        List<String> paths = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (TextInput.Line l : TextInput.lines(text, source, MAX_INPUT_CHARS, MAX_LINE_LENGTH, MAX_ENTRIES, "modules.builtin")) {
            String p = l.text().trim();
            if (p.isEmpty()) {
                continue;
            }
            if (!p.contains(".ko") || p.contains(" ")) {
                throw new FormatException(source, l.offset(), "line " + l.number() + ": not a module path: "
                        + TextInput.shown(p));
            }
            paths.add(p);
            names.add(ModuleName.fromPath(p));
        }
        return new ModulesBuiltin(source, paths, names);
    }

    /** True when the module is built in; '-' and '_' alike. */
    public boolean contains(String moduleName) {
        return names.contains(ModuleName.normalize(moduleName));
    }
}
