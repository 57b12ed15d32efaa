package org.kexecinspect.facts;

import java.nio.charset.StandardCharsets;

import org.kexecinspect.facts.Fact.Why;

/** System-call facts as a capture recorded them under kexec-inspect/. */
final class RecordedCalls implements SystemCalls {
    /** fb structs are 68 to 160 bytes; anything much larger is not one. */
    private static final long STRUCT_CAP = 4096;
    private static final long TEXT_CAP = 64 * 1024;

    private final Root root;

    RecordedCalls(Root root) { this.root = root; }

    @Override public Fact<String> uname() { return text(CaptureLayout.UNAME); }

    @Override public Fact<String> kexecVersion() { return text(CaptureLayout.KEXEC_VERSION); }

    @Override public Fact<byte[]> fbFix() { return recorded(CaptureLayout.FB0_FIX, STRUCT_CAP); }

    @Override public Fact<byte[]> fbVar() { return recorded(CaptureLayout.FB0_VAR, STRUCT_CAP); }

    @Override public Fact<String> fbset() { return text(CaptureLayout.FBSET); }

    private Fact<String> text(String path) {
        return recorded(path, TEXT_CAP).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /** An absent file gets the collector's own reason from the manifest, when it gave one. */
    private Fact<byte[]> recorded(String path, long cap) {
        Fact<byte[]> f = root.read(path, cap);
        if (f.known() || f.unknown().why() != Why.ABSENT) {
            return f;
        }
        String reason = CaptureManifest.read(root).notReadReason(path);
        if (reason == null) {
            return f;
        }
        // the manifest's reason words (capture format 1) keep their meaning: "absent" means the
        // device or program did not exist on the system, which is itself a fact (kexec-tools then
        // falls back to the boot-time screen_info), unlike "not collected"
        return switch (reason) {
            case "absent" -> Fact.unknown(Why.ABSENT, "absent on the captured system", f.source());
            case "not permitted" -> Fact.unknown(Why.NOT_PERMITTED, "the collector was not permitted to read it", f.source());
            case "too large" -> Fact.unknown(Why.TOO_LARGE, "too large for the collector", f.source());
            default -> Fact.unknown(Why.NOT_COLLECTED, "the collector recorded: " + reason, f.source());
        };
    }
}
