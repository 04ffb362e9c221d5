package org.gradflow.check;

import java.util.Random;

/**
 * Test fixture: a small dense network written with plain arrays (no gradflow classes), tanh hidden layers,
 * softmax + cross-entropy output, batch loss = mean of per-example losses. Its gradient is derived by hand
 * with the delta recursion, and can be broken on purpose to test that the checker catches it.
 *
 * <p>Layer r = 1..R+1: {@code W[r-1]} is {@code n_r x n_(r-1)} row-major, {@code b[r-1]} has n_r entries.
 * X is {@code n_0 x B} row-major, one column per example.
 */
final class PlainNet {

    /** A deliberate mistake in the backward pass, applied at one layer. */
    enum Bug {
        NONE,
        /** dW(r) doubled. */
        DW_TIMES_2,
        /** dW(r) negated. */
        DW_SIGN,
        /** db(r) not divided by the batch size B. */
        DB_NO_MEAN,
        /** Delta(r) computed with the derivative 1 - A^2 instead of 1 - Z^2 (hidden layers only). */
        DELTA_WRONG_DERIVATIVE,
        /** dW(r)[1,0] off by 0.1. */
        ONE_ELEMENT
    }

    final int[] n;
    final int batch;
    final double[] X;
    final int[] labels;
    final double[][] W;
    final double[][] b;

    PlainNet(long seed, int batch, int... n) {
        Random rnd = new Random(seed);
        this.n = n.clone();
        this.batch = batch;
        int layers = n.length - 1;
        W = new double[layers][];
        b = new double[layers][];
        for (int r = 1; r <= layers; r++) {
            W[r - 1] = new double[n[r] * n[r - 1]];
            b[r - 1] = new double[n[r]];
            for (int k = 0; k < W[r - 1].length; k++) {
                W[r - 1][k] = rnd.nextGaussian() / Math.sqrt(n[r - 1]);
            }
            for (int k = 0; k < b[r - 1].length; k++) {
                b[r - 1][k] = 0.1 * rnd.nextGaussian();
            }
        }
        X = new double[n[0] * batch];
        for (int k = 0; k < X.length; k++) {
            X[k] = rnd.nextGaussian();
        }
        labels = new int[batch];
        for (int m = 0; m < batch; m++) {
            labels[m] = rnd.nextInt(n[layers]);
        }
    }

    int layers() {
        return W.length;
    }

    /** Z(0..R+1) for the current weights: Z[0] = X, Z[r] = tanh(A(r)), the last one softmax(A(R+1)). */
    double[][] forward() {
        int layers = layers();
        double[][] Z = new double[layers + 1][];
        Z[0] = X;
        for (int r = 1; r <= layers; r++) {
            double[] A = new double[n[r] * batch];
            for (int i = 0; i < n[r]; i++) {
                for (int m = 0; m < batch; m++) {
                    double a = b[r - 1][i];
                    for (int j = 0; j < n[r - 1]; j++) {
                        a += W[r - 1][i * n[r - 1] + j] * Z[r - 1][j * batch + m];
                    }
                    A[i * batch + m] = a;
                }
            }
            Z[r] = r < layers ? tanh(A) : softmaxColumns(A, n[r]);
        }
        return Z;
    }

    /** The mean cross-entropy over the batch. */
    double loss() {
        double[] Y = forward()[layers()];
        double sum = 0;
        for (int m = 0; m < batch; m++) {
            sum -= Math.log(Y[labels[m] * batch + m]);
        }
        return sum / batch;
    }

    /** dL/dW(r) at index r-1 and dL/db(r) at index layers + r - 1, by the delta recursion, with a bug at bugLayer. */
    double[][] gradients(Bug bug, int bugLayer) {
        int layers = layers();
        double[][] Z = forward();
        double[][] grads = new double[2 * layers][];
        // Delta(R+1) = (Y - T) / B: softmax + cross-entropy, and the 1/B of the batch mean.
        double[] delta = Z[layers].clone();
        for (int m = 0; m < batch; m++) {
            delta[labels[m] * batch + m] -= 1;
        }
        for (int k = 0; k < delta.length; k++) {
            delta[k] /= batch;
        }
        for (int r = layers; r >= 1; r--) {
            double[] dW = new double[n[r] * n[r - 1]];
            double[] db = new double[n[r]];
            for (int i = 0; i < n[r]; i++) {
                for (int m = 0; m < batch; m++) {
                    db[i] += delta[i * batch + m];
                    for (int j = 0; j < n[r - 1]; j++) {
                        dW[i * n[r - 1] + j] += delta[i * batch + m] * Z[r - 1][j * batch + m];
                    }
                }
            }
            if (r == bugLayer) {
                switch (bug) {
                    case DW_TIMES_2 -> scale(dW, 2);
                    case DW_SIGN -> scale(dW, -1);
                    case DB_NO_MEAN -> scale(db, batch);
                    case ONE_ELEMENT -> dW[n[r - 1]] += 0.1;
                    default -> { }
                }
            }
            grads[r - 1] = dW;
            grads[layers + r - 1] = db;
            if (r > 1) {
                // Delta(r-1) = f'(A(r-1)) o W(r)^T Delta(r), with tanh' = 1 - Z^2.
                double[] next = new double[n[r - 1] * batch];
                boolean wrongDerivative = bug == Bug.DELTA_WRONG_DERIVATIVE && bugLayer == r - 1;
                for (int j = 0; j < n[r - 1]; j++) {
                    for (int m = 0; m < batch; m++) {
                        double s = 0;
                        for (int i = 0; i < n[r]; i++) {
                            s += W[r - 1][i * n[r - 1] + j] * delta[i * batch + m];
                        }
                        double z = Z[r - 1][j * batch + m];
                        double a = 0.5 * Math.log((1 + z) / (1 - z));
                        next[j * batch + m] = (wrongDerivative ? 1 - a * a : 1 - z * z) * s;
                    }
                }
                delta = next;
            }
        }
        return grads;
    }

    /** A check of every W(r), b(r), in layer order, against the given gradients. */
    GradCheck check(double[][] grads) {
        GradCheck check = GradCheck.of(this::loss).outputDelta("Y - T"); // softmax + cross-entropy
        for (int r = 1; r <= layers(); r++) {
            check.param("W(" + r + ")", n[r], n[r - 1], W[r - 1], grads[r - 1]);
            check.param("b(" + r + ")", b[r - 1], grads[layers() + r - 1]);
        }
        return check;
    }

    int parameterCount() {
        int p = 0;
        for (int r = 0; r < layers(); r++) {
            p += W[r].length + b[r].length;
        }
        return p;
    }

    private static void scale(double[] v, double c) {
        for (int k = 0; k < v.length; k++) {
            v[k] *= c;
        }
    }

    private static double[] tanh(double[] A) {
        double[] Z = new double[A.length];
        for (int k = 0; k < A.length; k++) {
            Z[k] = Math.tanh(A[k]);
        }
        return Z;
    }

    private double[] softmaxColumns(double[] A, int rows) {
        double[] Y = new double[A.length];
        for (int m = 0; m < batch; m++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < rows; i++) {
                max = Math.max(max, A[i * batch + m]);
            }
            double sum = 0;
            for (int i = 0; i < rows; i++) {
                Y[i * batch + m] = Math.exp(A[i * batch + m] - max);
                sum += Y[i * batch + m];
            }
            for (int i = 0; i < rows; i++) {
                Y[i * batch + m] /= sum;
            }
        }
        return Y;
    }
}
