package org.gradflow.nn;

import java.util.List;
import org.gradflow.tensor.Matrix;

/**
 * One layer of a {@link Sequential} model: a function of a batch {@code X} (one column per example) with its
 * backward pass. {@code forward} keeps what {@code backward} needs (the input, or the pre-activation), so
 * {@code backward(dOut)} refers to the last forward pass:
 * <pre>
 *   Y  = layer(X; params)                      forward(X, mode)
 *   dX = dL/dX,  dL/dparams  from dOut = dL/dY  backward(dOut)
 * </pre>
 * The built-ins are {@link Dense} ({@code f(W X + b)}), {@link ActivationLayer} ({@code f(X)}) and
 * {@link BatchNorm}; a learner's own layer implements these methods and goes into a {@link Sequential}, which
 * {@code Trainer}, the gradient checker and the optimizers accept.
 */
public interface Layer {

    /** The output for a batch {@code X}; saves what {@link #backward} needs. */
    Matrix forward(Matrix X, Mode mode);

    /** {@code dL/dX} and {@code dL/dparams} for the last forward pass, given {@code dOut = dL/dY}. */
    Backward backward(Matrix dOut);

    /** The live parameter matrices (updated in place by optimizers); none by default. */
    default List<Matrix> parameters() {
        return List.of();
    }

    /** Short names of the parameters, in the order of {@link #parameters()}, e.g. {@code [W, b]}. */
    default List<String> parameterNames() {
        return List.of();
    }

    /** What a backward pass of a layer gives: the gradient for the layer below and those of its parameters. */
    interface Backward {
        /** {@code dL/dX}, shaped like the layer's input. */
        Matrix dX();

        /** {@code dL/dparams}, in the order of {@link Layer#parameters()}. */
        List<Matrix> asList();
    }

    /**
     * A {@link Backward} as a record.
     *
     * @param dX        {@code dL/dX}
     * @param dParams   {@code dL/dparams}, in the order of {@link Layer#parameters()}
     */
    record Gradient(Matrix dX, List<Matrix> dParams) implements Backward {
        /** Copies the list. */
        public Gradient {
            dParams = List.copyOf(dParams);
        }

        @Override
        public List<Matrix> asList() {
            return dParams;
        }
    }
}
