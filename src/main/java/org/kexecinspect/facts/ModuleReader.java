package org.kexecinspect.facts;

import java.util.ArrayList;
import java.util.List;

import org.kexecinspect.facts.Fact.Why;
import org.kexecinspect.format.text.KernelCmdline;
import org.kexecinspect.format.text.ModulesBuiltin;
import org.kexecinspect.format.text.ProcModules;

/** Loaded, built-in and blacklisted state of the watched modules in the running kernel. */
final class ModuleReader {
    private ModuleReader() {}

    static ModuleFacts read(Root root, Machine machine, Fact<KernelCmdline> cmdline, Blacklists blacklists) {
        Fact<ProcModules> loaded = Parsed.parse(Texts.read(root, "proc/modules"), ProcModules::parse);
        Fact<ModulesBuiltin> builtin = builtin(root, machine.kernelRelease());
        List<ModuleFacts.ModuleState> states = new ArrayList<>();
        for (String name : ModuleFacts.WATCHED) {
            Fact<String> by = blacklists.by(name, cmdline);
            states.add(new ModuleFacts.ModuleState(name,
                    loaded.map(m -> m.isLoaded(name)),
                    builtin.map(b -> b.contains(name)),
                    by.known() ? Fact.of(!by.value().isEmpty(), by.source()) : by.cast(),
                    by.known() && !by.value().isEmpty() ? by : Fact.unknown(Why.NOT_APPLICABLE, "not blacklisted", by.source())));
        }
        return new ModuleFacts(states);
    }

    /** lib/modules/RELEASE/modules.builtin (written by kbuild; one path per built-in module). */
    static Fact<ModulesBuiltin> builtin(Root root, Fact<String> release) {
        Fact<String> usable = Machine.asFileName(release);
        if (!usable.known()) {
            return usable.cast();
        }
        return Parsed.parse(Texts.read(root, builtinPath(usable.value())), ModulesBuiltin::parse);
    }

    static String builtinPath(String release) {
        return "lib/modules/" + release + "/modules.builtin";
    }
}
