package org.kexecinspect.facts;

/**
 * The kexec-tools that will load the kdump kernel.
 *
 * @param version        "2.0.25" from `kexec --version`
 * @param defaultSyscall what it does without -c/-s/-a: "kexec_load" or "auto" (knowledge file, domain.md 4.4)
 */
public record KexecToolsFacts(Fact<String> version, Fact<String> defaultSyscall) {}
