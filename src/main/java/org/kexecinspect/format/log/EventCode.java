package org.kexecinspect.format.log;

/** The kinds of log line a post-mortem looks for; {@link #code()} is stable (it appears in JSON). */
public enum EventCode {
    PANIC("panic"),
    /**
     * panic() ran to its end (kernel/panic.c: "---[ end Kernel panic - not syncing: %s ]---", printed after
     * __crash_kexec() returned): no crash kernel took over.
     */
    PANIC_END("panic-end"),
    /** A stack dump's "CPU: ..." line says a crash kernel is loaded (lib/dump_stack.c dump_stack_print_info(): "Kdump: loaded "). */
    KDUMP_LOADED("kdump-loaded"),
    FRAMEBUFFER("framebuffer"),
    FB_MMIO_ZERO("fb-mmio-zero"),
    SOFT_LOCKUP("soft-lockup"),
    HYPERV_FB_TIMEOUT("hyperv-fb-timeout"),
    FB_RESERVE_FAILED("fb-reserve-failed"),
    HV_PCI_D0_FAILED("hv-pci-d0-failed"),
    HV_PCI_PROBE_FAILED("hv-pci-probe-failed"),
    ROOT_MISSING("root-missing"),
    DUMP_SAVED("dump-saved"),
    KDUMP_NOT_LOADED("kdump-not-loaded"),
    /** The kernel handed over to user space (init/main.c kernel_init(): "Run %s as init process"). */
    INIT_RUN("init-run");

    private final String code;

    EventCode(String code) { this.code = code; }

    public String code() { return code; }
}
