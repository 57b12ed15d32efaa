/**
 * arm64 kernel files: the Image header, the EFI zboot header, PE stub detection, and what each
 * kexec loader does with the file, decided from its headers alone.
 *
 * <p>May use: org.kexecinspect.format
 */
package org.kexecinspect.format.arm64;
