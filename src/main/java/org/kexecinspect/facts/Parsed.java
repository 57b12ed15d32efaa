package org.kexecinspect.facts;

import org.kexecinspect.facts.Fact.Why;
import org.kexecinspect.format.FormatException;

/** Turns a text fact into a parsed one; a parse failure becomes "malformed" with the parser's one line. */
final class Parsed {
    private Parsed() {}

    interface Parser<T> {
        T parse(String text, String source) throws FormatException;
    }

    static <T> Fact<T> parse(Fact<String> text, Parser<T> parser) {
        if (!text.known()) {
            return text.cast();
        }
        try {
            return Fact.of(parser.parse(text.value(), text.source()), text.source());
        } catch (FormatException e) {
            return Fact.unknown(Why.MALFORMED, e.getMessage(), text.source());
        }
    }
}
