package org.gradflow.nn;

import java.util.Objects;
import java.util.Random;
import org.gradflow.tensor.Matrix;

/**
 * Ways to draw the initial weights {@code W(r)} of an {@code n_out x n_in} layer from a seedable
 * {@link Random}. Biases start at zero. The scale matters: too small and the signal (and the deltas) shrink
 * layer by layer, too large and sigmoid/tanh saturate; Xavier/Glorot keeps the variance of tanh/sigmoid
 * layers steady, He that of ReLU layers.
 */
public enum Init {

    /** {@code w ~ U(-0.01, 0.01)}. */
    SMALL_UNIFORM("U(-0.01, 0.01)") {
        @Override
        double draw(int nOut, int nIn, Random rnd) {
            return uniform(0.01, rnd);
        }
    },

    /** {@code w ~ N(0, 0.01^2)}. */
    SMALL_NORMAL("N(0, 0.01^2)") {
        @Override
        double draw(int nOut, int nIn, Random rnd) {
            return 0.01 * rnd.nextGaussian();
        }
    },

    /** Xavier/Glorot uniform: {@code w ~ U(-s, s)}, {@code s = sqrt(6 / (n_in + n_out))}. */
    XAVIER_UNIFORM("U(-sqrt(6/(n_in+n_out)), +sqrt(6/(n_in+n_out)))") {
        @Override
        double draw(int nOut, int nIn, Random rnd) {
            return uniform(Math.sqrt(6.0 / (nIn + nOut)), rnd);
        }
    },

    /** Xavier/Glorot normal: {@code w ~ N(0, 2 / (n_in + n_out))}. */
    XAVIER_NORMAL("N(0, 2/(n_in+n_out))") {
        @Override
        double draw(int nOut, int nIn, Random rnd) {
            return Math.sqrt(2.0 / (nIn + nOut)) * rnd.nextGaussian();
        }
    },

    /** He uniform: {@code w ~ U(-s, s)}, {@code s = sqrt(6 / n_in)}. */
    HE_UNIFORM("U(-sqrt(6/n_in), +sqrt(6/n_in))") {
        @Override
        double draw(int nOut, int nIn, Random rnd) {
            return uniform(Math.sqrt(6.0 / nIn), rnd);
        }
    },

    /** He normal: {@code w ~ N(0, 2 / n_in)}. */
    HE_NORMAL("N(0, 2/n_in)") {
        @Override
        double draw(int nOut, int nIn, Random rnd) {
            return Math.sqrt(2.0 / nIn) * rnd.nextGaussian();
        }
    };

    private final String formula;

    Init(String formula) {
        this.formula = formula;
    }

    abstract double draw(int nOut, int nIn, Random rnd);

    /** A fresh {@code nOut x nIn} weight matrix, entries drawn independently in row-major order. */
    public Matrix weights(int nOut, int nIn, Random rnd) {
        Objects.requireNonNull(rnd, "Init.weights: rnd is null");
        if (nOut <= 0 || nIn <= 0) {
            throw new IllegalArgumentException("Init.weights: layer shape " + nOut + " x " + nIn
                    + " is empty; both sizes must be at least 1");
        }
        double[] w = new double[nOut * nIn];
        for (int k = 0; k < w.length; k++) {
            w[k] = draw(nOut, nIn, rnd);
        }
        return Matrix.of(nOut, nIn, w);
    }

    /** The distribution, e.g. {@code HE_NORMAL: N(0, 2/n_in)}. */
    @Override
    public String toString() {
        return name() + ": " + formula;
    }

    private static double uniform(double s, Random rnd) {
        return s * (2.0 * rnd.nextDouble() - 1.0);
    }
}
