package org.kexecinspect.facts;

import java.util.Objects;
import java.util.function.Function;

/**
 * One fact about a system: a value, or unknown with the reason, and always where it came from (a
 * path under the root, or the system call or command that produced it).
 *
 * @param value   the value, or null when unknown
 * @param source  the path or command the fact came from (or would have come from)
 * @param unknown why the value is unknown; null when it is known
 */
public record Fact<T>(T value, String source, Unknown unknown) {

    /** Why a fact is unknown; {@code label} is what JSON and text print. */
    public enum Why {
        ABSENT("absent"),
        NOT_PERMITTED("not permitted"),
        NOT_APPLICABLE("not applicable"),
        MALFORMED("malformed"),
        TOO_LARGE("too large"),
        NOT_COLLECTED("not collected"),
        ERROR("error");

        private final String label;

        Why(String label) { this.label = label; }

        public String label() { return label; }
    }

    /** @param detail one sentence a person can act on, e.g. "needs root: /proc/iomem shows zeros" */
    public record Unknown(Why why, String detail) {
        public Unknown {
            Objects.requireNonNull(why);
            Objects.requireNonNull(detail);
        }

        @Override public String toString() { return why.label + ": " + detail; }
    }

    public Fact {
        Objects.requireNonNull(source, "source");
        if ((value == null) == (unknown == null)) {
            throw new IllegalArgumentException("a fact is either a value or unknown: " + value + " / " + unknown);
        }
    }

    public static <T> Fact<T> of(T value, String source) {
        return new Fact<>(Objects.requireNonNull(value, "value"), source, null);
    }

    public static <T> Fact<T> unknown(Why why, String detail, String source) {
        return new Fact<>(null, source, new Unknown(why, detail));
    }

    /** The same unknown, retyped; for deriving one fact from another that is unknown. */
    public <U> Fact<U> cast() {
        if (known()) {
            throw new IllegalStateException("cast of a known fact");
        }
        return new Fact<>(null, source, unknown);
    }

    public boolean known() { return unknown == null; }

    /** A derived fact from the same source; an unknown stays unknown. */
    public <U> Fact<U> map(Function<? super T, ? extends U> f) {
        if (!known()) {
            return cast();
        }
        U u = f.apply(value);
        return u == null ? unknown(Why.MALFORMED, "unexpected content", source) : of(u, source);
    }

    /** The value, or {@code otherwise} when unknown. */
    public T orElse(T otherwise) { return known() ? value : otherwise; }
}
