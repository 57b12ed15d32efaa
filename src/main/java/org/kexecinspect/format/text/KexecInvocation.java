package org.kexecinspect.format.text;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a kexec command line asks for, as kexec-tools' option parsing reads it (kexec/kexec.c
 * main() and the x86/arm64 loaders, v2.0.32). Produced by {@link KexecArgs}.
 *
 * @param program the first word when it names the kexec program ("/sbin/kexec"), else empty
 * @param arguments the arguments after the program, as words
 * @param syscall the syscall option in effect: the last of -c/-s/-a wins, because each of them
 *     sets both of main()'s flags; {@link Syscall#UNSPECIFIED} when none is given (then the
 *     kexec-tools release's default applies)
 * @param action what kexec does: mostly the last action option, except that -S wins over all and a
 *     -p stays in force through a later -l (main() keeps kexec_flags)
 * @param kernelImage the first argument that is not an option (getopt permutes, so it may stand anywhere)
 * @param initrd the value of the last --initrd/--ramdisk
 * @param commandLine the value of the last --append/--command-line (the loaders keep only the last)
 * @param reuseCmdline --reuse-cmdline: the running kernel's /proc/cmdline (less BOOT_IMAGE=) comes first
 * @param reuseVideoType --reuse-video-type (x86 only, kexec-tools 2.0.20+)
 * @param noEfi --noefi (x86: no EFI info is passed, so the new kernel does not boot as EFI)
 * @param debug -d/--debug
 * @param otherOptions recognised options with no field here, in order, as written
 * @param unknown words that look like options kexec-tools' x86/arm64 tables do not define, kept as written
 * @param extraArguments non-option words after the kernel image (kexec ignores them)
 */
public record KexecInvocation(Optional<String> program, List<String> arguments, Syscall syscall, Action action,
        Optional<String> kernelImage, Optional<String> initrd, Optional<String> commandLine, boolean reuseCmdline,
        boolean reuseVideoType, boolean noEfi, boolean debug, List<String> otherOptions, List<String> unknown,
        List<String> extraArguments) {

    /** The syscall choice on the command line. */
    public enum Syscall {
        /** -c / --kexec-syscall: KEXEC_LOAD only (kexec-tools builds the boot parameters). */
        LOAD,
        /** -s / --kexec-file-syscall: KEXEC_FILE_LOAD only (the running kernel builds them). */
        FILE_LOAD,
        /** -a / --kexec-syscall-auto: KEXEC_FILE_LOAD, falling back to KEXEC_LOAD on ENOSYS, EINVAL, ENOEXEC, ENOTSUP. */
        AUTO,
        /** None of the three: the kexec-tools version's default applies. */
        UNSPECIFIED;

        /** The load path's name in JSON: kexec_load, kexec_file_load, auto, unspecified. */
        public String jsonName() {
            return switch (this) {
                case LOAD -> "kexec_load";
                case FILE_LOAD -> "kexec_file_load";
                case AUTO -> "auto";
                case UNSPECIFIED -> "unspecified";
            };
        }
    }

    /** What kexec is asked to do (main()'s do_load/do_exec/do_unload... flags). */
    public enum Action {
        /** No action option: load, then shut down and exec (kexec's default). */
        LOAD_AND_EXEC,
        /** -l / --load. */
        LOAD,
        /** -p / --load-panic: load the crash (kdump) kernel. */
        LOAD_PANIC,
        /** -u / --unload. */
        UNLOAD,
        /** -e / --exec. */
        EXEC,
        /** -S / --status. */
        STATUS,
        /** -f / --force: load and exec without shutdown. */
        FORCE,
        /** --load-preserve-context, --load-jump-back-helper, --load-live-update, --exec-live-update, --print-ckr-size, -h, -v. */
        OTHER
    }

    public KexecInvocation {
        Objects.requireNonNull(program);
        arguments = List.copyOf(arguments);
        Objects.requireNonNull(syscall);
        Objects.requireNonNull(action);
        Objects.requireNonNull(kernelImage);
        Objects.requireNonNull(initrd);
        Objects.requireNonNull(commandLine);
        otherOptions = List.copyOf(otherOptions);
        unknown = List.copyOf(unknown);
        extraArguments = List.copyOf(extraArguments);
    }
}
