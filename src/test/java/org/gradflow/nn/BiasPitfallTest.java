package org.gradflow.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.gradflow.nn.BatchNorm.GradientRule;
import org.gradflow.nn.BiasPitfall.History;
import org.gradflow.nn.BiasPitfall.Normalization;
import org.gradflow.nn.BiasPitfall.Result;
import org.gradflow.tensor.Matrix;
import org.gradflow.viz.Tables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tech.tablesaw.api.Table;

class BiasPitfallTest {

    private static final double[] U = {0.5, -1.2, 2.0, 0.3, -0.7, 1.1};
    private static final double[] TARGET = {1.5, 0.2, 2.4, 1.0, -0.1, 1.6};
    private static final double LR = 0.5;
    private static final int STEPS = 40;

    private static double mean(double[] v) {
        return Arrays.stream(v).sum() / v.length;
    }

    private static double biasedVariance(double[] v) {
        double m = mean(v);
        return Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / v.length;
    }

    /**
     * The naive gradient derived by hand. With {@code L = (1/2B) sum (xhat_j - t_j)^2},
     * {@code dL/dxhat_j = (xhat_j - t_j)/B}; treating {@code E[x]} and {@code Var[x]} as constants,
     * {@code dxhat_j/db = invStd}, so {@code dL/db = invStd sum_j (xhat_j - t_j)/B = -invStd mean(t)}
     * because {@code sum_j xhat_j = 0}. It does not depend on b, so b moves by the same amount every step.
     */
    private static double naiveGradient(Normalization normalization, double[] u, double[] target) {
        double invStd = normalization == Normalization.CENTER ? 1.0
                : 1.0 / Math.sqrt(biasedVariance(u) + BiasPitfall.EPS);
        return -invStd * mean(target);
    }

    /**
     * Random inputs at least 0.6 apart, so the batch variance is at least about 0.09 and {@code 1/std} stays
     * below about 3.3: round-off in {@code x - E[x]} grows with {@code |b|} and is amplified by {@code 1/std},
     * and the exact-to-round-off claims are tested where the round-off is small.
     */
    private static double[] spreadOut(Random rnd, int B) {
        return IntStream.range(0, B).mapToDouble(j -> j + 0.4 * (rnd.nextDouble() - 0.5)).toArray();
    }

    private static Result run(Normalization normalization) {
        return BiasPitfall.run(normalization, U, TARGET, 0.0, LR, STEPS);
    }

    @ParameterizedTest
    @EnumSource(Normalization.class)
    void ignoringStatisticsTheBiasGrowsLinearlyWithoutBound(Normalization normalization) {
        History naive = run(normalization).ignoringStatistics();
        double[] b = naive.b();
        double step = -LR * naiveGradient(normalization, U, TARGET);
        assertTrue(Math.abs(step) > 0.1, "the example must make the naive gradient clearly non-zero");
        for (int k = 0; k <= STEPS; k++) {
            assertEquals(k * step, b[k], 1e-12 * (1 + k), "b after " + k + " steps");
            if (k > 0) {
                assertTrue(Math.abs(b[k]) > Math.abs(b[k - 1]), "|b| grows at step " + k);
            }
        }
        assertEquals(STEPS, naive.steps());
    }

    @ParameterizedTest
    @EnumSource(Normalization.class)
    void ignoringStatisticsTheOutputAndTheLossDoNotChange(Normalization normalization) {
        History naive = run(normalization).ignoringStatistics();
        double[] loss = naive.loss();
        double[] change = naive.outputChange();
        for (int k = 0; k <= STEPS; k++) {
            assertEquals(loss[0], loss[k], 1e-12, "loss after " + k + " steps");
            assertTrue(change[k] <= 1e-12, "normalized output moved by " + change[k] + " in step " + k);
            assertEquals(naive.biasGradient()[0], naive.biasGradient()[k], 1e-12, "the same gradient every step");
        }
        assertEquals(0.0, change[0]);
    }

