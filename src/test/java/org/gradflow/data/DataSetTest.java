package org.gradflow.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.gradflow.tensor.Matrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Data sets: targets, batches, batch plans, splits and their standardization. */
class DataSetTest {

    /** N examples whose feature 0 is the example's index and feature 1 is its square; labels j mod 3. */
    private static DataSet indexed(int n) {
        int[] labels = new int[n];
        double[] X = new double[2 * n];
        for (int j = 0; j < n; j++) {
            X[j] = j;
            X[n + j] = j * j;
            labels[j] = j % 3;
        }
        return DataSet.classification(Matrix.of(2, n, X), labels, 3);
    }

    private static void fails(String expectedText, Executable action) {
        RuntimeException e = assertThrows(RuntimeException.class, action);
        assertTrue(e.getMessage().contains(expectedText), "\"" + e.getMessage() + "\" should contain \""
                + expectedText + "\"");
    }

    @Test
    void oneHotPutsAOneInTheLabelsRow() {
        Matrix T = DataSet.oneHot(new int[] {2, 0, 1, 2}, 3);
        assertEquals(Matrix.of(new double[][] {{0, 1, 0, 0}, {0, 0, 1, 0}, {1, 0, 0, 1}}), T);
    }

    @Test
    void oneHotRejectsLabelsOutOfRange() {
        fails("label 3 of example 1 is outside 0..2", () -> DataSet.oneHot(new int[] {0, 3}, 3));
        fails("label -1 of example 0", () -> DataSet.oneHot(new int[] {-1}, 3));
        fails("classes = 1", () -> DataSet.oneHot(new int[] {0}, 1));
    }

    @Test
    void classificationNeedsOneLabelPerColumn() {
        fails("2 labels for X of shape 2 x 3", () -> DataSet.classification(Matrix.zeros(2, 3), new int[] {0, 1}, 2));
        fails("X is 2 x 3 but T is 1 x 2", () -> DataSet.regression(Matrix.zeros(2, 3), Matrix.zeros(1, 2)));
    }

    @Test
    void countsAndNames() {
        DataSet d = indexed(10);
        assertEquals(10, d.size());
        assertEquals(2, d.features());
        assertEquals(3, d.classes());
        assertEquals(3, d.outputs());
        assertArrayEquals(new int[] {4, 3, 3}, d.classCounts());
        assertEquals(List.of("x1", "x2"), d.featureNames());
        assertTrue(d.isClassification());
    }

    @Test
    void regressionHasNoLabels() {
        DataSet r = DataSet.regression(Matrix.row(1, 2, 3), Matrix.row(2, 4, 6));
        assertFalse(r.isClassification());
        assertEquals("DataSet(3 examples, 1 feature, 1 output)", r.toString());
        fails("regression data set", r::labels);
        fails("regression data set", r::classes);
    }

    @Test
    void batchTakesTheGivenExamplesInOrder() {
        DataSet b = indexed(10).batch(new int[] {7, 2, 7});
        assertArrayEquals(new double[] {7, 2, 7}, b.X().toArray()[0]);
        assertArrayEquals(new double[] {49, 4, 49}, b.X().toArray()[1]);
        assertArrayEquals(new int[] {1, 2, 1}, b.labels());
        assertEquals(DataSet.oneHot(new int[] {1, 2, 1}, 3), b.T());
        fails("example 10 is outside 0..9", () -> indexed(10).batch(new int[] {1, 10}));
        fails("no indices", () -> indexed(10).batch(new int[0]));
    }

    @Test
    void batchesCoverEveryExampleOncePerEpochWithASmallerLastBatch() {
        DataSet d = indexed(103);
        Random random = new Random(7);
        for (int epoch = 0; epoch < 3; epoch++) {
            List<int[]> plan = d.batches(10, random);
            assertEquals(11, plan.size());
            for (int k = 0; k < 10; k++) {
                assertEquals(10, plan.get(k).length);
            }
            assertEquals(3, plan.get(10).length);
            int[] all = plan.stream().flatMapToInt(Arrays::stream).sorted().toArray();
            assertArrayEquals(java.util.stream.IntStream.range(0, 103).toArray(), all);
        }
    }

