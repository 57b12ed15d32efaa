package org.kexecinspect.facts;

import org.kexecinspect.format.text.KexecToolsVersion;

/** kexec-tools' version, as `kexec --version` prints it; what that version does is the model's to say. */
final class KexecToolsReader {
    private KexecToolsReader() {}

    static KexecToolsFacts read(SystemCalls calls) {
        Fact<KexecToolsVersion> v = Parsed.parse(calls.kexecVersion(), KexecToolsVersion::parse);
        return new KexecToolsFacts(v.map(KexecToolsVersion::toString));
    }
}
