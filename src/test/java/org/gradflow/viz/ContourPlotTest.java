package org.gradflow.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

class ContourPlotTest {

    private static final DoubleBinaryOperator BOWL = (x, y) -> x * x + 10 * y * y;

    /** Gradient descent on the bowl, rows {x, y}: the shape optimizers' path(...) returns. */
    private static double[][] descent(double lr, int steps) {
        double[][] path = new double[steps + 1][];
        double x = -1.5;
        double y = 0.8;
        for (int t = 0; t <= steps; t++) {
            path[t] = new double[] {x, y};
            x -= lr * 2 * x;
            y -= lr * 20 * y;
        }
        return path;
    }

    @Test
    void trajectoriesStartsEndsAndContoursAreAllThere() {
        double[][] gd = descent(0.05, 30);
        XYChart chart = Charts.contours("Descent on a bowl", "phi1", "phi2")
                .function(BOWL, -2, 2, -1, 1)
                .levels(0.1, 1, 4)
                .surfaceName("loss L")
                .trajectory("gradient descent", gd)
                .point("minimum", 0, 0)
                .build();
        assertEquals("Descent on a bowl", chart.getTitle());
        assertEquals("phi1", chart.getXAxisTitle());
        assertEquals("phi2", chart.getYAxisTitle());
        assertEquals(List.of("loss L", "gradient descent", "start", "end", "minimum"), legend(chart));

        XYSeries path = chart.getSeriesMap().get("gradient descent");
        for (int t = 0; t < gd.length; t++) {
            assertEquals(gd[t][0], path.getXData()[t]);
            assertEquals(gd[t][1], path.getYData()[t]);
        }
        assertSame(SeriesMarkers.CIRCLE, path.getMarker(), "a marker per step");
        assertArrayEquals(new double[] {-1.5}, chart.getSeriesMap().get("start").getXData());
        assertArrayEquals(new double[] {gd[30][0]}, chart.getSeriesMap().get("end").getXData());
        assertArrayEquals(new double[] {gd[30][1]}, chart.getSeriesMap().get("end").getYData());
        assertSame(SeriesMarkers.SQUARE, chart.getSeriesMap().get("start").getMarker());
        assertSame(SeriesMarkers.DIAMOND, chart.getSeriesMap().get("end").getMarker());

        // Axes stay on the function's box.
        assertEquals(-2.0, chart.getStyler().getXAxisMin());
        assertEquals(2.0, chart.getStyler().getXAxisMax());
        assertEquals(-1.0, chart.getStyler().getYAxisMin());
        assertEquals(1.0, chart.getStyler().getYAxisMax());

        // Every contour point that is drawn lies on its level: x^2 + 10 y^2 = level, up to interpolation error.
        int contourSeries = 0;
        for (XYSeries s : chart.getSeriesMap().values()) {
            if (s.getName().startsWith("f = ") || s.getName().equals("loss L")) {
                contourSeries++;
                double[] x = s.getXData();
                double[] y = s.getYData();
                double f = Double.NaN;
                for (int k = 0; k < x.length; k++) {
                    if (!Double.isNaN(y[k])) {
                        f = BOWL.applyAsDouble(x[k], y[k]);
                        break;
                    }
                }
                double level = nearest(f, 0.1, 1, 4);
                for (int k = 0; k < x.length; k++) {
                    if (!Double.isNaN(y[k])) {
                        assertEquals(level, BOWL.applyAsDouble(x[k], y[k]), 0.02 * Math.max(1, level));
                    }
                }
            }
        }
        assertEquals(3, contourSeries, "one closed ellipse per level");
    }

    private static double nearest(double f, double... levels) {
        double best = levels[0];
        for (double level : levels) {
            if (Math.abs(level - f) < Math.abs(best - f)) {
                best = level;
            }
        }
        return best;
    }

    private static List<String> legend(XYChart chart) {
        List<String> names = new ArrayList<>();
        for (XYSeries s : chart.getSeriesMap().values()) {
            if (s.isShowInLegend()) {
                names.add(s.getName());
            }
        }
        return names;
    }

