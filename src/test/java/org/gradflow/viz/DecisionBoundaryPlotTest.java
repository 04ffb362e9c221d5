package org.gradflow.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.gradflow.data.DataSet;
import org.gradflow.data.Synthetic;
import org.gradflow.nn.Activation;
import org.gradflow.nn.Init;
import org.gradflow.nn.Network;
import org.gradflow.tensor.Matrix;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

class DecisionBoundaryPlotTest {

    /** class 1 where x1 + x2 > 0.1: a boundary known exactly, between the grid points. */
    private static int[] diagonal(Matrix X) {
        int[] c = new int[X.cols()];
        for (int m = 0; m < c.length; m++) {
            c[m] = X.get(0, m) + X.get(1, m) > 0.1 ? 1 : 0;
        }
        return c;
    }

    @Test
    void theRegionsAreTheClassifiersPredictionsOnTheGrid() {
        DecisionBoundaryPlot plot = Charts.decisionBoundary("diagonal", "x1", "x2")
                .classifier(DecisionBoundaryPlotTest::diagonal).box(-1, 1, -1, 1).resolution(11);
        int[][] regions = plot.regions();
        for (int i = 0; i < 11; i++) {
            for (int j = 0; j < 11; j++) {
                double x = -1 + 0.2 * j;
                double y = -1 + 0.2 * i;
                assertEquals(x + y > 0.1 ? 1 : 0, regions[i][j], "at (" + x + ", " + y + ")");
            }
        }
    }

    @Test
    void aNetworksPredictGoesInAndTheChartHasFilledRegionsAndThePoints() throws Exception {
        DataSet moons = Synthetic.twoMoons(30, 0.1, new Random(1));
        Network net = Network.random(new int[] {2, 8, 2}, Activation.TANH, Init.XAVIER_NORMAL, new Random(2));
        XYChart chart = Charts.decisionBoundary("moons", "x1", "x2").classifier(net::predict)
                .points(moons.X(), moons.labels()).classNames(List.of("lower", "upper")).build();
        assertTrue(chart.getSeriesMap().containsKey("lower") && chart.getSeriesMap().containsKey("upper"));
        assertTrue(chart.getSeriesMap().keySet().stream().anyMatch(k -> k.endsWith(" region")));
        assertEquals(30, chart.getSeriesMap().get("lower").getXData().length);
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(Charts.toPng(chart)));
        assertEquals(chart.getWidth(), png.getWidth());
    }

    @Test
    void badInputsFailWithClearMessages() {
        DecisionBoundaryPlot plot = Charts.decisionBoundary("t", "x1", "x2");
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> plot.points(Matrix.zeros(3, 4), new int[4]));
        assertTrue(shape.getMessage().contains("3 x 4") && shape.getMessage().contains("2 x N"), shape.getMessage());
        IllegalStateException wrong = assertThrows(IllegalStateException.class, () -> Charts
                .decisionBoundary("t", "x1", "x2").box(0, 1, 0, 1).classifier(X -> new int[3]).regions());
        assertTrue(wrong.getMessage().contains("one class per column"), wrong.getMessage());
    }
}
