package org.gradflow.optim;

import java.util.function.Function;

/** Loss surfaces with hand-derived gradients, shared by the optimizer tests. */
final class TestFunctions {

    private TestFunctions() {
    }

    /** {@code f(x) = sum_i x_i^2}, gradient {@code 2x}. */
    static final Function<double[], double[]> SQUARE = x -> {
        double[] g = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            g[i] = 2 * x[i];
        }
        return g;
    };

    /** Ill-conditioned convex quadratic {@code f(x, y) = (x^2 + 10 y^2) / 2}, gradient {@code (x, 10 y)}, minimum 0. */
    static final Function<double[], double[]> VALLEY = p -> new double[] {p[0], 10 * p[1]};

    /**
     * Rosenbrock-like {@code f(x, y) = (1 - x)^2 + 10 (y - x^2)^2}, minimum at (1, 1); gradient
     * {@code (-2(1 - x) - 40 x (y - x^2), 20 (y - x^2))}.
     */
    static final Function<double[], double[]> ROSENBROCK = p -> {
        double x = p[0];
        double y = p[1];
        return new double[] {-2 * (1 - x) - 40 * x * (y - x * x), 20 * (y - x * x)};
    };

    /** The linear function {@code f(x) = c . x}: its gradient is the constant {@code c}. */
    static Function<double[], double[]> constant(double... c) {
        return x -> c.clone();
    }

    /** Euclidean distance between two points. */
    static double distance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(s);
    }
}
