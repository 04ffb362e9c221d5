package org.gradflow.data;

import java.util.Objects;
import java.util.Random;
import java.util.function.IntUnaryOperator;
import org.gradflow.tensor.Matrix;

/**
 * Small generated data sets for pictures and experiments. Every generator draws from the {@link Random} it is
 * given, so the same seed gives the same data; examples come ordered by class (shuffle with
 * {@link DataSet#batches} or {@link DataSet#split}). {@code noise} is the standard deviation of Gaussian noise
 * added to each coordinate.
 */
public final class Synthetic {

    private Synthetic() {
    }

    /**
     * Two interleaved spirals in the plane, {@code perClass} points each (classes 0 and 1): point {@code k} of
     * class 0 is at angle {@code theta = 3 pi k / perClass} and radius {@code theta / (3 pi)},
     * class 1 is class 0 rotated by 180 degrees.
     */
    public static DataSet twoSpirals(int perClass, double noise, Random random) {
        check("twoSpirals", perClass, noise, random);
        return generate(2, perClass, 2, (k, c) -> {
            double theta = 3 * Math.PI * k / perClass;
            double r = theta / (3 * Math.PI);
            double sign = c == 0 ? 1 : -1;
            return new double[] {sign * r * Math.cos(theta), sign * r * Math.sin(theta)};
        }, c -> c, 2, noise, random);
    }

    /**
     * Two interleaving half circles ("moons"), {@code perClass} points each: class 0 on
     * {@code (cos theta, sin theta)}, class 1 on {@code (1 - cos theta, 1/2 - sin theta)}, {@code theta} evenly
     * spaced in [0, pi].
     */
    public static DataSet twoMoons(int perClass, double noise, Random random) {
        check("twoMoons", perClass, noise, random);
        return generate(2, perClass, 2, (k, c) -> {
            double theta = perClass == 1 ? 0 : Math.PI * k / (perClass - 1);
            return c == 0 ? new double[] {Math.cos(theta), Math.sin(theta)}
                    : new double[] {1 - Math.cos(theta), 0.5 - Math.sin(theta)};
        }, c -> c, 2, noise, random);
    }

    /**
     * XOR: {@code perCorner} points around each corner {@code (+-1, +-1)} of the square; the label is 1 where
     * the signs differ ({@code x y < 0}), else 0, so no straight line separates the classes.
     */
    public static DataSet xor(int perCorner, double noise, Random random) {
        check("xor", perCorner, noise, random);
        double[][] corners = {{1, 1}, {-1, -1}, {1, -1}, {-1, 1}};
        return generate(4, perCorner, 2, (k, q) -> corners[q], q -> q < 2 ? 0 : 1, 2, noise, random);
    }

    /**
     * Gaussian blobs: {@code perClass} points around each of the {@code centers} (class {@code c} around
     * {@code centers[c]}), with standard deviation {@code spread} per coordinate.
     */
    public static DataSet blobs(double[][] centers, int perClass, double spread, Random random) {
        check("blobs", perClass, spread, random);
        Objects.requireNonNull(centers, "Synthetic.blobs: centers are null");
        if (centers.length < 2 || centers[0].length == 0) {
            throw new IllegalArgumentException("Synthetic.blobs: " + centers.length
                    + " centers; at least 2 non-empty centers are needed");
        }
        int d = centers[0].length;
        for (int c = 0; c < centers.length; c++) {
            if (centers[c].length != d) {
                throw new IllegalArgumentException("Synthetic.blobs: center " + c + " has " + centers[c].length
                        + " coordinates but center 0 has " + d);
            }
        }
        return generate(centers.length, perClass, d, (k, c) -> centers[c], c -> c, centers.length, spread, random);
    }

    /**
     * A noisy 1-D regression curve: {@code n} points with {@code x} uniform in [-1, 1] and
     * {@code t = }{@link #curve(double) curve(x)}{@code  + noise * N(0, 1)}; {@code X} and {@code T} are {@code 1 x n}.
     */
    public static DataSet regressionCurve(int n, double noise, Random random) {
        check("regressionCurve", n, noise, random);
        double[] x = new double[n];
        double[] t = new double[n];
        for (int j = 0; j < n; j++) {
            x[j] = 2 * random.nextDouble() - 1;
            t[j] = curve(x[j]) + noise * random.nextGaussian();
        }
        return DataSet.regression(Matrix.row(x), Matrix.row(t));
    }

    /** The noise-free curve of {@link #regressionCurve}: {@code sin(pi x) + x / 2}. */
    public static double curve(double x) {
        return Math.sin(Math.PI * x) + 0.5 * x;
    }

    /** Point {@code k} of group {@code g}, before noise. */
    private interface PointRule {
        double[] at(int k, int g);
    }

    /**
     * {@code perGroup} points of each group {@code g}: {@code rule.at(k, g)} plus Gaussian noise, labelled
     * {@code labelOf(g)}; example {@code g * perGroup + k}.
     */
    private static DataSet generate(int groups, int perGroup, int dims, PointRule rule, IntUnaryOperator labelOf,
                                    int classes, double noise, Random random) {
        int n = groups * perGroup;
        double[] X = new double[dims * n];
        int[] labels = new int[n];
        for (int g = 0; g < groups; g++) {
            for (int k = 0; k < perGroup; k++) {
                int j = g * perGroup + k;
                double[] p = rule.at(k, g);
                for (int i = 0; i < dims; i++) {
                    X[i * n + j] = p[i] + noise * random.nextGaussian();
                }
                labels[j] = labelOf.applyAsInt(g);
            }
        }
        return DataSet.classification(Matrix.of(dims, n, X), labels, classes);
    }

    private static void check(String op, int count, double noise, Random random) {
        Objects.requireNonNull(random, () -> "Synthetic." + op + ": random is null");
        if (count <= 0) {
            throw new IllegalArgumentException("Synthetic." + op + ": count " + count + " must be at least 1");
        }
        if (!(noise >= 0) || !Double.isFinite(noise)) {
            throw new IllegalArgumentException("Synthetic." + op + ": noise " + noise + " must be finite and >= 0");
        }
    }
}
