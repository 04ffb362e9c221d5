package org.gradflow.nn;

import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.gradflow.tensor.Matrix;

/**
 * An activation function of the hidden layers, {@code Z(r) = f(A(r))}, with its derivative {@code f'(A(r))} as
 * the delta recursion {@code Delta(r) = f'(A(r)) o W(r+1)^T Delta(r+1)} uses it.
 *
 * <p>An interface: the built-ins ({@link #SIGMOID}, {@link #TANH}, {@link #RELU}, {@link #LEAKY_RELU},
 * {@link #IDENTITY}, {@link #leakyRelu(double)}) are instances of it, and a learner's own activation goes wherever a
 * built-in one does ({@link Network}, {@link ActivationLayer}, {@code Trainer}):
 * <pre>{@code
 * Activation softplus = Activation.of("softplus", a -> Math.log1p(Math.exp(a)), a -> 1 / (1 + Math.exp(-a)));
 * }</pre>
 * or {@code new Activation() { ... }} implementing {@link #apply(double)} and {@link #derivative(double)}.
 *
 * <p>Every derivative is a function of the pre-activation {@code A}, the value the forward trace keeps.
 * At the kink of ReLU (and leaky ReLU) the derivative is not defined; gradflow uses the convention
 * {@code relu'(0) = 0} (the "max switches" rule of the gradient flow: a tie sends nothing back), as
 * most libraries do. Gradient checks therefore keep their inputs away from 0.
 */
public interface Activation {

    /** {@code sigmoid(a) = 1 / (1 + e^-a)}; {@code sigmoid'(a) = s (1 - s)} with {@code s = sigmoid(a)}. */
    Activation SIGMOID = of("sigmoid", Activations::sigmoid, a -> {
        double s = Activations.sigmoid(a);
        return s * (1.0 - s);
    });

    /** {@code tanh(a)}; {@code tanh'(a) = 1 - tanh(a)^2}. */
    Activation TANH = of("tanh", Math::tanh, a -> {
        double t = Math.tanh(a);
        return 1.0 - t * t;
    });

    /** {@code relu(a) = max(0, a)}; {@code relu'(a) = 1} if {@code a > 0}, else 0 (so {@code relu'(0) = 0}). */
    Activation RELU = new Activations.Relu();

    /** The slope of {@link #LEAKY_RELU} for negative inputs. */
    double LEAKY_SLOPE = 0.01;

    /**
     * {@code leaky_relu(a) = a} if {@code a > 0}, else {@code 0.01 a}; derivative 1 if {@code a > 0},
     * else 0.01 (so the derivative at 0 is 0.01). Other slopes: {@link #leakyRelu(double)}.
     */
    Activation LEAKY_RELU = leakyRelu(LEAKY_SLOPE);

    /** {@code f(a) = a}; {@code f'(a) = 1}. A network of identity layers is a linear model. */
    Activation IDENTITY = of("identity", a -> a, a -> 1.0);

    /** {@code f(a)} for one number. */
    double apply(double a);

    /** {@code f'(a)} for one number (a pre-activation). */
    double derivative(double a);

    /** {@code Z = f(A)}, entry by entry; fails naming the entry if {@code f} gives NaN or infinity. */
    default Matrix apply(Matrix A) {
        double[] z = A.toRowMajor();
        for (int k = 0; k < z.length; k++) {
            z[k] = apply(z[k]);
        }
        return Activations.finite(this, "apply", A, z);
    }

    /** {@code f'(A)}, entry by entry, from the pre-activations {@code A} (as the trace keeps them). */
    default Matrix derivative(Matrix A) {
        double[] d = A.toRowMajor();
        for (int k = 0; k < d.length; k++) {
            d[k] = derivative(d[k]);
        }
        return Activations.finite(this, "derivative", A, d);
    }

    /**
     * {@code f'(A) o G}: the derivative at the pre-activations {@code A}, entry by entry, times {@code G} (in the
     * delta recursion {@code G = W(r+1)^T Delta(r+1)}). ReLU does it in one pass ({@link Matrix#hadamardStep}).
     */
    default Matrix derivativeTimes(Matrix A, Matrix G) {
        return derivative(A).hadamard(G);
    }

    /**
     * An activation from its function and derivative, with a name for {@code toString()} (as in
     * {@code Dense(784 -> 128, softplus)}).
     */
    static Activation of(String name, DoubleUnaryOperator f, DoubleUnaryOperator derivative) {
        return new Activations.Named(name, f, derivative);
    }

    /**
     * Leaky ReLU with the given slope {@code s} for negative inputs: {@code f(a) = a} if {@code a > 0}, else
     * {@code s a}; {@code f'(a) = 1} if {@code a > 0}, else {@code s}. The slope must be finite and non-negative.
     */
    static Activation leakyRelu(double slope) {
        if (!(slope >= 0) || !Double.isFinite(slope)) {
            throw new IllegalArgumentException("Activation.leakyRelu: slope " + slope
                    + " must be finite and non-negative (0.01 is usual; 0 is plain ReLU)");
        }
        String name = slope == LEAKY_SLOPE ? "leaky_relu" : "leaky_relu(" + slope + ")";
        return of(name, a -> a > 0 ? a : slope * a, a -> a > 0 ? 1.0 : slope);
    }

    /** The built-in activations, in the order sigmoid, tanh, relu, leaky relu, identity (for tests and tables). */
    static List<Activation> builtIns() {
        return List.of(SIGMOID, TANH, RELU, LEAKY_RELU, IDENTITY);
    }
}
