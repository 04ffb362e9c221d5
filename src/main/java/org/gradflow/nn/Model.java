package org.gradflow.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.gradflow.check.GradCheck;
import org.gradflow.tensor.Matrix;

/**
 * What {@code Trainer}, the gradient checker and the optimizers need of a trainable model: live parameters,
 * the gradients of the batch loss, and an evaluation. {@link Network} (the lessons' dense network with its visible
 * delta recursion) and {@link Sequential} (any stack of {@link Layer}s) are models.
 *
 * <p>One training step is {@code grads = model.gradients(X, T); optimizer.step(model.parameters(), grads.asList())}.
 */
public interface Model {

    /** The live parameter matrices; optimizers update the model by changing them in place. */
    List<Matrix> parameters();

    /** A name for each parameter, in the order of {@link #parameters()}, e.g. {@code W(1)}. */
    List<String> parameterNames();

    /**
     * The indices into {@link #parameters()} of each layer's parameters, from the input side up (layers without
     * parameters are left out): the groups the layer-by-layer update moves one at a time.
     */
    List<int[]> parameterGroups();

    /** The output function and loss. */
    Loss lossFunction();

    /** {@code n_0}, the number of inputs (rows of {@code X}). */
    int inputSize();

    /** The number of outputs (rows of {@code Y} and {@code T}). */
    int outputSize();

    /**
     * The batch loss and its gradients on {@code (X, T)}, computed in the given mode: {@link Mode#TRAINING} in a
     * training step (running statistics move), {@link Mode#CHECKING} for a check (nothing moves).
     */
    LossGradients gradients(Matrix X, Matrix T, Mode mode);

    /** A training step's gradients: {@code gradients(X, T, Mode.TRAINING)}. */
    default LossGradients gradients(Matrix X, Matrix T) {
        return gradients(X, T, Mode.TRAINING);
    }

    /**
     * The batch loss {@code L = (1/B) sum_m L(m)} of the function being trained ({@link Mode#CHECKING}: the
     * objective the gradients differentiate), moving nothing.
     */
    double loss(Matrix X, Matrix T);

    /** Loss and (with labels) accuracy in inference mode; {@code labels} may be null (regression). */
    Evaluation evaluate(Matrix X, Matrix T, int[] labels);

    /** The total number of parameter entries. */
    default int parameterCount() {
        int n = 0;
        for (Matrix p : parameters()) {
            n += p.size();
        }
        return n;
    }

    /**
     * A gradient check of this model's own backward pass on the batch {@code (X, T)}, in {@link Mode#CHECKING}
     * (running statistics stay as they are): every parameter element against central differences of
     * {@link #loss}. Configure it further (sample, step, ...) and call {@code check()}.
     */
    default GradCheck gradCheck(Matrix X, Matrix T) {
        return gradCheck(X, T, gradients(X, T, Mode.CHECKING).asList());
    }

    /**
     * A gradient check of the given analytic gradients (in {@link #parameters()} order), e.g. a learner's own
     * backward pass, against central differences of {@link #loss} on {@code (X, T)}. The check perturbs copies;
     * the parameters are put back after every loss evaluation.
     */
    default GradCheck gradCheck(Matrix X, Matrix T, List<Matrix> analytic) {
        Objects.requireNonNull(analytic, "gradCheck: analytic gradients are null");
        List<Matrix> params = parameters();
        List<String> names = parameterNames();
        if (analytic.size() != params.size()) {
            throw new IllegalArgumentException("gradCheck: " + analytic.size() + " gradients given for "
                    + params.size() + " parameters " + names);
        }
        List<double[]> values = new ArrayList<>();
        List<double[]> original = new ArrayList<>();
        for (Matrix p : params) {
            values.add(p.toRowMajor());
            original.add(p.toRowMajor());
        }
        GradCheck check = GradCheck.of(() -> {
            for (int k = 0; k < params.size(); k++) {
                params.get(k).setFromRowMajorInPlace(values.get(k));
            }
            try {
                return loss(X, T);
            } finally {
                for (int k = 0; k < params.size(); k++) {
                    params.get(k).setFromRowMajorInPlace(original.get(k));
                }
            }
        });
        Loss loss = lossFunction();
        check.outputDelta(loss == Loss.CROSS_ENTROPY ? "Y - T (softmax with cross-entropy)"
                : loss == Loss.MSE ? "Y - T (identity output with half squared error)"
                : "dL/dA of " + loss + " (your loss's delta(Y, T))");
        for (int k = 0; k < params.size(); k++) {
            Matrix p = params.get(k);
            Matrix g = analytic.get(k);
            p.requireSameShape("gradCheck: gradient for " + names.get(k), g);
            check.param(names.get(k), p.rows(), p.cols(), values.get(k), g.toRowMajor());
        }
        return check;
    }
}
