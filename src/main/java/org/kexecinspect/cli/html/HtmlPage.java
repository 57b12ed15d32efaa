package org.kexecinspect.cli.html;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.kexecinspect.cli.render.Node;
import org.kexecinspect.format.x86.ScreenInfo;
import org.kexecinspect.model.Finding;
import org.kexecinspect.model.PathPrediction;
import org.kexecinspect.model.Prediction;
import org.kexecinspect.model.Reason;
import org.kexecinspect.model.mmio.MmioPrediction;

/**
 * One system's report as one HTML file that needs nothing else to be read: no script, no network
 * (a Content-Security-Policy forbids both), inline CSS only. In reading order: the verdict and its
 * lead finding, what to do, the MMIO map (inline SVG, {@link MmioMap}) with the ranges' exact
 * addresses, the findings, the reason chain per load path and for the MMIO outcome (each a collapsed
 * {@code details}), and the facts with their sources. Every text is escaped ({@link Html}); the page
 * is well-formed XML too.
 */
public final class HtmlPage {
    private HtmlPage() {}

    /**
     * The colour of the map's frame (a CSS border around the SVG) and of nothing else, so a
     * screenshot can find where the map was drawn.
     */
    public static final String MAP_FRAME_COLOUR = "#5b2a86";
    /** The frame's width in CSS pixels. */
    public static final int MAP_FRAME_WIDTH = 2;

    /**
     * The page of one system.
     *
     * @param command   what made it, e.g. "kexec-inspect diagnose"
     * @param name      the system: the root or the capture's path
     * @param p         the prediction
     * @param facts     the facts record (the facts JSON contract: root, live, capture, facts, notes), or null
     * @param generator e.g. "kexec-inspect 0.1.0", for the footer
     */
    public static String page(String command, String name, Prediction p, Node.Obj facts, String generator) {
        StringBuilder b = new StringBuilder(64 * 1024);
        String verdict = p.verdict().label();
        Finding lead = lead(p);
        head(b, command + ": " + name + " - " + verdict);
        b.append("<header class=\"verdict v-").append(Html.attr(verdict)).append("\">\n");
        b.append("<p class=\"command\">").append(Html.text(command)).append("</p>\n");
        b.append("<h1>").append(Html.text(name)).append("</h1>\n");
        b.append("<p class=\"verdict-line\"><span class=\"badge v-").append(Html.attr(verdict)).append("\">")
                .append(Html.text(verdict)).append("</span> ")
                .append(Html.text(lead == null ? "No finding." : lead.message())).append("</p>\n");
        b.append("</header>\n<main>\n");
        remedies(b, p);
        map(b, p.mmio());
        findings(b, p);
        reasons(b, p);
        facts(b, facts);
        b.append("</main>\n");
        foot(b, generator);
        return b.toString();
    }

    /** The finding that leads the page: the most severe, the first of those (as the text report chooses). */
    public static Finding lead(Prediction p) {
        Finding best = null;
        for (Finding f : p.findings()) {
            if (best == null || f.severity().ordinal() > best.severity().ordinal()) {
                best = f;
            }
        }
        return best;
    }

