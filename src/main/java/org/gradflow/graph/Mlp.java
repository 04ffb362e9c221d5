package org.gradflow.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * micrograd's multi-layer perceptron on {@link Value}s: layers of neurons
 * {@code z = relu(sum_i w_i x_i + b)} (the last layer linear), weights drawn uniformly from [-1, 1] and biases 0.
 * Parameters are labelled {@code w(layer)[neuron,input]} and {@code b(layer)[neuron]}, layers counted from 1, so
 * traces, pictures and gradient checks name them.
 */
public final class Mlp implements ValueModule {

    private final int[] sizes;
    /** {@code W[l][j][i]}: weight from input i to neuron j of layer l+1. */
    private final Value[][][] W;
    private final Value[][] b;
    private final List<Value> parameters = new ArrayList<>();

    /** An MLP with {@code inputs} inputs and the given layer sizes (e.g. {@code 2, 16, 16, 1}). */
    public Mlp(int inputs, int[] layerSizes, Random rnd) {
        Objects.requireNonNull(layerSizes, "Mlp: layer sizes are null");
        Objects.requireNonNull(rnd, "Mlp: random is null");
        sizes = new int[layerSizes.length + 1];
        sizes[0] = inputs;
        System.arraycopy(layerSizes, 0, sizes, 1, layerSizes.length);
        for (int n : sizes) {
            if (n < 1) {
                throw new IllegalArgumentException("Mlp: sizes " + Arrays.toString(sizes) + " must all be at least 1");
            }
        }
        W = new Value[layerSizes.length][][];
        b = new Value[layerSizes.length][];
        for (int l = 0; l < layerSizes.length; l++) {
            W[l] = new Value[sizes[l + 1]][sizes[l]];
            b[l] = new Value[sizes[l + 1]];
            for (int j = 0; j < sizes[l + 1]; j++) {
                for (int i = 0; i < sizes[l]; i++) {
                    W[l][j][i] = Value.of(2 * rnd.nextDouble() - 1, "w(" + (l + 1) + ")[" + j + "," + i + "]");
                    parameters.add(W[l][j][i]);
                }
                b[l][j] = Value.of(0, "b(" + (l + 1) + ")[" + j + "]");
                parameters.add(b[l][j]);
            }
        }
    }

    /** The forward pass on one example; returns the outputs of the last layer (a new graph each call). */
    public List<Value> apply(List<Value> x) {
        if (x.size() != sizes[0]) {
            throw new IllegalArgumentException("Mlp.apply: " + x.size() + " inputs but the MLP takes " + sizes[0]);
        }
        List<Value> in = x;
        for (int l = 0; l < W.length; l++) {
            List<Value> out = new ArrayList<>(W[l].length);
            for (int j = 0; j < W[l].length; j++) {
                List<Value> terms = new ArrayList<>(in.size() + 1);
                for (int i = 0; i < in.size(); i++) {
                    terms.add(W[l][j][i].times(in.get(i)));
                }
                terms.add(b[l][j]);
                Value a = Value.sum(terms);
                out.add(l < W.length - 1 ? a.relu() : a);
            }
            in = out;
        }
        return in;
    }

    /** The forward pass on one example given as numbers. */
    public List<Value> apply(double... x) {
        List<Value> in = new ArrayList<>(x.length);
        for (double v : x) {
            in.add(Value.of(v));
        }
        return apply(in);
    }

    @Override
    public List<Value> parameters() {
        return List.copyOf(parameters);
    }

    /** {@code Mlp(2 -> 16 relu -> 16 relu -> 1 linear, 337 parameters)}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Mlp(").append(sizes[0]);
        for (int l = 1; l < sizes.length; l++) {
            sb.append(" -> ").append(sizes[l]).append(l < sizes.length - 1 ? " relu" : " linear");
        }
        return sb.append(", ").append(parameters.size()).append(" parameters)").toString();
    }
}
