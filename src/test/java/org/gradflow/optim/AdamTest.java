package org.gradflow.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Adam's bias correction: what the raw moments miss at the start and how the correction removes it. */
class AdamTest {

    @Test
    void withCorrectionTheFirstStepIsTheLearningRatePerCoordinate() {
        double lr = 0.001;
        double[][] path = new Adam(lr).path(TestFunctions.constant(5, -0.02, 300), new double[3], 1);
        assertArrayEquals(new double[] {-lr, lr, -lr}, path[1], 1e-9);
    }

    @Test
    void withoutCorrectionTheFirstStepIsOffByExactlyTheFactorTheCorrectionRemoves() {
        double lr = 0.001;
        double beta1 = 0.9;
        double beta2 = 0.999;
        double[] c = {5, -0.02, 300};
        double[] on = new Adam(lr, beta1, beta2, 1e-12, true).path(TestFunctions.constant(c), new double[3], 1)[1];
        double[] off = new Adam(lr, beta1, beta2, 1e-12, false).path(TestFunctions.constant(c), new double[3], 1)[1];
        // m~ / sqrt(v~) = (m / (1 - beta1)) / sqrt(v / (1 - beta2)), so off / on = (1 - beta1) / sqrt(1 - beta2)
        double factor = (1 - beta1) / Math.sqrt(1 - beta2);
        for (int i = 0; i < c.length; i++) {
            assertEquals(factor, off[i] / on[i], 1e-6);
            assertEquals(lr * factor, Math.abs(off[i]), 1e-9);
        }
        // with the usual betas the uncorrected first step is about 3.16 times too large
        assertEquals(3.1623, factor, 1e-4);
    }

    @Test
    void rawMomentsOfAConstantGradientAreShrunkByOneMinusBetaToTheStep() {
        double g = 4;
        Adam adam = new Adam(0.01).track(0);
        adam.path(TestFunctions.constant(g), new double[] {0}, 5);
        List<Adam.Moments> history = adam.history();
        assertEquals(5, history.size());
        for (Adam.Moments mo : history) {
            int k = mo.step();
            assertEquals(g, mo.g(), 0);
            assertEquals((1 - Math.pow(0.9, k)) * g, mo.m(), 1e-12);
            assertEquals((1 - Math.pow(0.999, k)) * g * g, mo.v(), 1e-12);
            assertEquals(g, mo.mHat(), 1e-12);
            assertEquals(g * g, mo.vHat(), 1e-10);
        }
        assertEquals(List.of(1, 2, 3, 4, 5), history.stream().map(Adam.Moments::step).toList());
    }

    @Test
    void withoutCorrectionTheHistoryShowsTheRawMoments() {
        Adam adam = new Adam(0.01, 0.9, 0.999, 1e-8, false).track(1);
        adam.path(TestFunctions.constant(0, 2), new double[2], 3);
        for (Adam.Moments mo : adam.history()) {
            assertEquals(mo.m(), mo.mHat(), 0);
            assertEquals(mo.v(), mo.vHat(), 0);
            assertTrue(mo.m() < 2);
        }
    }

    @Test
    void momentVectorsAreTheRawAverages() {
        Adam adam = new Adam(0.01);
        adam.path(TestFunctions.constant(1, -2), new double[2], 2);
        // m = (1 - 0.9^2) g, v = (1 - 0.999^2) g^2
        assertArrayEquals(new double[] {0.19, -0.38}, adam.m(), 1e-12);
        assertArrayEquals(new double[] {0.001999, 0.001999 * 4}, adam.v(), 1e-12);
        // m~ = m / (1 - 0.9^2) = g, v~ = v / (1 - 0.999^2) = g^2
        assertArrayEquals(new double[] {1, -2}, adam.mHat(), 1e-12);
        assertArrayEquals(new double[] {1, 4}, adam.vHat(), 1e-12);
        adam.reset();
        assertEquals(0, adam.m().length);
        assertEquals(0, adam.mHat().length);
    }

    @Test
    void historyNeedsATrackedElement() {
        Adam adam = new Adam(0.01);
        adam.path(TestFunctions.constant(1), new double[1], 2);
        IllegalStateException e = assertThrows(IllegalStateException.class, adam::history);
        assertTrue(e.getMessage().contains("track(index)"), e.getMessage());
    }

    @Test
    void trackingAnElementThatDoesNotExistFails() {
        Adam adam = new Adam(0.01).track(5);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> adam.path(TestFunctions.constant(1, 1), new double[2], 1));
        assertTrue(e.getMessage().contains("tracked element 5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Adam(0.01).track(-1));
    }

    @Test
    void toStringNamesEveryHyperParameter() {
        assertEquals("Adam(lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8, biasCorrection=on)",
                new Adam(0.001).toString());
        assertEquals("Adam(lr=0.01, beta1=0.8, beta2=0.99, eps=1e-6, biasCorrection=off)",
                new Adam(0.01, 0.8, 0.99, 1e-6, false).toString());
    }
}
