package org.kexecinspect.facts;

import java.util.List;

/**
 * The kdump service and the kexec command it will run.
 *
 * @param flavor       "kdump-tools" (Debian, Ubuntu) or "kdump-utils" (Fedora, RHEL: kdumpctl)
 * @param enabled      the service's own switch (USE_KDUMP for kdump-tools)
 * @param kexecArgs    the extra kexec arguments configured (KDUMP_KEXEC_ARGS / KEXEC_ARGS)
 * @param loadPath     "kexec_load", "kexec_file_load" or "auto" (try kexec_file_load, fall back on ENOSYS, EINVAL, ENOEXEC, ENOTSUP)
 * @param reason       why that load path, with the rule's source
 * @param kernelPath   the kdump kernel that will be loaded (absolute path on the system)
 * @param initrdPath   its initramfs
 * @param coreDir      where dumps are written (KDUMP_COREDIR, or kdump.conf's path and target)
 * @param lastCommand  the kexec command kdump-tools recorded when it last loaded ($KDUMP_COREDIR/kexec_cmd)
 */
public record KdumpServiceFacts(Fact<String> flavor, Fact<Boolean> enabled, Fact<List<String>> kexecArgs,
        Fact<String> loadPath, Fact<String> reason, Fact<String> kernelPath, Fact<String> initrdPath,
        Fact<String> coreDir, Fact<String> lastCommand) {}
