package org.gradflow.check;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.gradflow.check.StepSweep.Scheme;
import org.gradflow.viz.Tables;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** The truncation / round-off trade-off, and Ridders' extrapolation. */
class StepSweepTest {

    @Test
    void centralErrorFallsLikeHSquaredAndForwardLikeHWhereTruncationDominates() {
        for (StepSweep sweep : List.of(StepSweep.of(Math::exp, 1.0, Math.exp(1.0)),
                StepSweep.of(Math::sin, 0.7, Math.cos(0.7)))) {
            assertEquals(2.0, sweep.slope(Scheme.CENTRAL, 1e-4, 1e-1), 0.1, sweep::toString);
            assertEquals(1.0, sweep.slope(Scheme.FORWARD, 1e-6, 1e-1), 0.1, sweep::toString);
        }
    }

    @Test
    void roundOffTakesOverForTinySteps() {
        StepSweep sweep = StepSweep.of(Math::exp, 1.0, Math.exp(1.0));
        double[] central = sweep.centralErrors();
        double[] h = sweep.steps();
        assertEquals(1e-12, h[11], 1e-24);
        assertTrue(central[11] > 100 * central[4], "error at h = 1e-12 far above the error at 1e-5");
        assertTrue(sweep.slope(Scheme.CENTRAL, 1e-12, 1e-8) < -0.5, sweep::toString);
        double best = sweep.bestStep(Scheme.CENTRAL);
        assertTrue(best >= 1e-7 && best <= 1e-3, "best central step near u^(1/3): " + best);
        double bestForward = sweep.bestStep(Scheme.FORWARD);
        assertTrue(bestForward >= 1e-10 && bestForward <= 1e-6, "best forward step near sqrt(u): " + bestForward);
    }

    @Test
    void singlePrecisionMovesTheBestStepUp() {
        StepSweep single = StepSweep.of(Math::exp, 1.0, Math.exp(1.0), Precision.SINGLE);
        StepSweep dbl = StepSweep.of(Math::exp, 1.0, Math.exp(1.0));
        assertTrue(single.bestStep(Scheme.CENTRAL) > dbl.bestStep(Scheme.CENTRAL), single::toString);
        double bestSingle = Double.POSITIVE_INFINITY;
        for (double e : single.centralErrors()) {
            bestSingle = Math.min(bestSingle, e);
        }
        assertTrue(bestSingle > 1e-6, "float cannot do better than about u^(2/3) ~ 1e-5: " + bestSingle);
    }

    @Test
    void tableHasOneRowPerStep() {
        StepSweep sweep = StepSweep.of(Math::sin, 0.7, Math.cos(0.7));
        Table table = Tables.of(sweep);
        assertEquals(12, table.rowCount());
        assertEquals(List.of("h", "forward", "forward error", "central", "central error"), table.columnNames());
        assertArrayEquals(sweep.centralErrors(), table.doubleColumn("central error").asDoubleArray(), 0);
        assertEquals(25, sweep.evaluations());
    }

    @Test
    void riddersBeatsEveryPlainCentralDifference() {
        double[][] cases = {{1.0, Math.exp(1.0)}, {0.7, Math.cos(0.7)}};
        for (int c = 0; c < cases.length; c++) {
            double x = cases[c][0];
            double exact = cases[c][1];
            StepSweep sweep = c == 0 ? StepSweep.of(Math::exp, x, exact) : StepSweep.of(Math::sin, x, exact);
            Ridders.Estimate r = sweep.ridders();
            double riddersError = Math.abs(r.derivative() - exact);
            double bestCentral = Double.POSITIVE_INFINITY;
            for (double e : sweep.centralErrors()) {
                bestCentral = Math.min(bestCentral, e);
            }
            assertTrue(riddersError < bestCentral, r + " vs best central error " + bestCentral);
            assertTrue(riddersError < 1e-12 * Math.abs(exact), r::toString);
            assertTrue(riddersError <= 10 * r.error() + 1e-15, "the error estimate is honest: " + r);
            assertTrue(r.error() < 1e-10, r::toString);
        }
    }

    @Test
    void riddersCountsItsEvaluations() {
        int[] calls = {0};
        Ridders.Estimate r = Ridders.derivative(x -> {
            calls[0]++;
            return Math.exp(x);
        }, 0.5, 0.1);
        assertEquals(calls[0], r.evaluations());
        assertTrue(r.evaluations() % 2 == 0 && r.evaluations() <= 2 * Ridders.MAX_STEPS);
    }

    @Test
    void sweepOfACheckElementShowsAWrongGradientAsAFlatError() {
        PlainNet net = new PlainNet(5, 3, 2, 3, 2);
        double[] w0 = net.W[0].clone();
        GradCheck right = net.check(net.gradients(PlainNet.Bug.NONE, 0));
        GradCheck wrong = net.check(net.gradients(PlainNet.Bug.DW_TIMES_2, 1));
        StepSweep good = right.sweep("W(1)[1,0]");
        StepSweep bad = wrong.sweep("W(1)[1,0]");
        assertEquals(2.0, good.slope(Scheme.CENTRAL, 1e-3, 1e-1), 0.2, good::toString);
        assertEquals(0.0, bad.slope(Scheme.CENTRAL, 1e-6, 1e-1), 0.05, bad::toString);
        assertArrayEquals(w0, net.W[0]);
    }

    @Test
    void badInputsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> StepSweep.of(Math::exp, Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> StepSweep.of(Math::exp, 1, 1, Precision.DOUBLE, -1e-3));
        assertThrows(IllegalArgumentException.class, () -> StepSweep.of(Math::exp, 1, 1, Precision.DOUBLE, new double[0]));
        assertThrows(IllegalArgumentException.class, () -> Ridders.derivative(Math::exp, 1, 0));
        assertThrows(IllegalStateException.class, () -> StepSweep.of(Math::log, 0.05, 20));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StepSweep.of(Math::exp, 1, 1).slope(Scheme.CENTRAL, 0.5, 0.9));
        assertTrue(e.getMessage().contains("need at least 2 steps"), e.getMessage());
    }
}
