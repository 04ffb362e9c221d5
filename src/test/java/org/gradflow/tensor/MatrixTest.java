package org.gradflow.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MatrixTest {

    private static Matrix random(Random rnd, int r, int c) {
        return Matrix.build(r, c, (i, j) -> rnd.nextGaussian());
    }

    /** Textbook triple loop, the reference the tuned kernels are compared against. */
    private static double[][] naiveProduct(double[][] a, double[][] b) {
        double[][] c = new double[a.length][b[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b[0].length; j++) {
                for (int p = 0; p < b.length; p++) {
                    c[i][j] += a[i][p] * b[p][j];
                }
            }
        }
        return c;
    }

    @Test
    void timesMatchesHandComputedProduct() {
        Matrix a = Matrix.of(new double[][] {{1, 2}, {3, 4}});
        Matrix b = Matrix.of(new double[][] {{5, 6}, {7, 8}});
        assertArrayEquals(new double[][] {{19, 22}, {43, 50}}, a.times(b).toArray());
    }

    @Test
    void productsAgreeWithNaiveTripleLoopOnRandomShapes() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 20; trial++) {
            int n = 1 + rnd.nextInt(9), k = 1 + rnd.nextInt(9), m = 1 + rnd.nextInt(9);
            Matrix a = random(rnd, n, k);
            Matrix b = random(rnd, k, m);
            Matrix expected = Matrix.of(naiveProduct(a.toArray(), b.toArray()));
            assertTrue(a.times(b).approxEquals(expected, 1e-12));
            assertTrue(a.transpose().transposeTimes(b).approxEquals(expected, 1e-12));
            assertTrue(a.timesTranspose(b.transpose()).approxEquals(expected, 1e-12));
        }
    }

    @Test
    void transposeSwapsIndices() {
        Matrix a = Matrix.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
        assertArrayEquals(new double[][] {{1, 4}, {2, 5}, {3, 6}}, a.transpose().toArray());
    }

    @Test
    void elementWiseOperations() {
        Matrix a = Matrix.of(new double[][] {{1, 2}, {3, 4}});
        Matrix b = Matrix.of(new double[][] {{2, 0.5}, {-1, 1}});
        assertArrayEquals(new double[][] {{3, 2.5}, {2, 5}}, a.plus(b).toArray());
        assertArrayEquals(new double[][] {{-1, 1.5}, {4, 3}}, a.minus(b).toArray());
        assertArrayEquals(new double[][] {{2, 1}, {-3, 4}}, a.hadamard(b).toArray());
        assertArrayEquals(new double[][] {{-2, -4}, {-6, -8}}, a.scale(-2).toArray());
    }

    @Test
    void biasColumnBroadcastsOverTheBatchAndSumsBack() {
        Matrix a = Matrix.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
        Matrix b = Matrix.column(10, 20);
        assertArrayEquals(new double[][] {{11, 12, 13}, {24, 25, 26}}, a.plusColumn(b).toArray());
        assertArrayEquals(new double[][] {{6}, {15}}, a.rowSums().toArray());
        assertArrayEquals(new double[][] {{2}, {5}}, a.rowMeans().toArray());
        assertArrayEquals(new double[][] {{5, 7, 9}}, a.columnSums().toArray());
    }

    @Test
    void mathNeverModifiesItsInputs() {
        Matrix a = Matrix.of(new double[][] {{1, 2}, {3, 4}});
        Matrix before = a.copy();
        a.plus(a);
        a.times(a);
        a.scale(3);
        a.transpose();
        assertEquals(before, a);
    }

    @Test
    void inPlaceUpdateMutatesOnlyTheTarget() {
        Matrix w = Matrix.of(new double[][] {{1, 1}});
        Matrix g = Matrix.of(new double[][] {{2, 4}});
        w.addScaledInPlace(g, -0.5);
        assertArrayEquals(new double[][] {{0, -1}}, w.toArray());
        assertArrayEquals(new double[][] {{2, 4}}, g.toArray());
    }

    @Test
    void columnsPicksExamples() {
        Matrix x = Matrix.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
        assertArrayEquals(new double[][] {{3, 1}, {6, 4}}, x.columns(new int[] {2, 0}).toArray());
        assertArrayEquals(new int[] {1, 1, 1}, x.argmaxPerColumn());
    }

    @Test
    void shapeErrorsNameTheOperationAndBothShapes() {
        Matrix a = Matrix.zeros(2, 3);
        Matrix b = Matrix.zeros(2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.times(b));
        assertTrue(e.getMessage().contains("times") && e.getMessage().contains("2 x 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> a.plus(Matrix.zeros(3, 2)));
        assertTrue(e.getMessage().contains("plus") && e.getMessage().contains("3 x 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> a.plusColumn(Matrix.zeros(3, 1)));
        assertTrue(e.getMessage().contains("plusColumn"), e.getMessage());
    }

    @Test
    void oneHotPutsAOneInEachExamplesLabelRow() {
        assertArrayEquals(new double[][] {{0, 1, 0}, {0, 0, 0}, {1, 0, 1}}, Matrix.oneHot(new int[] {2, 0, 2}, 3).toArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Matrix.oneHot(new int[] {0, 3}, 3));
        assertTrue(e.getMessage().contains("label 3 of example 1 is outside 0..2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Matrix.oneHot(new int[0], 3));
    }

    @Test
    void finitenessIsReported() {
        assertTrue(Matrix.of(new double[][] {{1, 2}}).isFinite());
        Matrix overflow = Matrix.of(new double[][] {{1e308}}).scale(10);
        assertTrue(!overflow.isFinite());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> overflow.requireFinite("op"));
        assertTrue(e.getMessage().contains("op") && e.getMessage().contains("Infinity"), e.getMessage());
    }

    @Test
    void badConstructionInputsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Matrix.zeros(0, 3));
        assertThrows(IllegalArgumentException.class, () -> Matrix.of(new double[][] {{1, 2}, {3}}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Matrix.of(new double[][] {{1, Double.NaN}}));
        assertTrue(e.getMessage().contains("[0,1]") && e.getMessage().contains("NaN"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Matrix.column(Double.POSITIVE_INFINITY));
    }

    /** {@code W Z + b} in one operation equals the product followed by the broadcast, on every backend. */
    @Test
    void timesPlusColumnIsTheProductPlusTheBroadcastBias() {
        Random rnd = new Random(11);
        for (int[] shape : new int[][] {{1, 1, 1}, {3, 5, 2}, {128, 97, 64}, {10, 128, 7}}) {
            Matrix W = random(rnd, shape[0], shape[1]);
            Matrix Z = random(rnd, shape[1], shape[2]);
            Matrix b = random(rnd, shape[0], 1);
            Matrix expected = Matrix.of(naiveProduct(W.toArray(), Z.toArray())).plusColumn(b);
            assertTrue(W.timesPlusColumn(Z, b).approxEquals(expected, 1e-11 * shape[1]), W.shape() + " " + Z.shape());
        }
        Matrix W = Matrix.zeros(2, 3);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> W.timesPlusColumn(Matrix.zeros(4, 2), Matrix.zeros(2, 1)))
                .getMessage().contains("timesPlusColumn: cannot multiply 2 x 3 by 4 x 2"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> W.timesPlusColumn(Matrix.zeros(3, 2), Matrix.zeros(3, 1)))
                .getMessage().contains("timesPlusColumn: cannot add 3 x 1"));
    }

    @Test
    void reluAndHadamardStepFollowTheirDefinitionsWithReluPrimeOfZeroZero() {
        Matrix A = Matrix.of(new double[][] {{-2, 0, 3}, {-0.0, 1e-300, -1e-300}});
        Matrix G = Matrix.of(new double[][] {{5, 6, 7}, {8, 9, 10}});
        assertArrayEquals(new double[][] {{0, 0, 3}, {0, 1e-300, 0}}, A.relu().toArray());
        assertArrayEquals(new double[][] {{0, 0, 7}, {0, 9, 0}}, G.hadamardStep(A).toArray());
        Random rnd = new Random(12);
        Matrix B = random(rnd, 40, 30);
        Matrix H = random(rnd, 40, 30);
        Matrix step = B.map(v -> v > 0 ? 1 : 0);
        assertTrue(H.hadamardStep(B).approxEquals(step.hadamard(H), 0.0));
        assertTrue(B.relu().approxEquals(B.hadamard(step), 0.0));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> G.hadamardStep(Matrix.zeros(3, 2)))
                .getMessage().contains("hadamardStep: shapes differ, 2 x 3 and 3 x 2"));
    }

    /** A matrix once found finite remembers it, and forgets it when changed in place. */
    @Test
    void finitenessIsRecheckedAfterEveryChangeInPlace() {
        Matrix M = Matrix.of(new double[][] {{1, 2}, {3, 4}});
        assertTrue(M.isFinite());
        M.setInPlace(0, 1, Double.NaN);
        assertTrue(!M.isFinite());
        M.setInPlace(0, 1, 2);
        assertTrue(M.isFinite());
        M.addScaledInPlace(Matrix.filled(2, 2, Double.MAX_VALUE), 10);
        assertTrue(!M.isFinite());
        assertThrows(IllegalArgumentException.class, () -> M.requireFinite("test"));
        M.setInPlace(Matrix.zeros(2, 2));
        assertTrue(M.isFinite());
        M.setFromRowMajorInPlace(new double[] {1, Double.POSITIVE_INFINITY, 3, 4});
        assertTrue(!M.isFinite());
        assertTrue(!M.columns(new int[] {1}).isFinite());
        assertTrue(!M.copy().isFinite());
        Matrix built = Matrix.build(2, 2, (i, j) -> i == j ? Double.NaN : 1);
        assertTrue(!built.isFinite());
        assertTrue(!built.relu().isFinite());
    }
}
