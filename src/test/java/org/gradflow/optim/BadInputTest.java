package org.gradflow.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad hyper-parameters and bad gradients fail at once with messages naming the optimizer and the value. */
class BadInputTest {

    private static void fails(String expectedText, Executable action) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action);
        assertTrue(e.getMessage().contains(expectedText), "\"" + e.getMessage() + "\" should contain \""
                + expectedText + "\"");
    }

    @Test
    void learningRateMustBeFiniteAndPositive() {
        fails("GradientDescent: learning rate lr = 0.0", () -> new GradientDescent(0));
        fails("Momentum: learning rate lr = -0.1", () -> new Momentum(-0.1, 0.9));
        fails("Nesterov: learning rate lr = NaN", () -> new Nesterov(Double.NaN, 0.9));
        fails("Adam: learning rate lr = Infinity", () -> new Adam(Double.POSITIVE_INFINITY));
        fails("RmsProp: learning rate lr = 0.0", () -> new RmsProp(0));
        fails("AdaGrad: learning rate lr = 0.0", () -> new AdaGrad(0));
        fails("NormalizedGradient: learning rate lr = 0.0", () -> new NormalizedGradient(0));
    }

    @Test
    void betasMustLieInZeroToOne() {
        fails("Momentum: beta = 1.0", () -> new Momentum(0.1, 1));
        fails("Momentum: mu = -0.5", () -> Momentum.pytorchStyle(0.1, -0.5));
        fails("Nesterov: beta = NaN", () -> new Nesterov(0.1, Double.NaN));
        fails("Adam: beta1 = 1.0", () -> new Adam(0.1, 1, 0.999, 1e-8, true));
        fails("Adam: beta2 = 1.5", () -> new Adam(0.1, 0.9, 1.5, 1e-8, true));
        fails("RmsProp: rho = 1.0", () -> new RmsProp(0.1, 1, 1e-8));
        new Momentum(0.1, 0);
    }

    @Test
    void epsMustBePositive() {
        fails("Adam: eps = 0.0", () -> new Adam(0.1, 0.9, 0.999, 0, true));
        fails("RmsProp: eps = -1.0", () -> new RmsProp(0.1, 0.9, -1));
        fails("AdaGrad: eps = NaN", () -> new AdaGrad(0.1, Double.NaN));
        fails("NormalizedGradient: eps = 0.0", () -> new NormalizedGradient(0.1, 0));
    }

    @Test
    void negativeStepsAreRejectedAndZeroStepsGiveJustTheStart() {
        fails("Adam(lr=0.1, beta1=0.9, beta2=0.999, eps=1e-8, biasCorrection=on).path: steps = -1",
                () -> new Adam(0.1).path(TestFunctions.SQUARE, new double[] {1}, -1));
        double[][] path = new Adam(0.1).path(TestFunctions.SQUARE, new double[] {1, 2}, 0);
        assertEquals(1, path.length);
        assertArrayEquals(new double[] {1, 2}, path[0]);
    }

    @Test
    void gradientOfTheWrongLengthIsRejected() {
        fails("the gradient has 1 entries but there are 2 parameters",
                () -> new Momentum(0.1, 0.9).path(x -> new double[] {1}, new double[2], 1));
        fails("the gradient has no entries (null)",
                () -> new GradientDescent(0.1).path(x -> null, new double[2], 1));
    }

    @Test
    void nanGradientNamesTheOptimizerTheEntryAndTheValue() {
        fails("Adam(lr=0.1, beta1=0.9, beta2=0.999, eps=1e-8, biasCorrection=on).step: gradient entry 1 is NaN"
                        + " at step 2",
                () -> new Adam(0.1).path(x -> new double[] {1, x[0] < -0.15 ? Double.NaN : 1}, new double[2], 3));
        fails("gradient entry 0 is Infinity",
                () -> new RmsProp(0.1).path(x -> new double[] {Double.POSITIVE_INFINITY}, new double[1], 1));
    }

    @Test
    void nonFiniteStartIsRejected() {
        fails("start entry 0 is NaN", () -> new GradientDescent(0.1).path(TestFunctions.SQUARE,
                new double[] {Double.NaN}, 1));
    }

    @Test
    void changingTheNumberOfParametersNeedsAReset() {
        Momentum momentum = new Momentum(0.1, 0.9);
        momentum.step(new double[2], TestFunctions.SQUARE);
        fails("3 parameters, but the state holds 2", () -> momentum.step(new double[3], TestFunctions.SQUARE));
        momentum.reset();
        momentum.step(new double[3], TestFunctions.SQUARE);
    }

    @Test
    void stepReturnsNewParametersAndLeavesTheInputAlone() {
        double[] phi = {1, 2};
        double[] next = new GradientDescent(0.25).step(phi, TestFunctions.SQUARE);
        assertArrayEquals(new double[] {1, 2}, phi);
        assertArrayEquals(new double[] {0.5, 1}, next);
        assertNotSame(phi, next);
    }

    @Test
    void pathsAreReproducibleAndStartFromAFreshState() {
        List<Supplier<Optimizer>> makers = List.of(() -> new Momentum(0.05, 0.9), () -> new Nesterov(0.05, 0.9),
                () -> new Adam(0.05), () -> new RmsProp(0.05), () -> new AdaGrad(0.5));
        for (Supplier<Optimizer> make : makers) {
            Optimizer opt = make.get();
            double[][] first = opt.path(TestFunctions.ROSENBROCK, new double[] {-1, 1.5}, 50);
            double[][] again = opt.path(TestFunctions.ROSENBROCK, new double[] {-1, 1.5}, 50);
            double[][] other = make.get().path(TestFunctions.ROSENBROCK, new double[] {-1, 1.5}, 50);
            assertEquals(51, first.length);
            assertArrayEquals(new double[] {-1, 1.5}, first[0]);
            for (int k = 0; k <= 50; k++) {
                assertArrayEquals(first[k], again[k], 0, opt + " row " + k);
                assertArrayEquals(first[k], other[k], 0, opt + " row " + k);
            }
            assertEquals(50, opt.steps());
        }
    }

    @Test
    void toStringsTeachTheRule() {
        assertEquals("GradientDescent(lr=0.1)", new GradientDescent(0.1).toString());
        assertEquals("Nesterov(lr=0.01, beta=0.95)", new Nesterov(0.01, 0.95).toString());
        assertEquals("Nesterov.pytorchStyle(lr=0.01, mu=0.9)", Nesterov.pytorchStyle(0.01, 0.9).toString());
        assertEquals("Momentum.pytorchStyle(lr=0.01, mu=0.9)", Momentum.pytorchStyle(0.01, 0.9).toString());
        assertEquals("RmsProp(lr=0.001, rho=0.9, eps=1e-8)", new RmsProp(0.001).toString());
        assertEquals("AdaGrad(lr=0.5, eps=1e-8)", new AdaGrad(0.5).toString());
        assertEquals("NormalizedGradient(lr=2, eps=1e-8)", new NormalizedGradient(2).toString());
    }
}
