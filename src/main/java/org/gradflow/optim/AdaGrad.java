package org.gradflow.optim;

import java.util.function.Function;

/**
 * AdaGrad (Duchi, Hazan and Singer 2011; not in the source text): each coordinate's step shrinks with the
 * sum of its squared gradients so far. With {@code g} the gradient at {@code phi}:
 * {@code G <- G + g o g}, {@code phi <- phi - lr g / (sqrt(G) + eps)}.
 */
public final class AdaGrad extends Optimizer {

    private final double eps;
    private double[] G;

    /** AdaGrad with {@code lr > 0} and {@code eps > 0}. */
    public AdaGrad(double lr, double eps) {
        super(lr);
        requireEps(eps);
        this.eps = eps;
    }

    /** AdaGrad with {@code eps = 1e-8}. */
    public AdaGrad(double lr) {
        this(lr, 1e-8);
    }

    /** A copy of the sum {@code G} of squared gradients (empty before the first step). */
    public double[] G() {
        return G == null ? new double[0] : G.clone();
    }

    /** {@code G <- G + g o g; phi <- phi - lr_t g / (sqrt(G) + eps)}. */
    @Override
    protected void update(double[] phi, Function<double[], double[]> gradient, double lrT, int t) {
        double[] g = gradient.apply(phi);
        accumulate(G, 1.0, 1.0, squared(g));
        scaledStep(phi, lrT, g, G, eps);
    }

    @Override
    protected void initState(int dimension) {
        G = new double[dimension];
    }

    @Override
    protected void clearState() {
        G = null;
    }

    @Override
    protected String describe() {
        return "AdaGrad(lr=" + fmt(lr()) + ", eps=" + fmt(eps) + ")";
    }
}
