package org.gradflow.nn;

import java.util.Objects;
import java.util.function.DoubleBinaryOperator;
import org.gradflow.tensor.Matrix;

/** The implementations behind {@link Loss}'s built-ins and factories. */
final class Losses {

    private Losses() {
    }

    static void requireSameShape(String op, Matrix Y, Matrix T) {
        Objects.requireNonNull(T, op + ": targets T are null");
        if (Y.rows() != T.rows() || Y.cols() != T.cols()) {
            throw new IllegalArgumentException(op + ": T is " + T.shape() + " but the output Y is " + Y.shape()
                    + "; T needs one row per output and one column per example");
        }
        T.requireFinite(op + " (targets T)");
    }

    /** Softmax output with cross-entropy; {@code delta = Y - T}. */
    static final class CrossEntropy implements Loss {

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
        public Matrix perExample(Matrix A, Matrix T) {
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

        /** {@code Y - T}, after {@link #checkTargets} (a probability column per example). */
        @Override
        public Matrix delta(Matrix Y, Matrix T) {
            checkTargets("delta", Y, T);
            return Y.minus(T);
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

        @Override
        public boolean classifies() {
            return true;
        }

        @Override
        public String outputName() {
            return "softmax";
        }

        @Override
        public String toString() {
            return "softmax + cross-entropy";
        }

        private static double columnMax(double[] a, int rows, int cols, int j) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < rows; k++) {
                max = Math.max(max, a[k * cols + j]);
            }
            return max;
        }
    }

    /** Identity output, {@code L(m) = sum_k loss(y_k, t_k)}. */
    static final class Elementwise implements Loss {
        private final String name;
        private final DoubleBinaryOperator loss;
        private final DoubleBinaryOperator derivative;

        Elementwise(String name, DoubleBinaryOperator loss, DoubleBinaryOperator derivative) {
            this.name = Objects.requireNonNull(name, "Loss.elementwise: name is null");
            this.loss = Objects.requireNonNull(loss, "Loss.elementwise: loss is null");
            this.derivative = Objects.requireNonNull(derivative, "Loss.elementwise: derivative is null");
        }

        @Override
        public Matrix output(Matrix A) {
            return A;
        }

        @Override
        public Matrix perExample(Matrix A, Matrix T) {
            double[] sums = new double[A.cols()];
            for (int k = 0; k < A.rows(); k++) {
                for (int j = 0; j < A.cols(); j++) {
                    sums[j] += loss.applyAsDouble(A.get(k, j), T.get(k, j));
                }
            }
            return finite("perExample", sums, 1, A.cols());
        }

        @Override
        public Matrix delta(Matrix Y, Matrix T) {
            checkTargets("delta", Y, T);
            double[] d = new double[Y.size()];
            for (int k = 0; k < Y.rows(); k++) {
                for (int j = 0; j < Y.cols(); j++) {
                    d[k * Y.cols() + j] = derivative.applyAsDouble(Y.get(k, j), T.get(k, j));
                }
            }
            return finite("delta", d, Y.rows(), Y.cols());
        }

        private Matrix finite(String op, double[] values, int rows, int cols) {
            for (int k = 0; k < values.length; k++) {
                if (!Double.isFinite(values[k])) {
                    throw new ArithmeticException(this + "." + op + ": entry [" + k / cols + "," + k % cols + "] is "
                            + values[k] + "; the loss and its derivative must be finite at the outputs and targets");
                }
            }
            return Matrix.of(rows, cols, values);
        }

        @Override
        public String toString() {
            return "identity + " + name;
        }
    }
}