    /** The CSS of every page; it has no '&lt;' or '&amp;', so a page stays well-formed XML. */
    static final String CSS = """
            body { margin: 0; padding: 0 16px 24px 16px; font-family: "DejaVu Sans", Verdana, sans-serif; font-size: 14px;
                   line-height: 1.4; color: #1a1a1a; background: #ffffff; }
            header.verdict { margin: 0 -16px 12px -16px; padding: 8px 16px 10px 16px; border-bottom: 4px solid #999999; }
            header.verdict h1 { margin: 0; font-size: 20px; overflow-wrap: anywhere; }
            header.verdict p { margin: 2px 0; }
            p.command { color: #555555; font-size: 12px; }
            .badge { display: inline-block; padding: 1px 8px; border-radius: 3px; font-weight: bold; color: #ffffff;
                     background: #666666; text-transform: uppercase; }
            .v-ok { border-color: #2e7d32; } .badge.v-ok { background: #2e7d32; }
            .v-at-risk { border-color: #b26a00; } .badge.v-at-risk { background: #b26a00; }
            .v-will-fail { border-color: #9b0000; } .badge.v-will-fail { background: #9b0000; }
            .v-unknown { border-color: #555555; } .badge.v-unknown { background: #555555; }
            .v-unreadable { border-color: #555555; } .badge.v-unreadable { background: #333333; }
            header.verdict.v-ok { background: #eef7ee; } header.verdict.v-at-risk { background: #fff6e5; }
            header.verdict.v-will-fail { background: #fdecec; } header.verdict.v-unknown { background: #f2f2f2; }
            h2 { font-size: 16px; margin: 18px 0 6px 0; border-bottom: 1px solid #dddddd; }
            h3 { font-size: 14px; margin: 10px 0 4px 0; }
            ol.remedies li { margin-bottom: 6px; }
            .for { color: #555555; font-size: 12px; }
            code, .addr { font-family: "DejaVu Sans Mono", monospace; font-size: 13px; }
            svg.mmio-map { display: block; border: 2px solid #5b2a86; background: #ffffff; max-width: 100%; height: auto; }
            ul.notes { margin: 6px 0; }
            table { border-collapse: collapse; margin: 4px 0 8px 0; }
            th, td { border: 1px solid #dddddd; padding: 2px 6px; text-align: left; vertical-align: top;
                     overflow-wrap: anywhere; }
            th { background: #f4f4f4; }
            td.src { color: #555555; font-size: 12px; }
            table.facts td:first-child { overflow-wrap: normal; white-space: nowrap; }
            .unknown { color: #8a5300; font-style: italic; }
            .sev-error { color: #9b0000; font-weight: bold; } .sev-warning { color: #8a5300; font-weight: bold; }
            .sev-info { color: #2e5e8a; font-weight: bold; }
            details { margin: 4px 0; } summary { cursor: pointer; }
            ol.reasons li { margin-bottom: 3px; }
            .evidence { color: #555555; font-size: 12px; overflow-wrap: anywhere; }
            .derived { color: #8a5300; font-size: 12px; }
            footer { margin-top: 24px; color: #666666; font-size: 12px; }
            """;

    /** The document's head, shared with the index. */
    static void head(StringBuilder b, String title) {
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
                // no script, no fetch of any kind; inline style only
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\"/>\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
                .append("<title>").append(Html.text(title)).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
    }

    static void foot(StringBuilder b, String generator) {
        b.append("<footer>Written by ").append(Html.text(generator))
                .append(". This page is self-contained: no script, nothing fetched.</footer>\n</body>\n</html>\n");
    }

    /** What to do: each distinct remedy, most severe finding first, with the findings it answers. */
    private static void remedies(StringBuilder b, Prediction p) {
        b.append("<section id=\"remedies\">\n<h2>What to do</h2>\n");
        Map<String, List<Finding>> byRemedy = new LinkedHashMap<>();
        List<Finding> sorted = new ArrayList<>(p.findings());
        sorted.sort((x, y) -> y.severity().ordinal() - x.severity().ordinal());
        for (Finding f : sorted) {
            if (f.remedy() != null && !f.remedy().isBlank()) {
                byRemedy.computeIfAbsent(f.remedy(), k -> new ArrayList<>()).add(f);
            }
        }
        if (byRemedy.isEmpty()) {
            b.append("<p>").append(p.verdict().exitCode() == 0 ? "Nothing: no finding asks for a change."
                    : "No remedy is given: the findings below say what is missing or unknown.").append("</p>\n");
        } else {
            b.append("<ol class=\"remedies\">\n");
            for (Map.Entry<String, List<Finding>> e : byRemedy.entrySet()) {
                b.append("<li><p>").append(Html.text(e.getKey())).append("</p><p class=\"for\">for ");
                List<String> codes = new ArrayList<>();
                for (Finding f : e.getValue()) {
                    codes.add("<code>" + Html.text(f.code()) + "</code> (" + Html.text(f.severity().label()) + ")");
                }
                b.append(String.join(", ", codes)).append("</p></li>\n");
            }
            b.append("</ol>\n");
        }
        b.append("</section>\n");
    }

    private static void map(StringBuilder b, MmioPrediction m) {
        MmioMap.Result map = MmioMap.of(m);
        b.append("<section id=\"mmio\">\n<h2>MMIO in the kdump kernel</h2>\n<figure style=\"margin: 0\">\n")
                .append(map.svg()).append("\n<figcaption>\n<ul class=\"notes\">\n");
        for (String note : map.notes()) {
            b.append("<li>").append(Html.text(note)).append("</li>\n");
        }
        b.append("</ul>\n</figcaption>\n</figure>\n");
        if (!map.items().isEmpty()) {
            b.append("<table class=\"ranges\">\n<tr><th>range</th><th>start</th><th>end (inclusive)</th><th>size</th>"
                    + "<th>drawn</th></tr>\n");
            for (MmioMap.Item it : map.items()) {
                b.append("<tr><td>").append(Html.text(it.kind().what())).append("</td><td class=\"addr\">")
                        .append(MmioMap.hex(it.range().start())).append("</td><td class=\"addr\">")
                        .append(MmioMap.hex(it.range().end())).append("</td><td>").append(Html.text(MmioMap.human(it.range().size())))
                        .append("</td><td>").append(it.band() == null ? "no" : "in the " + it.band() + " band")
                        .append("</td></tr>\n");
            }
            b.append("</table>\n");
        }
        b.append("</section>\n");
    }

