package org.kexecinspect.format.log;

import java.util.List;
import java.util.Optional;

/**
 * One kernel's run within a log, from its {@code Linux version} line (or where the timestamps
 * restart at 0, or the log's first kernel line when the log starts mid-boot) to the line before the
 * next boot. {@code kernelRelease} and {@code commandLine} are empty when the log does not show
 * them; {@code lastLine}/{@code lastText}/{@code lastMicros} are the boot's last non-empty line;
 * {@code signs} are the first lines that tell the system's facts (hypervisor, EFI, drivers...).
 */
public record Boot(BootRole role, boolean startsMidBoot, long firstLine, long lastLine, Optional<String> kernelRelease,
        Optional<String> commandLine, Optional<Crashkernel> crashkernel, List<LogEvent> events, String lastText,
        long lastMicros, BootSigns signs) {
    public Boot {
        events = List.copyOf(events);
        java.util.Objects.requireNonNull(signs, "signs");
    }

    /** This boot's events of one kind, in line order. */
    public List<LogEvent> events(EventCode code) {
        return events.stream().filter(e -> e.code() == code).toList();
    }
}
