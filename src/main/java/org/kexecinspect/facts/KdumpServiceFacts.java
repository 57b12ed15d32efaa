package org.kexecinspect.facts;

import java.util.List;
import java.util.Objects;

import org.kexecinspect.format.FormatException;
import org.kexecinspect.format.text.KdumpSysconfig;
import org.kexecinspect.format.text.KdumpToolsConfig;
import org.kexecinspect.format.text.ShellAssignments;

/**
 * The kdump service as its files say: which wrapper, its switch, the kexec arguments it is
 * configured with, and the kernel, initramfs and dump directory it uses. Which system call the
 * load takes is a conclusion, drawn by the model from these facts.
 *
 * @param flavor          "kdump-tools" (Debian, Ubuntu) or "kdump-utils" (Fedora, RHEL: kdumpctl)
 * @param scriptFlavour   which kdump-config variant runs, from /etc/os-release (kdump-tools only)
 * @param enabled         the service's own switch (USE_KDUMP for kdump-tools)
 * @param kexecArgs       the extra kexec arguments configured (KDUMP_KEXEC_ARGS / KEXEC_ARGS)
 * @param kernelIsElf     the kdump kernel file starts with the ELF magic (a vmlinux)
 * @param kernelPath      the kdump kernel that will be loaded (absolute path on the system)
 * @param initrdPath      its initramfs
 * @param coreDir         where dumps are written (KDUMP_COREDIR, or kdump.conf's path and target)
 * @param lastCommand     the kexec command kdump-tools recorded when it last loaded ($KDUMP_COREDIR/kexec_cmd)
 */
public record KdumpServiceFacts(Fact<String> flavor, Fact<KdumpToolsConfig.Flavour> scriptFlavour,
        Fact<Boolean> enabled, Fact<ConfiguredArgs> kexecArgs, Fact<Boolean> kernelIsElf, Fact<String> kernelPath,
        Fact<String> initrdPath, Fact<String> coreDir, Fact<String> lastCommand) {

    /**
     * The kexec arguments a configuration file sets, as written.
     *
     * @param variable        KDUMP_KEXEC_ARGS or KEXEC_ARGS
     * @param text            the value after the file's own quote removal ("" when unset)
     * @param words           the words kexec receives (kdump-config evals the value; kdumpctl splits it on blanks)
     * @param staticallyKnown false when the value holds an expansion the file leaves to the shell
     */
    public record ConfiguredArgs(String variable, String text, List<String> words, boolean staticallyKnown) {
        public ConfiguredArgs {
            Objects.requireNonNull(variable);
            Objects.requireNonNull(text);
            words = List.copyOf(words);
        }

        /**
         * KDUMP_KEXEC_ARGS as kdump-config passes it: pasted into the command it evals.
         *
         * @throws FormatException when the value is not a plain word list
         */
        public static ConfiguredArgs of(KdumpToolsConfig c) throws FormatException {
            return new ConfiguredArgs("KDUMP_KEXEC_ARGS", c.kdumpKexecArgs(), c.kexecArgs(),
                    staticallyKnown(c.file(), "KDUMP_KEXEC_ARGS"));
        }

        /** KEXEC_ARGS as kdumpctl passes it: split on blanks. */
        public static ConfiguredArgs of(KdumpSysconfig c) {
            return new ConfiguredArgs("KEXEC_ARGS", c.kexecArgs(), c.kexecArgWords(), staticallyKnown(c.file(), "KEXEC_ARGS"));
        }

        private static boolean staticallyKnown(ShellAssignments file, String name) {
            return file.get(name).map(ShellAssignments.Assignment::staticallyKnown).orElse(true);
        }
    }
}
