package org.kexecinspect.cli.html;

/**
 * Escaping for every text a page shows. Facts come from captured files, so a text is treated as
 * hostile: markup characters become entities, and characters a reader could not see or that would
 * change what is shown (C0 and C1 controls, DEL, bidirectional overrides, lone surrogates,
 * non-characters) become visible stand-ins. The output is well-formed XML as well as HTML, so a test
 * can parse a page with an XML parser.
 */
public final class Html {
    private Html() {}

    /** Text content of an element: newlines and tabs kept, everything else above. */
    public static String text(String s) {
        return escape(s, false);
    }

    /** An attribute value (written between double quotes): newlines and tabs as character references too. */
    public static String attr(String s) {
        return escape(s, true);
    }

    private static String escape(String s, boolean attribute) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            switch (cp) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                case '\n' -> b.append(attribute ? "&#10;" : "\n");
                case '\t' -> b.append(attribute ? "&#9;" : "\t");
                default -> {
                    if (cp < 0x20) {
                        b.appendCodePoint(0x2400 + cp);   // U+2400.. CONTROL PICTURES: NUL shows as ␀, ESC as ␛
                    } else if (cp == 0x7f) {
                        b.append('\u2421');              // ␡
                    } else if (cp >= 0x80 && cp <= 0x9f || isBidiControl(cp)) {
                        b.append(String.format(java.util.Locale.ROOT, "[U+%04X]", cp));
                    } else if (Character.isSurrogate((char) cp) && cp <= 0xffff || (cp & 0xfffe) == 0xfffe
                            || cp >= 0xfdd0 && cp <= 0xfdef) {
                        b.append('\ufffd');              // a lone surrogate or a non-character: not text
                    } else {
                        b.appendCodePoint(cp);
                    }
                }
            }
        }
        return b.toString();
    }

    /** The marks that reorder what follows them (the "Trojan Source" characters) and the invisible direction marks. */
    private static boolean isBidiControl(int cp) {
        return cp == 0x061c || cp == 0x200e || cp == 0x200f || cp >= 0x202a && cp <= 0x202e || cp >= 0x2066 && cp <= 0x2069;
    }
}
