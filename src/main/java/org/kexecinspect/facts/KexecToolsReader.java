package org.kexecinspect.facts;

import org.kexecinspect.facts.Fact.Why;
import org.kexecinspect.format.text.KexecToolsVersion;
import org.kexecinspect.knowledge.Knowledge;
import org.kexecinspect.knowledge.Version;

/** kexec-tools' version and what it does without -c/-s/-a (the knowledge file's table, domain.md 4.4). */
final class KexecToolsReader {
    private KexecToolsReader() {}

    static KexecToolsFacts read(SystemCalls calls) {
        Fact<KexecToolsVersion> v = Parsed.parse(calls.kexecVersion(), KexecToolsVersion::parse);
        Fact<String> version = v.map(KexecToolsVersion::toString);
        Fact<String> syscall;
        if (!v.known()) {
            syscall = v.cast();
        } else {
            Knowledge.Rule r = Knowledge.get().kexecToolsDefaultSyscall(Version.parse(v.value().toString()));
            syscall = r == null ? Fact.unknown(Why.NOT_APPLICABLE, "no rule for version " + v.value(), "knowledge.json")
                    : Fact.of(r.value(), "knowledge.json: " + r.source());
        }
        return new KexecToolsFacts(version, syscall);
    }
}
