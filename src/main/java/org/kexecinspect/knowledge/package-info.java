/**
 * The release knowledge (knowledge.json): which kexec-tools or kernel release does what, each
 * entry with its source, and the version comparison it needs. A leaf that only the model reads.
 *
 * <p>May use: none
 */
package org.kexecinspect.knowledge;
