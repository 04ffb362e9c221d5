package org.gradflow.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapSeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

class ChartsTest {

    @Test
    void barsHoldOneValuePerCategoryAndSeries() {
        CategoryChart chart = Charts.bars("Gradient size per layer", "layer", "mean |dL/dW|")
                .categories("1", "2", "3")
                .series("sigmoid", 1e-4, 1e-3, 1e-2)
                .series("relu", 0.02, 0.03, 0.04)
                .logY()
                .build();
        assertEquals("Gradient size per layer", chart.getTitle());
        assertEquals("layer", chart.getXAxisTitle());
        assertEquals("mean |dL/dW|", chart.getYAxisTitle());
        assertTrue(chart.getStyler().isYAxisLogarithmic());
        CategorySeries sigmoid = chart.getSeriesMap().get("sigmoid");
        assertEquals(List.of("1", "2", "3"), new ArrayList<>(sigmoid.getXData()));
        assertEquals(List.of(1e-4, 1e-3, 1e-2), new ArrayList<>(sigmoid.getYData()));
        // Log bars start at the decade below the smallest bar, so the smallest bar is visible.
        assertEquals(1e-5, chart.getStyler().getYAxisMin(), 1e-20);
        assertTrue(Charts.toPng(chart).length > 0);
    }

    @Test
    void badBarsFailClearly() {
        BarPlot plot = Charts.bars("Sizes", "layer", "size");
        assertTrue(assertThrows(IllegalStateException.class, () -> plot.series("a", 1, 2)).getMessage()
                .contains("call categories(...) before"));
        plot.categories("1", "2");
        assertEquals("BarPlot \"Sizes\": series \"a\" has 3 values but there are 2 categories [1, 2]",
                assertThrows(IllegalArgumentException.class, () -> plot.series("a", 1, 2, 3)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Charts.bars("S", "x", "y").categories("1", "1"))
                .getMessage().contains("appears twice"));
        plot.series("zero", 0, 1).logY();
        assertTrue(assertThrows(IllegalArgumentException.class, plot::build).getMessage()
                .contains("series \"zero\" has y[0] = 0.0, but a logarithmic y axis needs values > 0"));
    }

    @Test
    void histogramCountsEveryValueInTheBinThatHoldsIt() {
        Random random = new Random(3);
        double[] g = new double[1000];
        for (int i = 0; i < g.length; i++) {
            g[i] = random.nextGaussian() * 0.01;
        }
        HistogramPlot plot = Charts.histogram("Gradients", "dL/dW entry", "count").bins(25).series("layer 1", g);
        double[] edges = plot.edges();
        double[] counts = plot.counts("layer 1");
        assertEquals(edges.length - 1, counts.length);
        // Brute force from the definition: edges[k] <= v < edges[k+1].
        for (int k = 0; k < counts.length; k++) {
            int expected = 0;
            for (double v : g) {
                if (v >= edges[k] && v < edges[k + 1]) {
                    expected++;
                }
            }
            assertEquals(expected, counts[k], 0, "bin " + k);
        }
        assertEquals(g.length, java.util.Arrays.stream(counts).sum(), 0);
        // Round bin width: some 1, 2, 2.5 or 5 times a power of ten, near the requested 25 bins.
        double width = edges[1] - edges[0];
        double mantissa = width / Math.pow(10, Math.floor(Math.log10(width)));
        assertTrue(List.of(1.0, 2.0, 2.5, 5.0).stream().anyMatch(m -> Math.abs(m - mantissa) < 1e-9), "width " + width);
        assertTrue(counts.length >= 12 && counts.length <= 60, counts.length + " bins");
        assertTrue(edges[0] <= -0.02 && edges[edges.length - 1] >= 0.02);
    }

