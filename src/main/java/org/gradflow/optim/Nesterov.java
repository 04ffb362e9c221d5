package org.gradflow.optim;

import java.util.function.Function;

/**
 * Nesterov accelerated momentum, as the source text writes it: the gradient is taken at the look-ahead point
 * where momentum alone would carry the parameters,
 * {@code g = dL/dphi at (phi - lr beta m)}, then {@code m <- beta m + (1 - beta) g} and {@code phi <- phi - lr m}.
 *
 * <p>Because the gradient is needed away from the current parameters, this rule cannot run on gradients computed
 * beforehand: on a network use {@link #step(java.util.List, Function)} with a function that recomputes the
 * gradients at the parameters it is given.
 *
 * <p>{@link #pytorchStyle} is the reformulation used by PyTorch, which needs only the gradient at the current
 * point: {@code m <- mu m + g}, {@code phi <- phi - lr (g + mu m)}. It tracks the look-ahead point of the
 * heavy-ball form instead of {@code phi}, and has no {@code 1 - beta} factor, so its paths differ from the
 * source text's.
 */
public final class Nesterov extends MomentumRule {


    /** Nesterov momentum as in the source text, {@code beta} in [0, 1). */
    public Nesterov(double lr, double beta) {
        this(lr, beta, false);
    }

    private Nesterov(double lr, double beta, boolean pytorchStyle) {
        super(lr, beta, pytorchStyle);
    }

    /** PyTorch's form: {@code g} at {@code phi}; {@code m <- mu m + g; phi <- phi - lr (g + mu m)}. */
    public static Nesterov pytorchStyle(double lr, double mu) {
        return new Nesterov(lr, mu, true);
    }

    @Override
    public boolean needsGradientElsewhere() {
        return !pytorchStyle;
    }

    /** Source text: {@code g} at {@code phi - lr_t beta m}; {@code m <- beta m + (1 - beta) g; phi <- phi - lr_t m}. */
    @Override
    protected void update(double[] phi, Function<double[], double[]> gradient, double lrT, int t) {
        if (pytorchStyle) {
            double[] g = gradient.apply(phi);
            accumulate(m, beta, 1.0, g);
            for (int i = 0; i < phi.length; i++) {
                phi[i] -= lrT * (g[i] + beta * m[i]);
            }
            return;
        }
        double[] lookAhead = new double[phi.length];
        for (int i = 0; i < phi.length; i++) {
            lookAhead[i] = phi[i] - lrT * beta * m[i];
        }
        double[] g = gradient.apply(lookAhead);
        accumulate(m, beta, 1.0 - beta, g);
        descend(phi, lrT, m);
    }
}
