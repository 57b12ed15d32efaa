package org.kexecinspect.facts;

import java.util.ArrayList;
import java.util.List;

import org.kexecinspect.format.text.KernelCmdline;
import org.kexecinspect.format.text.ModprobeCommands;
import org.kexecinspect.format.text.ModuleName;

/**
 * Module blacklisting on a root: the modprobe.d files kmod reads (modprobe.d(5): /etc, /run,
 * /usr/lib, /lib; a file name in an earlier directory hides the same name in later ones), and the
 * kernel command line's modprobe.blacklist= (read by kmod) and module_blacklist= (kernel/module).
 */
final class Blacklists {
    /** The directories in kmod's order of precedence. */
    static final List<String> DIRS = List.of("etc/modprobe.d", "run/modprobe.d", "usr/lib/modprobe.d", "lib/modprobe.d");

    private final List<Fact<ModprobeCommands>> configs;
    private final String dirsSource;

    private Blacklists(List<Fact<ModprobeCommands>> configs, String dirsSource) {
        this.configs = configs;
        this.dirsSource = dirsSource;
    }

    static Blacklists read(Root root) {
        List<Fact<ModprobeCommands>> configs = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (String dir : DIRS) {
            Fact<List<String>> names = root.list(dir);
            if (!names.known()) {
                continue;
            }
            for (String n : names.value()) {
                if (n.endsWith(".conf") && !seen.contains(n)) {
                    seen.add(n);
                    configs.add(Parsed.parse(Texts.read(root, dir + "/" + n), ModprobeCommands::parse));
                }
            }
        }
        return new Blacklists(List.copyOf(configs), root.source("etc/modprobe.d"));
    }

    /** Where a module is blacklisted ("" when it is not), or unknown when a config could not be read. */
    Fact<String> by(String module, Fact<KernelCmdline> cmdline) {
        List<String> where = new ArrayList<>();
        for (Fact<ModprobeCommands> c : configs) {
            if (!c.known()) {
                continue; // an unreadable file is reported by the file's own fact, not here
            }
            if (c.value().isBlacklisted(module)) {
                where.add(c.source() + ": blacklist " + module);
            }
            c.value().installCommand(module).filter(Blacklists::refusesLoad)
                    .ifPresent(cmd -> where.add(c.source() + ": install " + module + " " + cmd));
        }
        if (cmdline.known()) {
            for (String m : cmdline.value().modprobeBlacklist()) {
                if (ModuleName.same(m, module)) {
                    where.add(cmdline.source() + ": modprobe.blacklist=" + m);
                }
            }
            for (String m : cmdline.value().moduleBlacklist()) {
                if (ModuleName.same(m, module)) {
                    where.add(cmdline.source() + ": module_blacklist=" + m);
                }
            }
        }
        return Fact.of(String.join("; ", where), dirsSource);
    }

    /** "install MODULE /bin/false" (or true, or exit N): the usual way to stop a module from loading at all. */
    static boolean refusesLoad(String command) {
        String c = command.strip();
        return c.matches("(/usr)?/bin/(false|true)") || c.matches("exit( \\d+)?") || c.equals("false") || c.equals("true");
    }
}
