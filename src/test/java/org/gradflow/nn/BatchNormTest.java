package org.gradflow.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.gradflow.nn.BatchNorm.GradientRule;
import org.gradflow.nn.BatchNorm.Gradients;
import org.gradflow.tensor.Matrix;
import org.junit.jupiter.api.Test;

class BatchNormTest {

    private static final double EPS = 1e-5;

    private static Matrix random(Random rnd, int r, int c) {
        return Matrix.build(r, c, (i, j) -> rnd.nextGaussian());
    }

    /** A random layer: gamma around 1 (never near 0), beta anywhere. */
    private static BatchNorm randomLayer(Random rnd, int d) {
        return BatchNorm.of(Matrix.build(d, 1, (i, j) -> 0.5 + rnd.nextDouble()), random(rnd, d, 1), EPS);
    }

    /**
     * Central differences {@code (L(M + h e_k) - L(M - h e_k)) / 2h} for every entry of {@code M}, which is
     * perturbed in place and restored (so it works on a layer's live parameters too).
     */
    private static Matrix finiteDifferences(Supplier<Double> loss, Matrix M) {
        double h = 1e-6;
        double[][] grad = new double[M.rows()][M.cols()];
        for (int i = 0; i < M.rows(); i++) {
            for (int j = 0; j < M.cols(); j++) {
                double original = M.get(i, j);
                M.setInPlace(i, j, original + h);
                double plus = loss.get();
                M.setInPlace(i, j, original - h);
                double minus = loss.get();
                M.setInPlace(i, j, original);
                grad[i][j] = (plus - minus) / (2 * h);
            }
        }
        return Matrix.of(grad);
    }

    private static void assertClose(Matrix expected, Matrix actual, double tolerance, String what) {
        assertEquals(expected.shape(), actual.shape(), what + ": shape");
        double scale = Math.max(1.0, expected.map(Math::abs).max());
        for (int i = 0; i < expected.rows(); i++) {
            for (int j = 0; j < expected.cols(); j++) {
                double e = expected.get(i, j);
                double a = actual.get(i, j);
                assertTrue(Math.abs(e - a) <= tolerance * scale,
                        what + "[" + i + "," + j + "]: expected " + e + " but was " + a);
            }
        }
    }

    /**
     * Checks dX, dGamma and dBeta of {@code L = sum(R o forward(X, training))} against central differences;
     * {@code dL/dY = R}.
     */
    private static void checkAgainstFiniteDifferences(BatchNorm layer, Matrix X, Matrix R, boolean training) {
        Supplier<Double> loss = () -> layer.forward(X, training).hadamard(R).sum();
        Matrix numericX = finiteDifferences(loss, X);
        Matrix numericGamma = finiteDifferences(loss, layer.gamma());
        Matrix numericBeta = finiteDifferences(loss, layer.beta());
        layer.forward(X, training);
        Gradients g = layer.backward(R);
        String where = X.shape() + (training ? " training" : " inference");
        assertClose(numericX, g.dX(), 1e-6, "dX " + where);
        assertClose(numericGamma, g.dGamma(), 1e-6, "dGamma " + where);
        assertClose(numericBeta, g.dBeta(), 1e-6, "dBeta " + where);
    }

    // ---------------------------------------------------------------- forward

    @Test
    void forwardMatchesHandComputedExample() {
        // Row 0: [1, 2, 3], mu = 2, var = 2/3. Row 1: [4, 4, 10], mu = 6, var = 8.
        BatchNorm layer = BatchNorm.of(Matrix.column(2, -1), Matrix.column(0.5, 3), EPS);
        Matrix Y = layer.forward(Matrix.of(new double[][] {{1, 2, 3}, {4, 4, 10}}), true);
        double s0 = Math.sqrt(2.0 / 3 + EPS);
        double s1 = Math.sqrt(8 + EPS);
        Matrix expected = Matrix.of(new double[][] {
            {2 * -1 / s0 + 0.5, 0.5, 2 * 1 / s0 + 0.5},
            {-1 * -2 / s1 + 3, -1 * -2 / s1 + 3, -1 * 4 / s1 + 3}});
        assertClose(expected, Y, 1e-14, "Y");
    }

