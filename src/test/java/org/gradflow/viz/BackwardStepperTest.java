package org.gradflow.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.gradflow.graph.Value;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** One picture per step of the backward pass, and all of them in one self-contained HTML animation. */
class BackwardStepperTest {

    private static final String SVG_NS = "http://www.w3.org/2000/svg";

    /** L = m + x, m = x * y with x = 2, y = 3; by hand dL/dx = y + 1 = 4, dL/dy = x = 2. */
    private static BackwardStepper twoConsumers() {
        Value x = Value.of(2, "x");
        Value y = Value.of(3, "y");
        return BackwardStepper.of(x.times(y).label("m").plus(x).label("L"));
    }

    private static Document parse(Svg svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.markup().getBytes(StandardCharsets.UTF_8)));
    }

    /** Per node id: the grad line in its box, and whether its box is highlighted. */
    private static Map<String, String> gradLines(Document doc, Set<String> highlighted) {
        Map<String, String> grads = new HashMap<>();
        NodeList groups = doc.getElementsByTagNameNS(SVG_NS, "g");
        for (int i = 0; i < groups.getLength(); i++) {
            Element g = (Element) groups.item(i);
            NodeList texts = g.getElementsByTagNameNS(SVG_NS, "text");
            grads.put(g.getAttribute("id"), texts.item(texts.getLength() - 1).getTextContent());
            Element rect = (Element) g.getElementsByTagNameNS(SVG_NS, "rect").item(0);
            if (rect.getAttribute("stroke").equals(GraphPicture.CURRENT_COLOUR)) {
                highlighted.add(g.getAttribute("id"));
            }
        }
        return grads;
    }

    private static String allText(Document doc) {
        return doc.getDocumentElement().getTextContent();
    }

    @Test
    void eachFrameHighlightsItsNodeShowsTheGradientsSoFarAndWritesTheRule() throws Exception {
        BackwardStepper stepper = twoConsumers();
        List<Svg> frames = stepper.frames();
        assertEquals(4, frames.size(), "seed, step at L, step at m, done");
        // Node ids in topological order: n0 x, n1 y, n2 m, n3 L.
        String[][] expectedGrads = {
            {"0", "0", "0", "1"},
            {"1", "0", "1", "1"},
            {"4", "2", "1", "1"},
            {"4", "2", "1", "1"},
        };
        String[] expectedHighlight = {null, "n3", "n2", null};
        for (int k = 0; k < frames.size(); k++) {
            Document doc = parse(frames.get(k));
            Set<String> highlighted = new HashSet<>();
            Map<String, String> grads = gradLines(doc, highlighted);
            for (int i = 0; i < 4; i++) {
                assertEquals("grad  " + expectedGrads[k][i], grads.get("n" + i), "frame " + k + ", node n" + i);
            }
            assertEquals(expectedHighlight[k] == null ? Set.of() : Set.of(expectedHighlight[k]), highlighted, "frame " + k);
        }
        assertTrue(allText(parse(frames.get(0))).contains("L.grad = dL/dL = 1"));
        String step1 = allText(parse(frames.get(1)));
        assertTrue(step1.contains("L = m + x") && step1.contains("m.grad += L.grad = 1")
                && step1.contains("x.grad += L.grad = 1"), step1);
        String step2 = allText(parse(frames.get(2)));
        assertTrue(step2.contains("x.grad += y * m.grad = 3 * 1 = 3, now x.grad = 1 + 3 = 4"), step2);
        assertTrue(step2.contains("y.grad += x * m.grad = 2 * 1 = 2"), step2);
    }

    @Test
    void theArrowsIntoTheCurrentNodeCarryTheGradientColourAndEachFrameHasItsOwnArrowHead() throws Exception {
        BackwardStepper stepper = twoConsumers();
        Set<String> markerIds = new HashSet<>();
        for (int k = 0; k < stepper.frames().size(); k++) {
            Document doc = parse(stepper.frames().get(k));
            String marker = ((Element) doc.getElementsByTagNameNS(SVG_NS, "marker").item(0)).getAttribute("id");
            markerIds.add(marker);
            int red = 0;
            NodeList paths = doc.getElementsByTagNameNS(SVG_NS, "path");
            for (int i = 0; i < paths.getLength(); i++) {
                Element p = (Element) paths.item(i);
                if (p.hasAttribute("marker-end")) {
                    assertEquals("url(#" + marker + ")", p.getAttribute("marker-end"));
                    red += p.getAttribute("stroke").equals(GraphPicture.GRAD_COLOUR) ? 1 : 0;
                }
            }
            assertEquals(k == 1 || k == 2 ? 2 : 0, red, "frame " + k + ": the two operands of the current node");
        }
        assertEquals(stepper.frames().size(), markerIds.size(), "hidden frames must not own the shared arrow head");
    }

    @Test
    void boxesKeepTheirPlaceAndSizeFromFrameToFrame() throws Exception {
        BackwardStepper stepper = twoConsumers();
        List<String> first = rects(parse(stepper.frames().get(0)));
        for (Svg frame : stepper.frames()) {
            assertEquals(first, rects(parse(frame)));
        }
    }

    private static List<String> rects(Document doc) {
        List<String> boxes = new ArrayList<>();
        NodeList groups = doc.getElementsByTagNameNS(SVG_NS, "g");
        for (int i = 0; i < groups.getLength(); i++) {
            Element r = (Element) ((Element) groups.item(i)).getElementsByTagNameNS(SVG_NS, "rect").item(0);
            boxes.add(r.getAttribute("x") + "," + r.getAttribute("y") + "," + r.getAttribute("width"));
        }
        return boxes;
    }

    @Test
    void makingAStepperChangesNoGradient() {
        Value x = Value.of(2, "x");
        Value L = x.times(x).label("L");
        BackwardStepper.of(L);
        assertEquals(0, x.grad());
        assertEquals(0, L.grad());
    }

    @Test
    void theHtmlHoldsEveryFrameInlineWithControlsAndNoExternalAddress() {
        BackwardStepper stepper = twoConsumers();
        String html = stepper.toHtml(700);
        for (Svg frame : stepper.frames()) {
            String inline = frame.markup().replaceFirst(" xmlns=\"http://www.w3.org/2000/svg\"", "");
            assertTrue(html.contains(inline), "frame missing: " + frame.title());
        }
        assertEquals(stepper.frames().size(), count(html, "<svg"));
        assertFalse(Pattern.compile("(?i)https?:|//[a-z]|\\bsrc\\s*=|\\bhref\\s*=|<link|@import|url\\((?!#)")
                .matcher(html).find(), "no address outside the page");
        for (String control : List.of("gf-prev", "gf-next", "gf-play")) {
            assertTrue(html.contains("class=\"" + control + "\""), control);
        }
        assertTrue(html.contains("}, 700);"), "the pace asked for");
        assertEquals(1, count(html, "<script>"));
    }

    @Test
    void withoutScriptsTheFramesStandAsAStripAndTheButtonsStayHidden() {
        String html = twoConsumers().toHtml();
        Matcher frames = Pattern.compile("<div class=\"gf-frame\"[^>]*>").matcher(html);
        int n = 0;
        while (frames.find()) {
            assertFalse(frames.group().contains("display"), "frames are visible until a script hides them");
            n++;
        }
        assertEquals(4, n);
        assertTrue(html.contains("<div class=\"gf-controls\" style=\"display:none"), "buttons need the script");
        assertTrue(html.contains("class=\"gf-note\"") && html.contains("4 frames, one under another"));
    }

    @Test
    void eachHtmlBlockHasItsOwnIdAndItsScriptFindsItsOwnBlock() {
        BackwardStepper stepper = twoConsumers();
        Pattern id = Pattern.compile("<div class=\"gf-stepper\" id=\"([^\"]+)\"");
        Matcher first = id.matcher(stepper.toHtml());
        Matcher second = id.matcher(stepper.toHtml());
        assertTrue(first.find() && second.find());
        assertFalse(first.group(1).equals(second.group(1)), "one stepper shown twice on one page");
        String html = stepper.toHtml();
        Matcher own = id.matcher(html);
        assertTrue(own.find());
        assertTrue(html.contains("closest('.gf-stepper')") && html.contains("getElementById('" + own.group(1) + "')"), html);
    }

    @Test
    void badArgumentsFailClearly() {
        assertThrows(NullPointerException.class, () -> BackwardStepper.of(null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> twoConsumers().toHtml(0));
        assertTrue(e.getMessage().contains("0 ms per frame"), e.getMessage());
    }

    @Test
    void anInputAloneIsTheSeedAndTheEnd() {
        BackwardStepper stepper = BackwardStepper.of(Value.of(3, "x"));
        assertEquals(0, stepper.walk().steps().size());
        assertEquals(2, stepper.frames().size());
    }

    private static int count(String s, String part) {
        return s.split(Pattern.quote(part), -1).length - 1;
    }
}
