package org.kexecinspect.format.log;

/** The kinds of log line a post-mortem looks for; {@link #code()} is stable (it appears in JSON). */
public enum EventCode {
    PANIC("panic"),
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