    @Test
    void trainingOutputHasMeanBetaAndVarianceGammaSquaredPerRow() {
        Random rnd = new Random(1);
        BatchNorm layer = randomLayer(rnd, 4);
        Matrix Y = layer.forward(random(rnd, 4, 20).scale(7).plus(3), true);
        Matrix mean = Y.rowMeans();
        for (int i = 0; i < 4; i++) {
            double m = mean.get(i, 0);
            double var = 0;
            for (int j = 0; j < 20; j++) {
                var += (Y.get(i, j) - m) * (Y.get(i, j) - m) / 20;
            }
            double gamma = layer.gamma().get(i, 0);
            assertEquals(layer.beta().get(i, 0), m, 1e-12);
            assertEquals(gamma * gamma, var, 1e-5);
        }
    }

    @Test
    void forwardDoesNotModifyItsInput() {
        Random rnd = new Random(2);
        Matrix X = random(rnd, 3, 5);
        Matrix before = X.copy();
        BatchNorm.ofFeatures(3, EPS).forward(X, true);
        assertEquals(before, X);
    }

    // ---------------------------------------------------------------- backward vs finite differences

    @Test
    void gradientsMatchFiniteDifferencesForSeveralShapes() {
        Random rnd = new Random(3);
        int[][] shapes = {{1, 2}, {1, 7}, {2, 3}, {3, 5}, {4, 16}};
        for (int[] shape : shapes) {
            int d = shape[0];
            int B = shape[1];
            checkAgainstFiniteDifferences(randomLayer(rnd, d), random(rnd, d, B), random(rnd, d, B), true);
        }
    }

    @Property(tries = 60)
    void gradientsMatchFiniteDifferencesOnRandomLayers(@ForAll @IntRange(min = 1, max = 5) int d,
            @ForAll @IntRange(min = 2, max = 9) int B, @ForAll long seed) {
        Random rnd = new Random(seed);
        Matrix X = random(rnd, d, B).scale(1 + 4 * rnd.nextDouble()).plus(rnd.nextGaussian());
        checkAgainstFiniteDifferences(randomLayer(rnd, d), X, random(rnd, d, B), true);
    }

    @Test
    void centeringVariantMatchesFiniteDifferences() {
        Random rnd = new Random(4);
        Matrix X = random(rnd, 3, 6);
        BatchNorm layer = BatchNorm.centering(Matrix.column(0.7, 1.5, -2), random(rnd, 3, 1));
        checkAgainstFiniteDifferences(layer, X, random(rnd, 3, 6), true);
    }

    @Test
    void inferenceModeGradientMatchesFiniteDifferencesWithRunningStatisticsAsConstants() {
        Random rnd = new Random(5);
        BatchNorm layer = randomLayer(rnd, 3).withMomentum(0.5);
        for (int t = 0; t < 3; t++) {
            layer.forward(random(rnd, 3, 8).scale(2).plus(1), true);
        }
        Matrix X = random(rnd, 3, 4);
        Matrix R = random(rnd, 3, 4);
        checkAgainstFiniteDifferences(layer, X, R, false);
        // Inference does not touch the running averages, so the finite differences saw one fixed function.
        assertEquals(3, layer.batchesSeen());
        layer.forward(X, false);
        Gradients full = layer.backward(R);
        Gradients ignoring = layer.backwardIgnoringStatistics(R);
        assertEquals(full, ignoring, "after an inference-mode forward the statistics are constants under both rules");
        Matrix expectedDX = Matrix.build(3, 4, (i, j) -> layer.gamma().get(i, 0) * R.get(i, j)
                / Math.sqrt(layer.runningVar().get(i, 0) + EPS));
        assertClose(expectedDX, full.dX(), 1e-14, "dX inference");
    }

    @Test
    void inferenceOnASingleExampleWorksAndMatchesFiniteDifferences() {
        Random rnd = new Random(6);
        BatchNorm layer = randomLayer(rnd, 2);
        layer.forward(random(rnd, 2, 5), true);
        checkAgainstFiniteDifferences(layer, random(rnd, 2, 1), random(rnd, 2, 1), false);
    }

    // ---------------------------------------------------------------- an independent derivation

