/**
 * The text report people read first: the lead (the verdict in plain words, what to do as a numbered
 * list, why in a few lines), the MMIO map drawn to scale, and the explanation behind them; words
 * wrapped to the terminal's width, colour only where a terminal shows it. Plain ASCII throughout, so a
 * report pasted into a ticket or read without colour keeps every mark.
 *
 * <p>May use: org.kexecinspect.format, org.kexecinspect.model
 */
package org.kexecinspect.cli.text;
