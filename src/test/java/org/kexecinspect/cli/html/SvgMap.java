package org.kexecinspect.cli.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import org.kexecinspect.facts.Captures;
import org.kexecinspect.facts.Collector;
import org.kexecinspect.facts.Root;
import org.kexecinspect.facts.SystemCalls;
import org.kexecinspect.facts.SystemFacts;
import org.kexecinspect.model.Assumptions;
import org.kexecinspect.model.Prediction;
import org.kexecinspect.model.Predictor;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Test helpers: a page or an SVG parsed with the JDK's XML parser (pages are well-formed XML by
 * design), its drawn ranges read back with their addresses, and the prediction of a capture.
 */
public final class SvgMap {
    private SvgMap() {}

    /** One rect of the map: its data attributes and its geometry as written. */
    public record Rect(String kind, String band, long start, long end, double x, double y, double width, double height,
            boolean marker, String markerFor, String fill, String title) {}

    /** The document, or a failure naming the parser's complaint (a page must be well-formed XML). */
    public static Document parse(String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            return b.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            return fail("not well-formed XML: " + e.getMessage());
        }
    }

    /** The page's one svg element. */
    public static Element svg(Document page) {
        NodeList l = page.getElementsByTagName("svg");
        assertEquals(1, l.getLength(), "one svg in the page");
        return (Element) l.item(0);
    }

    /** Every rect of the svg that carries data-kind or is a marker (the legend's swatches carry neither). */
    public static List<Rect> rects(Element svg) {
        List<Rect> out = new ArrayList<>();
        NodeList l = svg.getElementsByTagName("rect");
        for (int i = 0; i < l.getLength(); i++) {
            Element r = (Element) l.item(i);
            boolean marker = "marker".equals(r.getAttribute("class"));
            if (!r.hasAttribute("data-kind") && !marker) {
                continue;
            }
            NodeList t = r.getElementsByTagName("title");
            out.add(new Rect(r.getAttribute("data-kind"), r.getAttribute("data-band"),
                    marker ? -1 : hex(r.getAttribute("data-start")), marker ? -1 : hex(r.getAttribute("data-end")),
                    Double.parseDouble(r.getAttribute("x")), Double.parseDouble(r.getAttribute("y")),
                    Double.parseDouble(r.getAttribute("width")), Double.parseDouble(r.getAttribute("height")),
                    marker, r.getAttribute("data-marker-for"), r.getAttribute("fill"),
                    t.getLength() == 0 ? null : t.item(0).getTextContent()));
        }
        return out;
    }

    static long hex(String s) {
        assertNotNull(s);
        if (!s.startsWith("0x")) {
            fail("not 0x hex: '" + s + "'");
        }
        return Long.parseUnsignedLong(s.substring(2), 16);
    }

    /** The one drawn (not marker) rect of a kind, or null. */
    public static Rect one(List<Rect> rects, String kind) {
        Rect found = null;
        for (Rect r : rects) {
            if (!r.marker() && r.kind().equals(kind)) {
                if (found != null) {
                    fail("two rects of kind " + kind);
                }
                found = r;
            }
        }
        return found;
    }

    /** The marker of a kind, or null. */
    public static Rect marker(List<Rect> rects, String kind) {
        for (Rect r : rects) {
            if (r.marker() && r.markerFor().equals(kind)) {
                return r;
            }
        }
        return null;
    }

    /** The prediction for a capture directory or archive, with --assume words. */
    public static Prediction predict(Path capture, String... assume) {
        return predict(facts(capture), assume);
    }

    public static Prediction predict(SystemFacts f, String... assume) {
        return Predictor.predict(f, Assumptions.parse(List.of(assume)));
    }

    public static SystemFacts facts(Path capture) {
        try (Root root = Captures.open(capture, capture.getFileName().toString())) {
            return Collector.collect(root, SystemCalls.recorded(root));
        } catch (Exception e) {
            return fail("cannot read " + capture + ": " + e);
        }
    }

    /**
     * The kdump kernel of the reported Ubuntu 22.04 case (PredictionEndToEndTest): the running 6.8
     * kernel, pci_hyperv built in, hyperv_drm a module, CONFIG_SYSFB=y, without 016a25e4b0df. On
     * gen2-local-x86 the config window lands on the framebuffer (will-fail).
     */
    public static final String[] UBUNTU_KDUMP_KERNEL = {
        "kdumpKernel.release=6.8.0-52-generic", "kdumpKernel.version=6.8.0",
        "kdumpKernel.config.CONFIG_PCI_HYPERV=y", "kdumpKernel.config.CONFIG_DRM_HYPERV=m",
        "kdumpKernel.config.CONFIG_HYPERV=y", "kdumpKernel.config.CONFIG_SYSFB=y",
        "kdumpKernel.config.CONFIG_EFI=y", "kdumpKernel.config.CONFIG_FB_HYPERV=n",
        "modules.pci_hyperv.builtin=true", "kdumpKernel.hasFbReserveFix=false"};

    /** The same as --assume options on a command line. */
    public static List<String> assumeOptions(String... keys) {
        List<String> a = new ArrayList<>();
        for (String k : keys) {
            a.add("--assume");
            a.add(k);
        }
        return a;
    }
}