    @Test
    void histogramChartOutlinesTheCountsOnSharedBins() {
        HistogramPlot plot = Charts.histogram("Values", "value", "count").range(0, 4).bins(4)
                .series("a", 0.5, 1.5, 1.6, 3.9, 4.0)
                .series("b", 2.5);
        assertArrayEquals(new double[] {0, 1, 2, 3, 4}, plot.edges());
        assertArrayEquals(new double[] {1, 2, 0, 2}, plot.counts("a"), "4.0 falls in the last bin");
        XYChart chart = plot.build();
        XYSeries a = chart.getSeriesMap().get("a");
        assertArrayEquals(new double[] {0, 0, 1, 1, 2, 2, 3, 3, 4, 4}, a.getXData());
        assertArrayEquals(new double[] {0, 1, 1, 2, 2, 0, 0, 2, 2, 0}, a.getYData());
        assertEquals(List.of("a", "b"), LinePlotTest.visibleSeries(chart));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> plot.counts("c")).getMessage()
                .contains("no series named \"c\""));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> plot.series("nan", Double.NaN))
                .getMessage().contains("value[0] = NaN"));
    }

    @Test
    void confusionHeatMapPutsTrueClassesDownAndPredictedAcross() {
        int[][] counts = {{5, 1}, {2, 7}};
        HeatMapChart chart = Charts.confusion(counts, List.of("cat", "dog"));
        assertEquals("predicted class", chart.getXAxisTitle());
        assertEquals("true class", chart.getYAxisTitle());
        HeatMapSeries s = chart.getHeatMapSeries();
        assertEquals(List.of("cat", "dog"), s.getXData());
        assertEquals(List.of("dog", "cat"), s.getYData(), "XChart draws y index 0 at the bottom");
        // Cell {x, y, value}: true "cat" (row 0) predicted "dog" (column 1) = 1 sits at x = 1, y = 1 (top).
        boolean found = false;
        for (Number[] cell : s.getHeatData()) {
            int x = cell[0].intValue();
            int y = cell[1].intValue();
            int trueClass = 1 - y;
            assertEquals(counts[trueClass][x], cell[2].doubleValue(), 0);
            found |= x == 1 && y == 1 && cell[2].doubleValue() == 1;
        }
        assertTrue(found);
        assertTrue(chart.getStyler().isShowValue());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Charts.confusion(counts, List.of("a")))
                .getMessage().contains("2 rows of counts for 1 labels"));
    }

    @Test
    void heatMapChecksItsMatrix() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Charts.heatMap("W", "in", "out").values(new double[][] {{1, 2}, {3}})).getMessage()
                .contains("row 1 has 1 values but row 0 has 2"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Charts.heatMap("W", "in", "out").values(new double[][] {{1, 2}}).rowLabels(List.of("a", "b"))
                        .build()).getMessage().contains("2 row labels [a, b] for 1 rows"));
    }

    @Test
    void pngIsAChartSizedImageAndSvgIsMarkup() throws Exception {
        XYChart chart = Charts.lines("Loss", "epoch", "loss").series("a", new double[] {1, 2}, new double[] {2, 1})
                .build();
        byte[] png = Charts.toPng(chart);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(640, image.getWidth());
        assertEquals(400, image.getHeight());
        assertEquals(Color.WHITE.getRGB(), image.getRGB(2, 2), "white background");
        Svg svg = Charts.toSvg(chart);
        assertTrue(svg.markup().contains("<svg"));
        assertEquals("Loss", svg.title());
    }

    @Test
    void paletteIsOkabeItoThenViridis() {
        assertEquals(new Color(0x0072B2), Palette.series(0));
        assertEquals(Palette.series(0), Palette.series(8), "cycles after eight");
        assertEquals(new Color(0x440154), Palette.viridis(0.0));
        assertEquals(new Color(0xFDE725), Palette.viridis(1.0));
        assertEquals(3, Palette.viridis(3).length);
        assertEquals(128, Palette.withAlpha(Color.RED, 0.5).getAlpha());
        assertThrows(IllegalArgumentException.class, () -> Palette.viridis(1.5));
    }
}
