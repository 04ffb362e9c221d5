package org.gradflow.optim;

import java.util.function.Function;

/**
 * RMSProp (Hinton's lecture notes; not in the source text): Adam's second moment without the first and without
 * bias correction. With {@code g} the gradient at {@code phi}:
 * {@code v <- rho v + (1 - rho) g o g}, {@code phi <- phi - lr g / (sqrt(v) + eps)}.
 */
public final class RmsProp extends Optimizer {

    private final double rho;
    private final double eps;
    private double[] v;

    /** RMSProp with {@code lr > 0}, decay {@code rho} in [0, 1) and {@code eps > 0}. */
    public RmsProp(double lr, double rho, double eps) {
        super(lr);
        requireBeta("rho", rho);
        requireEps(eps);
        this.rho = rho;
        this.eps = eps;
    }

    /** RMSProp with {@code rho = 0.9, eps = 1e-8}. */
    public RmsProp(double lr) {
        this(lr, 0.9, 1e-8);
    }

    /** A copy of the running average {@code v} of the squared gradient (empty before the first step). */
    public double[] v() {
        return v == null ? new double[0] : v.clone();
    }

    /** {@code v <- rho v + (1 - rho) g o g; phi <- phi - lr_t g / (sqrt(v) + eps)}. */
    @Override
    protected void update(double[] phi, Function<double[], double[]> gradient, double lrT, int t) {
        double[] g = gradient.apply(phi);
        accumulate(v, rho, 1.0 - rho, squared(g));
        scaledStep(phi, lrT, g, v, eps);
    }

    @Override
    protected void initState(int dimension) {
        v = new double[dimension];
    }

    @Override
    protected void clearState() {
        v = null;
    }

    @Override
    protected String describe() {
        return "RmsProp(lr=" + fmt(lr()) + ", rho=" + fmt(rho) + ", eps=" + fmt(eps) + ")";
    }
}