    /**
     * One feature's backward pass derived by hand with the chain rule, in scalars, following the
     * computation {@code x -> mu -> var -> xhat -> y}: returns {@code {direct, throughMean, throughVar}}
     * contributions to {@code dL/dx_j}, each of length B.
     */
    private static double[][] scalarBackward(double[] x, double[] dy, double gamma, double eps) {
        int B = x.length;
        double mu = 0;
        for (double v : x) {
            mu += v / B;
        }
        double var = 0;
        for (double v : x) {
            var += (v - mu) * (v - mu) / B;
        }
        double sigma = Math.sqrt(var + eps);
        double[] dxhat = new double[B];
        for (int j = 0; j < B; j++) {
            dxhat[j] = dy[j] * gamma;
        }
        // xhat_j = (x_j - mu) * (var + eps)^(-1/2): its partials with respect to var and mu.
        double dvar = 0;
        for (int j = 0; j < B; j++) {
            dvar += dxhat[j] * (x[j] - mu) * -0.5 * Math.pow(var + eps, -1.5);
        }
        // var = (1/B) sum (x_j - mu)^2 depends on mu too; that term is zero because sum (x_j - mu) = 0,
        // but it is kept so the derivation is complete.
        double dmu = 0;
        double sumCentered = 0;
        for (int j = 0; j < B; j++) {
            dmu += dxhat[j] * -1 / sigma;
            sumCentered += x[j] - mu;
        }
        dmu += dvar * -2 * sumCentered / B;
        double[] direct = new double[B];
        double[] throughMean = new double[B];
        double[] throughVar = new double[B];
        for (int j = 0; j < B; j++) {
            direct[j] = dxhat[j] / sigma;
            throughMean[j] = dmu / B;
            throughVar[j] = dvar * 2 * (x[j] - mu) / B;
        }
        return new double[][] {direct, throughMean, throughVar};
    }

    @Test
    void fullAndPitfallGradientsMatchAScalarChainRuleDerivationPathByPath() {
        Random rnd = new Random(7);
        int d = 3;
        int B = 6;
        BatchNorm layer = randomLayer(rnd, d);
        Matrix X = random(rnd, d, B).scale(3).plus(-2);
        Matrix dY = random(rnd, d, B);
        layer.forward(X, true);
        Matrix full = layer.backward(dY, GradientRule.FULL).dX();
        Matrix ignoring = layer.backward(dY, GradientRule.IGNORING_STATISTICS).dX();
        for (int i = 0; i < d; i++) {
            double[][] paths = scalarBackward(X.toArray()[i], dY.toArray()[i], layer.gamma().get(i, 0), EPS);
            for (int j = 0; j < B; j++) {
                double direct = paths[0][j];
                double throughStatistics = paths[1][j] + paths[2][j];
                assertEquals(direct, ignoring.get(i, j), 1e-12, "pitfall gradient = direct path only");
                assertEquals(throughStatistics, full.get(i, j) - ignoring.get(i, j), 1e-12,
                        "full - pitfall = the paths through mu and var");
                assertEquals(direct + throughStatistics, full.get(i, j), 1e-12, "full gradient");
            }
        }
    }

    @Test
    void centeringPitfallDiffersFromFullByTheMeanPathAlone() {
        Random rnd = new Random(8);
        Matrix gamma = Matrix.column(1.3, -0.4);
        BatchNorm layer = BatchNorm.centering(gamma, Matrix.zeros(2, 1));
        Matrix X = random(rnd, 2, 5);
        Matrix dY = random(rnd, 2, 5);
        layer.forward(X, true);
        Matrix full = layer.backward(dY).dX();
        Matrix ignoring = layer.backwardIgnoringStatistics(dY).dX();
        for (int i = 0; i < 2; i++) {
            double meanDxhat = 0;
            for (int j = 0; j < 5; j++) {
                meanDxhat += gamma.get(i, 0) * dY.get(i, j) / 5;
            }
            for (int j = 0; j < 5; j++) {
                double dxhat = gamma.get(i, 0) * dY.get(i, j);
                assertEquals(dxhat, ignoring.get(i, j), 1e-15);
                assertEquals(dxhat - meanDxhat, full.get(i, j), 1e-15);
            }
        }
    }