    @Test
    void divergedTrajectoryIsDrawnUpToItsLastFiniteStepAndSaysSo() {
        double[][] path = {{1, 1}, {-2, -2}, {4, 4}, {Double.NaN, Double.NaN}, {1, 1}};
        XYChart chart = Charts.contours("Too large a step", "x", "y").function(BOWL, -2, 2, -2, 2).levels(3)
                .trajectory("lr 1.1", path).build();
        XYSeries s = chart.getSeriesMap().get("lr 1.1 (diverged at step 3)");
        assertNotNull(s, legend(chart).toString());
        assertArrayEquals(new double[] {1, -2, 4}, s.getXData());
        assertArrayEquals(new double[] {4}, chart.getSeriesMap().get("end").getXData());
        // A step that flies far outside the box also ends the drawing.
        double[][] far = {{1, 1}, {-3, 3}, {1e30, 0}};
        XYChart chart2 = Charts.contours("Too large a step", "x", "y").function(BOWL, -2, 2, -2, 2).levels(3)
                .trajectory("lr 5", far).build();
        assertArrayEquals(new double[] {1, -3}, chart2.getSeriesMap().get("lr 5 (diverged at step 2)").getXData());
    }

    @Test
    void levelLabelsKeepApartAndCutGapsIntoTheLines() {
        ContourPlot plot = Charts.contours("Bowl", "x", "y").function(BOWL, -2, 2, -1, 1).levels(8);
        List<Contour> contours = plot.contours();
        assertEquals(8, contours.size());
        List<double[]> placed = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (Contour c : contours) {
            double[] at = plot.labelPosition(c, placed);
            if (at != null) {
                // On its own line ...
                assertEquals(c.level(), BOWL.applyAsDouble(at[0], at[1]), 0.05 * c.level() + 0.01);
                // ... and away from the others, in fractions of the box.
                for (double[] q : placed) {
                    assertTrue(Math.hypot((at[0] - q[0]) / 4, (at[1] - q[1]) / 2) > 0.06);
                }
                placed.add(at);
                texts.add(ContourPlot.label(c.level()));
            }
        }
        assertTrue(placed.size() >= 4, placed.size() + " labels");
        Polyline line = contours.get(contours.size() - 1).lines().get(0);
        double[] y = plot.gapsAt(line, placed, texts);
        long gaps = java.util.Arrays.stream(y).filter(Double::isNaN).count();
        assertTrue(gaps > 0 && gaps < y.length / 4, gaps + " of " + y.length + " points hidden under labels");
    }

    @Test
    void autoLevelsAndAGivenGridWork() {
        Grid grid = Grid.sample(BOWL, -2, 2, -1, 1, 41);
        ContourPlot plot = Charts.contours("Bowl", "x", "y").grid(grid).levels(5);
        double[] expected = Contours.autoLevels(grid, 5);
        List<Contour> contours = plot.contours();
        for (int k = 0; k < expected.length; k++) {
            assertEquals(expected[k], contours.get(k).level());
        }
        assertTrue(Charts.toPng(plot.withoutLevelLabels().build()).length > 0);
    }

    @Test
    void badInputsFailClearly() {
        ContourPlot plot = Charts.contours("Bowl", "x", "y");
        assertTrue(assertThrows(IllegalStateException.class, plot::build).getMessage().contains("no function"));
        plot.function(BOWL, -1, 1, -1, 1);
        assertEquals("ContourPlot \"Bowl\": trajectory \"adam\" row 1 has 3 columns; rows must be {x, y}",
                assertThrows(IllegalArgumentException.class,
                        () -> plot.trajectory("adam", new double[][] {{0, 0}, {1, 2, 3}})).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> plot.trajectory("nan", new double[][] {{Double.NaN, 0}})).getMessage().contains("start must be finite"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> plot.trajectory("empty", new double[0][])).getMessage().contains("no rows"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> plot.trajectory("start", new double[][] {{0, 0}})).getMessage().contains("already taken"));
        plot.trajectory("far", new double[][] {{1e6, 0}});
        assertTrue(assertThrows(IllegalStateException.class, plot::build).getMessage()
                .contains("trajectory \"far\" starts at [1000000.0, 0.0]"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Charts.contours("B", "x", "y")
                .function(BOWL, 1, -1, 0, 1)).getMessage().contains("x range needs finite min < max"));
        assertFalse(plot.toString().isEmpty());
    }
}
