package org.kexecinspect.format.log;

/** What a boot was for, as its own log lines say. */
public enum BootRole {
    /** A normal boot: it reserved crashkernel memory, or it booted from the start without kdump's marks. */
    FIRST,
    /** The crash kernel: its command line has {@code elfcorehdr=} or it used /proc/vmcore. */
    KDUMP,
    /** The log starts inside this boot and nothing in it tells which kernel it is. */
    UNKNOWN
}
