package org.gradflow.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.gradflow.tensor.Matrix;

/**
 * A stack of {@link Layer}s with an output function and loss: {@code Y = h(layer_k(...layer_1(X)))}. The forward
 * pass runs the layers in order; the backward pass starts from {@code Delta = (dL/dA) / B} (the loss's delta of the
 * mean batch loss) and runs the layers' backward passes in reverse, each handing {@code dL/dX} to the one below.
 *
 * <pre>{@code
 * Sequential net = Sequential.of(Loss.CROSS_ENTROPY,
 *         Dense.random(2, 16, Activation.IDENTITY, Init.HE_NORMAL, rnd), BatchNorm.ofFeatures(16, 1e-5),
 *         new ActivationLayer(Activation.RELU), Dense.random(16, 3, Activation.IDENTITY, Init.XAVIER_NORMAL, rnd));
 * }</pre>
 *
 * <p>The model chooses each layer's {@link Mode}: {@link #gradients(Matrix, Matrix)} trains (BatchNorm uses the
 * batch statistics and moves its running averages), {@link #loss} and {@link #gradCheck} check (batch statistics,
 * nothing moves), {@link #output}, {@link #predict} and {@link #evaluate} infer (running averages).
 *
 * <p>Parameters are named after the layer's own names with the layer's position (from 1):
 * {@code W(1), b(1), gamma(2), beta(2), W(4), b(4)}, so gradient-check reports name and localise them.
 */
public final class Sequential implements Model {

    private final List<Layer> layers;
    private final Loss loss;
    private final List<Matrix> parameters;
    private final List<String> parameterNames;
    private final List<int[]> groups;

    private Sequential(List<Layer> layers, Loss loss) {
        this.layers = List.copyOf(layers);
        this.loss = loss;
        List<Matrix> params = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<int[]> groups = new ArrayList<>();
        for (int k = 1; k <= layers.size(); k++) {
            Layer layer = layers.get(k - 1);
            List<Matrix> own = layer.parameters();
            List<String> ownNames = layer.parameterNames();
            if (own.size() != ownNames.size()) {
                throw new IllegalArgumentException("Sequential.of: layer " + k + " (" + layer + ") has " + own.size()
                        + " parameters but " + ownNames.size() + " parameter names");
            }
            int[] group = new int[own.size()];
            for (int p = 0; p < own.size(); p++) {
                group[p] = params.size();
                params.add(Objects.requireNonNull(own.get(p), "Sequential.of: layer " + k + " has a null parameter"));
                names.add(ownNames.get(p) + "(" + k + ")");
            }
            if (group.length > 0) {
                groups.add(group);
            }
        }
        this.parameters = Collections.unmodifiableList(params);
        this.parameterNames = List.copyOf(names);
        this.groups = List.copyOf(groups);
    }

    /** A model of the given layers (kept by reference), first layer first, with the given output and loss. */
    public static Sequential of(Loss loss, Layer... layers) {
        Objects.requireNonNull(layers, "Sequential.of: layers are null");
        return of(loss, List.of(layers));
    }

