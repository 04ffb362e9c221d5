package org.gradflow.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gradflow.tensor.Matrix;
import org.junit.jupiter.api.Test;

class DenseTest {

    private final Matrix W = Matrix.of(new double[][] {{1, 2, 0}, {-1, 0, 3}});
    private final Matrix b = Matrix.column(0.5, -1);

    @Test
    void preActivationAddsTheBiasToEveryExample() {
        Dense layer = new Dense(W, b, Activation.RELU);
        Matrix Z = Matrix.of(new double[][] {{1, 0}, {1, 1}, {1, -1}});
        // column 0: (1 + 2 + 0.5, -1 + 3 - 1) = (3.5, 1); column 1: (2 + 0.5, -3 - 1) = (2.5, -4)
        assertTrue(layer.preActivation(Z).approxEquals(Matrix.of(new double[][] {{3.5, 2.5}, {1, -4}}), 1e-15));
        assertTrue(layer.forward(Z).approxEquals(Matrix.of(new double[][] {{3.5, 2.5}, {1, 0}}), 1e-15));
    }

    @Test
    void keepsItsMatricesAndCopiesOnRequest() {
        Dense layer = new Dense(W, b, Activation.TANH);
        assertSame(W, layer.W());
        assertSame(b, layer.b());
        assertEquals(3, layer.inputSize());
        assertEquals(2, layer.outputSize());
        Dense copy = layer.copy();
        assertNotSame(W, copy.W());
        assertEquals(W, copy.W());
        assertEquals("Dense(3 -> 2, tanh)", layer.toString());
    }

    @Test
    void rejectsBadShapes() {
        IllegalArgumentException bias = assertThrows(IllegalArgumentException.class,
                () -> new Dense(W, Matrix.column(1, 2, 3), Activation.RELU));
        assertTrue(bias.getMessage().contains("b is 3 x 1 but W is 2 x 3"), bias.getMessage());
        Dense layer = new Dense(W, b, Activation.RELU);
        IllegalArgumentException input = assertThrows(IllegalArgumentException.class,
                () -> layer.preActivation(Matrix.zeros(2, 4)));
        assertTrue(input.getMessage().contains("input has 2 rows (2 x 4) but W is 2 x 3"), input.getMessage());
    }
}
