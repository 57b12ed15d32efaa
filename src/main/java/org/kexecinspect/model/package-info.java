/**
 * The prediction: pure rules over SystemFacts that give each load path's screen_info, the Hyper-V
 * MMIO outcome, the verdict and the findings, each with the evidence it used. The rules live in the
 * sub-packages by subject and return this package's types (Reason, PathPrediction), so model and its
 * sub-packages use each other: the one cycle the architecture allows, kept inside the model.
 *
 * <p>May use: org.kexecinspect.facts, org.kexecinspect.format, org.kexecinspect.knowledge,
 *     org.kexecinspect.model.fix, org.kexecinspect.model.loadpath, org.kexecinspect.model.mmio,
 *     org.kexecinspect.model.screeninfo
 */
package org.kexecinspect.model;
