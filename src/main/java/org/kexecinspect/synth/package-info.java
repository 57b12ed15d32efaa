/**
 * The blobs that should have been: a corrected screen_info or boot_params zero page built through
 * the format encoders, and its field diff against the predicted one.
 *
 * <p>May use: org.kexecinspect.facts, org.kexecinspect.format, org.kexecinspect.model
 */
package org.kexecinspect.synth;
