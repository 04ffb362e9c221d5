package org.gradflow.optim;

import java.util.function.Function;

/**
 * Gradient descent with momentum, as the source text writes it:
 * {@code m <- beta m + (1 - beta) g}, then {@code phi <- phi - lr m}, with {@code g} the gradient at {@code phi}.
 *
 * <p>{@code m} starts at 0 and is an exponentially weighted average of all earlier gradients: aligned gradients
 * build up speed, alternating ones cancel, so the path is smoother in narrow valleys.
 *
 * <p>{@link #pytorchStyle} is the other common formulation, {@code m <- mu m + g} (no {@code 1 - beta} factor):
 * its steps are {@code 1 / (1 - mu)} times larger in the long run, so the same {@code lr} behaves differently.
 */
public final class Momentum extends MomentumRule {

    /** Weight of the new gradient: {@code 1 - beta} (source text) or 1 (PyTorch style). */
    private final double gradientWeight;

    /** Momentum as in the source text: {@code m <- beta m + (1 - beta) g; phi <- phi - lr m}, {@code beta} in [0, 1). */
    public Momentum(double lr, double beta) {
        this(lr, beta, false);
    }

    private Momentum(double lr, double beta, boolean pytorchStyle) {
        super(lr, beta, pytorchStyle);
        this.gradientWeight = pytorchStyle ? 1.0 : 1.0 - beta;
    }

    /** The PyTorch formulation (heavy ball): {@code m <- mu m + g; phi <- phi - lr m}, {@code mu} in [0, 1). */
    public static Momentum pytorchStyle(double lr, double mu) {
        return new Momentum(lr, mu, true);
    }

    /** {@code m <- beta m + w g; phi <- phi - lr_t m}, with {@code w = 1 - beta} or 1. */
    @Override
    protected void update(double[] phi, Function<double[], double[]> gradient, double lrT, int t) {
        double[] g = gradient.apply(phi);
        accumulate(m, beta, gradientWeight, g);
        descend(phi, lrT, m);
    }
}
