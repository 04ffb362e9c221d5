package org.gradflow.optim;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Adam (adaptive moment estimation), as the source text writes it. With {@code g} the gradient at {@code phi}
 * and {@code t} the index of the step counted from 0:
 * <pre>{@code
 *   m  <- beta1 m + (1 - beta1) g              running average of the gradient
 *   v  <- beta2 v + (1 - beta2) g o g          running average of the squared gradient
 *   m~ =  m / (1 - beta1^(t+1))                bias correction (when on; otherwise m~ = m)
 *   v~ =  v / (1 - beta2^(t+1))                                (when on; otherwise v~ = v)
 *   phi <- phi - lr m~ / (sqrt(v~) + eps)      square root and division element-wise
 * }</pre>
 *
 * <p>Both averages start at 0, so early on they are biased toward 0: for a constant gradient {@code g} the raw
 * {@code m} after step {@code t} is {@code (1 - beta1^(t+1)) g}. The correction divides that shrinkage out.
 * Without it the first step is {@code lr (1 - beta1) / sqrt(1 - beta2)} per coordinate instead of {@code lr}
 * (about 3.16 lr with the usual betas: too large, since the underestimated {@code v} sits in the denominator).
 *
 * <p>{@link #track(int)} records {@code g, m, v, m~, v~} of one parameter element at every step, so a lesson can
 * chart the bias and its correction ({@link #history()}).
 */
public final class Adam extends Optimizer {

    /**
     * The moment estimates of one parameter element after one step.
     *
     * @param step the number of the step counted from 1 (the exponent in {@code 1 - beta1^step})
     * @param g    the gradient at that step
     * @param m    the raw first moment
     * @param v    the raw second moment
     * @param mHat the bias-corrected first moment {@code m / (1 - beta1^step)}
     * @param vHat the bias-corrected second moment {@code v / (1 - beta2^step)}
     */
    public record Moments(int step, double g, double m, double v, double mHat, double vHat) {
    }

    private final double beta1;
    private final double beta2;
    private final double eps;
    private final boolean biasCorrection;
    private double[] m;
    private double[] v;
    private int tracked = -1;
    private final List<Moments> history = new ArrayList<>();

    /**
     * Adam with the given hyper-parameters: {@code lr > 0}, {@code beta1} and {@code beta2} in [0, 1),
     * {@code eps > 0}, and bias correction on or off.
     */
    public Adam(double lr, double beta1, double beta2, double eps, boolean biasCorrection) {
        super(lr);
        requireBeta("beta1", beta1);
        requireBeta("beta2", beta2);
        requireEps(eps);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.biasCorrection = biasCorrection;
    }

    /** Adam with the usual defaults: {@code beta1 = 0.9, beta2 = 0.999, eps = 1e-8}, bias correction on. */
    public Adam(double lr) {
        this(lr, 0.9, 0.999, 1e-8, true);
    }

    /**
     * Records {@link Moments} of parameter element {@code index} (in the flat order: the entries of
     * {@code W(1)} row by row, then {@code b(1)}, ...) at every following step; returns this.
     */
    public Adam track(int index) {
        if (index < 0 || (m != null && index >= m.length)) {
            throw new IllegalArgumentException(describe() + ".track: element " + index + " does not exist"
                    + (m == null ? "" : " among " + m.length + " parameters"));
        }
        tracked = index;
        history.clear();
        return this;
    }

    /** The moments of the tracked element, one record per step since {@link #track} or the last reset. */
    public List<Moments> history() {
        if (tracked < 0) {
            throw new IllegalStateException(describe() + ".history: no element is tracked; call track(index)"
                    + " before stepping");
        }
        return List.copyOf(history);
    }

    /** A copy of the raw first moment {@code m} (empty before the first step). */
    public double[] m() {
        return m == null ? new double[0] : m.clone();
    }

    /** A copy of the raw second moment {@code v} (empty before the first step). */
    public double[] v() {
        return v == null ? new double[0] : v.clone();
    }

    /**
     * The bias-corrected first moment after the latest step, {@code m / (1 - beta1^t)} with {@code t = steps()},
     * whether or not the rule uses the correction (so the two can be compared); empty before the first step.
     */
    public double[] mHat() {
        return m == null || steps() == 0 ? new double[0] : divided(m, 1.0 - Math.pow(beta1, steps()));
    }

    /** The bias-corrected second moment after the latest step, {@code v / (1 - beta2^t)}; empty before the first. */
    public double[] vHat() {
        return v == null || steps() == 0 ? new double[0] : divided(v, 1.0 - Math.pow(beta2, steps()));
    }

    /** Whether bias correction is on. */
    public boolean biasCorrection() {
        return biasCorrection;
    }

    @Override
    protected void update(double[] phi, Function<double[], double[]> gradient, double lrT, int t) {
        double[] g = gradient.apply(phi);
        accumulate(m, beta1, 1.0 - beta1, g);
        accumulate(v, beta2, 1.0 - beta2, squared(g));
        double[] mHat = corrected(m, beta1, t);
        double[] vHat = corrected(v, beta2, t);
        if (tracked >= 0) {
            if (tracked >= phi.length) {
                throw new IllegalStateException(describe() + ".step: tracked element " + tracked + " does not exist"
                        + " among " + phi.length + " parameters");
            }
            int i = tracked;
            history.add(new Moments(t + 1, g[i], m[i], v[i], mHat[i], vHat[i]));
        }
        scaledStep(phi, lrT, mHat, vHat, eps);
    }

    /** {@code x / (1 - beta^(t+1))} with correction on, {@code x} itself otherwise. */
    private double[] corrected(double[] x, double beta, int t) {
        return biasCorrection ? divided(x, 1.0 - Math.pow(beta, t + 1)) : x;
    }

    private static double[] divided(double[] x, double divisor) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] / divisor;
        }
        return out;
    }

    @Override
    protected void initState(int dimension) {
        m = new double[dimension];
        v = new double[dimension];
    }

    @Override
    protected void clearState() {
        m = null;
        v = null;
        history.clear();
    }

    @Override
    protected String describe() {
        return "Adam(lr=" + fmt(lr()) + ", beta1=" + fmt(beta1) + ", beta2=" + fmt(beta2) + ", eps=" + fmt(eps)
                + ", biasCorrection=" + (biasCorrection ? "on" : "off") + ")";
    }
}
