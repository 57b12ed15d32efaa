package org.kexecinspect.model.loadpath;

/** The two system calls that load a kdump kernel. */
public enum KexecSyscall {
    /** kexec_load(2): kexec-tools builds the boot parameters in user space. */
    KEXEC_LOAD("kexec_load"),
    /** kexec_file_load(2): the running kernel builds them. */
    KEXEC_FILE_LOAD("kexec_file_load");

    private final String jsonName;

    KexecSyscall(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The name in JSON and text output: "kexec_load", "kexec_file_load". */
    public String jsonName() {
        return jsonName;
    }

    /** The JSON name, so that a sentence reads "through kexec_load". */
    @Override
    public String toString() {
        return jsonName;
    }
}
