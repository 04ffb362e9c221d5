package org.gradflow.graph;

import java.util.function.ToDoubleFunction;

/**
 * Central finite differences for the graph tests: {@code df/dx_i ~ (f(x + h e_i) - f(x - h e_i)) / 2h}.
 * Knows nothing of {@link Value}: it only evaluates a function of an array.
 */
final class FiniteDifferences {

    static final double H = 1e-5;

    private FiniteDifferences() {
    }

    static double[] gradient(ToDoubleFunction<double[]> f, double[] x) {
        double[] g = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double[] up = x.clone();
            double[] down = x.clone();
            up[i] += H;
            down[i] -= H;
            g[i] = (f.applyAsDouble(up) - f.applyAsDouble(down)) / (2 * H);
        }
        return g;
    }

    /** {@code |a - b| / max(1, |a|, |b|)}: absolute near 0, relative for large gradients. */
    static double error(double a, double b) {
        return Math.abs(a - b) / Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
    }
}
