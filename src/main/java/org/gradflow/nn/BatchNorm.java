package org.gradflow.nn;

import java.util.List;
import java.util.Objects;
import org.gradflow.tensor.Matrix;

/**
 * Batch normalization (Ioffe &amp; Szegedy 2015): each feature (row) of a batch is normalized over the
 * batch (the columns), then scaled and shifted by learned parameters.
 *
 * <pre>
 *   mu   = (1/B) sum_j x_j                       batch mean, per row            (d x 1)
 *   var  = (1/B) sum_j (x_j - mu)^2              biased batch variance, per row (d x 1)
 *   xhat = (x - mu) / sqrt(var + eps)            normalized input               (d x B)
 *   y    = gamma o xhat + beta                   output                         (d x B)
 * </pre>
 *
 * <p>In training mode ({@code forward(X, true)}) the batch's own {@code mu} and {@code var} are used and
 * the running averages are updated:
 * {@code runningMean <- (1 - momentum) runningMean + momentum mu} and
 * {@code runningVar <- (1 - momentum) runningVar + momentum B/(B-1) var} (the unbiased estimate, as in the
 * paper's Algorithm 2). In inference mode ({@code forward(X, false)}) the running averages stand in for
 * {@code mu} and {@code var}, so each example's output no longer depends on the rest of the batch. The
 * running averages start at mean 0 and variance 1; the default momentum is {@value #DEFAULT_MOMENTUM}.
 *
 * <p>A layer remembers its last forward pass (the normalized input {@code xhat} and the inverse standard
 * deviation {@code invStd}) for {@link #backward(Matrix)}. The parameters {@code gamma} and {@code beta}
 * are the matrices given to the factory, not copies: {@link #parameters()} returns them, so an optimizer
 * that updates them in place trains the layer.
 *
 * <p>Two backward rules are offered (see {@link GradientRule}): the correct one, which differentiates
 * through {@code mu} and {@code var} (they depend on every {@code x} in the row), and the pitfall of
 * Ioffe &amp; Szegedy's section 2, which treats them as constants. {@link #centering} builds the variant
 * of that section's example that only subtracts the mean.
 */
public final class BatchNorm implements Layer {

    /** The default momentum of the running averages, as in most libraries. */
    public static final double DEFAULT_MOMENTUM = 0.1;

    /** How {@link #backward(Matrix, GradientRule)} treats the batch statistics {@code mu} and {@code var}. */
    public enum GradientRule {
        /**
         * The true gradient: {@code mu} and {@code var} are functions of the batch, so the gradient also
         * flows through them.
         * {@code dX = (1/B) invStd o (B dxhat - sum_j dxhat - xhat o sum_j (dxhat o xhat))}.
         */
        FULL,
        /**
         * The pitfall: {@code mu} and {@code var} are treated as constants, as if they did not depend on
         * {@code X}. {@code dX = invStd o dxhat}. Wrong in training mode: a step along it can be cancelled
         * entirely by the renormalization (Ioffe &amp; Szegedy, section 2; see {@link BiasPitfall}).
         */
        IGNORING_STATISTICS
    }

    /**
     * Gradients of a loss with respect to the layer's input and parameters.
     *
     * @param dX     {@code dL/dX}, {@code d x B}
     * @param dGamma {@code dL/dgamma = sum_j dOut o xhat}, {@code d x 1}
     * @param dBeta  {@code dL/dbeta = sum_j dOut}, {@code d x 1}
     */
    public record Gradients(Matrix dX, Matrix dGamma, Matrix dBeta) implements Layer.Backward {

        /** The parameter gradients in the order of {@link BatchNorm#parameters()}: {@code [dGamma, dBeta]}. */
        @Override
        public List<Matrix> asList() {
            return List.of(dGamma, dBeta);
        }

        /** The shapes and norms, e.g. {@code Gradients(dX 3 x 8 |.|=0.41, dGamma 3 x 1 |.|=1.2, ...)}. */
        @Override
        public String toString() {
            return "Gradients(" + describe("dX", dX) + ", " + describe("dGamma", dGamma) + ", "
                    + describe("dBeta", dBeta) + ")";
        }

        private static String describe(String name, Matrix m) {
            return name + " " + m.shape() + " |.|=" + String.format("%.4g", m.norm());
        }
    }

    private final Matrix gamma;
    private final Matrix beta;
    private final double eps;
    private final double momentum;
    /** False for {@link #centering}: then {@code xhat = x - mu} and {@code invStd} is 1. */
    private final boolean divideByStd;

    private Matrix runningMean;
    private Matrix runningVar;
    private int batchesSeen;

