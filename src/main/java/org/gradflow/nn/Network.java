package org.gradflow.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.gradflow.tensor.Matrix;

/**
 * A dense feed-forward network with R hidden layers and an output layer R+1, trained by backprop.
 *
 * <p>Forward pass (columns are examples, {@code Z(0) = X}):
 * {@code A(r) = W(r) Z(r-1) + b(r)}, {@code Z(r) = f(A(r))} for {@code r = 1..R}, and
 * {@code A(R+1) = W(R+1) Z(R) + b(R+1)}, {@code Y = h(A(R+1))}, where {@code h} is softmax (with cross-entropy)
 * or the identity (with half squared error), see {@link Loss}.
 *
 * <p>Backward pass (the delta recursion, {@code Delta(r) = dL/dA(r)} for the batch loss L):
 * <pre>
 *   Delta(R+1) = (Y - T) / B
 *   Delta(r)   = f'(A(r)) o W(r+1)^T Delta(r+1)        r = R..1
 *   dL/dW(r)   = Delta(r) Z(r-1)^T,   dL/db(r) = Delta(r) summed over the batch
 * </pre>
 * The batch loss is the <em>mean</em> of the per-example losses, so the 1/B sits in {@code Delta(R+1)}: column
 * m of {@code Delta(r)} is example m's own delta divided by B, and the sums over the batch in
 * {@code Delta Z^T} and in the bias gradient make the gradient the mean of the per-example gradients.
 * With B = 1 this is the textbook {@code Delta(R+1) = Y - T}.
 *
 * <p>Parameters: {@link #parameters()} returns the live weight and bias matrices in the order
 * {@code [W(1), b(1), W(2), b(2), ...]}; the network reads its weights from these very objects, so an optimizer
 * updates it by changing them in place. {@link #of} keeps the matrices it is given (no copies); use
 * {@link #copy()} for an independent network.
 */
public final class Network implements Model {

    private final List<Dense> layers;
    private final Activation hidden;
    private final Loss loss;
    private final List<Matrix> parameters;
    private final List<String> parameterNames;

