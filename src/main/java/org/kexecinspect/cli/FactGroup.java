package org.kexecinspect.cli;

import java.util.function.Function;

import org.kexecinspect.cli.render.Node;
import org.kexecinspect.cli.render.Node.Obj;
import org.kexecinspect.facts.Fact;

/**
 * One fact object of the facts JSON contract: its values (null when unknown), then "source" (each
 * fact's path or command) and "unknown" (each unknown fact's reason), so every value can be traced.
 */
final class FactGroup {
    private final Obj values = new Obj();
    private final Obj sources = new Obj();
    private final Obj unknown = new Obj();

    /** A fact whose value is rendered by {@code render}. */
    <T> FactGroup put(String key, String label, Fact<T> fact, Function<? super T, Node> render) {
        if (fact.known()) {
            values.put(key, label, render.apply(fact.value()), null);
        } else {
            values.put(key, label, new Node.Null(fact.unknown().toString()), null);
            unknown.put(key, fact.unknown().toString());
        }
        sources.put(key, fact.source());
        return this;
    }

    FactGroup bool(String key, Fact<Boolean> fact) { return put(key, key, fact, Node.Bool::new); }

    FactGroup str(String key, Fact<String> fact) { return put(key, key, fact, Node.Str::new); }

    FactGroup hex(String key, Fact<Long> fact) { return put(key, key, fact, v -> Node.hex(v, 8)); }

    FactGroup dec(String key, Fact<? extends Number> fact) { return put(key, key, fact, v -> Node.dec(v.longValue())); }

    FactGroup size(String key, Fact<Long> fact) { return put(key, key, fact, Node::size); }

    /** A value that is not a fact of its own (derived here, or constant): no source entry. */
    FactGroup plain(String key, Node value) {
        values.put(key, value);
        return this;
    }

    Obj build() {
        Obj o = new Obj();
        for (Node.Entry e : values.entries()) {
            o.put(e.key(), e.label(), e.value(), e.meaning());
        }
        o.put("source", "source", sources, null);
        o.put("unknown", "unknown", unknown, null);
        return o;
    }
}
