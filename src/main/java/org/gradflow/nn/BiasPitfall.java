package org.gradflow.nn;

import java.util.Arrays;
import java.util.Objects;
import org.gradflow.nn.BatchNorm.GradientRule;
import org.gradflow.tensor.Matrix;

/**
 * The experiment of Ioffe &amp; Szegedy's section 2: why the gradient must flow through the batch statistics.
 *
 * <p>A layer adds a learned bias to fixed inputs, {@code x = u + b} ({@code u} one value per example of a
 * batch, {@code b} a scalar), and normalizes the result over the batch: {@code xhat = x - E[x]}
 * ({@link Normalization#CENTER}, the paper's example) or {@code xhat = (x - E[x]) / sqrt(Var[x] + eps)}
 * ({@link Normalization#STANDARDIZE}). The loss is the squared error of the normalized output against a
 * target, {@code L = (1/(2B)) sum_j (xhat_j - t_j)^2}, and {@code b} is trained by gradient descent,
 * {@code b <- b - lr dL/db}, with {@code dL/db = sum_j dL/dx_j} (b is broadcast over the batch).
 *
 * <p>Two runs from the same start:
 * <ul>
 *   <li>{@link GradientRule#FULL}: {@code dL/db} accounts for {@code E[x]} (and {@code Var[x]}) depending
 *       on {@code b}. Since {@code dxhat/db = 1 - dE[x]/db = 1 - 1 = 0}, the gradient is exactly zero and
 *       {@code b} stays where it is: the layer correctly reports that {@code b} cannot change the loss.</li>
 *   <li>{@link GradientRule#IGNORING_STATISTICS}: {@code E[x]} (and {@code Var[x]}) are treated as
 *       constants, so {@code dL/db = invStd sum_j dL/dxhat_j}, which is not zero when the target's mean is
 *       not zero. Each step moves {@code b}, but {@code u + (b + db) - E[u + (b + db)] = u + b - E[u + b]}:
 *       the output and the loss do not change, the next gradient is the same, and {@code b} grows
 *       linearly, without bound, while the loss stays fixed.</li>
 * </ul>
 * Both runs use {@link BatchNorm} (with {@code gamma = 1}, {@code beta = 0}) for the normalization and its
 * two backward rules.
 */
public final class BiasPitfall {

    /** The {@code eps} of the standardizing variant. */
    public static final double EPS = 1e-5;

    private BiasPitfall() {
    }

    /** Which normalization follows {@code x = u + b}. */
    public enum Normalization {
        /** {@code xhat = x - E[x]}, the example in Ioffe &amp; Szegedy's section 2. */
        CENTER,
        /** {@code xhat = (x - E[x]) / sqrt(Var[x] + eps)}, batch normalization without gamma and beta. */
        STANDARDIZE
    }

    /**
     * One training run, one entry per step {@code k = 0..steps} (entry 0 is the start).
     *
     * @param rule         the backward rule used for {@code dL/db}
     * @param b            the bias after {@code k} steps
     * @param loss         the loss at {@code b[k]}
     * @param biasGradient {@code dL/db} at {@code b[k]} under the rule (step {@code k+1} moves {@code b} by
     *                     {@code -lr biasGradient[k]}; the last entry is computed but not applied)
     * @param outputChange {@code max_j |xhat_j(b[k]) - xhat_j(b[k-1])|}, how much the normalized output moved
     *                     in step {@code k} (0 for {@code k = 0})
     */
    public record History(GradientRule rule, double[] b, double[] loss, double[] biasGradient, double[] outputChange) {

        /** Checks that every array has the same length. */
        public History {
            Objects.requireNonNull(rule, "History: rule is null");
            Objects.requireNonNull(b, "History: b is null");
            Objects.requireNonNull(loss, "History: loss is null");
            Objects.requireNonNull(biasGradient, "History: biasGradient is null");
            Objects.requireNonNull(outputChange, "History: outputChange is null");
            int n = b.length;
            if (loss.length != n || biasGradient.length != n || outputChange.length != n) {
                throw new IllegalArgumentException("History: arrays differ in length: b " + n + ", loss "
                        + loss.length + ", biasGradient " + biasGradient.length + ", outputChange " + outputChange.length);
            }
            b = b.clone();
            loss = loss.clone();
            biasGradient = biasGradient.clone();
            outputChange = outputChange.clone();
        }

        /** The bias after each step (a copy). */
        @Override
        public double[] b() {
            return b.clone();
        }

        /** The loss after each step (a copy). */
        @Override
        public double[] loss() {
            return loss.clone();
        }

        /** {@code dL/db} at each step under the rule (a copy). */
        @Override
        public double[] biasGradient() {
            return biasGradient.clone();
        }

        /** The largest change of the normalized output in each step (a copy). */
        @Override
        public double[] outputChange() {
            return outputChange.clone();
        }

        /** Number of gradient steps taken ({@code b().length - 1}). */
        public int steps() {
            return b.length - 1;
        }

        /** E.g. {@code History(ignoring statistics, 50 steps: b 0 -> 30.5, loss 0.5 -> 0.5, ...)}. */
        @Override
        public String toString() {
            int last = b.length - 1;
            return String.format("History(%s, %d steps: b %.4g -> %.4g, loss %.6g -> %.6g, largest output change %.3g)",
                    label(rule), last, b[0], b[last], loss[0], loss[last],
                    Arrays.stream(outputChange).max().orElse(0));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof History h && rule == h.rule && Arrays.equals(b, h.b) && Arrays.equals(loss, h.loss)
                    && Arrays.equals(biasGradient, h.biasGradient) && Arrays.equals(outputChange, h.outputChange);
        }