    private Network(List<Dense> layers, Activation hidden, Loss loss) {
        this.layers = List.copyOf(layers);
        this.hidden = hidden;
        this.loss = loss;
        List<Matrix> params = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int r = 1; r <= layers.size(); r++) {
            params.add(layers.get(r - 1).W());
            params.add(layers.get(r - 1).b());
            names.add("W(" + r + ")");
            names.add("b(" + r + ")");
        }
        this.parameters = Collections.unmodifiableList(params);
        this.parameterNames = List.copyOf(names);
    }

    // ---------------------------------------------------------------- construction

    /**
     * A classifier with softmax + cross-entropy output on the given weights {@code W(1..R+1)} and biases
     * {@code b(1..R+1)} (kept by reference), with activation {@code hidden} in layers 1..R.
     */
    public static Network of(List<Matrix> weights, List<Matrix> biases, Activation hidden) {
        return of(weights, biases, hidden, Loss.CROSS_ENTROPY);
    }

    /**
     * A network with the given output and loss ({@link Loss#CROSS_ENTROPY} for classification,
     * {@link Loss#MSE} for regression) on the given weights and biases (kept by reference).
     */
    public static Network of(List<Matrix> weights, List<Matrix> biases, Activation hidden, Loss loss) {
        Objects.requireNonNull(weights, "Network.of: weights is null");
        Objects.requireNonNull(biases, "Network.of: biases is null");
        Objects.requireNonNull(hidden, "Network.of: hidden activation is null");
        Objects.requireNonNull(loss, "Network.of: loss is null");
        if (weights.isEmpty()) {
            throw new IllegalArgumentException("Network.of: no layers (need at least W(1) and b(1))");
        }
        if (weights.size() != biases.size()) {
            throw new IllegalArgumentException("Network.of: " + weights.size() + " weight matrices but "
                    + biases.size() + " biases; each layer r needs W(r) and b(r)");
        }
        List<Dense> layers = new ArrayList<>();
        for (int r = 1; r <= weights.size(); r++) {
            Matrix W = Objects.requireNonNull(weights.get(r - 1), "Network.of: W(" + r + ") is null");
            Matrix b = Objects.requireNonNull(biases.get(r - 1), "Network.of: b(" + r + ") is null");
            if (r > 1) {
                Matrix previous = weights.get(r - 2);
                if (W.cols() != previous.rows()) {
                    throw new IllegalArgumentException("Network.of: layer " + r + ": W(" + r + ") is " + W.shape()
                            + " but W(" + (r - 1) + ") is " + previous.shape() + "; W(" + r + ") needs "
                            + previous.rows() + " columns, one per unit of layer " + (r - 1));
                }
            }
            if (b.rows() != W.rows() || b.cols() != 1) {
                throw new IllegalArgumentException("Network.of: layer " + r + ": b(" + r + ") is " + b.shape()
                        + " but W(" + r + ") is " + W.shape() + "; b(" + r + ") must be " + W.rows() + " x 1");
            }
            W.requireFinite("Network.of: W(" + r + ")");
            b.requireFinite("Network.of: b(" + r + ")");
            layers.add(r == weights.size() ? Dense.output(W, b, loss) : new Dense(W, b, hidden));
        }
        return new Network(layers, hidden, loss);
    }

    /**
     * A softmax + cross-entropy classifier with layer sizes {@code n_0, n_1, ..., n_(R+1)}, weights drawn by
     * {@code init} from {@code rnd} (layer 1 first) and zero biases.
     */
    public static Network random(int[] sizes, Activation hidden, Init init, Random rnd) {
        return random(sizes, hidden, init, rnd, Loss.CROSS_ENTROPY);
    }

    /** As {@link #random(int[], Activation, Init, Random)} with the given output and loss. */
    public static Network random(int[] sizes, Activation hidden, Init init, Random rnd, Loss loss) {
        Objects.requireNonNull(sizes, "Network.random: sizes is null");
        Objects.requireNonNull(init, "Network.random: init is null");
        if (sizes.length < 2) {
            throw new IllegalArgumentException("Network.random: sizes has " + sizes.length
                    + " entries; need at least n_0 (inputs) and n_1 (outputs)");
        }
        List<Matrix> weights = new ArrayList<>();
        List<Matrix> biases = new ArrayList<>();
        for (int r = 1; r < sizes.length; r++) {
            if (sizes[r - 1] <= 0 || sizes[r] <= 0) {
                throw new IllegalArgumentException("Network.random: layer sizes must be positive, got "
                        + Arrays.toString(sizes));
            }
            weights.add(init.weights(sizes[r], sizes[r - 1], rnd));
            biases.add(Matrix.zeros(sizes[r], 1));
        }
        return of(weights, biases, hidden, loss);
    }

    /** An independent network with copies of every weight and bias. */
    public Network copy() {
        List<Dense> copies = new ArrayList<>();
        for (Dense layer : layers) {
            copies.add(layer.copy());
        }
        return new Network(copies, hidden, loss);
    }

    /** The one-hot targets {@code T} ({@code classes x B}) for the given class labels: {@link Matrix#oneHot}. */
    public static Matrix oneHot(int[] labels, int classes) {
        return Matrix.oneHot(labels, classes);
    }

    // ---------------------------------------------------------------- structure

    /** The layers 1..R+1 (index r-1 holds layer r). */
    public List<Dense> layers() {
        return layers;
    }

    /** Layer r, counted from 1; layer R+1 is the output layer. */
    public Dense layer(int r) {
        checkLayer("layer", r);
        return layers.get(r - 1);
    }

    /** R+1, the number of layers with weights (hidden layers plus the output layer). */
    public int layerCount() {
        return layers.size();
    }

    /** The sizes {@code n_0, n_1, ..., n_(R+1)}. */
    public int[] sizes() {
        int[] sizes = new int[layers.size() + 1];
        sizes[0] = layers.get(0).inputSize();
        for (int r = 1; r <= layers.size(); r++) {
            sizes[r] = layers.get(r - 1).outputSize();
        }
        return sizes;
    }

    /** The activation of the hidden layers. */
    public Activation hidden() {
        return hidden;
    }

    /** The output function and loss. */
    @Override
    public Loss lossFunction() {
        return loss;
    }

    /** The live parameters {@code [W(1), b(1), W(2), b(2), ...]}; changing them in place changes the network. */
    @Override
    public List<Matrix> parameters() {
        return parameters;
    }

    /** {@code ["W(1)", "b(1)", "W(2)", "b(2)", ...]}, in the order of {@link #parameters()}. */
    @Override
    public List<String> parameterNames() {
        return parameterNames;
    }

    /** {@code [0, 1], [2, 3], ...}: the indices of {@code W(r), b(r)} for r = 1..R+1. */
    @Override
    public List<int[]> parameterGroups() {
        List<int[]> groups = new ArrayList<>();
        for (int r = 1; r <= layers.size(); r++) {
            groups.add(new int[] {2 * (r - 1), 2 * (r - 1) + 1});
        }
        return groups;
    }

    /** {@code n_0}. */
    @Override
    public int inputSize() {
        return layers.get(0).inputSize();
    }

    /** {@code n_(R+1)}, the number of outputs (classes). */
    @Override
    public int outputSize() {
        return layers.get(layers.size() - 1).outputSize();
    }

    // ---------------------------------------------------------------- forward

    /**
     * The forward pass on a batch {@code X} ({@code n_0 x B}, one column per example), keeping every
     * {@code A(r)} and {@code Z(r)} for the backward pass. Throws {@link ArithmeticException} when some
     * {@code A(r)} overflows (diverged parameters), naming the layer.
     */
    public Trace forward(Matrix X) {
        checkInput("forward", X);
        int layerCount = layers.size();
        List<Matrix> A = new ArrayList<>(layerCount);
        List<Matrix> Z = new ArrayList<>(layerCount);
        Z.add(X);
        for (int r = 1; r <= layerCount; r++) {
            Dense layer = layers.get(r - 1);
            Matrix Ar = layer.preActivation(Z.get(r - 1));
            if (!Ar.isFinite()) {
                throw new ArithmeticException("forward: A(" + r + ") = W(" + r + ") Z(" + (r - 1) + ") + b(" + r
                        + ") has entries that overflowed to infinity or NaN (|W(" + r + ")| = "
                        + String.format("%.3g", layer.W().norm()) + "): the parameters have diverged; a smaller"
                        + " learning rate usually helps");
            }
            A.add(Ar);
            if (r < layerCount) {
                Z.add(layer.activation().apply(Ar));
            }
        }
        Matrix Y = loss.output(A.get(layerCount - 1));
        return new Trace(A, Z, Y);
    }

    /** The output {@code Y} for a batch (class probabilities for a classifier). */
    public Matrix output(Matrix X) {
        return forward(X).Y();
    }

    /** The batch loss {@code L = (1/B) sum_m L(m)} on inputs {@code X} and targets {@code T}. */
    @Override
    public double loss(Matrix X, Matrix T) {
        Trace trace = forward(X);
        return loss.mean(trace.A(layers.size()), T);
    }

    /** The predicted class of each example: the row of the largest output in its column. */
    public int[] predict(Matrix X) {
        return forward(X).Y().argmaxPerColumn();
    }

    /** The fraction of examples whose predicted class equals its label. */
    public double accuracy(Matrix X, int[] labels) {
        return fractionCorrect(predict(X), labels, outputSize());
    }

    /** {@link #loss} and, when {@code labels} is not null, {@link #accuracy}, with a single forward pass. */
    @Override
    public Evaluation evaluate(Matrix X, Matrix T, int[] labels) {
        Trace trace = forward(X);
        double L = loss.mean(trace.A(layers.size()), T);
        return new Evaluation(L, labels == null ? Double.NaN
                : fractionCorrect(trace.Y().argmaxPerColumn(), labels, outputSize()));
    }

    /** The fraction of {@code predicted} classes equal to {@code labels} (each in {@code 0..classes-1}). */
    static double fractionCorrect(int[] predicted, int[] labels, int classes) {
        Objects.requireNonNull(labels, "accuracy: labels is null");
        if (labels.length != predicted.length) {
            throw new IllegalArgumentException("accuracy: " + labels.length + " labels for " + predicted.length
                    + " examples");
        }
        int correct = 0;
        for (int m = 0; m < labels.length; m++) {
            if (labels[m] < 0 || labels[m] >= classes) {
                throw new IllegalArgumentException("accuracy: label " + labels[m] + " of example " + m
                        + " is outside 0.." + (classes - 1));
            }
            if (predicted[m] == labels[m]) {
                correct++;
            }
        }
        return (double) correct / labels.length;
    }

    // ---------------------------------------------------------------- backward

    /**
     * The backward pass: the delta recursion from {@code Delta(R+1) = (Y - T)/B} down to {@code Delta(1)},
     * and the gradients {@code dL/dW(r) = Delta(r) Z(r-1)^T}, {@code dL/db(r) = sum over the batch of Delta(r)}
     * of the batch (mean) loss. Uses the current weights, so call it before changing them.
     */
    public Gradients backward(Trace trace, Matrix T) {
        Objects.requireNonNull(trace, "backward: trace is null");
        Objects.requireNonNull(T, "backward: T is null");
        checkTrace(trace);
        int R1 = layers.size();
        int B = trace.batchSize();
        Matrix[] delta = new Matrix[R1 + 1];
        Matrix[] dW = new Matrix[R1 + 1];
        Matrix[] db = new Matrix[R1 + 1];

        loss.checkTargets("backward", trace.Y(), T);
        delta[R1] = loss.delta(trace.Y(), T).scale(1.0 / B);
        for (int r = R1; r >= 1; r--) {
            dW[r] = delta[r].timesTranspose(trace.Z(r - 1));
            db[r] = delta[r].rowSums();
            if (r > 1) {
                Matrix W = layers.get(r - 1).W();
                Activation f = layers.get(r - 2).activation(); // the f that forward applied to A(r-1)
                // Delta(r-1) = f'(A(r-1)) o W(r)^T Delta(r)
                delta[r - 1] = f.derivativeTimes(trace.A(r - 1), W.transposeTimes(delta[r]));
            }
        }
        Matrix losses = loss.perExample(trace.A(R1), T);
        double L = losses.sum() / losses.cols();
        return new Gradients(L, B, Arrays.asList(delta).subList(1, R1 + 1), Arrays.asList(dW).subList(1, R1 + 1),
                Arrays.asList(db).subList(1, R1 + 1));
    }

    /** {@code backward(forward(X), T)}. */
    @Override
    public Gradients gradients(Matrix X, Matrix T) {
        return backward(forward(X), T);
    }

    /** {@code backward(forward(X), T)}; the mode does not matter (a dense network has no running statistics). */
    @Override
    public Gradients gradients(Matrix X, Matrix T, Mode mode) {
        return gradients(X, T);
    }

    /**
     * The gradients of each example's own loss, one {@link Gradients} per column of the batch (each a
     * backward pass with B = 1). Their mean is the batch gradient {@link #backward} returns.
     */
    public List<Gradients> backwardPerExample(Trace trace, Matrix T) {
        Objects.requireNonNull(trace, "backwardPerExample: trace is null");
        Objects.requireNonNull(T, "backwardPerExample: T is null");
        checkTrace(trace);
        loss.checkTargets("backwardPerExample", trace.Y(), T);
        List<Gradients> out = new ArrayList<>(trace.batchSize());
        for (int m = 0; m < trace.batchSize(); m++) {
            out.add(backward(trace.example(m), T.column(m)));
        }
        return out;
    }

    // ---------------------------------------------------------------- checks and text

    private void checkLayer(String op, int r) {
        if (r < 1 || r > layers.size()) {
            throw new IndexOutOfBoundsException(op + ": layer " + r + " does not exist; layers are 1.." + layers.size());
        }
    }

    private void checkInput(String op, Matrix X) {
        Objects.requireNonNull(X, op + ": X is null");
        int n0 = layers.get(0).inputSize();
        if (X.rows() != n0) {
            throw new IllegalArgumentException(op + ": X is " + X.shape() + " but W(1) is " + layers.get(0).W().shape()
                    + "; X needs " + n0 + " rows (n_0 inputs), one column per example");
        }
        X.requireFinite(op + " (input X)");
    }

    private void checkTrace(Trace trace) {
        if (trace.layerCount() != layers.size()) {
            throw new IllegalArgumentException("backward: the trace has " + trace.layerCount()
                    + " layers but this network has " + layers.size() + "; pass the trace of this network's forward");
        }
        for (int r = 1; r <= layers.size(); r++) {
            if (trace.A(r).rows() != layers.get(r - 1).outputSize() || trace.Z(r - 1).rows() != layers.get(r - 1).inputSize()) {
                throw new IllegalArgumentException("backward: the trace's A(" + r + ") is " + trace.A(r).shape()
                        + " but W(" + r + ") is " + layers.get(r - 1).W().shape() + "; pass the trace of this network's forward");
            }
        }
    }

    /** {@code Network(784 -> 128 relu -> 10 softmax + cross-entropy, 101770 parameters)}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Network(").append(layers.get(0).inputSize());
        for (int r = 1; r <= layers.size(); r++) {
            Dense layer = layers.get(r - 1);
            sb.append(" -> ").append(layer.outputSize()).append(' ');
            sb.append(r < layers.size() ? layer.activation().toString() : loss.toString());
        }
        return sb.append(", ").append(parameterCount()).append(" parameters)").toString();
    }

    // ---------------------------------------------------------------- trace and gradients

    /**
     * What the forward pass keeps for the backward pass: {@code Z(0) = X}, {@code A(r)} and {@code Z(r)} for
     * every layer, and the output {@code Y}. Layers are counted from 1.
     */
    public static final class Trace {

        private final List<Matrix> A;
        private final List<Matrix> Z;
        private final Matrix Y;

        private Trace(List<Matrix> A, List<Matrix> Z, Matrix Y) {
            this.A = List.copyOf(A);
            this.Z = List.copyOf(Z);
            this.Y = Y;
        }

        /** {@code A(r) = W(r) Z(r-1) + b(r)}, r = 1..R+1 ({@code A(R+1)} are the logits). */
        public Matrix A(int r) {
            if (r < 1 || r > A.size()) {
                throw new IndexOutOfBoundsException("Trace.A: layer " + r + " does not exist; A(r) has r = 1.." + A.size());
            }
            return A.get(r - 1);
        }

        /** {@code Z(r) = f(A(r))}, r = 0..R, with {@code Z(0) = X}; the output is {@link #Y()}. */
        public Matrix Z(int r) {
            if (r < 0 || r >= Z.size()) {
                throw new IndexOutOfBoundsException("Trace.Z: layer " + r + " does not exist; Z(r) has r = 0.."
                        + (Z.size() - 1) + " (the output is Y())");
            }
            return Z.get(r);
        }

        /** The input batch {@code X = Z(0)}. */
        public Matrix X() {
            return Z.get(0);
        }

        /** The output {@code Y = h(A(R+1))}. */
        public Matrix Y() {
            return Y;
        }

        /** R+1, the number of layers with weights. */
        public int layerCount() {
            return A.size();
        }

        /** B, the number of examples (columns). */
        public int batchSize() {
            return Y.cols();
        }

        /** The trace of example m alone (column m of every matrix), as a forward pass on that column gives it. */
        public Trace example(int m) {
            if (m < 0 || m >= batchSize()) {
                throw new IndexOutOfBoundsException("Trace.example: example " + m + " is outside 0.." + (batchSize() - 1));
            }
            List<Matrix> a = new ArrayList<>();
            for (Matrix Ar : A) {
                a.add(Ar.column(m));
            }
            List<Matrix> z = new ArrayList<>();
            for (Matrix Zr : Z) {
                z.add(Zr.column(m));
            }
            return new Trace(a, z, Y.column(m));
        }

        /** The shapes, e.g. {@code Trace(B=64; Z(0) 784 x 64, A(1) 128 x 64, Z(1) 128 x 64, A(2) 10 x 64, Y 10 x 64)}. */
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("Trace(B=").append(batchSize()).append("; Z(0) ").append(Z.get(0).shape());
            for (int r = 1; r <= A.size(); r++) {
                sb.append(", A(").append(r).append(") ").append(A.get(r - 1).shape());
                if (r < Z.size()) {
                    sb.append(", Z(").append(r).append(") ").append(Z.get(r).shape());
                }
            }
            return sb.append(", Y ").append(Y.shape()).append(')').toString();
        }
    }

    /**
     * The result of a backward pass: the batch loss, the deltas {@code Delta(r) = dL/dA(r)} and the gradients
     * {@code dL/dW(r)}, {@code dL/db(r)} of the batch (mean) loss, layers counted from 1.
     */
    public static final class Gradients implements LossGradients {

        private final double loss;
        private final int batchSize;
        private final List<Matrix> delta;
        private final List<Matrix> dW;
        private final List<Matrix> db;

        private Gradients(double loss, int batchSize, List<Matrix> delta, List<Matrix> dW, List<Matrix> db) {
            this.loss = loss;
            this.batchSize = batchSize;
            this.delta = List.copyOf(delta);
            this.dW = List.copyOf(dW);
            this.db = List.copyOf(db);
        }

        /** The batch loss {@code L = (1/B) sum_m L(m)} at the point the gradients were taken. */
        @Override
        public double loss() {
            return loss;
        }

        /** B, the number of examples the gradients average over. */
        @Override
        public int batchSize() {
            return batchSize;
        }

        /** R+1, the number of layers. */
        public int layerCount() {
            return dW.size();
        }

        /** {@code dL/dW(r) = Delta(r) Z(r-1)^T}, shaped like {@code W(r)}. */
        public Matrix dW(int r) {
            return dW.get(index("dW", r));
        }

        /** {@code dL/db(r)}: {@code Delta(r)} summed over the batch, shaped like {@code b(r)}. */
        public Matrix db(int r) {
            return db.get(index("db", r));
        }

        /**
         * {@code Delta(r) = dL/dA(r)} of the batch loss, {@code n_r x B}: column m is example m's own delta
         * divided by B.
         */
        public Matrix delta(int r) {
            return delta.get(index("delta", r));
        }

        /** {@code [dW(1), db(1), dW(2), db(2), ...]}, in the order of {@link Network#parameters()}. */
        @Override
        public List<Matrix> asList() {
            List<Matrix> out = new ArrayList<>(2 * dW.size());
            for (int r = 0; r < dW.size(); r++) {
                out.add(dW.get(r));
                out.add(db.get(r));
            }
            return Collections.unmodifiableList(out);
        }

        /**
         * The entry-by-entry mean of several gradients, in the order of {@link #asList()}: the mean of the
         * per-example gradients is the batch gradient.
         */
        public static List<Matrix> mean(List<Gradients> gradients) {
            if (gradients == null || gradients.isEmpty()) {
                throw new IllegalArgumentException("Gradients.mean: no gradients to average");
            }
            List<Matrix> sum = new ArrayList<>();
            for (Matrix g : gradients.get(0).asList()) {
                sum.add(Matrix.zeros(g.rows(), g.cols()));
            }
            for (Gradients g : gradients) {
                List<Matrix> parts = g.asList();
                if (parts.size() != sum.size()) {
                    throw new IllegalArgumentException("Gradients.mean: gradients of networks with different layer counts");
                }
                for (int k = 0; k < parts.size(); k++) {
                    sum.get(k).addScaledInPlace(parts.get(k), 1.0 / gradients.size());
                }
            }
            return Collections.unmodifiableList(sum);
        }

        private int index(String what, int r) {
            if (r < 1 || r > dW.size()) {
                throw new IndexOutOfBoundsException("Gradients." + what + ": layer " + r + " does not exist; layers are 1.."
                        + dW.size());
            }
            return r - 1;
        }

        /** The loss and the size of each layer's gradient: {@code Gradients(loss=2.3026, B=64; |dW(1)|=0.1234, ...)}. */
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("Gradients(loss=").append(String.format("%.6g", loss))
                    .append(", B=").append(batchSize);
            for (int r = 1; r <= dW.size(); r++) {
                sb.append(r == 1 ? "; " : ", ").append("|dW(").append(r).append(")|=")
                        .append(String.format("%.4g", dW.get(r - 1).norm()))
                        .append(", |db(").append(r).append(")|=").append(String.format("%.4g", db.get(r - 1).norm()));
            }
            return sb.append(')').toString();
        }
    }
}
