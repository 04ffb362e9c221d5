package org.gradflow.nn;

import org.gradflow.tensor.Matrix;

/**
 * The output function {@code Y = h(A(R+1))} of a network together with its per-example loss.
 *
 * <p>Each pair is chosen so that the gradient of one example's loss with respect to its logits is
 * {@code delta = y - t}: softmax with cross-entropy (classification) and the identity with half the
 * squared error (regression). The batch loss is the mean of the per-example losses.
 */
public enum Loss {

    /**
     * {@code y = softmax(a)}, {@code L = -sum_k t_k log y_k}; {@code dL/da = y - t}.
     * Targets {@code t} are one-hot columns or probability columns (non-negative, summing to 1).
     */
    CROSS_ENTROPY("softmax", "cross-entropy") {
        @Override
        public Matrix output(Matrix A) {
            double[] a = A.toRowMajor();
            int rows = A.rows();
            int cols = A.cols();
            for (int j = 0; j < cols; j++) {
                double max = columnMax(a, rows, cols, j);
                double sum = 0;
                for (int k = 0; k < rows; k++) {
                    double e = Math.exp(a[k * cols + j] - max);
                    a[k * cols + j] = e;
                    sum += e;
                }
                for (int k = 0; k < rows; k++) {
                    a[k * cols + j] /= sum;
                }
            }
            return Matrix.of(rows, cols, a);
        }

        @Override
        Matrix perExampleChecked(Matrix A, Matrix T) {
            double[] a = A.toRowMajor();
            double[] t = T.toRowMajor();
            int rows = A.rows();
            int cols = A.cols();
            double[] losses = new double[cols];
            for (int j = 0; j < cols; j++) {
                // log y_k = a_k - logsumexp(a), with the column max taken out so that exp never overflows.
                double max = columnMax(a, rows, cols, j);
                double sum = 0;
                for (int k = 0; k < rows; k++) {
                    sum += Math.exp(a[k * cols + j] - max);
                }
                double logSumExp = max + Math.log(sum);
                double loss = 0;
                for (int k = 0; k < rows; k++) {
                    double tk = t[k * cols + j];
                    if (tk != 0.0) {
                        loss -= tk * (a[k * cols + j] - logSumExp);
                    }
                }
                losses[j] = loss;
            }
            return Matrix.row(losses);
        }

        @Override
        public void checkTargets(String op, Matrix Y, Matrix T) {
            requireSameShape(op, Y, T);
            for (int j = 0; j < T.cols(); j++) {
                double sum = 0;
                for (int k = 0; k < T.rows(); k++) {
                    double tk = T.get(k, j);
                    if (tk < 0 || tk > 1) {
                        throw new IllegalArgumentException(op + ": T[" + k + "," + j + "] = " + tk
                                + "; cross-entropy targets must be one-hot or probabilities in [0, 1]");
                    }
                    sum += tk;
                }
                if (Math.abs(sum - 1.0) > 1e-9) {
                    throw new IllegalArgumentException(op + ": column " + j + " of T sums to " + sum
                            + "; cross-entropy targets must be one-hot or probabilities summing to 1"
                            + " (one column per example)");
                }
            }
        }
    },

    /**
     * {@code y = a} (identity output), {@code L = 1/2 sum_k (y_k - t_k)^2}; {@code dL/da = y - t}.
     * The factor 1/2 makes the delta the same {@code y - t} as for cross-entropy.
     */
    MSE("identity", "half squared error") {
        @Override
        public Matrix output(Matrix A) {
            return A;
        }

        @Override
        Matrix perExampleChecked(Matrix A, Matrix T) {
            Matrix diff = A.minus(T);
            return diff.hadamard(diff).sumRows().scale(0.5);
        }

        @Override
        public void checkTargets(String op, Matrix Y, Matrix T) {
            requireSameShape(op, Y, T);
        }
    };

    private final String outputName;
    private final String lossName;

    Loss(String outputName, String lossName) {
        this.outputName = outputName;
        this.lossName = lossName;
    }

    /** The network output {@code Y = h(A)} from the logits {@code A = A(R+1)}, column by column. */
    public abstract Matrix output(Matrix A);

    /**
     * The loss of each example (column) as a {@code 1 x B} row, computed from the logits {@code A}
     * (not from {@code Y}, so that cross-entropy can use log-sum-exp and never takes {@code log 0}).
     */
    public Matrix perExample(Matrix A, Matrix T) {
        checkTargets("loss", A, T);
        return perExampleChecked(A, T);
    }

    /** {@link #perExample} for targets already checked with {@link #checkTargets}. */
    abstract Matrix perExampleChecked(Matrix A, Matrix T);

    /** The batch loss {@code L = (1/B) sum_m L(m)}: the mean of the per-example losses. */
    public double mean(Matrix A, Matrix T) {
        checkTargets("loss", A, T);
        return meanChecked(A, T);
    }

    /** {@link #mean} for targets already checked (the backward pass checks them once). */
    double meanChecked(Matrix A, Matrix T) {
        Matrix losses = perExampleChecked(A, T);
        return losses.sum() / losses.cols();
    }

    /**
     * {@code dL(m)/dA(R+1)} for each example's own loss, one column per example: {@code Y - T}.
     * The gradient of the batch (mean) loss is this divided by the batch size.
     */
    public Matrix delta(Matrix Y, Matrix T) {
        checkTargets("delta", Y, T);
        return deltaChecked(Y, T);
    }

    /** {@link #delta} for targets already checked. */
    Matrix deltaChecked(Matrix Y, Matrix T) {
        return Y.minus(T);
    }

    /** Throws if {@code T} is not a valid target for output {@code Y} (shape, and for cross-entropy, values). */
    public abstract void checkTargets(String op, Matrix Y, Matrix T);

    /** The name of the output function, {@code softmax} or {@code identity}. */
    public String outputName() {
        return outputName;
    }

    /** The name of the loss and its output, e.g. {@code softmax + cross-entropy}. */
    @Override
    public String toString() {
        return outputName + " + " + lossName;
    }

    private static void requireSameShape(String op, Matrix Y, Matrix T) {
        if (Y.rows() != T.rows() || Y.cols() != T.cols()) {
            throw new IllegalArgumentException(op + ": T is " + T.shape() + " but the output Y is " + Y.shape()
                    + "; T needs one row per output and one column per example");
        }
        T.requireFinite(op + " (targets T)");
    }

    private static double columnMax(double[] a, int rows, int cols, int j) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < rows; k++) {
            max = Math.max(max, a[k * cols + j]);
        }
        return max;
    }
}