    // What backward needs, saved by the last forward pass.
    /** The normalized input of the last forward pass, {@code d x B}. */
    private Matrix xhat;
    /** {@code 1 / sqrt(var + eps)} per row in the last forward pass ({@code d x 1}; all 1 when centering). */
    private Matrix invStd;
    /** Whether the last forward pass used batch statistics (training) or running averages (inference). */
    private boolean lastForwardTraining;

    private BatchNorm(Matrix gamma, Matrix beta, double eps, double momentum, boolean divideByStd) {
        this.gamma = gamma;
        this.beta = beta;
        this.eps = eps;
        this.momentum = momentum;
        this.divideByStd = divideByStd;
        this.runningMean = Matrix.zeros(gamma.rows(), 1);
        this.runningVar = Matrix.filled(gamma.rows(), 1, 1.0);
    }

    // ---------------------------------------------------------------- factories

    /**
     * A batch-normalization layer over {@code d} features with scale {@code gamma} and shift {@code beta}
     * (both {@code d x 1}, held by reference as the layer's parameters):
     * {@code y = gamma o (x - mu) / sqrt(var + eps) + beta}.
     *
     * @param eps added to the variance before the square root; must be positive and finite
     */
    public static BatchNorm of(Matrix gamma, Matrix beta, double eps) {
        checkParameters("BatchNorm.of", gamma, beta);
        if (!(eps > 0) || !Double.isFinite(eps)) {
            throw new IllegalArgumentException("BatchNorm.of: eps = " + eps
                    + " must be positive and finite (it keeps 1/sqrt(var + eps) finite when a feature is constant)");
        }
        return new BatchNorm(gamma, beta, eps, DEFAULT_MOMENTUM, true);
    }

    /**
     * A layer over {@code d} features initialized as usual, {@code gamma = 1} and {@code beta = 0}, so it
     * starts out as plain standardization.
     */
    public static BatchNorm ofFeatures(int d, double eps) {
        if (d < 1) {
            throw new IllegalArgumentException("BatchNorm.ofFeatures: d = " + d + " features; need at least 1");
        }
        return of(Matrix.filled(d, 1, 1.0), Matrix.zeros(d, 1), eps);
    }

    /**
     * The centering-only variant of Ioffe &amp; Szegedy's section 2 example: {@code xhat = x - mu} with no
     * division by the standard deviation, {@code y = gamma o xhat + beta}. Only the running mean matters
     * for inference here. It is not used in practice; it exists so the section's argument can be run as
     * written (see {@link BiasPitfall}).
     */
    public static BatchNorm centering(Matrix gamma, Matrix beta) {
        checkParameters("BatchNorm.centering", gamma, beta);
        return new BatchNorm(gamma, beta, 0.0, DEFAULT_MOMENTUM, false);
    }