        @Override
        public int hashCode() {
            return Objects.hash(rule, Arrays.hashCode(b), Arrays.hashCode(loss), Arrays.hashCode(biasGradient),
                    Arrays.hashCode(outputChange));
        }
    }

    /**
     * Both runs of the experiment from the same start.
     *
     * @param normalization      which normalization follows {@code x = u + b}
     * @param full               the run with the correct gradient
     * @param ignoringStatistics the run whose gradient treats {@code E[x]} (and {@code Var[x]}) as constants
     */
    public record Result(Normalization normalization, History full, History ignoringStatistics) {

        /** Checks that neither history is missing. */
        public Result {
            Objects.requireNonNull(normalization, "Result: normalization is null");
            Objects.requireNonNull(full, "Result: full is null");
            Objects.requireNonNull(ignoringStatistics, "Result: ignoringStatistics is null");
        }

        /** Both histories, one per line. */
        @Override
        public String toString() {
            return "BiasPitfall.Result(" + normalization + ")\n  " + full + "\n  " + ignoringStatistics;
        }
    }

    /**
     * A ready-made run for the lesson: six examples, a target with mean 1.1, {@code b = 0}, {@code lr = 0.5},
     * 40 steps.
     */
    public static Result example(Normalization normalization) {
        double[] u = {0.5, -1.2, 2.0, 0.3, -0.7, 1.1};
        double[] target = {1.5, 0.2, 2.4, 1.0, -0.1, 1.6};
        return run(normalization, u, target, 0.0, 0.5, 40);
    }

    /**
     * Trains {@code b} in {@code x = u + b} through the normalization twice, with the full gradient and with
     * the gradient that ignores the batch statistics, and records both runs.
     *
     * @param u      the fixed inputs, one per example (at least 2)
     * @param target the target of the normalized output, one per example; the pitfall only shows when its mean
     *               is not zero (otherwise the naive gradient {@code invStd sum_j dL/dxhat_j} is zero too)
     * @param b0     the starting bias
     * @param lr     the learning rate, positive
     * @param steps  the number of gradient steps, at least 1
     */
    public static Result run(Normalization normalization, double[] u, double[] target, double b0, double lr,
            int steps) {
        Objects.requireNonNull(normalization, "BiasPitfall.run: normalization is null");
        Objects.requireNonNull(u, "BiasPitfall.run: u is null");
        Objects.requireNonNull(target, "BiasPitfall.run: target is null");
        if (u.length < 2) {
            throw new IllegalArgumentException("BiasPitfall.run: u has " + u.length
                    + " examples; normalizing over a batch needs at least 2");
        }
        if (target.length != u.length) {
            throw new IllegalArgumentException("BiasPitfall.run: target has " + target.length + " values but u has "
                    + u.length + "; need one target per example");
        }
        if (!Double.isFinite(b0)) {
            throw new IllegalArgumentException("BiasPitfall.run: b0 = " + b0 + " must be finite");
        }
        if (!(lr > 0) || !Double.isFinite(lr)) {
            throw new IllegalArgumentException("BiasPitfall.run: lr = " + lr + " must be positive and finite");
        }
        if (steps < 1) {
            throw new IllegalArgumentException("BiasPitfall.run: steps = " + steps + "; need at least 1");
        }
        Matrix U = Matrix.row(u);
        Matrix T = Matrix.row(target);
        return new Result(normalization,
                train(normalization, U, T, b0, lr, steps, GradientRule.FULL),
                train(normalization, U, T, b0, lr, steps, GradientRule.IGNORING_STATISTICS));
    }

    private static History train(Normalization normalization, Matrix U, Matrix T, double b0, double lr, int steps,
            GradientRule rule) {
        BatchNorm norm = normalization == Normalization.CENTER
                ? BatchNorm.centering(Matrix.column(1.0), Matrix.column(0.0))
                : BatchNorm.of(Matrix.column(1.0), Matrix.column(0.0), EPS);
        int B = U.cols();
        double[] bs = new double[steps + 1];
        double[] losses = new double[steps + 1];
        double[] gradients = new double[steps + 1];
        double[] changes = new double[steps + 1];
        double b = b0;
        Matrix previous = null;
        for (int k = 0; k <= steps; k++) {
            Matrix xhat = norm.forward(U.plus(b), true);
            Matrix residual = xhat.minus(T);
            Matrix dXhat = residual.scale(1.0 / B);
            double dLdb = norm.backward(dXhat, rule).dX().sum();
            bs[k] = b;
            losses[k] = residual.hadamard(residual).sum() / (2.0 * B);
            gradients[k] = dLdb;
            changes[k] = previous == null ? 0.0 : xhat.minus(previous).map(Math::abs).max();
            previous = xhat;
            b -= lr * dLdb;
        }
        return new History(rule, bs, losses, gradients, changes);
    }

    /** {@code full gradient} or {@code ignoring statistics}, as tables and text name the two runs. */
    public static String label(GradientRule rule) {
        return rule == GradientRule.FULL ? "full gradient" : "ignoring statistics";
    }
}