    @Property(tries = 40)
    void fullGradientSumsToZeroOverEachRow(@ForAll @IntRange(min = 1, max = 4) int d,
            @ForAll @IntRange(min = 2, max = 10) int B, @ForAll long seed) {
        // y does not change when a row of X is shifted by a constant, so dX sums to zero over each row:
        // the reason a bias added before batch norm gets no gradient.
        Random rnd = new Random(seed);
        BatchNorm layer = randomLayer(rnd, d);
        // Inputs at least 0.6 apart: the round-off in sum_j xhat is amplified by 1/std, so the exact-to-round-off
        // claim is tested where 1/std is moderate.
        Matrix X = Matrix.build(d, B, (i, j) -> 3 * (j + 0.4 * (rnd.nextDouble() - 0.5)));
        layer.forward(X, true);
        Matrix dX = layer.backward(random(rnd, d, B)).dX();
        Matrix rowSums = dX.rowSums();
        double tolerance = 1e-13 * Math.max(1, dX.map(Math::abs).max()) * B;
        for (int i = 0; i < d; i++) {
            assertEquals(0.0, rowSums.get(i, 0), tolerance, "sum_j dX, row " + i);
        }
    }

    // ---------------------------------------------------------------- running averages

    @Test
    void runningAveragesFollowTheMomentumRuleWithTheUnbiasedVariance() {
        double m = 0.3;
        BatchNorm layer = BatchNorm.ofFeatures(1, EPS).withMomentum(m);
        double[] x1 = {1, 2, 6};
        double[] x2 = {-1, 3};
        layer.forward(Matrix.row(x1), true);
        layer.forward(Matrix.row(x2), true);
        // Batch 1: mean 3, unbiased variance ((-2)^2 + (-1)^2 + 3^2) / 2 = 7.
        // Batch 2: mean 1, unbiased variance (2^2 + 2^2) / 1 = 8.
        double mean = (1 - m) * ((1 - m) * 0 + m * 3) + m * 1;
        double var = (1 - m) * ((1 - m) * 1 + m * 7) + m * 8;
        assertEquals(mean, layer.runningMean().get(0, 0), 1e-15);
        assertEquals(var, layer.runningVar().get(0, 0), 1e-14);
        assertEquals(2, layer.batchesSeen());
    }

    @Test
    void defaultMomentumIsZeroPointOne() {
        BatchNorm layer = BatchNorm.ofFeatures(1, EPS);
        assertEquals(0.1, layer.momentum());
        layer.forward(Matrix.row(2, 4), true);
        assertEquals(0.1 * 3, layer.runningMean().get(0, 0), 1e-15);
        assertEquals(0.9 + 0.1 * 2, layer.runningVar().get(0, 0), 1e-15);
    }

    @Test
    void inferenceUsesRunningAveragesAndLeavesThemAlone() {
        Random rnd = new Random(9);
        BatchNorm layer = randomLayer(rnd, 2).withMomentum(0.25);
        for (int t = 0; t < 4; t++) {
            layer.forward(random(rnd, 2, 6).plus(5), true);
        }
        Matrix mean = layer.runningMean();
        Matrix var = layer.runningVar();
        Matrix X = random(rnd, 2, 3);
        Matrix Y = layer.forward(X, false);
        Matrix expected = Matrix.build(2, 3, (i, j) -> layer.gamma().get(i, 0)
                * (X.get(i, j) - mean.get(i, 0)) / Math.sqrt(var.get(i, 0) + EPS) + layer.beta().get(i, 0));
        assertClose(expected, Y, 1e-14, "inference output");
        assertEquals(mean, layer.runningMean());
        assertEquals(var, layer.runningVar());
        assertEquals(4, layer.batchesSeen());
        // Each example's inference output depends on that example alone.
        assertClose(Y.column(1), layer.forward(X.column(1), false), 1e-15, "column 1 alone");
    }