    private static void findings(StringBuilder b, Prediction p) {
        b.append("<section id=\"findings\">\n<h2>Findings</h2>\n");
        if (p.findings().isEmpty()) {
            b.append("<p>None.</p>\n");
        }
        for (Finding f : p.findings()) {
            String sev = f.severity().label();
            b.append("<div class=\"finding\"><p><span class=\"sev-").append(Html.attr(sev)).append("\">").append(Html.text(sev))
                    .append("</span>: ").append(Html.text(f.message())).append(" <code>[").append(Html.text(f.code()))
                    .append("]</code></p>\n");
            if (f.remedy() != null) {
                b.append("<p>Remedy: ").append(Html.text(f.remedy())).append("</p>\n");
            }
            if (!f.evidence().isEmpty()) {
                b.append("<details><summary>evidence (").append(f.evidence().size()).append(")</summary>\n");
                reasonList(b, f.evidence());
                b.append("</details>\n");
            }
            b.append("</div>\n");
        }
        b.append("</section>\n");
    }

    /** The reason chain: one collapsed details per load path, and one for the MMIO outcome. */
    private static void reasons(StringBuilder b, Prediction p) {
        b.append("<section id=\"reasons\">\n<h2>Why</h2>\n<p>Load paths (configured: <code>")
                .append(Html.text(p.configuredLoadPath() == null ? "unknown" : p.configuredLoadPath())).append("</code>)</p>\n");
        for (PathPrediction pp : p.paths()) {
            ScreenInfo si = pp.kdumpScreenInfo();
            String summary = (pp.loadPath() == null ? "load path unknown" : pp.loadPath().jsonName())
                    + (pp.used() ? " (used)" : "") + ": "
                    + (si == null ? "screen_info cannot be told"
                            : String.format(Locale.ROOT, "orig_video_isVGA 0x%02x, lfb_base 0x%x, lfb_size %d, ext_lfb_base 0x%x",
                                    si.videoTypeCode(), si.lfbBase(), si.lfbSize(), si.extLfbBase()))
                    + (pp.lfbBaseZero().isYes() ? " => lfb_base 0" : "");
            b.append("<details class=\"path\"><summary>").append(Html.text(summary)).append("</summary>\n");
            reasonList(b, pp.reasons());
            b.append("</details>\n");
        }
        b.append("<details class=\"mmio-reasons\"><summary>MMIO in the kdump kernel: ")
                .append(m(p.mmio())).append("</summary>\n");
        reasonList(b, p.mmio().reasons());
        b.append("</details>\n</section>\n");
    }

    private static String m(MmioPrediction m) {
        return switch (m.conflict()) {
            case YES -> "the config window lands on the framebuffer";
            case NO -> "the config window stays off the framebuffer";
            case UNKNOWN -> "whether the config window lands on the framebuffer cannot be told";
        };
    }

    private static void reasonList(StringBuilder b, List<Reason> rs) {
        b.append("<ol class=\"reasons\">\n");
        for (Reason r : rs) {
            b.append("<li>").append(Html.text(r.text()));
            if (r.derived()) {
                b.append(" <span class=\"derived\">[derived from code, not observed]</span>");
            }
            b.append("<br/><span class=\"evidence\">").append(Html.text(r.evidence())).append("</span></li>\n");
        }
        b.append("</ol>\n");
    }

    /** The facts: per group a table of fact, value and source (the facts JSON contract, as DescribeFacts builds it). */
    private static void facts(StringBuilder b, Node.Obj record) {
        b.append("<section id=\"facts\">\n<h2>Facts, each with its source</h2>\n");
        if (record == null) {
            b.append("<p>Not given.</p>\n</section>\n");
            return;
        }
        Node.Obj facts = null;
        List<Node.Entry> about = new ArrayList<>();
        for (Node.Entry e : record.entries()) {
            if (e.key().equals("facts") && e.value() instanceof Node.Obj o) {
                facts = o;
            } else {
                about.add(e);
            }
        }
        if (!about.isEmpty()) {
            b.append("<details><summary>the system read (root, capture, notes)</summary>\n");
            plainTable(b, about);
            b.append("</details>\n");
        }
        if (facts != null) {
            List<Node.Entry> loose = new ArrayList<>();
            for (Node.Entry e : facts.entries()) {
                if (e.value() instanceof Node.Obj) {
                    continue;
                }
                loose.add(e);
            }
            if (!loose.isEmpty()) {
                plainTable(b, loose);
            }
            for (Node.Entry e : facts.entries()) {
                if (e.value() instanceof Node.Obj o) {
                    b.append("<details class=\"facts\"><summary>").append(Html.text(e.label())).append("</summary>\n");
                    group(b, o);
                    b.append("</details>\n");
                }
            }
        }
        b.append("</section>\n");
    }

