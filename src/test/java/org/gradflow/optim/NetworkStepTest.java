package org.gradflow.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.gradflow.tensor.Matrix;
import org.junit.jupiter.api.Test;

/**
 * Optimizers on a network's parameter list {@code [W(1), b(1), ...]} do exactly what they do on the flat vector
 * of the same entries, updating the live matrices in place.
 */
class NetworkStepTest {

    /** Targets of the loss {@code L = 1/2 sum_k ||P_k - P*_k||^2 + 1/2 (P_0[0,0])^4 / 2}. */
    private static final List<Matrix> TARGET = List.of(
            Matrix.of(new double[][] {{1, -2, 0.5}, {0, 3, -1}}), Matrix.column(0.25, -0.75));

    private static List<Matrix> freshParams() {
        return new ArrayList<>(List.of(Matrix.zeros(2, 3), Matrix.column(1, 1)));
    }

    /** {@code dL/dP_k = P_k - P*_k}, plus {@code x^3} on entry W[0,0] so the gradient is not linear. */
    private static List<Matrix> gradientAt(List<Matrix> params) {
        List<Matrix> grads = new ArrayList<>();
        for (int k = 0; k < params.size(); k++) {
            grads.add(params.get(k).minus(TARGET.get(k)));
        }
        double w = params.get(0).get(0, 0);
        grads.get(0).setInPlace(0, 0, grads.get(0).get(0, 0) + w * w * w);
        return grads;
    }

    /** The same loss on the flat vector (W row by row, then b). */
    private static final Function<double[], double[]> FLAT = phi -> {
        List<Matrix> params = List.of(Matrix.of(2, 3, java.util.Arrays.copyOfRange(phi, 0, 6)),
                Matrix.column(java.util.Arrays.copyOfRange(phi, 6, 8)));
        List<Matrix> grads = gradientAt(params);
        double[] g = new double[8];
        System.arraycopy(grads.get(0).toRowMajor(), 0, g, 0, 6);
        System.arraycopy(grads.get(1).toRowMajor(), 0, g, 6, 2);
        return g;
    };

    private static double[] flat(List<Matrix> params) {
        double[] out = new double[8];
        System.arraycopy(params.get(0).toRowMajor(), 0, out, 0, 6);
        System.arraycopy(params.get(1).toRowMajor(), 0, out, 6, 2);
        return out;
    }

    @Test
    void stepWithGradientsMatchesTheFlatPathAndUpdatesInPlace() {
        for (Optimizer opt : List.of(new GradientDescent(0.1), new Momentum(0.1, 0.9), new Adam(0.05),
                new RmsProp(0.01), new AdaGrad(0.1), new NormalizedGradient(0.05), Nesterov.pytorchStyle(0.1, 0.9))) {
            List<Matrix> params = freshParams();
            Matrix W = params.get(0);
            double[][] expected = opt.path(FLAT, flat(params), 3);
            opt.reset();
            for (int k = 1; k <= 3; k++) {
                opt.step(params, gradientAt(params));
                assertArrayEquals(expected[k], flat(params), 1e-12, opt + " step " + k);
            }
            assertSame(W, params.get(0));
            assertEquals(3, opt.steps());
        }
    }

    @Test
    void nesterovRefusesGradientsTakenAtTheCurrentPoint() {
        Nesterov nesterov = new Nesterov(0.1, 0.9);
        List<Matrix> params = freshParams();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> nesterov.step(params, gradientAt(params)));
        assertTrue(e.getMessage().contains("Nesterov(lr=0.1, beta=0.9)"), e.getMessage());
        assertTrue(e.getMessage().contains("step(params, gradientAt)"), e.getMessage());
    }

    @Test
    void nesterovWithAGradientFunctionMatchesTheFlatPath() {
        Nesterov nesterov = new Nesterov(0.1, 0.9);
        List<Matrix> params = freshParams();
        double[][] expected = nesterov.path(FLAT, flat(params), 3);
        nesterov.reset();
        for (int k = 1; k <= 3; k++) {
            nesterov.step(params, NetworkStepTest::gradientAt);
            assertArrayEquals(expected[k], flat(params), 1e-12, "step " + k);
        }
    }

    @Test
    void theGradientFunctionSeesTheLiveParametersAtTheLookAheadPoint() {
        Nesterov nesterov = new Nesterov(0.1, 0.9);
        List<Matrix> params = freshParams();
        nesterov.step(params, NetworkStepTest::gradientAt);
        double[] phi = flat(params);
        double[] m = nesterov.m();
        List<double[]> seen = new ArrayList<>();
        nesterov.step(params, at -> {
            assertSame(params.get(0), at.get(0));
            seen.add(flat(at));
            return gradientAt(at);
        });
        for (int i = 0; i < phi.length; i++) {
            assertEquals(phi[i] - 0.1 * 0.9 * m[i], seen.get(0)[i], 1e-15);
        }
    }

    @Test
    void changingShapesBetweenStepsIsAnErrorUntilReset() {
        Momentum momentum = new Momentum(0.1, 0.9);
        List<Matrix> params = freshParams();
        momentum.step(params, gradientAt(params));
        List<Matrix> other = List.of(Matrix.zeros(3, 2), Matrix.column(1, 1));
        List<Matrix> otherGrads = List.of(Matrix.zeros(3, 2), Matrix.column(1, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> momentum.step(other, otherGrads));
        assertTrue(e.getMessage().contains("[3 x 2, 2 x 1]") && e.getMessage().contains("[2 x 3, 2 x 1]"),
                e.getMessage());
        momentum.reset();
        momentum.step(other, otherGrads);
        assertEquals(1, momentum.steps());
    }

    @Test
    void gradientsMustMatchTheParametersInNumberAndShape() {
        Adam adam = new Adam(0.01);
        List<Matrix> params = freshParams();
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> adam.step(params, List.of(Matrix.zeros(2, 3))));
        assertTrue(count.getMessage().contains("1 gradient matrices for 2 parameter matrices"), count.getMessage());
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> adam.step(params, List.of(Matrix.zeros(2, 3), Matrix.zeros(1, 2))));
        assertTrue(shape.getMessage().contains("gradient 1 has shape 1 x 2 but parameter 1 is 2 x 1"),
                shape.getMessage());
    }

    @Test
    void aNaNGradientFailsAndLeavesTheParametersAsTheyWere() {
        Nesterov nesterov = new Nesterov(0.1, 0.9);
        List<Matrix> params = freshParams();
        nesterov.step(params, NetworkStepTest::gradientAt);
        double[] before = flat(params);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> nesterov.step(params,
                at -> List.of(Matrix.zeros(2, 3), nanColumn())));
        assertTrue(e.getMessage().contains("Nesterov(lr=0.1, beta=0.9)") && e.getMessage().contains("NaN"),
                e.getMessage());
        assertArrayEquals(before, flat(params), 0);
        assertEquals(1, nesterov.steps());
    }

    /** A 2 x 1 column of NaN, as a broken gradient function could hand back (set in place: map refuses to make NaN). */
    private static Matrix nanColumn() {
        Matrix m = Matrix.zeros(2, 1);
        m.setFromRowMajorInPlace(new double[] {Double.NaN, Double.NaN});
        return m;
    }
}
