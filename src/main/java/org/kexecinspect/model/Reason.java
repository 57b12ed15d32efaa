package org.kexecinspect.model;

/**
 * One step of a prediction's reasoning: what was concluded, and the evidence it rests on (a fact's
 * source, a rule's source: kernel or kexec-tools file, function, commit, or a domain.md section).
 *
 * @param derived true when the step is inferred from code and was not observed (e.g. the EFI_BOOT
 *                modifier, domain.md open question 6)
 */
public record Reason(String text, String evidence, boolean derived) {
    public static Reason of(String text, String evidence) {
        return new Reason(text, evidence, false);
    }

    public static Reason derived(String text, String evidence) {
        return new Reason(text, evidence, true);
    }
}
