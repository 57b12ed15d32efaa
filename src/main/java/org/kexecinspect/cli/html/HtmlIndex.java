package org.kexecinspect.cli.html;

import java.util.List;

/** The index of predict --html: one row per capture, its verdict and lead finding, linking its page. */
public final class HtmlIndex {
    private HtmlIndex() {}

    /**
     * One capture's row.
     *
     * @param capture the capture as given on the command line
     * @param href    its page's file name in the same directory, or null when it has none (unreadable)
     * @param verdict ok, at-risk, will-fail, unknown, or "unreadable"
     * @param line    the lead finding's message, or why the capture could not be read
     */
    public record Entry(String capture, String href, String verdict, String line) {}

    public static String page(String command, List<Entry> entries, String generator) {
        StringBuilder b = new StringBuilder(4096 + entries.size() * 256);
        HtmlPage.head(b, command + ": " + entries.size() + (entries.size() == 1 ? " capture" : " captures"));
        b.append("<header class=\"verdict\">\n<p class=\"command\">").append(Html.text(command)).append("</p>\n<h1>")
                .append(entries.size()).append(entries.size() == 1 ? " capture" : " captures").append("</h1>\n</header>\n<main>\n");
        b.append("<table class=\"index\">\n<tr><th>capture</th><th>verdict</th><th>lead finding</th></tr>\n");
        for (Entry e : entries) {
            b.append("<tr><td>");
            if (e.href() != null) {
                b.append("<a href=\"").append(Html.attr(e.href())).append("\">").append(Html.text(e.capture())).append("</a>");
            } else {
                b.append(Html.text(e.capture()));
            }
            b.append("</td><td><span class=\"badge v-").append(Html.attr(e.verdict())).append("\">").append(Html.text(e.verdict()))
                    .append("</span></td><td>").append(Html.text(e.line())).append("</td></tr>\n");
        }
        b.append("</table>\n</main>\n");
        HtmlPage.foot(b, generator);
        return b.toString();
    }
}
