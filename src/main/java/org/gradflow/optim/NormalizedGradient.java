package org.gradflow.optim;

import java.util.function.Function;

/**
 * Normalized gradients, the motivating step before Adam in the source text: with {@code g} the gradient at
 * {@code phi}, {@code m = g}, {@code v = g o g} and {@code phi <- phi - lr m / (sqrt(v) + eps)} element-wise.
 *
 * <p>Since {@code sqrt(g o g) = |g|}, each coordinate moves by about {@code lr} in the downhill direction
 * (a sign step), whatever the size of its gradient. It has no memory between steps.
 */
public final class NormalizedGradient extends Optimizer {

    private final double eps;

    /** Normalized gradients with {@code lr > 0} and {@code eps > 0} (guards against division by 0). */
    public NormalizedGradient(double lr, double eps) {
        super(lr);
        requireEps(eps);
        this.eps = eps;
    }

    /** Normalized gradients with {@code eps = 1e-8}. */
    public NormalizedGradient(double lr) {
        this(lr, 1e-8);
    }

    /** {@code phi <- phi - lr_t g / (sqrt(g o g) + eps)}. */
    @Override
    protected void update(double[] phi, Function<double[], double[]> gradient, double lrT, int t) {
        double[] g = gradient.apply(phi);
        scaledStep(phi, lrT, g, squared(g), eps);
    }

    @Override
    protected String describe() {
        return "NormalizedGradient(lr=" + fmt(lr()) + ", eps=" + fmt(eps) + ")";
    }
}