    @ParameterizedTest
    @EnumSource(Normalization.class)
    void withTheFullGradientTheBiasGradientIsZeroAndTheBiasStaysPut(Normalization normalization) {
        Result result = BiasPitfall.run(normalization, U, TARGET, 0.75, LR, STEPS);
        History full = result.full();
        for (int k = 0; k <= STEPS; k++) {
            assertEquals(0.0, full.biasGradient()[k], 1e-15, "dL/db at step " + k);
            assertEquals(0.75, full.b()[k], 1e-14, "b after " + k + " steps");
            assertEquals(full.loss()[0], full.loss()[k], 1e-14, "loss after " + k + " steps");
        }
        // Both runs sit at the same loss throughout: the naive run's steps bought nothing.
        for (int k = 0; k <= STEPS; k++) {
            assertEquals(full.loss()[k], result.ignoringStatistics().loss()[k], 1e-12);
        }
    }

    @Test
    void theLossIsTheHandComputedSquaredErrorOfTheCenteredInput() {
        double m = mean(U);
        double loss = 0;
        for (int j = 0; j < U.length; j++) {
            loss += Math.pow(U[j] - m - TARGET[j], 2) / (2 * U.length);
        }
        assertEquals(loss, run(Normalization.CENTER).full().loss()[0], 1e-14);
    }

    @Test
    void aTargetWithMeanZeroHidesThePitfall() {
        double m = mean(TARGET);
        double[] centeredTarget = Arrays.stream(TARGET).map(t -> t - m).toArray();
        History naive = BiasPitfall.run(Normalization.CENTER, U, centeredTarget, 0.0, LR, 5).ignoringStatistics();
        for (double g : naive.biasGradient()) {
            assertEquals(0.0, g, 1e-15);
        }
    }

    @Property(tries = 50)
    void theNaiveRuleMovesTheBiasButNeverTheOutputOnRandomBatches(@ForAll @IntRange(min = 2, max = 12) int B,
            @ForAll long seed, @ForAll @DoubleRange(min = -5, max = 5) double b0) {
        Random rnd = new Random(seed);
        double[] u = spreadOut(rnd, B);
        double[] target = rnd.doubles(B).map(v -> v + 0.5).toArray();
        for (Normalization normalization : Normalization.values()) {
            Result result = BiasPitfall.run(normalization, u, target, b0, 0.3, 10);
            History naive = result.ignoringStatistics();
            double drift = naive.b()[10] - b0;
            assertEquals(-0.3 * 10 * naiveGradient(normalization, u, target), drift, 1e-9 * (1 + Math.abs(drift)));
            for (int k = 0; k <= 10; k++) {
                assertEquals(naive.loss()[0], naive.loss()[k], 1e-12);
                assertEquals(b0, result.full().b()[k], 1e-12);
            }
        }
    }

    // ---------------------------------------------------------------- with gamma and beta, b is redundant

    @Property(tries = 50)
    void withGammaAndBetaTheOutputIsTheSameForAnyBias(@ForAll @IntRange(min = 1, max = 4) int d,
            @ForAll @IntRange(min = 2, max = 8) int B, @ForAll long seed) {
        Random rnd = new Random(seed);
        double[][] rows = new double[d][];
        for (int i = 0; i < d; i++) {
            rows[i] = spreadOut(rnd, B);
        }
        Matrix U = Matrix.of(rows);
        Matrix gamma = Matrix.build(d, 1, (i, j) -> 0.5 + rnd.nextDouble());
        Matrix beta = Matrix.build(d, 1, (i, j) -> rnd.nextGaussian());
        BatchNorm layer = BatchNorm.of(gamma, beta, 1e-5);
        Matrix withoutBias = layer.forward(U, true);
        for (int trial = 0; trial < 5; trial++) {
            Matrix b = Matrix.build(d, 1, (i, j) -> 20 * rnd.nextGaussian());
            Matrix Y = layer.forward(U.plusColumn(b), true);
            assertTrue(Y.approxEquals(withoutBias, 1e-12), "output changed with b = " + b);
            // The full gradient reaching b (summed over the batch) is zero; the shift lives in beta instead.
            Matrix dY = Matrix.build(d, B, (i, j) -> rnd.nextGaussian());
            BatchNorm.Gradients g = layer.backward(dY);
            double roundOff = 1e-13 * (1 + b.map(Math::abs).max()) * B;
            assertTrue(g.dX().rowSums().approxEquals(Matrix.zeros(d, 1), roundOff), "dL/db = " + g.dX().rowSums());
            assertTrue(g.dBeta().approxEquals(dY.rowSums(), 1e-15));
        }
    }

