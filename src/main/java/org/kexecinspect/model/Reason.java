package org.kexecinspect.model;

/**
 * One step of a prediction's reasoning: what was concluded, and the evidence it rests on (a fact's
 * source, a rule's source: kernel or kexec-tools file and function, commit, or mailing-list Message-ID).
 *
 * @param derived true when the step is inferred from code and was not observed (e.g. a kdump kernel
 *                that is not EFI_BOOT taking vmbus_reserve_fb()'s Gen1 branch)
 */
public record Reason(String text, String evidence, boolean derived) {
    public static Reason of(String text, String evidence) {
        return new Reason(text, evidence, false);
    }

    public static Reason derived(String text, String evidence) {
        return new Reason(text, evidence, true);
    }
}
