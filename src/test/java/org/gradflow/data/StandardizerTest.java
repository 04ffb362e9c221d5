package org.gradflow.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gradflow.tensor.Matrix;
import org.junit.jupiter.api.Test;

/** Per-feature standardization, including constant features. */
class StandardizerTest {

    @Test
    void standardizesEachRowByHand() {
        // row 0: 1, 3 -> mean 2, std 1 -> -1, 1; row 1: 4, 4 -> constant, centred to 0
        Standardizer s = Standardizer.fit(Matrix.of(new double[][] {{1, 3}, {4, 4}}));
        assertEquals(Matrix.column(2, 4), s.mean());
        assertEquals(Matrix.column(1, 0), s.std());
        assertEquals(Matrix.of(new double[][] {{-1, 1}, {0, 0}}), s.apply(Matrix.of(new double[][] {{1, 3}, {4, 4}})));
        assertEquals(Matrix.column(3, 1), s.apply(Matrix.column(5, 5)));
        assertEquals("Standardizer(2 features, 1 constant)", s.toString());
    }

    @Test
    void theDigitsHaveConstantPixelsThatBecomeZero() {
        DataSet digits = Digits.load();
        Standardizer s = Standardizer.fit(digits.X());
        DataSet z = s.apply(digits);
        assertEquals(0.0, s.std().get(0, 0), "pixel_0_0 is blank in every image");
        for (int i = 0; i < 64; i++) {
            double[] row = z.X().toArray()[i];
            double mean = java.util.Arrays.stream(row).average().orElseThrow();
            double meanSquare = java.util.Arrays.stream(row).map(x -> x * x).average().orElseThrow();
            assertEquals(0, mean, 1e-9);
            assertEquals(s.std().get(i, 0) == 0 ? 0 : 1, meanSquare, 1e-9);
        }
    }

    @Test
    void featureCountMustMatch() {
        Standardizer s = Standardizer.fit(Matrix.zeros(3, 4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.apply(Matrix.zeros(2, 4)));
        assertTrue(e.getMessage().contains("X is 2 x 4 but the standardizer was fitted on 3 features"), e.getMessage());
    }
}
