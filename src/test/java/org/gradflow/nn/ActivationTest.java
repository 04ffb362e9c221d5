package org.gradflow.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gradflow.tensor.Matrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ActivationTest {

    static java.util.List<Activation> activations() {
        return Activation.builtIns();
    }

    /** Points away from the kink at 0 (where relu and leaky relu have no derivative). */
    private static final double[] POINTS = {-3.7, -1.2, -0.3, 0.05, 0.4, 1.0, 2.5, 6.0};

    @ParameterizedTest
    @MethodSource("activations")
    void derivativeMatchesCentralDifferences(Activation f) {
        double h = 1e-6;
        for (double a : POINTS) {
            double numeric = (f.apply(a + h) - f.apply(a - h)) / (2 * h);
            assertEquals(numeric, f.derivative(a), 1e-8, f + "'(" + a + ")");
        }
    }

    @ParameterizedTest
    @MethodSource("activations")
    void matrixVersionsApplyTheScalarOnesEntryByEntry(Activation f) {
        Matrix A = Matrix.of(2, 4, POINTS);
        Matrix Z = f.apply(A);
        Matrix dZ = f.derivative(A);
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 4; j++) {
                assertEquals(f.apply(A.get(i, j)), Z.get(i, j), 0.0);
                assertEquals(f.derivative(A.get(i, j)), dZ.get(i, j), 0.0);
            }
        }
    }

    @Test
    void valuesAtHandComputedPoints() {
        assertEquals(0.5, Activation.SIGMOID.apply(0.0), 0.0);
        assertEquals(1 / (1 + Math.exp(-2)), Activation.SIGMOID.apply(2.0), 1e-15);
        assertEquals(0.25, Activation.SIGMOID.derivative(0.0), 0.0);
        assertEquals(0.0, Activation.TANH.apply(0.0), 0.0);
        assertEquals(1.0, Activation.TANH.derivative(0.0), 0.0);
        assertEquals(0.0, Activation.RELU.apply(-2.0), 0.0);
        assertEquals(3.0, Activation.RELU.apply(3.0), 0.0);
        assertEquals(-0.02, Activation.LEAKY_RELU.apply(-2.0), 1e-15);
        assertEquals(-2.0, Activation.IDENTITY.apply(-2.0), 0.0);
    }

    @Test
    void reluDerivativeAtZeroIsZeroByConvention() {
        assertEquals(0.0, Activation.RELU.derivative(0.0), 0.0);
        assertEquals(1.0, Activation.RELU.derivative(1e-300), 0.0);
        assertEquals(Activation.LEAKY_SLOPE, Activation.LEAKY_RELU.derivative(0.0), 0.0);
    }

    @Test
    void sigmoidSaturatesWithoutOverflow() {
        assertEquals(0.0, Activation.SIGMOID.apply(-1000), 0.0);
        assertEquals(1.0, Activation.SIGMOID.apply(1000), 0.0);
        assertEquals(0.0, Activation.SIGMOID.derivative(-1000), 0.0);
        assertTrue(Activation.SIGMOID.derivative(40) < 1e-17, "the vanishing gradient of a saturated sigmoid");
    }

    @Test
    void namesReadAsInLayerDescriptions() {
        assertEquals("relu", Activation.RELU.toString());
        assertEquals("sigmoid", Activation.SIGMOID.toString());
    }
}
