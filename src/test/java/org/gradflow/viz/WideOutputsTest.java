package org.gradflow.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.gradflow.graph.Value;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Pictures and charts fit the output area: they scale, and titles, legends and axis labels stay whole. */
class WideOutputsTest {

    private static final String SVG_NS = "http://www.w3.org/2000/svg";

    private static Document parse(Svg svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.markup().getBytes(StandardCharsets.UTF_8)));
    }

    /** Lesson 1's 2-2-1 network: wide enough to overflow a 978 px output area at its natural size. */
    private static Value network() {
        Value x1 = Value.of(1, "x1");
        Value x2 = Value.of(-0.5, "x2");
        Value w11 = Value.of(0.3, "w11");
        Value w12 = Value.of(-0.8, "w12");
        Value w21 = Value.of(0.6, "w21");
        Value w22 = Value.of(0.1, "w22");
        Value z1 = w11.times(x1).plus(w12.times(x2)).plus(Value.of(0.2, "b1")).sigmoid().label("z1");
        Value z2 = w21.times(x1).plus(w22.times(x2)).plus(Value.of(-0.1, "b2")).sigmoid().label("z2");
        Value y = Value.of(0.7, "v1").times(z1).plus(Value.of(-1.1, "v2").times(z2)).plus(Value.of(0.05, "c")).label("y");
        return y.minus(Value.of(1, "t")).pow(2).times(0.5).label("L");
    }

    @Test
    void aGraphPictureShrinksToTheOutputWidthKeepingItsProportions() throws Exception {
        Element svg = parse(GraphPicture.of(network())).getDocumentElement();
        double width = Double.parseDouble(svg.getAttribute("width"));
        assertTrue(width > 978, "this picture is wider than a notebook's output area: " + width);
        String[] viewBox = svg.getAttribute("viewBox").split(" ");
        assertEquals(width, Double.parseDouble(viewBox[2]), 1e-9, "the drawing is scaled as a whole");
        assertEquals(Double.parseDouble(svg.getAttribute("height")), Double.parseDouble(viewBox[3]), 1e-9);
        String style = svg.getAttribute("style").replace(" ", "");
        assertTrue(style.contains("max-width:100%") && style.contains("height:auto"), style);
    }

    @Test
    void aLongTitleWrapsInsideThePictureAndKeepsEveryWord() throws Exception {
        String title = "Rule 3: * gives each input dL/dz times the other input, which is why the product swaps"
                + " the gradients of its two operands";
        Value x = Value.of(2, "x");
        Value z = x.times(Value.of(-0.5, "y")).label("z");
        Document doc = parse(GraphPicture.of(z, title));
        double width = Double.parseDouble(doc.getDocumentElement().getAttribute("width"));
        List<String> lines = new ArrayList<>();
        NodeList texts = doc.getElementsByTagNameNS(SVG_NS, "text");
        for (int i = 0; i < texts.getLength(); i++) {
            Element t = (Element) texts.item(i);
            if (t.getAttribute("font-size").equals("14")) {
                lines.add(t.getTextContent());
                // A bold 14 px monospace glyph is 0.6 em = 8.4 px wide; the line must end before the right edge.
                double right = Double.parseDouble(t.getAttribute("x")) + t.getTextContent().length() * 0.6 * 14;
                assertTrue(right <= width, "title line runs off the picture: " + t.getTextContent());
            }
        }
        assertTrue(lines.size() >= 2, "wrapped: " + lines);
        assertEquals(title, String.join(" ", lines));
        // The boxes stand below the last title line.
        double lastTitle = 0;
        double firstBox = Double.MAX_VALUE;
        for (int i = 0; i < texts.getLength(); i++) {
            Element t = (Element) texts.item(i);
            if (t.getAttribute("font-size").equals("14")) {
                lastTitle = Math.max(lastTitle, Double.parseDouble(t.getAttribute("y")));
            }
        }
        NodeList rects = doc.getElementsByTagNameNS(SVG_NS, "rect");
        for (int i = 1; i < rects.getLength(); i++) {
            firstBox = Math.min(firstBox, Double.parseDouble(((Element) rects.item(i)).getAttribute("y")));
        }
        assertTrue(firstBox > lastTitle, "title at " + lastTitle + ", first box at " + firstBox);
    }

    @Test
    void wrappingKeepsIndentationAndCutsOnlyWordsLongerThanALine() {
        assertEquals(List.of("  ab cd", "  efg"), GraphPicture.wrap("  ab cd efg", 10));
        assertEquals(List.of("abcdefgh", "ij"), GraphPicture.wrap("abcdefghij", 8));
        assertEquals(List.of(""), GraphPicture.wrap("", 20));
    }

    /** Lesson 1's chain-of-sigmoids chart: four series, two with long names. */
    private static XYChart longNames() {
        double[] n = IntStream.rangeClosed(1, 20).asDoubleStream().toArray();
        return Charts.lines("Gradient through a chain of sigmoids", "number of sigmoids n", "dz_n/dx (log scale)")
                .series("x = 0, w = 1", n, DoubleStream.of(n).map(k -> Math.pow(0.25, k)).toArray()).markers()
                .series("x = 6 (saturated), w = 1", n, DoubleStream.of(n).map(k -> 0.002 * Math.pow(0.2, k)).toArray())
                .series("x = 0, w = 4", n, DoubleStream.of(n).map(k -> Math.pow(0.08, k)).toArray())
                .series("bound (1/4)^n for w = 1", n, DoubleStream.of(n).map(k -> Math.pow(0.25, k)).toArray()).dashed()
                .logY().build();
    }

    @Test
    void aLegendOfSeveralLongNamesGoesBelowThePlotOneEntryPerLineAndIsDrawnWhole() throws Exception {
        XYChart chart = longNames();
        assertEquals(Styler.LegendPosition.OutsideS, chart.getStyler().getLegendPosition());
        assertEquals(Styler.LegendLayout.Vertical, chart.getStyler().getLegendLayout());
        // Drawn: the legend's box (its border colour) has both side edges inside the image.
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(Charts.toPng(chart)));
        int border = chart.getStyler().getLegendBorderColor().getRGB();
        List<Integer> edges = new ArrayList<>();
        for (int x = 0; x < image.getWidth(); x++) {
            int run = 0;
            for (int y = image.getHeight() / 2; y < image.getHeight(); y++) {
                run = image.getRGB(x, y) == border ? run + 1 : 0;
                if (run >= 40) {
                    edges.add(x);
                    break;
                }
            }
        }
        assertTrue(edges.size() >= 2, "left and right edges of the legend box: " + edges);
        assertTrue(edges.get(0) > 0 && edges.get(edges.size() - 1) < image.getWidth() - 1, edges.toString());
    }

    @Test
    void aLegendRowThatFitsStaysOneRow() {
        double[] x = {1, 2, 3};
        XYChart chart = Charts.lines("t", "x", "y")
                .series("training loss, full batch", x, x)
                .series("validation", x, x).build();
        assertEquals(Styler.LegendPosition.OutsideS, chart.getStyler().getLegendPosition());
        assertEquals(Styler.LegendLayout.Horizontal, chart.getStyler().getLegendLayout());
        XYChart shortNames = Charts.lines("t", "x", "y").series("a", x, x).series("b", x, x).build();
        assertEquals(Styler.LegendPosition.OutsideE, shortNames.getStyler().getLegendPosition());
    }

    @Test
    void aLogAxisOverLessThanTwoPowersOfTenLabelsEveryTick() {
        assertEquals(1, Style.powersOfTenWithin(0.05, 0.7));
        assertEquals(0, Style.powersOfTenWithin(0.2, 0.7));
        assertEquals(2, Style.powersOfTenWithin(0.1, 1));
        assertEquals(7, Style.powersOfTenWithin(1e-6, 2));
        double[] x = IntStream.range(0, 30).asDoubleStream().toArray();
        XYChart narrow = Charts.lines("loss", "step", "loss")
                .series("loss", x, DoubleStream.of(x).map(k -> 0.05 + 0.65 * Math.exp(-k / 6)).toArray()).logY().build();
        assertFalse(narrow.getStyler().isYAxisLogarithmicDecadeOnly(), "0.05 to 0.7: label 0.05, 0.06, ..., 0.7");
        XYChart wide = Charts.lines("loss", "step", "loss")
                .series("loss", x, DoubleStream.of(x).map(k -> Math.exp(-k)).toArray()).logY().build();
        assertTrue(wide.getStyler().isYAxisLogarithmicDecadeOnly(), "many decades: label the powers of ten");
        XYChart narrowX = Charts.lines("f", "h", "f").series("f", new double[] {0.2, 0.5}, new double[] {1, 2})
                .logX().build();
        assertFalse(narrowX.getStyler().isXAxisLogarithmicDecadeOnly());
        assertFalse(Charts.bars("b", "layer", "norm").categories("1", "2").series("g", 0.3, 0.6).logY()
                .build().getStyler().isYAxisLogarithmicDecadeOnly(), "bars from 0.1 to 0.6");
    }

    @Test
    void theLegendCountsTheSeriesAReaderSeesNotTheHiddenTickHelper() {
        double[] x = {1, 2, 3};
        LinePlot plot = Charts.lines("six", "x", "y");
        for (int i = 0; i < 6; i++) {
            plot.series("s" + i, x, x);
        }
        XYChart chart = plot.build();
        assertEquals(7, chart.getSeriesMap().size(), "XChart holds the hidden helper as well");
        assertEquals(List.of("s0", "s1", "s2", "s3", "s4", "s5"), Charts.legendEntries(chart));
    }

    @Test
    void aChartAsSvgShrinksToTheOutputWidthToo() {
        XYChart wide = Charts.lines("wide", "x", "y").size(1600, 500)
                .series("s", new double[] {0, 1}, new double[] {0, 1}).build();
        String markup = Charts.toSvg(wide).markup();
        String root = markup.substring(markup.indexOf("<svg "), markup.indexOf('>', markup.indexOf("<svg ")));
        assertTrue(root.contains("viewBox=\"0 0 1600 500\"") && root.contains("style=\"max-width:100%;height:auto\""), root);
    }
}
