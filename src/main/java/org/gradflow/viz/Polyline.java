package org.gradflow.viz;

import java.util.Arrays;
import java.util.Objects;

/**
 * A connected piece of a contour line: the points (x[k], y[k]) in order. A closed polyline ends where it
 * starts (its last point repeats the first); an open one ends at the grid's border or at undefined values.
 *
 * @param x      x coordinates of the points
 * @param y      y coordinates of the points
 * @param closed whether the line is a loop
 */
public record Polyline(double[] x, double[] y, boolean closed) {

    /** Checks that x and y have the same length (at least 2); copies them. */
    public Polyline {
        Objects.requireNonNull(x, "Polyline: x is null");
        Objects.requireNonNull(y, "Polyline: y is null");
        if (x.length != y.length || x.length < 2) {
            throw new IllegalArgumentException("Polyline: needs x and y of equal length >= 2, got " + x.length
                    + " and " + y.length);
        }
        x = x.clone();
        y = y.clone();
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

    /** Number of points. */
    public int size() {
        return x.length;
    }

    /** Sum of the lengths of its segments. */
    public double length() {
        double sum = 0;
        for (int k = 1; k < x.length; k++) {
            sum += Math.hypot(x[k] - x[k - 1], y[k] - y[k - 1]);
        }
        return sum;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Polyline p && closed == p.closed && Arrays.equals(x, p.x) && Arrays.equals(y, p.y);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(x), Arrays.hashCode(y), closed);
    }

    @Override
    public String toString() {
        return String.format("Polyline(%d points, %s, from (%.4g, %.4g) to (%.4g, %.4g))", x.length,
                closed ? "closed" : "open", x[0], y[0], x[x.length - 1], y[y.length - 1]);
    }
}
