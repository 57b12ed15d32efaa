package org.kexecinspect.facts;

/**
 * The kexec-tools that will load the kdump kernel.
 *
 * @param version "2.0.25" from `kexec --version`
 */
public record KexecToolsFacts(Fact<String> version) {}
