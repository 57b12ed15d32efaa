package org.kexecinspect.facts;

import java.util.Objects;

/**
 * The running kernel's architecture: the machine name uname(1) prints (utsname.machine: "x86_64",
 * "aarch64", "i686", ...) and its family. What each family means for kexec is decided in the model;
 * {@link #toString()} is the machine name, so JSON and text print what uname printed.
 *
 * @param machine the machine name as uname prints it
 * @param family  what that name means here; always {@link Family#of(String)} of {@code machine}
 */
public record Arch(String machine, Family family) {

    /** The families the machine names fall into. */
    public enum Family {
        /** x86_64 */
        X86_64,
        /** i386, i486, i586, i686: 32-bit x86 */
        X86_32,
        /** aarch64 */
        ARM64,
        /** Anything else uname may print (armv7l, ppc64le, s390x, riscv64, ...). */
        OTHER;

        /** The family of a machine name as uname prints it. */
        public static Family of(String machine) {
            if (machine.equals("x86_64")) {
                return X86_64;
            }
            if (machine.matches("i[3-6]86")) {
                return X86_32;
            }
            return machine.equals("aarch64") ? ARM64 : OTHER;
        }
    }

    public Arch {
        Objects.requireNonNull(machine, "machine");
        if (family != Family.of(machine)) {
            throw new IllegalArgumentException(machine + " is " + Family.of(machine) + ", not " + family);
        }
    }

    /** The architecture uname names {@code machine}. */
    public static Arch of(String machine) {
        return new Arch(machine, Family.of(machine));
    }

    /** x86_64 or 32-bit x86. */
    public boolean isX86() {
        return family == Family.X86_64 || family == Family.X86_32;
    }

    public boolean isArm64() {
        return family == Family.ARM64;
    }

    /** The machine name, as uname printed it. */
    @Override
    public String toString() {
        return machine;
    }
}
