package org.gradflow.optim;

/**
 * What {@link Momentum} and {@link Nesterov} share: the coefficient {@code beta} (or {@code mu} in the PyTorch
 * style), the momentum {@code m} that starts at 0 at every reset, and how the rule names itself.
 */
public abstract class MomentumRule extends Optimizer {

    /** The momentum coefficient: {@code beta}, or {@code mu} in the PyTorch style. */
    protected final double beta;
    /** Whether this is the PyTorch formulation ({@code m <- mu m + g}) rather than the source text's. */
    protected final boolean pytorchStyle;
    /** The momentum, one entry per parameter; null before the first step. */
    protected double[] m;

    /** Checks {@code beta} (named {@code mu} in the PyTorch style) and stores the settings. */
    protected MomentumRule(double lr, double beta, boolean pytorchStyle) {
        super(lr);
        requireBeta(pytorchStyle ? "mu" : "beta", beta);
        this.beta = beta;
        this.pytorchStyle = pytorchStyle;
    }

    /** The momentum coefficient ({@code beta}, or {@code mu} in the PyTorch style). */
    public double beta() {
        return beta;
    }

    /** A copy of the momentum {@code m} after the latest step (empty before the first step). */
    public double[] m() {
        return m == null ? new double[0] : m.clone();
    }

    @Override
    protected void initState(int dimension) {
        m = new double[dimension];
    }

    @Override
    protected void clearState() {
        m = null;
    }

    /** {@code Momentum(lr=0.1, beta=0.9)} or {@code Momentum.pytorchStyle(lr=0.1, mu=0.9)}. */
    @Override
    protected String describe() {
        return pytorchStyle
                ? name() + ".pytorchStyle(lr=" + fmt(lr()) + ", mu=" + fmt(beta) + ")"
                : name() + "(lr=" + fmt(lr()) + ", beta=" + fmt(beta) + ")";
    }
}
