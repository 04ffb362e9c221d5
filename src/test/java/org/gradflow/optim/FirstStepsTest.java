package org.gradflow.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/**
 * The first two steps of every rule, computed by hand on {@code f(x) = x^2} (gradient {@code 2x}) from
 * {@code x = 1} unless said otherwise.
 */
class FirstStepsTest {

    private static final double TOL = 1e-12;

    private static double[] xs(Optimizer opt, double start) {
        double[][] path = opt.path(TestFunctions.SQUARE, new double[] {start}, 2);
        return new double[] {path[0][0], path[1][0], path[2][0]};
    }

    @Test
    void gradientDescentStepsAgainstTheGradient() {
        // x1 = 1 - 0.1 * 2 = 0.8; x2 = 0.8 - 0.1 * 1.6 = 0.64
        assertArrayEquals(new double[] {1, 0.8, 0.64}, xs(new GradientDescent(0.1), 1), TOL);
    }

    @Test
    void gradientDescentOnTwoCoordinates() {
        // f = (x^2 + 10 y^2)/2, gradient (x, 10y): (2, 1) -> (2 - 0.1*2, 1 - 0.1*10) = (1.8, 0)
        double[][] path = new GradientDescent(0.1).path(TestFunctions.VALLEY, new double[] {2, 1}, 1);
        assertArrayEquals(new double[] {1.8, 0}, path[1], TOL);
    }

    @Test
    void momentumAveragesTheGradients() {
        // m1 = 0.1 * 2 = 0.2, x1 = 1 - 0.1 * 0.2 = 0.98
        // g = 1.96, m2 = 0.9 * 0.2 + 0.1 * 1.96 = 0.376, x2 = 0.98 - 0.0376 = 0.9424
        assertArrayEquals(new double[] {1, 0.98, 0.9424}, xs(new Momentum(0.1, 0.9), 1), TOL);
    }

    @Test
    void nesterovTakesTheGradientAtTheLookAheadPoint() {
        // step 1: m = 0, so the look-ahead is x itself: m1 = 0.2, x1 = 0.98 (as momentum)
        // step 2: look-ahead 0.98 - 0.1 * 0.9 * 0.2 = 0.962, g = 1.924,
        //         m2 = 0.9 * 0.2 + 0.1 * 1.924 = 0.3724, x2 = 0.98 - 0.03724 = 0.94276
        double[] nesterov = xs(new Nesterov(0.1, 0.9), 1);
        assertArrayEquals(new double[] {1, 0.98, 0.94276}, nesterov, TOL);
        double[] momentum = xs(new Momentum(0.1, 0.9), 1);
        assertEquals(momentum[1], nesterov[1], TOL);
        assertNotEquals(momentum[2], nesterov[2], 1e-4);
    }

    @Test
    void pytorchStyleMomentumHasNoDampingFactor() {
        // m1 = 2, x1 = 1 - 0.2 = 0.8; g = 1.6, m2 = 1.8 + 1.6 = 3.4, x2 = 0.8 - 0.34 = 0.46
        assertArrayEquals(new double[] {1, 0.8, 0.46}, xs(Momentum.pytorchStyle(0.1, 0.9), 1), TOL);
    }

    @Test
    void pytorchStyleNesterovAddsTheMomentumToTheCurrentGradient() {
        // g = 2, m1 = 2, x1 = 1 - 0.1 (2 + 0.9 * 2) = 0.62
        // g = 1.24, m2 = 1.8 + 1.24 = 3.04, x2 = 0.62 - 0.1 (1.24 + 0.9 * 3.04) = 0.2224
        assertArrayEquals(new double[] {1, 0.62, 0.2224}, xs(Nesterov.pytorchStyle(0.1, 0.9), 1), TOL);
    }

    @Test
    void normalizedGradientMovesEveryCoordinateByTheLearningRate() {
        // gradients of very different sizes, each coordinate moves by lr against the sign of its gradient
        double[][] path = new NormalizedGradient(0.1, 1e-12).path(TestFunctions.constant(1000, -0.001, 3), new double[3], 2);
        assertArrayEquals(new double[] {-0.1, 0.1, -0.1}, path[1], 1e-9);
        assertArrayEquals(new double[] {-0.2, 0.2, -0.2}, path[2], 1e-9);
    }

