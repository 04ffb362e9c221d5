package org.gradflow.nn;

import java.util.Objects;
import java.util.function.DoubleUnaryOperator;
import org.gradflow.tensor.Matrix;

/** The implementations behind {@link Activation}'s built-ins and factories. */
final class Activations {

    private Activations() {
    }

    /** {@code 1 / (1 + e^-a)}, written two ways so that {@code e^x} never overflows. */
    static double sigmoid(double a) {
        if (a >= 0) {
            return 1.0 / (1.0 + Math.exp(-a));
        }
        double e = Math.exp(a);
        return e / (1.0 + e);
    }

    /** The matrix of {@code values}, shaped like {@code A}, or an error naming the first entry that is not finite. */
    static Matrix finite(Activation f, String op, Matrix A, double[] values) {
        for (int k = 0; k < values.length; k++) {
            if (!Double.isFinite(values[k])) {
                int i = k / A.cols();
                int j = k % A.cols();
                throw new ArithmeticException(f + "." + op + ": entry [" + i + "," + j + "] of A = " + A.get(i, j)
                        + " gives " + values[k] + "; an activation (and its derivative) must be finite wherever the"
                        + " network evaluates it");
            }
        }
        return Matrix.of(A.rows(), A.cols(), values);
    }

    /** An activation from two functions and a name. */
    static final class Named implements Activation {
        private final String name;
        private final DoubleUnaryOperator f;
        private final DoubleUnaryOperator derivative;

        Named(String name, DoubleUnaryOperator f, DoubleUnaryOperator derivative) {
            this.name = Objects.requireNonNull(name, "Activation.of: name is null");
            this.f = Objects.requireNonNull(f, "Activation.of: function is null");
            this.derivative = Objects.requireNonNull(derivative, "Activation.of: derivative is null");
        }

        @Override
        public double apply(double a) {
            return f.applyAsDouble(a);
        }

        @Override
        public double derivative(double a) {
            return derivative.applyAsDouble(a);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** ReLU, with one-pass matrix versions ({@link Matrix#relu}, {@link Matrix#hadamardStep}). */
    static final class Relu implements Activation {
        @Override
        public double apply(double a) {
            return Math.max(a, 0.0);
        }

        @Override
        public double derivative(double a) {
            return a > 0 ? 1.0 : 0.0;
        }

        @Override
        public Matrix apply(Matrix A) {
            return A.relu();
        }

        @Override
        public Matrix derivativeTimes(Matrix A, Matrix G) {
            return G.hadamardStep(A);
        }

        @Override
        public String toString() {
            return "relu";
        }
    }
}
