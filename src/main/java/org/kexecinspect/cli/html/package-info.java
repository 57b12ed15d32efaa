/**
 * The HTML report of diagnose --html and predict --html: one self-contained page per system (the
 * verdict, the remedies, the reason chain, the facts with their sources, the MMIO map as inline SVG)
 * and an index of many. Pure rendering, strings in and out: no file is written here (the commands
 * write atomically), no script and no external URL is put in a page, and every text from a capture
 * is escaped.
 *
 * <p>May use: org.kexecinspect.cli.render, org.kexecinspect.format.text, org.kexecinspect.format.x86,
 *     org.kexecinspect.model, org.kexecinspect.model.loadpath, org.kexecinspect.model.mmio
 */
package org.kexecinspect.cli.html;
