package org.kexecinspect.format.log;

import java.util.List;
import java.util.Optional;

/**
 * One kernel's run within a log, from its {@code Linux version} line (or where the timestamps
 * restart at 0, or the log's first kernel line when the log starts mid-boot) to the line before the
 * next boot. {@code kernelRelease} and {@code commandLine} are empty when the log does not show
 * them; {@code firstText} is the boot's first line (its banner, when the log has its start);
 * {@code lastLine}/{@code lastText}/{@code lastMicros} are the boot's last non-empty line;
 * {@code signs} are the first lines that tell the system's facts (hypervisor, EFI, drivers...).
 */
public record Boot(BootRole role, boolean startsMidBoot, long firstLine, String firstText, long lastLine, Optional<String> kernelRelease,
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

    /**
     * The framebuffer as this boot's drivers printed it: the first line that names a base (the firmware
     * framebuffer the boot was handed), else the first driver named without one (a DRM driver), else empty.
     */
    public Optional<EventDetail.Framebuffer> framebuffer() {
        EventDetail.Framebuffer named = null;
        for (LogEvent e : events) {
            if (e.code() == EventCode.FRAMEBUFFER && e.detail() instanceof EventDetail.Framebuffer fb) {
                if (fb.base().isPresent()) {
                    return Optional.of(fb);
                }
                if (named == null) {
                    named = fb;
                }
            }
        }
        return Optional.ofNullable(named);
    }
}