    /** A fact group (its values, then "source" and "unknown" objects), or an object of such groups. */
    private static void group(StringBuilder b, Node.Obj o) {
        Node.Obj sources = child(o, "source");
        if (sources != null && child(o, "unknown") != null) {
            b.append("<table class=\"facts\">\n<tr><th>fact</th><th>value</th><th>source</th></tr>\n");
            for (Node.Entry e : o.entries()) {
                if (e.key().equals("source") || e.key().equals("unknown")) {
                    continue;
                }
                Node src = find(sources, e.key());
                b.append("<tr><td>").append(Html.text(e.label())).append("</td><td>");
                value(b, e.value());
                b.append("</td><td class=\"src\">").append(src instanceof Node.Str s ? Html.text(s.value()) : "derived, or"
                        + " not a fact of its own").append("</td></tr>\n");
            }
            b.append("</table>\n");
            return;
        }
        List<Node.Entry> plain = new ArrayList<>();
        for (Node.Entry e : o.entries()) {
            if (e.value() instanceof Node.Obj child && child(child, "source") != null) {
                b.append("<h3>").append(Html.text(e.label())).append("</h3>\n");
                group(b, child);
            } else {
                plain.add(e);
            }
        }
        if (!plain.isEmpty()) {
            plainTable(b, plain);
        }
    }

    private static void plainTable(StringBuilder b, List<Node.Entry> entries) {
        b.append("<table>\n");
        for (Node.Entry e : entries) {
            b.append("<tr><th>").append(Html.text(e.label())).append("</th><td>");
            value(b, e.value());
            b.append("</td></tr>\n");
        }
        b.append("</table>\n");
    }

    private static Node.Obj child(Node.Obj o, String key) {
        return find(o, key) instanceof Node.Obj c ? c : null;
    }

    private static Node find(Node.Obj o, String key) {
        for (Node.Entry e : o.entries()) {
            if (e.key().equals(key)) {
                return e.value();
            }
        }
        return null;
    }

    /** A value: scalars inline, unknown ones said so, objects and arrays as nested tables (long ones collapsed). */
    private static void value(StringBuilder b, Node n) {
        if (n instanceof Node.Null x) {
            b.append("<span class=\"unknown\">").append(Html.text(x.why() == null ? "unknown" : x.why())).append("</span>");
        } else if (n instanceof Node.Obj o) {
            if (child(o, "source") != null && child(o, "unknown") != null) {
                group(b, o);
            } else if (o.entries().size() > 6) {
                b.append("<details><summary>").append(o.entries().size()).append(" fields</summary>\n");
                plainTable(b, o.entries());
                b.append("</details>");
            } else {
                plainTable(b, o.entries());
            }
        } else if (n instanceof Node.Arr a) {
            if (a.items().isEmpty()) {
                b.append("<span class=\"unknown\">none</span>");
            } else if (a.items().stream().noneMatch(i -> i instanceof Node.Obj || i instanceof Node.Arr)) {
                List<String> parts = new ArrayList<>();
                for (Node i : a.items()) {
                    StringBuilder s = new StringBuilder();
                    value(s, i);
                    parts.add(s.toString());
                }
                b.append(String.join("<br/>", parts));
            } else {
                for (Node i : a.items()) {
                    value(b, i);
                }
            }
        } else {
            b.append(Html.text(scalar(n)));
        }
    }

    /** A scalar as text: hex addresses, sizes with their unit. */
    static String scalar(Node n) {
        if (n instanceof Node.Str s) {
            return s.value();
        }
        if (n instanceof Node.Bool x) {
            return Boolean.toString(x.value());
        }
        if (n instanceof Node.Num x) {
            return switch (x.style()) {
                case HEX -> "0x" + Long.toHexString(x.value());
                case DEC -> Long.toUnsignedString(x.value());
                case SIZE -> Long.toUnsignedString(x.value()) + (x.value() >= 1024 ? " (" + MmioMap.human(x.value()) + ")" : "");
            };
        }
        if (n instanceof Node.Bytes x) {
            return x.value().length + " bytes";
        }
        return n instanceof Node.Null x ? x.why() : String.valueOf(n);
    }
}
