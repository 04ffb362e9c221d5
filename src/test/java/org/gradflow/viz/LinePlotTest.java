package org.gradflow.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

class LinePlotTest {

    private static final double[] EPOCHS = {1, 2, 3, 4};
    private static final double[] LOSS = {2.3, 1.1, 0.6, 0.4};

    /** The series a reader sees (the tick helper is hidden and disabled). */
    static List<String> visibleSeries(XYChart chart) {
        return chart.getSeriesMap().values().stream().filter(s -> s.isEnabled() && s.isShowInLegend())
                .map(XYSeries::getName).toList();
    }

    @Test
    void chartCarriesTitleAxisLabelsLegendAndTheDataGiven() {
        XYChart chart = Charts.lines("Loss per epoch", "epoch", "loss (nats)")
                .series("batch 32", EPOCHS, LOSS)
                .series("full batch", List.of(1, 2, 3, 4), List.of(2.3, 1.5, 1.0, 0.8))
                .build();
        assertEquals("Loss per epoch", chart.getTitle());
        assertEquals("epoch", chart.getXAxisTitle());
        assertEquals("loss (nats)", chart.getYAxisTitle());
        assertTrue(chart.getStyler().isLegendVisible());
        assertEquals(Styler.LegendPosition.OutsideE, chart.getStyler().getLegendPosition());
        assertEquals(List.of("batch 32", "full batch"), visibleSeries(chart));
        XYSeries s = chart.getSeriesMap().get("batch 32");
        assertArrayEquals(EPOCHS, s.getXData());
        assertArrayEquals(LOSS, s.getYData());
        assertArrayEquals(new double[] {2.3, 1.5, 1.0, 0.8}, chart.getSeriesMap().get("full batch").getYData());
        assertEquals(640, chart.getWidth());
        assertEquals(400, chart.getHeight());
        assertFalse(chart.getStyler().isYAxisLogarithmic());
    }

    @Test
    void seriesGetDistinctColourBlindSafeColours() {
        XYChart chart = Charts.lines("t", "x (m)", "y (m)")
                .series("a", EPOCHS, LOSS).series("b", EPOCHS, LOSS).series("c", EPOCHS, LOSS).build();
        assertEquals(Palette.series(0), chart.getSeriesMap().get("a").getLineColor());
        assertEquals(Palette.series(1), chart.getSeriesMap().get("b").getLineColor());
        assertEquals(Palette.series(2), chart.getSeriesMap().get("c").getLineColor());
    }

    @Test
    void arraysAreCopiedSoLaterChangesDoNotLeakIn() {
        double[] y = LOSS.clone();
        LinePlot plot = Charts.lines("t", "epoch", "loss").series("a", EPOCHS, y);
        y[0] = 99;
        assertEquals(2.3, plot.build().getSeriesMap().get("a").getYData()[0]);
    }

    @Test
    void logAxesAndRestylingApplyToTheRightSeries() {
        XYChart chart = Charts.lines("Error vs step", "step h", "absolute error")
                .series("forward", new double[] {1e-1, 1e-2, 1e-3}, new double[] {1e-2, 1e-3, 1e-4}).markers()
                .series("central", new double[] {1e-1, 1e-2, 1e-3}, new double[] {1e-3, 1e-5, 1e-7}).dashed()
                .logLog()
                .build();
        assertTrue(chart.getStyler().isXAxisLogarithmic());
        assertTrue(chart.getStyler().isYAxisLogarithmic());
        XYSeries forward = chart.getSeriesMap().get("forward");
        XYSeries central = chart.getSeriesMap().get("central");
        assertSame(Style.MARKERS[0], forward.getMarker());
        assertSame(SeriesMarkers.NONE, central.getMarker());
        assertSame(Style.SOLID, forward.getLineStyle());
        assertSame(Style.DASHED, central.getLineStyle());
    }

    @Test
    void functionIsSampledEvenlyOverItsInterval() {
        XYChart chart = Charts.lines("Sigmoid", "a", "sigma(a)")
                .function("sigma", a -> 1 / (1 + Math.exp(-a)), -6, 6).build();
        XYSeries s = chart.getSeriesMap().get("sigma");
        double[] x = s.getXData();
        double[] y = s.getYData();
        assertEquals(LinePlot.FUNCTION_SAMPLES, x.length);
        assertEquals(-6, x[0]);
        assertEquals(6, x[x.length - 1], 1e-12);
        for (int i = 0; i < x.length; i++) {
            assertEquals(-6 + 12.0 * i / (x.length - 1), x[i], 1e-12);
            assertEquals(1 / (1 + Math.exp(-x[i])), y[i], 1e-15);
        }
    }

