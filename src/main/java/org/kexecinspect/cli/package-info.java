/**
 * The picocli commands (inspect, capture, predict, diagnose, preflight, synthesize, postmortem), their reports
 * and exit codes: where the layers below are put together.
 *
 * <p>May use: org.kexecinspect.cli.html, org.kexecinspect.cli.render, org.kexecinspect.cli.text, org.kexecinspect.facts,
 *     org.kexecinspect.format,
 *     org.kexecinspect.initramfs, org.kexecinspect.input, org.kexecinspect.kernel, org.kexecinspect.live,
 *     org.kexecinspect.model, org.kexecinspect.payload, org.kexecinspect.synth
 */
package org.kexecinspect.cli;
