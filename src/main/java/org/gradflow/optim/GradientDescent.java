package org.gradflow.optim;

import java.util.function.Function;

/**
 * Gradient descent: {@code phi <- phi - lr * dL/dphi}.
 *
 * <p>The same rule is SGD when the gradient comes from one example and mini-batch SGD when it comes from a
 * batch (the mean of the per-example gradients); the training loop decides which.
 */
public final class GradientDescent extends Optimizer {

    /** Gradient descent with learning rate {@code lr > 0}. */
    public GradientDescent(double lr) {
        super(lr);
    }

    /** {@code phi <- phi - lr_t g}, with {@code g} the gradient at {@code phi}. */
    @Override
    protected void update(double[] phi, Function<double[], double[]> gradient, double lrT, int t) {
        descend(phi, lrT, gradient.apply(phi));
    }

    @Override
    protected String describe() {
        return "GradientDescent(lr=" + fmt(lr()) + ")";
    }
}
