package org.kexecinspect.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexecinspect.cli.html.SvgMap;
import org.kexecinspect.testing.Cli;
import org.kexecinspect.testing.Inputs;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.NodeList;

/**
 * diagnose --html FILE and predict --html DIR, end to end: the page has what the issue lists (verdict,
 * remedies, reason chain collapsed, facts with their sources, the SVG map), needs nothing from the
 * network and runs no script, escapes hostile facts, and is written the way synthesize -o writes
 * (atomically, never over an input or a device, an existing file only with --force). stdout and the
 * exit status are what they are without --html.
 */
class HtmlReportTest {
    static final Path CAPS = Inputs.projectDir().resolve("native-fixtures/hyperv-captures");
    static final String AT_RISK = CAPS.resolve("gen2-local-x86").toString();
    static final String OK = CAPS.resolve("gen1-local-x86").toString();

    @TempDir Path tmp;

    static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    /** What any page must be: well-formed, no script, nothing to fetch, the CSP that forbids both. */
    static Document selfContained(String html) {
        assertTrue(html.startsWith("<!DOCTYPE html>\n"), html.substring(0, 40));
        assertFalse(NoPrivateCitationsTest.PRIVATE.matcher(html).find(), "a page cites a file users do not have");
        String lower = html.toLowerCase(Locale.ROOT);
        assertFalse(lower.contains("<script"), "a script element");
        for (String tag : new String[] {"<link", "<img", "<iframe", "<object", "<embed", "<base", "@import", "url("}) {
            assertFalse(lower.contains(tag), "the page would fetch or embed something: " + tag);
        }
        assertTrue(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                + "style-src 'unsafe-inline'\"/>"), "the CSP");
        Document d = SvgMap.parse(html);
        NodeList all = d.getElementsByTagName("*");
        for (int i = 0; i < all.getLength(); i++) {
            NamedNodeMap attrs = all.item(i).getAttributes();
            for (int j = 0; j < attrs.getLength(); j++) {
                String name = attrs.item(j).getNodeName().toLowerCase(Locale.ROOT);
                String value = attrs.item(j).getNodeValue().toLowerCase(Locale.ROOT);
                assertFalse(name.startsWith("on"), "an event handler attribute: " + name);
                if (name.equals("src") || name.equals("href") || name.endsWith(":href") || name.equals("action")) {
                    assertFalse(value.contains("http"), name + "=" + value);
                    assertFalse(value.contains(":"), "only relative links: " + name + "=" + value);
                }
            }
        }
        return d;
    }

    static Element byId(Document d, String id) {
        NodeList all = d.getElementsByTagName("*");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (id.equals(e.getAttribute("id"))) {
                return e;
            }
        }
        throw new AssertionError("no element with id " + id);
    }

    @Test
    void diagnoseHtmlWritesTheWholeReportAndKeepsStdoutAndTheExitStatus() throws IOException {
        Cli.Result plain = Cli.run("diagnose", "--root", AT_RISK);
        Path page = tmp.resolve("report.html");
        Cli.Result r = Cli.run("diagnose", "--root", AT_RISK, "--html", page.toString());
        assertEquals(plain.exit(), r.exit(), r.err());
        assertEquals(1, r.exit(), "at-risk");
        assertEquals(plain.out(), r.out(), "the text report still goes to stdout, unchanged");
        assertEquals("", r.err());
        String html = read(page);
        Document d = selfContained(html);
        assertTrue(html.contains("<title>kexec-inspect diagnose: " + AT_RISK + " - at-risk</title>"), html.substring(0, 600));
        String header = d.getElementsByTagName("header").item(0).getTextContent();
        assertTrue(header.contains("at-risk") && header.contains("lfb_base 0 through kexec_load"), header);
        assertTrue(byId(d, "remedies").getTextContent().contains("KDUMP_KEXEC_ARGS=\"-s\""), "the remedy");
        assertEquals(1, byId(d, "mmio").getElementsByTagName("svg").getLength(), "the map");
        Element reasons = byId(d, "reasons");
        NodeList details = reasons.getElementsByTagName("details");
        assertEquals(3, details.getLength(), "kexec_load, kexec_file_load and the MMIO chain");
        for (int i = 0; i < details.getLength(); i++) {
            assertFalse(((Element) details.item(i)).hasAttribute("open"), "the reason chain is collapsed");
        }
        assertTrue(reasons.getTextContent().contains("kexec-tools 2.0.22 is class D"), "a step of the chain");
        String facts = byId(d, "facts").getTextContent();
        assertTrue(facts.contains("hyperv_drmdrmfb"), "fb0's id");
        assertTrue(facts.contains("gen2-local-x86:kexec-inspect/fb0.fix"), "with its source");
        assertTrue(facts.contains("gen2-local-x86:sys/kernel/security/lockdown"), "with its source");

        Cli.Result json = Cli.run("diagnose", "--root", AT_RISK, "--format", "json", "--html", tmp.resolve("j.html").toString());
        assertEquals(Cli.run("diagnose", "--root", AT_RISK, "--format", "json").out(), json.out(), "JSON too");
        assertTrue(Files.isRegularFile(tmp.resolve("j.html")));
    }

    @Test
    void anOkCaptureGetsAnOkPage() throws IOException {
        Path page = tmp.resolve("ok.html");
        Cli.Result r = Cli.run("diagnose", "--root", OK, "--html", page.toString());
        assertEquals(0, r.exit(), r.err());
        Document d = selfContained(read(page));
        assertTrue(d.getElementsByTagName("header").item(0).getTextContent().contains("ok"));
        assertTrue(byId(d, "remedies").getTextContent().contains("Nothing"), "nothing to do");
    }

    @Test
    void diagnoseHtmlIsWrittenAsSynthesizeWritesItsOutput() throws IOException {
        Path page = tmp.resolve("exists.html");
        Files.writeString(page, "mine");
        Path save = tmp.resolve("vm.tar.gz");
        Cli.Result refused = Cli.run("diagnose", "--root", AT_RISK, "--save", save.toString(), "--html", page.toString());
        assertEquals(3, refused.exit());
        assertEquals(1, refused.errLines().length, refused.err());
        assertTrue(refused.err().startsWith("kexec-inspect: " + page + ": cannot write the HTML report: exists: refusing to"
                + " overwrite it without --force"), refused.err());
        assertEquals("", refused.out(), "refused before anything is read or printed");
        assertFalse(Files.exists(save), "nor saved");
        assertEquals("mine", read(page));

        Cli.Result forced = Cli.run("diagnose", "--root", AT_RISK, "--html", page.toString(), "--force");
        assertEquals(1, forced.exit(), forced.err());
        assertTrue(read(page).startsWith("<!DOCTYPE html>"));
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of(page), s.toList(), "no temporary file left behind");
        }

        Path log = tmp.resolve("console.log");
        Files.writeString(log, "[    0.000000] Linux version 6.8.0-52-generic\n");
        Cli.Result input = Cli.run("diagnose", "--root", AT_RISK, "--log", log.toString(), "--html", log.toString(), "--force");
        assertEquals(3, input.exit());
        assertTrue(input.err().contains("is an input of this run: refusing to write over it"), input.err());

        Cli.Result device = Cli.run("diagnose", "--root", AT_RISK, "--html", "/dev/null", "--force");
        assertEquals(3, device.exit());
        assertTrue(device.err().contains("not a regular file"), device.err());

        Cli.Result noDir = Cli.run("diagnose", "--root", AT_RISK, "--html", tmp.resolve("no/such/dir/r.html").toString());
        assertEquals(3, noDir.exit());
        assertTrue(noDir.err().contains("does not exist"), noDir.err());

        Cli.Result same = Cli.run("diagnose", "--root", AT_RISK, "--save", save.toString(), "--html", save.toString());
        assertEquals(2, same.exit(), "a usage error");
        assertTrue(same.err().contains("--html and --save name the same file"), same.err());
    }

    @Test
    void predictHtmlWritesAPagePerCaptureAndAnIndexWithEachVerdict() throws IOException {
        Path bogus = tmp.resolve("not-a-capture.tar.gz");
        Files.writeString(bogus, "no tar here");
        Path dir = tmp.resolve("report");
        String[] caps = {AT_RISK, OK, bogus.toString()};
        Cli.Result plain = Cli.run(concat(new String[] {"predict"}, caps));
        Cli.Result r = Cli.run(concat(new String[] {"predict", "--html", dir.toString()}, caps));
        assertEquals(plain.exit(), r.exit());
        assertEquals(3, r.exit(), "the unreadable capture");
        assertEquals(plain.out(), r.out());
        assertEquals(plain.err(), r.err());
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of("gen1-local-x86.html", "gen2-local-x86.html", "index.html"),
                    s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        Document at = selfContained(read(dir.resolve("gen2-local-x86.html")));
        assertTrue(at.getElementsByTagName("header").item(0).getTextContent().contains("at-risk"));
        assertTrue(read(dir.resolve("gen2-local-x86.html")).contains("<p class=\"command\">kexec-inspect predict</p>"));
        Document index = selfContained(read(dir.resolve("index.html")));
        NodeList rows = index.getElementsByTagName("tr");
        assertEquals(4, rows.getLength(), "a header and one row per capture, in order");
        assertRow(rows.item(1), AT_RISK, "gen2-local-x86.html", "at-risk");
        assertRow(rows.item(2), OK, "gen1-local-x86.html", "ok");
        assertRow(rows.item(3), bogus.toString(), null, "unreadable");
        assertTrue(rows.item(3).getTextContent().contains("not a capture"), rows.item(3).getTextContent());

        // again: the files exist, so nothing is replaced without --force
        Files.writeString(dir.resolve("index.html"), "mine");
        Cli.Result again = Cli.run(concat(new String[] {"predict", "--html", dir.toString()}, caps));
        assertEquals(3, again.exit());
        assertEquals("", again.out(), "refused before any capture is read");
        assertEquals(1, again.errLines().length, again.err());
        assertTrue(again.err().contains("without --force"), again.err());
        assertEquals("mine", read(dir.resolve("index.html")));
        Cli.Result forced = Cli.run(concat(new String[] {"predict", "--threads", "2", "--force", "--html", dir.toString()}, caps));
        assertEquals(3, forced.exit(), forced.err());
        assertTrue(read(dir.resolve("index.html")).contains("gen2-local-x86.html"));
    }

    private static void assertRow(org.w3c.dom.Node row, String capture, String href, String verdict) {
        Element tr = (Element) row;
        NodeList td = tr.getElementsByTagName("td");
        assertEquals(capture, td.item(0).getTextContent());
        NodeList a = tr.getElementsByTagName("a");
        assertEquals(href == null ? 0 : 1, a.getLength());
        if (href != null) {
            assertEquals(href, ((Element) a.item(0)).getAttribute("href"));
        }
        assertEquals(verdict, td.item(1).getTextContent());
    }

    @Test
    void predictHtmlRefusesADirectoryInsideAnInputOrAFile() throws IOException {
        Path cap = tmp.resolve("cap");
        Inputs.copyTree(CAPS.resolve("gen2-local-x86"), cap);
        Cli.Result inside = Cli.run("predict", "--html", cap.resolve("report").toString(), cap.toString());
        assertEquals(3, inside.exit());
        assertTrue(inside.err().contains("is inside the input"), inside.err());
        assertFalse(Files.exists(cap.resolve("report")));

        Path file = tmp.resolve("file");
        Files.writeString(file, "x");
        Cli.Result notDir = Cli.run("predict", "--html", file.toString(), AT_RISK);
        assertEquals(3, notDir.exit());
        assertTrue(notDir.err().contains("not a directory"), notDir.err());

        Cli.Result noParent = Cli.run("predict", "--html", tmp.resolve("a/b").toString(), AT_RISK);
        assertEquals(3, noParent.exit());
        assertTrue(noParent.err().contains("parent directory"), noParent.err());
    }

    @Test
    void predictHtmlOnLooseFiles() throws IOException {
        Path dir = tmp.resolve("loose");
        Cli.Result r = Cli.run("predict", "--html", dir.toString(), "--iomem", CAPS.resolve("gen2-local-x86/proc/iomem").toString(),
                "--arch", "x86_64");
        assertTrue(r.exit() == 0 || r.exit() == 1 || r.exit() == 4, r.err());
        selfContained(read(dir.resolve("loose-files.html")));
        assertTrue(read(dir.resolve("index.html")).contains("href=\"loose-files.html\""));
    }

    /** A capture whose files and name hold markup, quotes and control characters: shown as text, never markup. */
    @Test
    void hostileFactsAndNamesAreEscaped() throws IOException {
        String hostile = "</td></tr></table><script>alert(1)</script><img src=\"http://evil.example/x\">&'\"\u0001\u001b[0m"
                + "\u202eexe.txt";
        Path cap = tmp.resolve("cap<b>&\"'\u0001x");
        Inputs.copyTree(CAPS.resolve("gen2-local-x86"), cap);
        Files.write(cap.resolve("proc/cmdline"), ("BOOT_IMAGE=/vmlinuz root=/dev/nvme0n1p1 crashkernel=384M-:128M x=" + hostile
                + "\n").getBytes(StandardCharsets.UTF_8));
        Path page = tmp.resolve("hostile.html");
        Cli.Result r = Cli.run("diagnose", "--root", cap.toString(), "--html", page.toString());
        assertEquals(1, r.exit(), r.err());
        String html = read(page);
        Document d = selfContained(html);
        assertFalse(html.contains("\u202e"), "a right-to-left override would reorder what follows it");
        assertFalse(html.contains("\u0001") || html.contains("\u001b"), "raw control characters");
        String facts = byId(d, "facts").getTextContent();
        assertTrue(facts.contains("x=</td></tr></table><script>alert(1)</script><img src=\"http://evil.example/x\">&'\""
                + "\u2401\u241b[0m[U+202E]exe.txt"), "the text as read, controls made visible: " + facts);
        assertTrue(d.getElementsByTagName("h1").item(0).getTextContent().endsWith("cap<b>&\"'\u2401x"),
                d.getElementsByTagName("h1").item(0).getTextContent());

        Path dir = tmp.resolve("pages");
        Cli.Result p = Cli.run("predict", "--html", dir.toString(), cap.toString());
        assertEquals(1, p.exit(), p.err());
        assertTrue(Files.isRegularFile(dir.resolve("cap-b-x.html")), "a sanitized file name");
        Document index = selfContained(read(dir.resolve("index.html")));
        assertTrue(index.getElementsByTagName("a").item(0).getTextContent().endsWith("cap<b>&\"'\u2401x"));
    }

    @Test
    void pageNamesAreSanitizedUniqueAndNeverIndex() {
        Map<String, String> n = HtmlReport.pageNames(List.of("caps/vm1.tar.gz", "other/vm1", "x/VM1.tgz", "index",
                "(loose files)", "a/b/gen2 local:x86?.tar.zst", "caps/vm1.tar.gz", "..", "-.hidden", "z/" + "v".repeat(200)));
        assertEquals("vm1.html", n.get("caps/vm1.tar.gz"));
        assertEquals("vm1-2.html", n.get("other/vm1"));
        assertEquals("VM1-3.html", n.get("x/VM1.tgz"), "unique ignoring case");
        assertEquals("index-2.html", n.get("index"));
        assertEquals("loose-files.html", n.get("(loose files)"));
        assertEquals("gen2-local-x86.html", n.get("a/b/gen2 local:x86?.tar.zst"));
        assertEquals("hidden.html", n.get("-.hidden"));
        assertEquals(HtmlReport.MAX_NAME + ".html".length(), n.get("z/" + "v".repeat(200)).length());
        assertEquals(9, n.size(), "the same capture twice shares its page");
        List<String> names = new ArrayList<>(n.values());
        for (String s : names) {
            assertTrue(s.matches("[A-Za-z0-9][A-Za-z0-9._-]*\\.html"), s);
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /** The href values of a page, in order. */
    static final Pattern HREF = Pattern.compile("href=\"([^\"]*)\"");

    static List<String> hrefs(String html) {
        List<String> out = new ArrayList<>();
        Matcher m = HREF.matcher(html);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void theIndexLinksOnlyItsOwnPages() throws IOException {
        Path dir = tmp.resolve("idx");
        Cli.Result r = Cli.run("predict", "--html", dir.toString(), AT_RISK, OK);
        assertEquals(1, r.exit(), r.err());
        assertArrayEquals(new String[] {"gen2-local-x86.html", "gen1-local-x86.html"},
                hrefs(read(dir.resolve("index.html"))).toArray(new String[0]));
    }
}