    @Test
    void batchPlansAreShuffledAndReproducibleBySeed() {
        DataSet d = indexed(50);
        List<int[]> a = d.batches(8, new Random(1));
        List<int[]> b = d.batches(8, new Random(1));
        List<int[]> c = d.batches(8, new Random(2));
        for (int k = 0; k < a.size(); k++) {
            assertArrayEquals(a.get(k), b.get(k));
        }
        assertFalse(Arrays.equals(a.get(0), c.get(0)) && Arrays.equals(a.get(1), c.get(1)));
        int[] first = a.stream().flatMapToInt(Arrays::stream).toArray();
        assertFalse(Arrays.equals(java.util.stream.IntStream.range(0, 50).toArray(), first), "not shuffled");
        assertEquals(1, d.batches(50, new Random(1)).size());
    }

    @Test
    void batchSizeMustLieBetweenOneAndN() {
        fails("batch size 0 must lie in 1..50", () -> indexed(50).batches(0, new Random(1)));
        fails("batch size 51 must lie in 1..50", () -> indexed(50).batches(51, new Random(1)));
    }

    @Test
    void splitPartitionsTheExamples() {
        Split s = indexed(100).split(0.8, new Random(3));
        assertEquals(80, s.train().size());
        assertEquals(20, s.validation().size());
        List<Double> seen = new ArrayList<>();
        for (DataSet part : List.of(s.train(), s.validation())) {
            int[] labels = part.labels();
            double[] index = part.X().toArray()[0];
            for (int j = 0; j < part.size(); j++) {
                seen.add(index[j]);
                assertEquals((int) index[j] % 3, labels[j], "labels travel with their examples");
            }
        }
        assertEquals(100, seen.stream().distinct().count());
        assertTrue(s.transform().isEmpty());
    }

    @Test
    void splitIsReproducibleBySeed() {
        DataSet d = indexed(40);
        assertEquals(d.split(0.5, new Random(9)).train().X(), d.split(0.5, new Random(9)).train().X());
        assertNotEquals(d.split(0.5, new Random(9)).train().X(), d.split(0.5, new Random(10)).train().X());
    }

    @Test
    void splitFractionMustLieStrictlyBetweenZeroAndOne() {
        for (double f : new double[] {0, 1, -0.2, 1.5, Double.NaN}) {
            fails("fraction = " + f, () -> indexed(10).split(f, new Random(1)));
        }
        fails("leaves the validation part empty", () -> indexed(10).split(0.99, new Random(1)));
        fails("leaves the training part empty", () -> indexed(10).split(0.01, new Random(1)));
    }

    @Test
    void standardizingUsesTheTrainingStatisticsForBothParts() {
        Split raw = indexed(60).split(0.75, new Random(5));
        Split s = raw.standardize();
        double[][] train = raw.train().X().toArray();
        double[][] validation = raw.validation().X().toArray();
        for (int i = 0; i < 2; i++) {
            double mean = Arrays.stream(train[i]).average().orElseThrow();
            double var = Arrays.stream(train[i]).map(x -> (x - mean) * (x - mean)).average().orElseThrow();
            double[] z = s.train().X().toArray()[i];
            assertEquals(0, Arrays.stream(z).average().orElseThrow(), 1e-12);
            assertEquals(1, Arrays.stream(z).map(x -> x * x).average().orElseThrow(), 1e-12);
            double[] zv = s.validation().X().toArray()[i];
            for (int j = 0; j < zv.length; j++) {
                assertEquals((validation[i][j] - mean) / Math.sqrt(var), zv[j], 1e-9);
            }
            assertEquals(mean, s.transform().orElseThrow().mean().get(i, 0), 1e-9);
        }
        assertArrayEquals(raw.validation().labels(), s.validation().labels());
        fails("already standardized", s::standardize);
    }
}
