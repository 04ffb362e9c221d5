package org.gradflow.viz;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.DoubleBinaryOperator;

/**
 * A function of two variables sampled on a rectangular grid: {@code z[j][i] = f(x[i], y[j])}
 * (row j is the j-th y value). The input to {@link Contours#trace(Grid, double...)}.
 *
 * @param x increasing x coordinates of the grid columns (at least 2)
 * @param y increasing y coordinates of the grid rows (at least 2)
 * @param z the sampled values, y.length rows of x.length values; NaN marks points where f is undefined
 */
public record Grid(double[] x, double[] y, double[][] z) {

    /** Checks the shapes and that the coordinates increase; copies the arrays. */
    public Grid {
        Objects.requireNonNull(x, "Grid: x is null");
        Objects.requireNonNull(y, "Grid: y is null");
        Objects.requireNonNull(z, "Grid: z is null");
        if (x.length < 2 || y.length < 2) {
            throw new IllegalArgumentException("Grid: needs at least 2 x 2 points, got " + x.length + " x values and "
                    + y.length + " y values");
        }
        increasing("x", x);
        increasing("y", y);
        if (z.length != y.length) {
            throw new IllegalArgumentException("Grid: z has " + z.length + " rows but there are " + y.length
                    + " y values (z[j][i] = f(x[i], y[j]))");
        }
        double[][] copy = new double[z.length][];
        for (int j = 0; j < z.length; j++) {
            if (z[j] == null || z[j].length != x.length) {
                throw new IllegalArgumentException("Grid: z row " + j + " has " + (z[j] == null ? 0 : z[j].length)
                        + " values but there are " + x.length + " x values");
            }
            copy[j] = z[j].clone();
        }
        x = x.clone();
        y = y.clone();
        z = copy;
    }

    /** Samples f on an n x n grid of evenly spaced points covering [xMin, xMax] x [yMin, yMax]. */
    public static Grid sample(DoubleBinaryOperator f, double xMin, double xMax, double yMin, double yMax, int n) {
        Objects.requireNonNull(f, "Grid.sample: f is null");
        if (n < 2) {
            throw new IllegalArgumentException("Grid.sample: n must be >= 2, got " + n);
        }
        double[] x = evenly("x", xMin, xMax, n);
        double[] y = evenly("y", yMin, yMax, n);
        double[][] z = new double[n][n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                z[j][i] = f.applyAsDouble(x[i], y[j]);
            }
        }
        return new Grid(x, y, z);
    }

    /** The x coordinates (a copy). */
    @Override
    public double[] x() {
        return x.clone();
    }

    /** The y coordinates (a copy). */
    @Override
    public double[] y() {
        return y.clone();
    }

    /** The values (a copy). */
    @Override
    public double[][] z() {
        return Arrays.stream(z).map(double[]::clone).toArray(double[][]::new);
    }

    double xAt(int i) {
        return x[i];
    }

    double yAt(int j) {
        return y[j];
    }

    double zAt(int i, int j) {
        return z[j][i];
    }

    int nx() {
        return x.length;
    }

    int ny() {
        return y.length;
    }

    /** The finite values of z, unsorted. */
    double[] finiteValues() {
        return Arrays.stream(z).flatMapToDouble(Arrays::stream).filter(Double::isFinite).toArray();
    }

    @Override
    public String toString() {
        return "Grid(" + x.length + " x " + y.length + " points over [" + x[0] + ", " + x[x.length - 1] + "] x ["
                + y[0] + ", " + y[y.length - 1] + "])";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Grid g && Arrays.equals(x, g.x) && Arrays.equals(y, g.y) && Arrays.deepEquals(z, g.z);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(x) + Arrays.hashCode(y)) + Arrays.deepHashCode(z);
    }

    private static double[] evenly(String axis, double min, double max, int n) {
        if (!(Double.isFinite(min) && Double.isFinite(max) && min < max)) {
            throw new IllegalArgumentException("Grid.sample: " + axis + " range needs finite min < max, got ["
                    + min + ", " + max + "]");
        }
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
            v[k] = min + (max - min) * k / (n - 1);
        }
        return v;
    }

    private static void increasing(String axis, double[] v) {
        for (int k = 0; k < v.length; k++) {
            if (!Double.isFinite(v[k]) || (k > 0 && !(v[k] > v[k - 1]))) {
                throw new IllegalArgumentException("Grid: " + axis + " coordinates must be finite and increasing, but "
                        + axis + "[" + k + "] = " + v[k] + (k > 0 ? " after " + v[k - 1] : ""));
            }
        }
    }
}
