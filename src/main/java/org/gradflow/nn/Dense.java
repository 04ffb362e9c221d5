package org.gradflow.nn;

import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.gradflow.tensor.Matrix;

/**
 * One dense layer r: weights {@code W(r)} ({@code n_r x n_(r-1)}), bias {@code b(r)} ({@code n_r x 1}) and
 * an activation; {@code A(r) = W(r) Z(r-1) + b(r)}, {@code Z(r) = f(A(r))}.
 *
 * <p>As a {@link Layer} of a {@link Sequential} model its backward pass is one step of the delta recursion:
 * <pre>
 *   Delta = f'(A) o dOut,   dL/dW = Delta Z^T,   dL/db = Delta summed over the batch,   dL/dZ = W^T Delta
 * </pre>
 *
 * <p>The layer holds the given matrices themselves, not copies: an optimizer that changes them in place
 * changes the layer.
 */
public final class Dense implements Layer {

    private final Matrix W;
    private final Matrix b;
    private final Activation activation;
    /** What toString shows after the sizes: the activation, or for an output layer its output function. */
    private final String label;
    /** The input {@code Z} and pre-activation {@code A} of the last {@link #forward(Matrix, Mode)}, for backward. */
    private Matrix lastZ;
    private Matrix lastA;

    /** A layer on the given weights and bias (kept by reference); {@code b} must be {@code W.rows() x 1}. */
    public Dense(Matrix W, Matrix b, Activation activation) {
        this(W, b, activation, null);
    }

    /** A layer with {@code outputs x inputs} weights drawn by {@code init} from {@code rnd} and a zero bias. */
    public static Dense random(int inputs, int outputs, Activation activation, Init init, Random rnd) {
        if (inputs < 1 || outputs < 1) {
            throw new IllegalArgumentException("Dense.random: " + inputs + " inputs and " + outputs
                    + " outputs; both must be at least 1");
        }
        Objects.requireNonNull(init, "Dense.random: init is null");
        return new Dense(init.weights(outputs, inputs, rnd), Matrix.zeros(outputs, 1), activation);
    }

    /**
     * An output layer: its activation is the identity (it computes the logits {@code A(R+1)}), and the network
     * applies {@code output} (softmax or identity) afterwards; toString names that output function.
     */
    static Dense output(Matrix W, Matrix b, Loss loss) {
        return new Dense(W, b, Activation.IDENTITY, "logits, " + loss.outputName() + " output");
    }

    private Dense(Matrix W, Matrix b, Activation activation, String label) {
        Objects.requireNonNull(W, "Dense: W is null");
        Objects.requireNonNull(b, "Dense: b is null");
        Objects.requireNonNull(activation, "Dense: activation is null");
        if (b.rows() != W.rows() || b.cols() != 1) {
            throw new IllegalArgumentException("Dense: b is " + b.shape() + " but W is " + W.shape()
                    + "; b must be " + W.rows() + " x 1 (one entry per row of W)");
        }
        this.W = W;
        this.b = b;
        this.activation = activation;
        this.label = label == null ? activation.toString() : label;
    }

    /** The weights {@code W(r)}, {@code n_r x n_(r-1)} (the live matrix). */
    public Matrix W() {
        return W;
    }

    /** The bias {@code b(r)}, {@code n_r x 1} (the live matrix). */
    public Matrix b() {
        return b;
    }

    /** The activation {@code f} of this layer. */
    public Activation activation() {
        return activation;
    }

    /** {@code n_(r-1)}, the number of inputs. */
    public int inputSize() {
        return W.cols();
    }

    /** {@code n_r}, the number of outputs (units). */
    public int outputSize() {
        return W.rows();
    }

    /** {@code A = W Z + b}, the bias added to every column (example). */
    public Matrix preActivation(Matrix Z) {
        if (Z.rows() != W.cols()) {
            throw new IllegalArgumentException("Dense.preActivation: input has " + Z.rows() + " rows (" + Z.shape()
                    + ") but W is " + W.shape() + "; the input needs " + W.cols() + " rows, one column per example");
        }
        return W.timesPlusColumn(Z, b);
    }

    /** {@code f(W Z + b)}. */
    public Matrix forward(Matrix Z) {
        return activation.apply(preActivation(Z));
    }

    /** {@code Z = f(W X + b)} as a layer of a {@link Sequential}; keeps {@code X} and {@code A} for backward. */
    @Override
    public Matrix forward(Matrix X, Mode mode) {
        Objects.requireNonNull(X, "Dense.forward: X is null");
        Matrix A = preActivation(X);
        lastZ = X;
        lastA = A;
        return activation.apply(A);
    }

    /**
     * One step of the delta recursion for the last {@link #forward(Matrix, Mode)}: {@code Delta = f'(A) o dOut};
     * returns {@code dL/dZ = W^T Delta} and {@code [dL/dW = Delta Z^T, dL/db = Delta.rowSums()]}.
     */
    @Override
    public Backward backward(Matrix dOut) {
        if (lastA == null) {
            throw new IllegalStateException("Dense.backward: no forward pass yet; call forward(X, mode) first");
        }
        Objects.requireNonNull(dOut, "Dense.backward: dOut is null");
        lastA.requireSameShape("Dense.backward (dOut against the last output)", dOut);
        Matrix delta = activation.derivativeTimes(lastA, dOut);
        return new Gradient(W.transposeTimes(delta), List.of(delta.timesTranspose(lastZ), delta.rowSums()));
    }

    /** {@code [W, b]}, the live matrices. */
    @Override
    public List<Matrix> parameters() {
        return List.of(W, b);
    }

    /** {@code [W, b]}. */
    @Override
    public List<String> parameterNames() {
        return List.of("W", "b");
    }

    /** A layer with copies of the weights and bias. */
    public Dense copy() {
        return new Dense(W.copy(), b.copy(), activation, label);
    }

    /** {@code Dense(784 -> 128, relu)}; an output layer: {@code Dense(128 -> 10, logits, softmax output)}. */
    @Override
    public String toString() {
        return "Dense(" + inputSize() + " -> " + outputSize() + ", " + label + ")";
    }
}