    @Test
    void runningAveragesConvergeToTheStatisticsOfARepeatedBatch() {
        Random rnd = new Random(10);
        BatchNorm layer = BatchNorm.ofFeatures(2, EPS);
        Matrix X = random(rnd, 2, 8).scale(3).plus(-4);
        Matrix trainingOutput = layer.forward(X, true);
        for (int t = 0; t < 400; t++) {
            layer.forward(X, true);
        }
        assertClose(X.rowMeans(), layer.runningMean(), 1e-12, "running mean");
        // The running variance is unbiased (B/(B-1) times the batch variance), so inference output on the
        // same batch is the training output shrunk by about sqrt((B-1)/B).
        Matrix inference = layer.forward(X, false);
        assertClose(trainingOutput.scale(Math.sqrt(7.0 / 8)), inference, 1e-5, "inference vs training");
    }

    @Test
    void zeroMomentumFreezesTheRunningAverages() {
        BatchNorm layer = BatchNorm.ofFeatures(1, EPS).withMomentum(0);
        layer.forward(Matrix.row(10, 20, 30), true);
        assertEquals(Matrix.column(0.0), layer.runningMean());
        assertEquals(Matrix.column(1.0), layer.runningVar());
    }

    // ---------------------------------------------------------------- parameters

    @Test
    void parametersAreTheLiveGammaAndBetaAndGradientsComeInTheSameOrder() {
        Matrix gamma = Matrix.column(1, 2);
        Matrix beta = Matrix.column(0, -1);
        BatchNorm layer = BatchNorm.of(gamma, beta, EPS);
        List<Matrix> params = layer.parameters();
        assertSame(gamma, params.get(0));
        assertSame(beta, params.get(1));
        Matrix X = Matrix.of(new double[][] {{1, 2, 4}, {0, 3, 3}});
        Matrix before = layer.forward(X, true);
        beta.addScaledInPlace(Matrix.column(10, 10), 1.0);
        assertClose(before.plus(10), layer.forward(X, true), 1e-14, "output after beta += 10");

        Gradients g = layer.backward(Matrix.of(new double[][] {{1, 1, 1}, {0, 2, 0}}));
        assertSame(g.dGamma(), g.asList().get(0));
        assertSame(g.dBeta(), g.asList().get(1));
        assertEquals(Matrix.column(3, 2), g.dBeta());
    }

    @Test
    void gradientDescentOnParametersRecoversAKnownScaleAndShift() {
        // Target T = gamma* o xhat + beta*: gradient descent on L = (1/2B) |Y - T|^2 through parameters()
        // and Gradients.asList() must find gamma* and beta*.
        Random rnd = new Random(11);
        int d = 3;
        int B = 10;
        Matrix X = random(rnd, d, B).scale(2).plus(1);
        Matrix gammaStar = Matrix.column(2, -0.5, 0.8);
        Matrix betaStar = Matrix.column(1, 3, -2);
        Matrix T = BatchNorm.of(gammaStar, betaStar, EPS).forward(X, true);
        BatchNorm layer = BatchNorm.ofFeatures(d, EPS);
        double lr = 0.5;
        for (int step = 0; step < 200; step++) {
            Matrix Y = layer.forward(X, true);
            Gradients g = layer.backward(Y.minus(T).scale(1.0 / B));
            List<Matrix> params = layer.parameters();
            List<Matrix> grads = g.asList();
            for (int k = 0; k < params.size(); k++) {
                params.get(k).addScaledInPlace(grads.get(k), -lr);
            }
        }
        assertClose(gammaStar, layer.gamma(), 1e-9, "gamma");
        assertClose(betaStar, layer.beta(), 1e-9, "beta");
    }

    // ---------------------------------------------------------------- bad inputs

