package org.gradflow.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.gradflow.tensor.Matrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LossTest {

    static java.util.List<Loss> losses() {
        return Loss.builtIns();
    }

    @Test
    void softmaxColumnsArePositiveAndSumToOne() {
        Matrix A = Matrix.of(new double[][] {{1, -2, 0}, {3, 0.5, 0}, {-1, 7, 0}});
        Matrix Y = Loss.CROSS_ENTROPY.output(A);
        for (int j = 0; j < 3; j++) {
            double sum = 0;
            for (int k = 0; k < 3; k++) {
                assertTrue(Y.get(k, j) > 0);
                sum += Y.get(k, j);
            }
            assertEquals(1.0, sum, 1e-15);
        }
        assertEquals(1.0 / 3, Y.get(0, 2), 1e-15);
        // y_0 / y_1 = e^(a_0 - a_1)
        assertEquals(Math.exp(1 - 3), Y.get(0, 0) / Y.get(1, 0), 1e-14);
    }

    @Test
    void softmaxAndLossAreStableForHugeLogits() {
        Matrix A = Matrix.column(1000, 1001);
        Matrix Y = Loss.CROSS_ENTROPY.output(A);
        assertEquals(1 / (1 + Math.E), Y.get(0, 0), 1e-15);
        // L = -log y_0 = log(1 + e) when the target is class 0.
        double L = Loss.CROSS_ENTROPY.mean(A, Matrix.column(1, 0));
        assertEquals(Math.log(1 + Math.E), L, 1e-12);
        // a very wrong prediction gives a large finite loss, not infinity
        assertEquals(2000.0, Loss.CROSS_ENTROPY.mean(Matrix.column(-1000, 1000), Matrix.column(1, 0)), 1e-9);
    }

    @Test
    void crossEntropyOfUniformPredictionIsLogK() {
        Matrix A = Matrix.zeros(4, 2);
        Matrix T = Network.oneHot(new int[] {3, 1}, 4);
        assertEquals(Math.log(4), Loss.CROSS_ENTROPY.mean(A, T), 1e-15);
    }

    @Test
    void batchLossIsTheMeanOfPerExampleLosses() {
        Matrix A = Matrix.of(new double[][] {{1, 2}, {0, -1}});
        Matrix T = Network.oneHot(new int[] {0, 1}, 2);
        double l0 = Math.log(1 + Math.exp(-1));
        double l1 = Math.log(1 + Math.exp(3));
        Matrix per = Loss.CROSS_ENTROPY.perExample(A, T);
        assertEquals(l0, per.get(0, 0), 1e-14);
        assertEquals(l1, per.get(0, 1), 1e-14);
        assertEquals((l0 + l1) / 2, Loss.CROSS_ENTROPY.mean(A, T), 1e-14);
        // MSE: half the squared error per example, then the mean
        Matrix Tr = Matrix.of(new double[][] {{0, 0}, {0, 1}});
        assertEquals((0.5 * (1 * 1 + 0 * 0) + 0.5 * (2 * 2 + 2 * 2)) / 2, Loss.MSE.mean(A, Tr), 1e-14);
    }

    /** delta = y - t is the derivative of one example's loss with respect to its logits. */
    @ParameterizedTest
    @MethodSource("losses")
    void deltaIsYMinusTAndMatchesFiniteDifferences(Loss loss) {
        Random rnd = new Random(7);
        int K = 5;
        double[] a = new double[K];
        for (int k = 0; k < K; k++) {
            a[k] = 3 * rnd.nextGaussian();
        }
        Matrix A = Matrix.column(a);
        Matrix T = loss == Loss.CROSS_ENTROPY ? Matrix.column(0.1, 0.0, 0.6, 0.3, 0.0) : Matrix.column(1, -2, 0.5, 0, 3);
        Matrix delta = loss.delta(loss.output(A), T);
        double h = 1e-6;
        for (int k = 0; k < K; k++) {
            double[] plus = a.clone();
            double[] minus = a.clone();
            plus[k] += h;
            minus[k] -= h;
            double numeric = (loss.mean(Matrix.column(plus), T) - loss.mean(Matrix.column(minus), T)) / (2 * h);
            assertEquals(numeric, delta.get(k, 0), 1e-8, loss + " delta_" + k);
            assertEquals(loss.output(A).get(k, 0) - T.get(k, 0), delta.get(k, 0), 0.0);
        }
    }

    @Test
    void crossEntropyRejectsTargetsThatAreNotDistributions() {
        Matrix A = Matrix.zeros(3, 2);
        IllegalArgumentException sum = assertThrows(IllegalArgumentException.class,
                () -> Loss.CROSS_ENTROPY.mean(A, Matrix.of(new double[][] {{1, 1}, {0, 1}, {0, 0}})));
        assertTrue(sum.getMessage().contains("column 1 of T sums to 2"), sum.getMessage());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> Loss.CROSS_ENTROPY.delta(A, Matrix.of(new double[][] {{1.5, 1}, {-0.5, 0}, {0, 0}})));
        assertTrue(negative.getMessage().contains("T[0,0] = 1.5"), negative.getMessage());
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> Loss.MSE.mean(A, Matrix.zeros(2, 3)));
        assertTrue(shape.getMessage().contains("T is 2 x 3 but the output Y is 3 x 2"), shape.getMessage());
    }

    @Test
    void namesTellOutputAndLoss() {
        assertEquals("softmax + cross-entropy", Loss.CROSS_ENTROPY.toString());
        assertEquals("identity", Loss.MSE.outputName());
    }
}
