package org.kexecinspect.cli.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** Escaping: what a captured file can hold must reach a page as text, visible, and leave it well-formed. */
class HtmlTest {

    static final String HOSTILE = "</td></tr></table><script>alert(\"x\")</script><img src=\"http://evil.example/x.png\">"
            + "&amp;'\"\u0000\u0001\u001b[31m\u007f\u0085\u202egnp.exe\u2066\u200f\ud800\ufffe\uffff\r\n\tend";

    @Test
    void textEscapesMarkupAndShowsControlsAndDirectionMarks() {
        String t = Html.text(HOSTILE);
        assertFalse(t.contains("<"), t);
        assertFalse(t.contains(">"), t);
        assertTrue(t.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"), t);
        assertTrue(t.contains("&amp;amp;&#39;&quot;"), t);
        assertTrue(t.contains("\u2400\u2401\u241b[31m\u2421[U+0085][U+202E]gnp.exe[U+2066][U+200F]\ufffd\ufffd\ufffd\u240d\n\tend"), t);
        for (char c : t.toCharArray()) {
            assertFalse(c < 0x20 && c != '\n' && c != '\t', "a control character is left: " + (int) c);
            assertFalse(c >= 0x7f && c <= 0x9f, "DEL or a C1 control is left: " + (int) c);
            assertFalse(c == '\u202e' || c == '\u2066' || c == '\u200f', "a direction mark is left");
        }
    }

    @Test
    void attributesAlsoEscapeNewlinesTabsAndBothQuotes() {
        String a = Html.attr("a\"b'c\nd\te<f>&");
        assertEquals("a&quot;b&#39;c&#10;d&#9;e&lt;f&gt;&amp;", a);
    }

    @Test
    void anEscapedTextParsesBackToItsVisibleForm() {
        Document d = SvgMap.parse("<p title=\"" + Html.attr(HOSTILE) + "\">" + Html.text(HOSTILE) + "</p>");
        String text = d.getDocumentElement().getTextContent();
        assertTrue(text.startsWith("</td></tr></table><script>alert(\"x\")</script><img src=\"http://evil.example/x.png\">&amp;'\""),
                text);
        assertEquals(0, d.getElementsByTagName("script").getLength());
        assertEquals(0, d.getElementsByTagName("img").getLength());
        String title = d.getDocumentElement().getAttribute("title");
        assertTrue(title.endsWith("\u240d\n\tend"), "attribute newlines and tabs survive as characters: " + title);
    }

    @Test
    void nullAndPlainTextPassThrough() {
        assertEquals("", Html.text(null));
        assertEquals("lfb_base 0xf8000000 (8 MiB) über", Html.text("lfb_base 0xf8000000 (8 MiB) über"));
        assertEquals("\ud83d\ude00", Html.text("\ud83d\ude00"), "a surrogate pair is one character, kept");
    }
}
