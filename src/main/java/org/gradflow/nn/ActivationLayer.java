package org.gradflow.nn;

import java.util.Objects;
import org.gradflow.tensor.Matrix;

/**
 * A layer that applies an activation entry by entry: {@code Z = f(A)}, {@code dA = f'(A) o dZ}. Used after a
 * linear {@link Dense} layer and a {@link BatchNorm}: {@code Dense(identity) -> BatchNorm -> ActivationLayer(relu)}.
 */
public final class ActivationLayer implements Layer {

    private final Activation f;
    /** The input of the last forward pass (the pre-activations), for backward. */
    private Matrix A;

    /** A layer applying {@code f}; any {@link Activation}, built in or a learner's own. */
    public ActivationLayer(Activation f) {
        this.f = Objects.requireNonNull(f, "ActivationLayer: activation is null");
    }

    /** The activation. */
    public Activation activation() {
        return f;
    }

    /** {@code Z = f(A)}; keeps {@code A}. */
    @Override
    public Matrix forward(Matrix A, Mode mode) {
        this.A = Objects.requireNonNull(A, "ActivationLayer.forward: input is null");
        return f.apply(A);
    }

    /** {@code dL/dA = f'(A) o dOut}; no parameters. */
    @Override
    public Backward backward(Matrix dOut) {
        if (A == null) {
            throw new IllegalStateException("ActivationLayer.backward: no forward pass yet; call forward first");
        }
        A.requireSameShape("ActivationLayer.backward (dOut against the last input)", dOut);
        return new Gradient(f.derivativeTimes(A, dOut), java.util.List.of());
    }

    /** {@code ActivationLayer(relu)}. */
    @Override
    public String toString() {
        return "ActivationLayer(" + f + ")";
    }
}
