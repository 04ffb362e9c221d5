package org.gradflow.check;

import java.util.Objects;
import java.util.function.DoubleUnaryOperator;

/**
 * Ridders' extrapolation of central differences (the idea of Numerical Recipes' {@code dfridr}): the
 * central difference {@code D(h) = f'(x) + c1 h^2 + c2 h^4 + ...} is computed for a shrinking sequence of
 * steps, and Richardson's rule combines neighbours to cancel the {@code h^2}, then the {@code h^4}, ...
 * terms, giving a derivative far more accurate than any single step, with an error estimate.
 */
public final class Ridders {

    /** Each new step is the previous one divided by this. */
    static final double SHRINK = 1.4;
    /** At most this many steps (and columns of the tableau). */
    static final int MAX_STEPS = 10;
    /** Stop when the newest diagonal entry is worse than the best by this factor: round-off has taken over. */
    static final double GIVE_UP = 2.0;

    private Ridders() {
    }

    /**
     * A derivative estimate.
     *
     * @param derivative  the extrapolated derivative
     * @param error       the estimated absolute error (the disagreement between the chosen entry and its
     *                    neighbours in the tableau)
     * @param evaluations how many times f was evaluated
     */
    public record Estimate(double derivative, double error, int evaluations) {
        @Override
        public String toString() {
            return String.format("f'(x) ~ %.15g +- %.1e (Ridders, %d evaluations of f)", derivative, error,
                    evaluations);
        }
    }

    /**
     * The derivative of f at x by Ridders' extrapolation starting from step h0; h0 should be large
     * (around 0.1 |x| or 0.1), since extrapolation removes the truncation error that large steps bring.
     * Tableau: {@code T[0][i] = D(h0 / 1.4^i)}, {@code T[j][i] = (T[j-1][i] c^j - T[j-1][i-1]) / (c^j - 1)}, {@code c = 1.4^2}.
     */
    public static Estimate derivative(DoubleUnaryOperator f, double x, double h0) {
        Objects.requireNonNull(f, "Ridders.derivative: f is null");
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException("Ridders.derivative: x must be finite, got " + x);
        }
        if (!(h0 > 0) || !Double.isFinite(h0)) {
            throw new IllegalArgumentException("Ridders.derivative: the first step h0 must be positive and finite, got "
                    + h0);
        }
        double[][] tableau = new double[MAX_STEPS][MAX_STEPS];
        double ratio2 = SHRINK * SHRINK;
        double h = h0;
        tableau[0][0] = central(f, x, h);
        int evaluations = 2;
        double best = tableau[0][0];
        double error = Double.POSITIVE_INFINITY;
        for (int i = 1; i < MAX_STEPS; i++) {
            h /= SHRINK;
            tableau[0][i] = central(f, x, h);
            evaluations += 2;
            double factor = ratio2;
            for (int j = 1; j <= i; j++) {
                // D(h/1.4) and D(h) share the limit; their error terms of order h^(2j) differ by factor.
                tableau[j][i] = (tableau[j - 1][i] * factor - tableau[j - 1][i - 1]) / (factor - 1);
                factor *= ratio2;
                double e = Math.max(Math.abs(tableau[j][i] - tableau[j - 1][i]),
                        Math.abs(tableau[j][i] - tableau[j - 1][i - 1]));
                if (e <= error) {
                    error = e;
                    best = tableau[j][i];
                }
            }
            if (Math.abs(tableau[i][i] - tableau[i - 1][i - 1]) >= GIVE_UP * error) {
                break;
            }
        }
        return new Estimate(best, error, evaluations);
    }

    private static double central(DoubleUnaryOperator f, double x, double h) {
        double d = (f.applyAsDouble(x + h) - f.applyAsDouble(x - h)) / (2 * h);
        if (!Double.isFinite(d)) {
            throw new IllegalStateException("Ridders.derivative: f is not finite near x = " + x + " (step " + h
                    + "); the derivative needs f finite on [x - h0, x + h0]");
        }
        return d;
    }
}