    private static void assertFails(Class<? extends Throwable> type, Runnable call, String... fragments) {
        Throwable e = assertThrows(type, call::run);
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' lacks '" + fragment + "'");
        }
    }

    @Test
    void badParametersFailWithClearMessages() {
        Matrix g = Matrix.column(1, 1);
        Matrix b = Matrix.column(0, 0);
        assertFails(IllegalArgumentException.class, () -> BatchNorm.of(g, b, 0), "BatchNorm.of", "eps = 0.0");
        assertFails(IllegalArgumentException.class, () -> BatchNorm.of(g, b, -1e-3), "eps = -0.001");
        assertFails(IllegalArgumentException.class, () -> BatchNorm.of(g, b, Double.NaN), "eps = NaN");
        assertFails(IllegalArgumentException.class, () -> BatchNorm.of(Matrix.zeros(2, 2), b, EPS),
                "gamma is 2 x 2", "d x 1");
        assertFails(IllegalArgumentException.class, () -> BatchNorm.of(g, Matrix.column(0, 0, 0), EPS),
                "beta is 3 x 1", "gamma is 2 x 1");
        assertFails(IllegalArgumentException.class, () -> BatchNorm.of(g, Matrix.row(0, 0), EPS), "beta is 1 x 2");
        assertFails(IllegalArgumentException.class, () -> BatchNorm.centering(g, Matrix.column(0.0)), "BatchNorm.centering");
        assertFails(NullPointerException.class, () -> BatchNorm.of(null, b, EPS), "gamma is null");
        assertFails(IllegalArgumentException.class, () -> BatchNorm.ofFeatures(0, EPS), "d = 0");
        BatchNorm layer = BatchNorm.of(g, b, EPS);
        assertFails(IllegalArgumentException.class, () -> layer.withMomentum(1.5), "momentum = 1.5");
        assertFails(IllegalArgumentException.class, () -> layer.withMomentum(Double.NaN), "momentum = NaN");
    }

    @Test
    void badInputsToForwardAndBackwardFailWithClearMessages() {
        BatchNorm layer = BatchNorm.ofFeatures(2, EPS);
        assertFails(IllegalStateException.class, () -> layer.backward(Matrix.zeros(2, 3)),
                "BatchNorm.backward", "no forward pass");
        assertFails(IllegalArgumentException.class, () -> layer.forward(Matrix.zeros(3, 4), true),
                "BatchNorm.forward", "X is 3 x 4", "2 features");
        assertFails(IllegalArgumentException.class, () -> layer.forward(Matrix.zeros(2, 1), true),
                "at least 2", "2 x 1", "variance is 0");
        assertFails(IllegalArgumentException.class,
                () -> layer.forward(withNaN(), true), "X[0,0] is NaN");
        layer.forward(Matrix.zeros(2, 4), true);
        assertFails(IllegalArgumentException.class, () -> layer.backward(Matrix.zeros(2, 3)),
                "dOut is 2 x 3", "2 x 4");
        assertFails(IllegalArgumentException.class,
                () -> layer.backward(Matrix.zeros(2, 4).map(v -> Double.POSITIVE_INFINITY)), "dOut[0,0] is Infinity");
        assertFails(NullPointerException.class, () -> layer.backward(Matrix.zeros(2, 4), null), "rule is null");
    }

    @Test
    void aConstantFeatureIsHandledByEps() {
        BatchNorm layer = BatchNorm.ofFeatures(1, EPS);
        Matrix Y = layer.forward(Matrix.row(3, 3, 3), true);
        assertEquals(Matrix.row(0, 0, 0), Y);
        // y = (x - mu)/sqrt(var + eps) with var quadratic in a perturbation of x: at a constant row the
        // gradient is (dY - mean(dY)) / sqrt(eps), finite thanks to eps.
        Matrix dY = Matrix.row(1, -2, 0.5);
        Matrix dX = layer.backward(dY).dX();
        assertClose(dY.plus(1.0 / 6).scale(1 / Math.sqrt(EPS)), dX, 1e-12, "dX at a constant row");
    }

    @Test
    void toStringTeachesTheFormula() {
        BatchNorm layer = BatchNorm.ofFeatures(3, EPS);
        layer.forward(Matrix.zeros(3, 2), true);
        String text = layer.toString();
        assertTrue(text.contains("d=3"), text);
        assertTrue(text.contains("sqrt(var + 1.0E-5)"), text);
        assertTrue(text.contains("1 training batch seen"), text);
        assertTrue(BatchNorm.centering(Matrix.column(1.0), Matrix.column(0.0)).toString().contains("centering only"));
        Gradients g = layer.backward(Matrix.zeros(3, 2));
        assertTrue(g.toString().contains("dGamma 3 x 1"), g.toString());
    }

    /** A 2 x 2 matrix holding a NaN at [0,0] (only the in-place setters can put one there). */
    private static Matrix withNaN() {
        Matrix m = Matrix.zeros(2, 2);
        m.setInPlace(0, 0, Double.NaN);
        return m;
    }
}