    @Test
    void scatterDrawsPointsWithoutLine() {
        XYChart chart = Charts.lines("Cost of checking", "parameters P", "time (ms)")
                .scatter("measured", new double[] {10, 100}, new double[] {1, 12}).build();
        XYSeries s = chart.getSeriesMap().get("measured");
        assertEquals(XYSeries.XYSeriesRenderStyle.Scatter, s.getXYSeriesRenderStyle());
        assertFalse(s.getMarker() == SeriesMarkers.NONE);
    }

    @Test
    void nanIsAGapOnLinearAxesButRejectedOnLogAxes() {
        double[] diverged = {2.3, 1.9, Double.NaN, Double.NaN};
        XYChart chart = Charts.lines("Too large a step", "epoch", "loss").series("lr 10", EPOCHS, diverged).build();
        assertTrue(Charts.toPng(chart).length > 0, "renders with a gap");
        LinePlot log = Charts.lines("Too large a step", "epoch", "loss").series("lr 10", EPOCHS, diverged).logY();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, log::build);
        assertEquals("LinePlot \"Too large a step\": series \"lr 10\" has y[2] = NaN, but a logarithmic y axis"
                + " needs values > 0", e.getMessage());
        LinePlot zero = Charts.lines("Errors", "h", "error").series("central", new double[] {0, 1}, new double[] {1, 2})
                .logX();
        assertTrue(assertThrows(IllegalArgumentException.class, zero::build).getMessage()
                .contains("series \"central\" has x[0] = 0.0, but a logarithmic x axis needs values > 0"));
    }

    @Test
    void badSeriesFailAtOnceNamingChartSeriesAndSizes() {
        LinePlot plot = Charts.lines("Loss per epoch", "epoch", "loss");
        assertEquals("LinePlot \"Loss per epoch\": series \"batch 1\" has 4 x values but 3 y values",
                assertThrows(IllegalArgumentException.class,
                        () -> plot.series("batch 1", EPOCHS, new double[] {1, 2, 3})).getMessage());
        assertEquals("LinePlot \"Loss per epoch\": series \"empty\" is empty",
                assertThrows(IllegalArgumentException.class,
                        () -> plot.series("empty", new double[0], new double[0])).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> plot.series("inf", new double[] {1, 2}, new double[] {1, Double.POSITIVE_INFINITY}))
                .getMessage().contains("y[1] = Infinity"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> plot.series("all nan", new double[] {1, 2}, new double[] {Double.NaN, Double.NaN}))
                .getMessage().contains("only NaN"));
        plot.series("batch 32", EPOCHS, LOSS);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> plot.series("batch 32", EPOCHS, LOSS))
                .getMessage().contains("already added"));
        assertTrue(assertThrows(IllegalStateException.class,
                () -> Charts.lines("Empty", "x", "y").build()).getMessage().contains("no series"));
        assertTrue(assertThrows(IllegalStateException.class,
                () -> Charts.lines("Empty", "x", "y").dashed()).getMessage().contains("there is none yet"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Charts.lines("T", "x", "y").xRange(1, 1)).getMessage().contains("finite min < max"));
        assertTrue(assertThrows(IllegalStateException.class,
                () -> Charts.lines("T", "x", "y").series("a", EPOCHS, LOSS).logY().yRange(-1, 1).build())
                .getMessage().contains("<= 0"));
    }

    @Test
    void everyChartNeedsATitleAndAxisLabels() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Charts.lines(" ", "x", "y"))
                .getMessage().contains("title is blank"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Charts.lines("T", "", "y"))
                .getMessage().contains("x axis label is blank"));
        assertThrows(NullPointerException.class, () -> Charts.lines("T", "x", null));
    }

    @Test
    void longLegendEntriesMoveTheLegendBelowThePlot() {
        XYChart chart = Charts.lines("Adam", "step t", "estimate")
                .series("bias-corrected m / (1 - beta1^t)", EPOCHS, LOSS).build();
        assertEquals(Styler.LegendPosition.OutsideS, chart.getStyler().getLegendPosition());
    }

    @Test
    void rangesAndSizeAreApplied() {
        XYChart chart = Charts.lines("T", "x", "y").series("a", EPOCHS, LOSS).xRange(0, 5).yRange(0, 3)
                .size(800, 500).build();
        assertEquals(0.0, chart.getStyler().getXAxisMin());
        assertEquals(5.0, chart.getStyler().getXAxisMax());
        assertEquals(3.0, chart.getStyler().getYAxisMax());
        assertEquals(800, chart.getWidth());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Charts.lines("T", "x", "y").size(10, 10))
                .getMessage().contains("at least 100 x 100"));
    }

    @Test
    void toStringTells() {
        assertEquals("LinePlot \"Loss\" (epoch vs loss, 1 series, log y)",
                Charts.lines("Loss", "epoch", "loss").series("a", EPOCHS, LOSS).logY().toString());
    }
}
