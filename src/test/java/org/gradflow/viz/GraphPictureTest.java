package org.gradflow.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.gradflow.graph.Graph;
import org.gradflow.graph.Value;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The graph picture is a valid SVG document showing every node's name, value and gradient. */
class GraphPictureTest {

    private static Document parse(Svg svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.markup().getBytes(StandardCharsets.UTF_8)));
    }

    /** L = (relu(w1 x + b1) * w2 + x)^2, with x used twice: a graph with several paths. */
    private static Value smallNetwork() {
        Value x = Value.of(1.5, "x");
        Value w1 = Value.of(-0.4, "w1");
        Value b1 = Value.of(0.9, "b1");
        Value w2 = Value.of(2, "w2");
        Value h = w1.times(x).plus(b1).relu().label("h");
        Value L = h.times(w2).plus(x).pow(2).label("L");
        L.backward();
        return L;
    }

    /** The text content of each node group, by its id attribute. */
    private static Map<String, String> nodeTexts(Document doc) {
        Map<String, String> texts = new HashMap<>();
        NodeList groups = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "g");
        for (int i = 0; i < groups.getLength(); i++) {
            Element g = (Element) groups.item(i);
            texts.put(g.getAttribute("id"), g.getTextContent());
        }
        return texts;
    }

    @Test
    void isAValidSvgDocumentWithEveryNodesValueAndGrad() throws Exception {
        Value L = smallNetwork();
        Svg svg = GraphPicture.of(L);
        Document doc = parse(svg);
        assertEquals("svg", doc.getDocumentElement().getLocalName());
        assertEquals("http://www.w3.org/2000/svg", doc.getDocumentElement().getNamespaceURI());
        assertEquals("computation graph of L", svg.title());

        Graph graph = Graph.of(L);
        Map<String, String> texts = nodeTexts(doc);
        assertEquals(graph.size(), texts.size(), "one box per node");
        for (Value v : graph.nodes()) {
            String text = texts.get(graph.id(v));
            assertTrue(text.contains(graph.name(v)), text);
            assertTrue(text.contains(v.op()), text);
            assertTrue(text.contains("value " + Graph.format(v.value())), text);
            assertTrue(text.contains("grad  " + Graph.format(v.grad())), text);
        }
    }

    @Test
    void valuesAndGradientsHaveTheirOwnColoursAndThereIsALegend() throws Exception {
        Document doc = parse(GraphPicture.of(smallNetwork()));
        NodeList texts = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "text");
        int valueTexts = 0;
        int gradTexts = 0;
        List<String> all = new ArrayList<>();
        for (int i = 0; i < texts.getLength(); i++) {
            Element t = (Element) texts.item(i);
            all.add(t.getTextContent());
            if (t.getTextContent().startsWith("value")) {
                assertEquals(GraphPicture.VALUE_COLOUR, t.getAttribute("fill"));
                valueTexts++;
            }
            if (t.getTextContent().startsWith("grad")) {
                assertEquals(GraphPicture.GRAD_COLOUR, t.getAttribute("fill"));
                gradTexts++;
            }
        }
        int nodes = Graph.of(smallNetwork()).size();
        assertEquals(nodes + 1, valueTexts, "one per node, one in the legend");
        assertEquals(nodes + 1, gradTexts, "one per node, one in the legend");
        assertTrue(all.stream().anyMatch(s -> s.contains("forward")), "legend explains the value colour");
        assertTrue(all.stream().anyMatch(s -> s.contains("backward")), "legend explains the grad colour");
    }

    @Test
    void oneArrowPerOperandAndInputsLeftOfTheirOperations() throws Exception {
        Value L = smallNetwork();
        Document doc = parse(GraphPicture.of(L));
        Graph graph = Graph.of(L);
        int operands = graph.nodes().stream().mapToInt(v -> v.inputs().size()).sum();
        int arrows = 0;
        NodeList paths = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "path");
        for (int i = 0; i < paths.getLength(); i++) {
            if (((Element) paths.item(i)).getAttribute("marker-end").equals("url(#arrow)")) {
                arrows++;
            }
        }
        assertEquals(operands, arrows);

        Map<String, Double> left = new HashMap<>();
        NodeList groups = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "g");
        for (int i = 0; i < groups.getLength(); i++) {
            Element g = (Element) groups.item(i);
            Element rect = (Element) g.getElementsByTagNameNS("http://www.w3.org/2000/svg", "rect").item(0);
            left.put(g.getAttribute("id"), Double.parseDouble(rect.getAttribute("x")));
        }
        for (Value v : graph.nodes()) {
            for (Value in : v.inputs()) {
                assertTrue(left.get(graph.id(in)) < left.get(graph.id(v)), graph.name(in) + " left of " + graph.name(v));
            }
        }
    }

    @Test
    void arrowsThatSkipColumnsPassBetweenBoxesNotBehindThem() throws Exception {
        // x feeds the first and the last operation, so its arrow to the last one crosses four columns.
        Value L = smallNetwork();
        Document doc = parse(GraphPicture.of(L));
        List<double[]> boxes = new ArrayList<>();
        NodeList rects = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "rect");
        for (int i = 0; i < rects.getLength(); i++) {
            Element r = (Element) rects.item(i);
            if (r.getParentNode().getNodeName().equals("g")) {
                double x = Double.parseDouble(r.getAttribute("x"));
                double y = Double.parseDouble(r.getAttribute("y"));
                boxes.add(new double[] {x, y, x + Double.parseDouble(r.getAttribute("width")),
                        y + Double.parseDouble(r.getAttribute("height"))});
            }
        }
        int crossings = 0;
        NodeList paths = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "path");
        for (int i = 0; i < paths.getLength(); i++) {
            Element path = (Element) paths.item(i);
            if (!path.getAttribute("marker-end").equals("url(#arrow)")) {
                continue;
            }
            String d = path.getAttribute("d");
            // Straight pieces "L x,y" run across a column at the height of the point before them.
            String[] pieces = d.split(" ");
            for (int p = 1; p < pieces.length; p++) {
                if (pieces[p].startsWith("L")) {
                    crossings++;
                    String[] end = pieces[p].substring(1).split(",");
                    String[] start = pieces[p - 1].split(",");
                    double x1 = Double.parseDouble(start[0]);
                    double x2 = Double.parseDouble(end[0]);
                    double y = Double.parseDouble(end[1]);
                    assertEquals(Double.parseDouble(start[1]), y, 1e-9, "a straight piece is horizontal: " + d);
                    for (double[] b : boxes) {
                        boolean overlapsInX = x1 < b[2] && x2 > b[0];
                        assertTrue(!overlapsInX || y < b[1] || y > b[3], "arrow " + d + " runs behind a box");
                    }
                }
            }
        }
        assertEquals(4, crossings, "the x -> last operation arrow crosses 4 columns");
    }

    @Test
    void labelsAreEscaped() throws Exception {
        String nasty = "a<b & \"c\" 'd' >e\u0001";
        Value x = Value.of(2, nasty);
        Value y = x.times(x).label("</text><script>");
        y.backward();
        Svg svg = GraphPicture.of(y, "title with <angle> & ampersand");
        Document doc = parse(svg);
        Map<String, String> texts = nodeTexts(doc);
        assertTrue(texts.get("n0").contains("a<b & \"c\" 'd' >e\uFFFD"), texts.get("n0"));
        assertTrue(texts.get("n1").contains("</text><script>"), texts.get("n1"));
        assertEquals("title with <angle> & ampersand",
                doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "title").item(0).getTextContent());
        assertEquals(0, doc.getElementsByTagName("script").getLength());
    }

    @Test
    void aSingleInputIsAPictureToo() throws Exception {
        Value x = Value.of(3, "x");
        Document doc = parse(GraphPicture.of(x));
        assertTrue(nodeTexts(doc).get("n0").contains("value 3"));
    }

    @Test
    void hugeGraphsAreRefusedWithAClearMessage() {
        Value v = Value.of(1, "x");
        for (int i = 0; i < GraphPicture.MAX_NODES; i++) {
            v = v.plus(1);
        }
        Value big = v;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GraphPicture.of(big));
        assertTrue(e.getMessage().contains("GraphPicture.of") && e.getMessage().contains(
                String.valueOf(GraphPicture.MAX_NODES + 1)), e.getMessage());
    }
}
