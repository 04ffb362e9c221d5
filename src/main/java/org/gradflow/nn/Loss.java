package org.gradflow.nn;

import java.util.function.DoubleBinaryOperator;
import org.gradflow.tensor.Matrix;

/**
 * The output function {@code Y = h(A(R+1))} of a network together with its per-example loss and the loss's
 * gradient with respect to the logits, {@code delta = dL(m)/dA(R+1)}: what the delta recursion starts from.
 *
 * <p>An interface: the built-ins are instances ({@link #CROSS_ENTROPY}: softmax with cross-entropy, and
 * {@link #MSE}: the identity with half the squared error, both with {@code delta = y - t}), and a learner's own
 * loss goes wherever a built-in one does ({@link Network}, {@link Sequential}, {@code Trainer}). A loss with the
 * identity output, summed over the outputs, is one line with {@link #elementwise}:
 * <pre>{@code
 * Loss huber = Loss.elementwise("huber", (y, t) -> Math.abs(y - t) <= 1 ? 0.5 * (y - t) * (y - t) : Math.abs(y - t) - 0.5,
 *                                         (y, t) -> Math.max(-1, Math.min(1, y - t)));
 * }</pre>
 * The batch loss is the mean of the per-example losses.
 */
public interface Loss {

    /**
     * {@code y = softmax(a)}, {@code L = -sum_k t_k log y_k}; {@code dL/da = y - t}.
     * Targets {@code t} are one-hot columns or probability columns (non-negative, summing to 1).
     */
    Loss CROSS_ENTROPY = new Losses.CrossEntropy();

    /**
     * {@code y = a} (identity output), {@code L = 1/2 sum_k (y_k - t_k)^2}; {@code dL/da = y - t}.
     * The factor 1/2 makes the delta the same {@code y - t} as for cross-entropy.
     */
    Loss MSE = elementwise("half squared error", (y, t) -> 0.5 * (y - t) * (y - t), (y, t) -> y - t);

    /** The network output {@code Y = h(A)} from the logits {@code A = A(R+1)}, column by column. */
    Matrix output(Matrix A);

    /**
     * The loss of each example (column) as a {@code 1 x B} row, computed from the logits {@code A}
     * (not from {@code Y}, so that cross-entropy can use log-sum-exp and never takes {@code log 0}).
     * Implementations may assume {@link #checkTargets} has accepted {@code T}.
     */
    Matrix perExample(Matrix A, Matrix T);

    /**
     * {@code dL(m)/dA(R+1)} for each example's own loss, one column per example, from the output
     * {@code Y = output(A)} and the targets (for the built-ins {@code Y - T}). The gradient of the batch (mean) loss
     * is this divided by the batch size. Implementations may assume {@link #checkTargets} has accepted {@code T}.
     */
    Matrix delta(Matrix Y, Matrix T);

    /**
     * Throws if {@code T} is not a valid target for output {@code Y}: by default when the shapes differ or
     * {@code T} holds NaN or infinity; cross-entropy also checks that each column is a probability column.
     */
    default void checkTargets(String op, Matrix Y, Matrix T) {
        Losses.requireSameShape(op, Y, T);
    }

    /** The batch loss {@code L = (1/B) sum_m L(m)}: the mean of the per-example losses. Checks the targets. */
    default double mean(Matrix A, Matrix T) {
        checkTargets("loss", A, T);
        Matrix losses = perExample(A, T);
        return losses.sum() / losses.cols();
    }

    /**
     * True for a classifier's loss (its outputs are class scores, its targets one-hot columns): the trainer then
     * measures accuracy and asks for labelled data. False by default.
     */
    default boolean classifies() {
        return false;
    }

    /** The name of the output function {@code h}: {@code softmax} or {@code identity} (the default). */
    default String outputName() {
        return "identity";
    }

    /** The built-in losses: {@link #CROSS_ENTROPY}, {@link #MSE} (for tests and tables). */
    static java.util.List<Loss> builtIns() {
        return java.util.List.of(CROSS_ENTROPY, MSE);
    }

    /**
     * A loss with the identity output ({@code Y = A}) summed over the outputs:
     * {@code L(m) = sum_k loss(y_k, t_k)}, {@code delta_k = d loss(y_k, t_k) / d y_k}.
     *
     * @param name       for {@code toString()}, e.g. {@code huber} (shown as {@code identity + huber})
     * @param loss       {@code loss(y, t)} for one output
     * @param derivative its derivative in {@code y}
     */
    static Loss elementwise(String name, DoubleBinaryOperator loss, DoubleBinaryOperator derivative) {
        return new Losses.Elementwise(name, loss, derivative);
    }
}