    @Test
    void rmsPropDividesByTheRootOfTheSquaredGradientAverage() {
        // step 1: v = 0.1 * 4 = 0.4, x1 = 1 - 0.01 * 2 / sqrt(0.4)
        double x1 = 1 - 0.01 * 2 / (Math.sqrt(0.4) + 1e-8);
        // step 2: g = 2 x1, v = 0.9 * 0.4 + 0.1 g^2
        double g = 2 * x1;
        double v = 0.36 + 0.1 * g * g;
        double x2 = x1 - 0.01 * g / (Math.sqrt(v) + 1e-8);
        assertArrayEquals(new double[] {1, x1, x2}, xs(new RmsProp(0.01), 1), TOL);
    }

    @Test
    void adaGradDividesByTheRootOfTheSumOfSquaredGradients() {
        // step 1: G = 4, x1 = 1 - 0.1 * 2 / 2 = 0.9; step 2: g = 1.8, G = 4 + 3.24 = 7.24, x2 = 0.9 - 0.18 / sqrt(7.24)
        double x2 = 0.9 - 0.1 * 1.8 / (Math.sqrt(7.24) + 1e-8);
        assertArrayEquals(new double[] {1, 0.9, x2}, xs(new AdaGrad(0.1), 1), 1e-9);
    }

    @Test
    void adamFirstTwoStepsWithBiasCorrection() {
        // step 1: g = 2, m = 0.2, v = 0.004, m~ = 0.2 / 0.1 = 2, v~ = 0.004 / 0.001 = 4, x1 = 1 - 0.1 * 2 / 2 = 0.9
        double x1 = 1 - 0.1 * 2 / (2 + 1e-8);
        // step 2: g = 1.8, m = 0.18 + 0.18 = 0.36, v = 0.999 * 0.004 + 0.001 * 3.24,
        //         m~ = m / (1 - 0.81), v~ = v / (1 - 0.998001)
        double g = 2 * x1;
        double m = 0.9 * 0.2 + 0.1 * g;
        double v = 0.999 * 0.004 + 0.001 * g * g;
        double x2 = x1 - 0.1 * (m / 0.19) / (Math.sqrt(v / (1 - 0.998001)) + 1e-8);
        assertArrayEquals(new double[] {1, x1, x2}, xs(new Adam(0.1), 1), TOL);
        assertEquals(0.80041, x2, 1e-5);
    }

    @Test
    void adamFirstTwoStepsWithoutBiasCorrection() {
        // step 1: x1 = 1 - 0.1 * 0.2 / sqrt(0.004)
        double x1 = 1 - 0.1 * 0.2 / (Math.sqrt(0.004) + 1e-8);
        double g = 2 * x1;
        double m = 0.9 * 0.2 + 0.1 * g;
        double v = 0.999 * 0.004 + 0.001 * g * g;
        double x2 = x1 - 0.1 * m / (Math.sqrt(v) + 1e-8);
        assertArrayEquals(new double[] {1, x1, x2}, xs(new Adam(0.1, 0.9, 0.999, 1e-8, false), 1), TOL);
    }

    @Test
    void learningRateScheduleScalesEachStep() {
        // constant gradient 1: steps of lr * 0.5^t = 0.1, 0.05, 0.025
        Optimizer gd = new GradientDescent(0.1).withSchedule(Schedule.exponential(0.5));
        double[][] path = gd.path(TestFunctions.constant(1), new double[] {0}, 3);
        assertArrayEquals(new double[] {0, -0.1, -0.15, -0.175},
                new double[] {path[0][0], path[1][0], path[2][0], path[3][0]}, TOL);
    }

    @Test
    void nesterovLooksAheadWithTheScheduledLearningRate() {
        // lr_0 = 0.1, lr_1 = 0.05: step 2 looks ahead to 0.98 - 0.05 * 0.9 * 0.2 = 0.971, g = 1.942,
        // m2 = 0.18 + 0.1942 = 0.3742, x2 = 0.98 - 0.05 * 0.3742
        Optimizer opt = new Nesterov(0.1, 0.9).withSchedule(Schedule.exponential(0.5));
        assertArrayEquals(new double[] {1, 0.98, 0.98 - 0.05 * 0.3742}, xs(opt, 1), TOL);
    }
}