    @Test
    void betaDoesWhatTheBiasCannot() {
        // Shifting the output by c needs beta += c; adding c to b before the normalization does nothing.
        Matrix U = Matrix.row(BiasPitfallTest.U);
        BatchNorm layer = BatchNorm.of(Matrix.column(1.0), Matrix.column(0.0), 1e-5);
        Matrix before = layer.forward(U, true);
        Matrix biasShifted = layer.forward(U.plus(3.0), true);
        layer.beta().addScaledInPlace(Matrix.column(3.0), 1.0);
        Matrix betaShifted = layer.forward(U, true);
        assertTrue(biasShifted.approxEquals(before, 1e-14));
        assertTrue(betaShifted.approxEquals(before.plus(3.0), 1e-14));
    }

    // ---------------------------------------------------------------- results, tables, bad inputs

    @Test
    void resultTablesHaveOneRowPerStepAndTheRecordedValues() {
        Result result = run(Normalization.STANDARDIZE);
        Table table = Tables.of(result);
        assertEquals(STEPS + 1, table.rowCount());
        assertEquals(List.of("step", "b (full)", "b (ignoring statistics)", "loss (full)",
                "loss (ignoring statistics)", "dL/db (full)", "dL/db (ignoring statistics)", "output change (full)",
                "output change (ignoring statistics)"), table.columnNames());
        assertEquals(result.ignoringStatistics().b()[7], table.doubleColumn("b (ignoring statistics)").get(7));
        assertEquals(7, table.intColumn("step").get(7));
        Table one = Tables.of(result.full());
        assertEquals(List.of("step", "b", "loss", "dL/db", "output change"), one.columnNames());
        assertEquals(STEPS + 1, one.rowCount());
        assertEquals(GradientRule.FULL, result.full().rule());
        assertEquals(GradientRule.IGNORING_STATISTICS, result.ignoringStatistics().rule());
    }

    @Test
    void exampleShowsThePitfallAndTeachesInItsText() {
        Result result = BiasPitfall.example(Normalization.CENTER);
        assertEquals(Normalization.CENTER, result.normalization());
        assertTrue(Math.abs(result.ignoringStatistics().b()[40]) > 10);
        assertEquals(0.0, result.full().b()[40], 1e-14);
        String text = result.toString();
        assertTrue(text.contains("ignoring statistics, 40 steps"), text);
        assertTrue(text.contains("full gradient, 40 steps"), text);
    }

    @Test
    void historiesAreDefensivelyCopied() {
        History h = run(Normalization.CENTER).ignoringStatistics();
        h.b()[3] = 1e9;
        assertTrue(h.b()[3] != 1e9);
        assertThrows(IllegalArgumentException.class,
                () -> new History(GradientRule.FULL, new double[2], new double[2], new double[3], new double[2]));
    }

    @Test
    void badInputsFailWithClearMessages() {
        assertMessage(() -> BiasPitfall.run(Normalization.CENTER, new double[] {1}, new double[] {1}, 0, 0.1, 3),
                "u has 1 examples");
        assertMessage(() -> BiasPitfall.run(Normalization.CENTER, U, new double[] {1, 2}, 0, 0.1, 3),
                "target has 2 values but u has 6");
        assertMessage(() -> BiasPitfall.run(Normalization.CENTER, U, TARGET, 0, 0, 3), "lr = 0.0");
        assertMessage(() -> BiasPitfall.run(Normalization.CENTER, U, TARGET, 0, 0.1, 0), "steps = 0");
        assertMessage(() -> BiasPitfall.run(Normalization.CENTER, U, TARGET, Double.NaN, 0.1, 3), "b0 = NaN");
        assertMessage(() -> BiasPitfall.run(Normalization.CENTER, U, new double[] {1, 2, 3, 4, 5, Double.NaN}, 0, 0.1,
                3), "NaN");
    }

    private static void assertMessage(Runnable call, String fragment) {
        Throwable e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' lacks '" + fragment + "'");
    }
}