    /**
     * A new layer like this one (the same {@code gamma} and {@code beta} matrices, eps and variant) whose
     * running averages move by {@code runningStat <- (1 - momentum) runningStat + momentum batchStat}.
     * It starts with fresh running averages and no saved forward pass; meant for construction:
     * {@code BatchNorm.of(gamma, beta, 1e-5).withMomentum(0.2)}.
     *
     * @param momentum in [0, 1]; 0 freezes the running averages, 1 keeps only the last batch
     */
    public BatchNorm withMomentum(double momentum) {
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("BatchNorm.withMomentum: momentum = " + momentum
                    + " must lie in [0, 1] (the weight of the newest batch in the running averages)");
        }
        return new BatchNorm(gamma, beta, eps, momentum, divideByStd);
    }

    private static void checkParameters(String op, Matrix gamma, Matrix beta) {
        Objects.requireNonNull(gamma, op + ": gamma is null");
        Objects.requireNonNull(beta, op + ": beta is null");
        if (gamma.cols() != 1) {
            throw new IllegalArgumentException(op + ": gamma is " + gamma.shape()
                    + " but must be a column d x 1 (one scale per feature)");
        }
        if (beta.rows() != gamma.rows() || beta.cols() != 1) {
            throw new IllegalArgumentException(op + ": beta is " + beta.shape() + " but gamma is " + gamma.shape()
                    + "; beta must be " + gamma.rows() + " x 1 (one shift per feature)");
        }
    }

    // ---------------------------------------------------------------- forward and backward

    /**
     * The output {@code y = gamma o xhat + beta} for a batch {@code X} ({@code d x B}, one column per example).
     * With {@code training} the batch's own mean and variance are used and the running averages are updated
     * (this needs {@code B >= 2}); without it the running averages are used and nothing is updated.
     * Saves {@code xhat} and {@code invStd} for {@link #backward(Matrix)}.
     */
    public Matrix forward(Matrix X, boolean training) {
        return forward(X, training ? Mode.TRAINING : Mode.INFERENCE);
    }

    /**
     * As a layer of a {@link Sequential}: {@link Mode#TRAINING} is {@code forward(X, true)};
     * {@link Mode#CHECKING} uses the batch's statistics too but leaves the running averages as they are (so a
     * gradient check does not move them); {@link Mode#INFERENCE} is {@code forward(X, false)}.
     */
    @Override
    public Matrix forward(Matrix X, Mode mode) {
        Objects.requireNonNull(mode, "BatchNorm.forward: mode is null");
        boolean training = mode != Mode.INFERENCE;
        Objects.requireNonNull(X, "BatchNorm.forward: X is null");
        int d = gamma.rows();
        int B = X.cols();
        if (X.rows() != d) {
            throw new IllegalArgumentException("BatchNorm.forward: X is " + X.shape() + " but the layer has " + d
                    + " features (gamma is " + gamma.shape() + "); X must be " + d + " x B");
        }
        requireFinite("BatchNorm.forward", "X", X);
        Matrix mu;
        Matrix var;
        if (training) {
            if (B < 2) {
                throw new IllegalArgumentException("BatchNorm.forward: training mode needs a batch of at least 2"
                        + " examples, but X is " + X.shape() + ". With B = 1 every x equals its batch mean, so"
                        + " xhat = 0 whatever the input, the variance is 0 and no gradient reaches X;"
                        + " use forward(X, false) for single examples");
            }
            mu = X.rowMeans();
            Matrix centered = minusColumn(X, mu);
            var = centered.hadamard(centered).rowMeans();
            if (mode == Mode.TRAINING) {
                updateRunningAverages(mu, var, B);
            }
        } else {
            mu = runningMean;
            var = runningVar;
        }
        invStd = divideByStd ? var.map(v -> 1.0 / Math.sqrt(v + eps)) : Matrix.filled(d, 1, 1.0);
        xhat = scaleRows(minusColumn(X, mu), invStd);
        lastForwardTraining = training;
        return scaleRows(xhat, gamma).plusColumn(beta);
    }

    private void updateRunningAverages(Matrix mu, Matrix var, int B) {
        Matrix unbiasedVar = var.scale(B / (B - 1.0));
        runningMean = runningMean.scale(1 - momentum).plus(mu.scale(momentum));
        runningVar = runningVar.scale(1 - momentum).plus(unbiasedVar.scale(momentum));
        batchesSeen++;
    }

    /**
     * The gradients for the last forward pass given {@code dOut = dL/dY} ({@code d x B}), with the correct
     * rule {@link GradientRule#FULL}:
     * {@code dX = (1/B) invStd o (B dxhat - sum_j dxhat - xhat o sum_j (dxhat o xhat))}, where
     * {@code dxhat = gamma o dOut}. After an inference-mode forward pass {@code mu} and {@code var} are the
     * running averages, constants of the batch, so the gradient is {@code dX = invStd o dxhat}.
     */
    @Override
    public Gradients backward(Matrix dOut) {
        return backward(dOut, GradientRule.FULL);
    }

    /**
     * The pitfall gradient of Ioffe &amp; Szegedy's section 2: {@code mu} and {@code var} are treated as
     * constants, {@code dX = invStd o gamma o dOut}. Same as {@code backward(dOut, IGNORING_STATISTICS)}.
     */
    public Gradients backwardIgnoringStatistics(Matrix dOut) {
        return backward(dOut, GradientRule.IGNORING_STATISTICS);
    }

    /**
     * The gradients for the last forward pass given {@code dOut = dL/dY}, with the chosen rule.
     * {@code dX} is the sum of three paths from {@code x} to {@code xhat}:
     * <pre>
     *   direct:           invStd o dxhat                              (mu, var held fixed)
     *   through mu:      -(1/B) invStd o sum_j dxhat
     *   through var:     -(1/B) invStd o xhat o sum_j (dxhat o xhat)  (absent when only centering)
     * </pre>
     * {@link GradientRule#FULL} adds all three, {@link GradientRule#IGNORING_STATISTICS} keeps only the
     * direct path. After an inference-mode forward pass both rules give the direct path, since the running
     * averages do not depend on the batch. {@code dGamma} and {@code dBeta} are the same under both rules.
     * The saved forward pass is kept, so backward may be called again (e.g. with the other rule).
     */
    public Gradients backward(Matrix dOut, GradientRule rule) {
        Objects.requireNonNull(dOut, "BatchNorm.backward: dOut is null");
        Objects.requireNonNull(rule, "BatchNorm.backward: rule is null");
        if (xhat == null) {
            throw new IllegalStateException("BatchNorm.backward: no forward pass yet; call forward(X, training)"
                    + " first (backward uses the xhat and invStd it saves)");
        }
        if (dOut.rows() != xhat.rows() || dOut.cols() != xhat.cols()) {
            throw new IllegalArgumentException("BatchNorm.backward: dOut is " + dOut.shape()
                    + " but the last forward pass produced " + xhat.shape() + "; dOut must have the output's shape");
        }
        requireFinite("BatchNorm.backward", "dOut", dOut);
        Matrix dGamma = dOut.hadamard(xhat).rowSums();
        Matrix dBeta = dOut.rowSums();
        Matrix dxhat = scaleRows(dOut, gamma);
        Matrix dX = scaleRows(dxhat, invStd);
        if (lastForwardTraining && rule == GradientRule.FULL) {
            int B = xhat.cols();
            Matrix throughMean = dxhat.rowSums().hadamard(invStd).scale(-1.0 / B);
            dX = dX.plusColumn(throughMean);
            if (divideByStd) {
                Matrix perRow = dxhat.hadamard(xhat).rowSums().hadamard(invStd).scale(-1.0 / B);
                Matrix throughVar = scaleRows(xhat, perRow);
                dX = dX.plus(throughVar);
            }
        }
        return new Gradients(dX, dGamma, dBeta);
    }

    // ---------------------------------------------------------------- parameters and state

    /** {@code [gamma, beta]}. */
    @Override
    public List<String> parameterNames() {
        return List.of("gamma", "beta");
    }

    /** The parameters {@code [gamma, beta]}, the live matrices (not copies), for optimizers. */
    @Override
    public List<Matrix> parameters() {
        return List.of(gamma, beta);
    }

    /** The scale {@code gamma} ({@code d x 1}), the live matrix. */
    public Matrix gamma() {
        return gamma;
    }

    /** The shift {@code beta} ({@code d x 1}), the live matrix. */
    public Matrix beta() {
        return beta;
    }

    /** Number of features {@code d}. */
    public int features() {
        return gamma.rows();
    }

    /** The constant added to the variance ({@code 0} for the centering variant, which does not divide). */
    public double eps() {
        return eps;
    }

    /** The weight of the newest batch in the running averages. */
    public double momentum() {
        return momentum;
    }

    /** Whether this layer divides by the standard deviation (false for {@link #centering}). */
    public boolean dividesByStd() {
        return divideByStd;
    }

    /** The running mean used in inference mode ({@code d x 1}, a copy). */
    public Matrix runningMean() {
        return runningMean.copy();
    }

    /** The running (unbiased) variance used in inference mode ({@code d x 1}, a copy). */
    public Matrix runningVar() {
        return runningVar.copy();
    }

    /** How many training batches have moved the running averages. */
    public int batchesSeen() {
        return batchesSeen;
    }

    /** E.g. {@code BatchNorm(d=3, y = gamma o (x - mu)/sqrt(var + 1e-05) + beta, momentum=0.1, 4 training batches seen)}. */
    @Override
    public String toString() {
        String formula = divideByStd
                ? "y = gamma o (x - mu)/sqrt(var + " + eps + ") + beta"
                : "y = gamma o (x - mu) + beta, centering only";
        return "BatchNorm(d=" + features() + ", " + formula + ", momentum=" + momentum + ", " + batchesSeen
                + " training batch" + (batchesSeen == 1 ? "" : "es") + " seen)";
    }

    // ---------------------------------------------------------------- helpers

    /** {@code X - c} with the column {@code c} subtracted from every column. */
    private static Matrix minusColumn(Matrix X, Matrix c) {
        return X.plusColumn(c.scale(-1));
    }

    /** Row {@code i} of {@code M} times {@code c(i)}: {@code diag(c) M}. */
    private static Matrix scaleRows(Matrix M, Matrix c) {
        return Matrix.build(M.rows(), M.cols(), (i, j) -> c.get(i, 0) * M.get(i, j));
    }

    private static void requireFinite(String op, String name, Matrix M) {
        for (int i = 0; i < M.rows(); i++) {
            for (int j = 0; j < M.cols(); j++) {
                double v = M.get(i, j);
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException(op + ": " + name + "[" + i + "," + j + "] is " + v
                            + " in a " + M.shape() + " matrix; entries must be finite");
                }
            }
        }
    }
}