    /** A model of the given layers (kept by reference), first layer first, with the given output and loss. */
    public static Sequential of(Loss loss, List<Layer> layers) {
        Objects.requireNonNull(loss, "Sequential.of: loss is null");
        Objects.requireNonNull(layers, "Sequential.of: layers are null");
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("Sequential.of: no layers");
        }
        for (int k = 0; k < layers.size(); k++) {
            Objects.requireNonNull(layers.get(k), "Sequential.of: layer " + (k + 1) + " is null");
        }
        return new Sequential(layers, loss);
    }

    /** The layers, first (input side) first. */
    public List<Layer> layers() {
        return layers;
    }

    @Override
    public Loss lossFunction() {
        return loss;
    }

    @Override
    public List<Matrix> parameters() {
        return parameters;
    }

    @Override
    public List<String> parameterNames() {
        return parameterNames;
    }

    @Override
    public List<int[]> parameterGroups() {
        return groups;
    }

    /** The inputs of the first {@link Dense} layer, or -1 if the model starts with another kind of layer. */
    @Override
    public int inputSize() {
        return layers.get(0) instanceof Dense d ? d.inputSize() : -1;
    }

    /** The outputs of the last {@link Dense} layer, or -1 if there is none. */
    @Override
    public int outputSize() {
        for (int k = layers.size() - 1; k >= 0; k--) {
            if (layers.get(k) instanceof Dense d) {
                return d.outputSize();
            }
        }
        return -1;
    }

    /** The logits {@code A = layer_k(...layer_1(X))} (before the output function), in the given mode. */
    public Matrix forward(Matrix X, Mode mode) {
        Objects.requireNonNull(X, "Sequential.forward: X is null");
        Objects.requireNonNull(mode, "Sequential.forward: mode is null");
        X.requireFinite("Sequential.forward (input X)");
        Matrix out = X;
        for (int k = 1; k <= layers.size(); k++) {
            out = layers.get(k - 1).forward(out, mode);
            if (!out.isFinite()) {
                throw new ArithmeticException("Sequential.forward: the output of layer " + k + " (" + layers.get(k - 1)
                        + ") has entries that overflowed to infinity or NaN: the parameters have diverged; a smaller"
                        + " learning rate usually helps");
            }
        }
        return out;
    }

    /** The output {@code Y = h(A)} in inference mode (class probabilities for a classifier). */
    public Matrix output(Matrix X) {
        return loss.output(forward(X, Mode.INFERENCE));
    }

    /** The predicted class of each example (inference mode): the row of the largest output in its column. */
    public int[] predict(Matrix X) {
        return output(X).argmaxPerColumn();
    }

    /**
     * The batch loss and the gradients of every parameter: a forward pass in {@code mode}, then
     * {@code Delta = loss.delta(Y, T) / B} and each layer's backward pass from the last to the first.
     */
    @Override
    public Step gradients(Matrix X, Matrix T, Mode mode) {
        Matrix A = forward(X, mode);
        Matrix Y = loss.output(A);
        loss.checkTargets("Sequential.gradients", Y, T);
        int B = X.cols();
        Matrix losses = loss.perExample(A, T);
        Matrix dOut = loss.delta(Y, T).scale(1.0 / B);
        Matrix[] grads = new Matrix[parameters.size()];
        int next = parameters.size();
        for (int k = layers.size(); k >= 1; k--) {
            Layer layer = layers.get(k - 1);
            Layer.Backward back = layer.backward(dOut);
            List<Matrix> own = back.asList();
            next -= own.size();
            for (int p = 0; p < own.size(); p++) {
                layer.parameters().get(p).requireSameShape("Sequential.gradients: layer " + k + "'s gradient for "
                        + parameterNames.get(next + p), own.get(p));
                grads[next + p] = own.get(p);
            }
            dOut = back.dX();
        }
        return new Step(losses.sum() / B, B, List.of(grads));
    }

    @Override
    public Step gradients(Matrix X, Matrix T) {
        return gradients(X, T, Mode.TRAINING);
    }

    /** The batch loss in {@link Mode#CHECKING}: the training objective at the current parameters, moving nothing. */
    @Override
    public double loss(Matrix X, Matrix T) {
        return loss.mean(forward(X, Mode.CHECKING), T);
    }

    @Override
    public Evaluation evaluate(Matrix X, Matrix T, int[] labels) {
        Matrix A = forward(X, Mode.INFERENCE);
        double L = loss.mean(A, T);
        if (labels == null) {
            return new Evaluation(L, Double.NaN);
        }
        return new Evaluation(L, Network.fractionCorrect(loss.output(A).argmaxPerColumn(), labels, A.rows()));
    }

    /**
     * The batch loss and gradients of a {@link Sequential}, in the order of {@link #parameters()}.
     *
     * @param loss      the batch loss {@code (1/B) sum_m L(m)}
     * @param batchSize B
     * @param gradients {@code dL/dparams}
     */
    public record Step(double loss, int batchSize, List<Matrix> gradients) implements LossGradients {
        /** Copies the list. */
        public Step {
            gradients = List.copyOf(gradients);
        }

        @Override
        public List<Matrix> asList() {
            return gradients;
        }
    }

    /** {@code Sequential(Dense(2 -> 16, identity), BatchNorm(...), ActivationLayer(relu), ...; softmax + cross-entropy)}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Sequential(");
        for (int k = 0; k < layers.size(); k++) {
            sb.append(k == 0 ? "" : ", ").append(layers.get(k));
        }
        return sb.append("; ").append(loss).append(", ").append(parameterCount()).append(" parameters)").toString();
    }
}
