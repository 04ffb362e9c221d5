package org.gradflow.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.gradflow.tensor.Matrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class InitTest {

    /** The variance each scheme promises, from its formula: uniform on (-s, s) has variance s^2 / 3. */
    private static double expectedVariance(Init init, int nOut, int nIn) {
        return switch (init) {
            case SMALL_UNIFORM -> 0.01 * 0.01 / 3;
            case SMALL_NORMAL -> 0.01 * 0.01;
            case XAVIER_UNIFORM -> 6.0 / (nIn + nOut) / 3;
            case XAVIER_NORMAL -> 2.0 / (nIn + nOut);
            case HE_UNIFORM -> 6.0 / nIn / 3;
            case HE_NORMAL -> 2.0 / nIn;
        };
    }

    @ParameterizedTest
    @EnumSource(Init.class)
    void weightsHaveTheVarianceOfTheirFormulaAndMeanZero(Init init) {
        int nOut = 200;
        int nIn = 300;
        Matrix W = init.weights(nOut, nIn, new Random(11));
        assertEquals(nOut + " x " + nIn, W.shape());
        double mean = W.sum() / W.size();
        double variance = W.hadamard(W).sum() / W.size() - mean * mean;
        double expected = expectedVariance(init, nOut, nIn);
        assertEquals(expected, variance, 0.03 * expected, init.toString());
        assertEquals(0.0, mean, 4 * Math.sqrt(expected / W.size()), init.toString());
    }

    @Test
    void uniformSchemesStayInsideTheirBounds() {
        Matrix W = Init.HE_UNIFORM.weights(50, 24, new Random(3));
        assertTrue(W.max() <= Math.sqrt(6.0 / 24) && W.scale(-1).max() <= Math.sqrt(6.0 / 24));
    }

    @Test
    void theSameSeedGivesTheSameNetwork() {
        int[] sizes = {5, 4, 3};
        Network a = Network.random(sizes, Activation.TANH, Init.XAVIER_UNIFORM, new Random(42));
        Network b = Network.random(sizes, Activation.TANH, Init.XAVIER_UNIFORM, new Random(42));
        Network c = Network.random(sizes, Activation.TANH, Init.XAVIER_UNIFORM, new Random(43));
        assertEquals(a.parameters(), b.parameters());
        assertNotEquals(a.parameters(), c.parameters());
        assertEquals(Matrix.zeros(4, 1), a.layer(1).b());
    }

    @Test
    void badShapesAndTextAreClear() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Init.HE_NORMAL.weights(0, 3, new Random(1)));
        assertTrue(e.getMessage().contains("0 x 3"), e.getMessage());
        assertEquals("HE_NORMAL: N(0, 2/n_in)", Init.HE_NORMAL.toString());
    }
}
