package org.gradflow.nn;

import java.util.Objects;
import org.gradflow.tensor.Matrix;

/**
 * One dense layer r: weights {@code W(r)} ({@code n_r x n_(r-1)}), bias {@code b(r)} ({@code n_r x 1}) and
 * an activation; {@code A(r) = W(r) Z(r-1) + b(r)}, {@code Z(r) = f(A(r))}.
 *
 * <p>The layer holds the given matrices themselves, not copies: an optimizer that changes them in place
 * changes the layer.
 */
public final class Dense {

    private final Matrix W;
    private final Matrix b;
    private final Activation activation;
    /** What toString shows after the sizes: the activation, or for an output layer its output function. */
    private final String label;

    /** A layer on the given weights and bias (kept by reference); {@code b} must be {@code W.rows() x 1}. */
    public Dense(Matrix W, Matrix b, Activation activation) {
        this(W, b, activation, null);
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
