package org.gradflow.graph;

import java.util.List;

/**
 * A model built from {@link Value}s that holds its parameters, as micrograd's {@code Module} (named ValueModule
 * here, since {@code java.lang.Module} takes the plain name). A training step is
 * <pre>{@code
 * Value loss = ...;            // a forward pass building a new graph
 * model.zeroGrad();            // gradients accumulate, so clear them first
 * loss.backward();
 * model.step(lr);              // p <- p - lr dL/dp for every parameter, in place
 * }</pre>
 */
public interface ValueModule {

    /** The parameters: input nodes whose data the training changes in place. */
    List<Value> parameters();

    /** Sets every parameter's gradient to 0 (call before each {@code backward()}). */
    default void zeroGrad() {
        for (Value p : parameters()) {
            p.zeroGradInPlace();
        }
    }

    /** Gradient descent on every parameter, in place: {@code p <- p - lr dL/dp}. */
    default void step(double lr) {
        if (!(lr > 0) || !Double.isFinite(lr)) {
            throw new IllegalArgumentException("ValueModule.step: learning rate lr = " + lr + " must be finite and positive");
        }
        for (Value p : parameters()) {
            p.setInPlace(p.value() - lr * p.grad());
        }
    }
}
