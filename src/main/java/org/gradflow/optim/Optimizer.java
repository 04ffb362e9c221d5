package org.gradflow.optim;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.gradflow.tensor.Matrix;

/**
 * An iterative optimizer: from the gradient of the loss it moves the parameters {@code phi} a small way
 * downhill, step after step, keeping whatever state its rule needs (momentum {@code m}, squared-gradient
 * average {@code v}, step count {@code t}).
 *
 * <p>Each rule is written once, in {@link #update}, on one flat parameter vector; the public methods only
 * adapt it:
 * <ul>
 *   <li>{@link #step(List, List)} on a network's parameters {@code [W(1), b(1), W(2), b(2), ...]} with their
 *       gradients in the same order, updating the live matrices in place;</li>
 *   <li>{@link #step(List, Function)} on a network's parameters with a function that computes the gradients
 *       at given parameters: needed by {@link Nesterov}, which evaluates the gradient at a look-ahead point
 *       rather than at the current parameters;</li>
 *   <li>{@link #step(double[], Function)} and {@link #path} on a plain differentiable function, for
 *       trajectory pictures.</li>
 * </ul>
 *
 * <p>Gradient descent, stochastic gradient descent (SGD) and mini-batch SGD are the same update: they differ
 * only in which examples the gradient is computed from (all of them, one, or a batch). The training loop
 * chooses the batch; the optimizer sees only the gradient it is given.
 *
 * <p>State is kept per position of the parameter vector; the shapes seen at the first step are fixed until
 * {@link #reset()}. The learning rate at step {@code t} (counted from 0) is {@code lr * schedule.factor(t)}.
 */
public abstract class Optimizer {

    private final double lr;
    private Schedule schedule = Schedule.constant();
    /** Steps taken since the last reset. */
    private int t;
    /** Length of the flat parameter vector, fixed at the first step; -1 before it. */
    private int dimension = -1;
    /** Shapes of the network parameters, fixed at the first network step; null before it. */
    private List<String> shapes;

    /** Checks and stores the base learning rate. */
    protected Optimizer(double lr) {
        this.lr = lr;
        if (!(lr > 0) || !Double.isFinite(lr)) {
            throw new IllegalArgumentException(name() + ": learning rate lr = " + lr
                    + "; it must be finite and positive");
        }
    }

    // ---------------------------------------------------------------- the rule (one per subclass)

    /**
     * Applies one step of this optimizer's rule to {@code phi} in place.
     *
     * @param phi      the parameters, updated in place
     * @param gradient the gradient of the loss at any parameters the rule asks for (most ask only at {@code phi})
     * @param lrT      the learning rate of this step, {@code lr * schedule.factor(t)}
     * @param t        the index of this step, counted from 0
     */
    protected abstract void update(double[] phi, Function<double[], double[]> gradient, double lrT, int t);

    /**
     * Allocates the state for a parameter vector of the given length (called at the first step after a reset).
     * Rules without state (gradient descent, normalized gradients) keep this empty default.
     */
    protected void initState(int dimension) {
    }

    /** Forgets the state (called by {@link #reset()}); empty for rules without state. */
    protected void clearState() {
    }

    /** Whether the rule needs the gradient somewhere other than the current parameters (Nesterov's look-ahead). */
    public boolean needsGradientElsewhere() {
        return false;
    }

    /** The rule and its hyper-parameters, without the schedule, e.g. {@code Momentum(lr=0.1, beta=0.9)}. */
    protected abstract String describe();

    /** The short name used in error messages: the class name. */
    protected final String name() {
        return getClass().getSimpleName();
    }

    // ---------------------------------------------------------------- plain functions

    /**
     * One step on a plain function: returns the new parameters and leaves {@code phi} unchanged.
     *
     * @param phi      the current parameters
     * @param gradient the gradient of the loss as a function of the parameters
     */
    public double[] step(double[] phi, Function<double[], double[]> gradient) {
        Objects.requireNonNull(phi, () -> describe() + ".step: parameters are null");
        Objects.requireNonNull(gradient, () -> describe() + ".step: gradient function is null");
        double[] next = phi.clone();
        requireFinite("parameter", next);
        run(next, gradient);
        return next;
    }

    /**
     * The trajectory of {@code steps} steps from {@code start} on a plain function: row 0 is {@code start},
     * row k the parameters after step k ({@code steps + 1} rows).
     *
     * <p>It begins with {@link #reset()} and leaves the state where the path ended, so that state and histories
     * (e.g. {@link Adam#history()}) describe this path.
     */
    public double[][] path(Function<double[], double[]> gradient, double[] start, int steps) {
        Objects.requireNonNull(start, () -> describe() + ".path: start is null");
        Objects.requireNonNull(gradient, () -> describe() + ".path: gradient function is null");
        if (steps < 0) {
            throw new IllegalArgumentException(describe() + ".path: steps = " + steps + "; it must be at least 0");
        }
        reset();
        double[][] rows = new double[steps + 1][];
        rows[0] = start.clone();
        requireFinite("start", rows[0]);
        for (int k = 1; k <= steps; k++) {
            rows[k] = rows[k - 1].clone();
            run(rows[k], gradient);
        }
        return rows;
    }

    // ---------------------------------------------------------------- network parameters

    /**
     * One step on a network's parameters, given their gradients at the current parameters; updates the live
     * matrices in place. Optimizers that need the gradient elsewhere ({@link Nesterov}) refuse this and ask
     * for {@link #step(List, Function)}.
     *
     * @param params the parameters {@code [W(1), b(1), W(2), b(2), ...]}, updated in place
     * @param grads  {@code dL/dparams} in the same order and shapes
     */
    public void step(List<Matrix> params, List<Matrix> grads) {
        if (needsGradientElsewhere()) {
            throw new IllegalStateException(describe() + ".step: this rule needs the gradient at another point than"
                    + " the current parameters, so fixed gradients are not enough; call step(params, gradientAt) with"
                    + " a function that recomputes the gradients at the parameters it is given");
        }
        Objects.requireNonNull(grads, () -> describe() + ".step: gradients are null");
        checkGradients(params, grads);
        step(params, at -> grads);
    }

    /**
     * One step on a network's parameters, computing gradients where the rule needs them; updates the live
     * matrices in place.
     *
     * <p>To ask for a gradient the optimizer first moves the live matrices to the point in question, then calls
     * {@code gradientAt.apply(params)}; the function may read the matrices it is given (or simply run the network
     * that owns them) and must return {@code dL/dparams} there, in the same order and shapes, without modifying
     * the parameters. When the step ends the live matrices hold the new parameters.
     */
    public void step(List<Matrix> params, Function<List<Matrix>, List<Matrix>> gradientAt) {
        Objects.requireNonNull(params, () -> describe() + ".step: parameters are null");
        Objects.requireNonNull(gradientAt, () -> describe() + ".step: gradient function is null");
        checkShapes(params);
        double[] phi = flatten(params);
        requireFinite("parameter", phi);
        double[] before = phi.clone();
        try {
            run(phi, at -> {
                unflatten(at, params);
                List<Matrix> grads = gradientAt.apply(params);
                checkGradients(params, grads);
                return flatten(grads);
            });
        } catch (RuntimeException e) {
            unflatten(before, params);
            throw e;
        }
        unflatten(phi, params);
    }

    // ---------------------------------------------------------------- state and settings

    /** Forgets all state (moments, step count, remembered shapes); the schedule starts again at step 0. */
    public void reset() {
        t = 0;
        dimension = -1;
        shapes = null;
        clearState();
    }

    /** Sets the learning-rate schedule, so that step {@code t} uses {@code lr * schedule.factor(t)}; returns this. */
    public Optimizer withSchedule(Schedule schedule) {
        this.schedule = Objects.requireNonNull(schedule, () -> describe() + ".withSchedule: schedule is null");
        return this;
    }

    /** The base learning rate {@code lr}. */
    public double lr() {
        return lr;
    }

    /** The learning-rate schedule. */
    public Schedule schedule() {
        return schedule;
    }

    /** The learning rate used at step {@code t}: {@code lr * schedule.factor(t)}. */
    public double lr(int t) {
        double factor = schedule.factor(t);
        if (!(factor > 0) || !Double.isFinite(factor)) {
            throw new IllegalStateException(describe() + ": schedule " + schedule + " gives factor " + factor
                    + " at step " + t + "; it must be finite and positive");
        }
        return lr * factor;
    }

    /** Number of steps taken since the last {@link #reset()}. */
    public int steps() {
        return t;
    }

    /** The rule, its hyper-parameters and the schedule when there is one: {@code Momentum(lr=0.1, beta=0.9)}. */
    @Override
    public String toString() {
        String text = describe();
        if (schedule instanceof Schedule.Named named && named.toString().equals("constant()")) {
            return text;
        }
        return text.substring(0, text.length() - 1) + ", schedule=" + schedule + ")";
    }

    // ---------------------------------------------------------------- helpers shared by the rules

    /** {@code m <- beta m + weight x}, element-wise, in place: the running average of every momentum rule. */
    protected static void accumulate(double[] m, double beta, double weight, double[] x) {
        for (int i = 0; i < m.length; i++) {
            m[i] = beta * m[i] + weight * x[i];
        }
    }

    /** {@code phi <- phi - lrT * direction}, element-wise, in place. */
    protected static void descend(double[] phi, double lrT, double[] direction) {
        for (int i = 0; i < phi.length; i++) {
            phi[i] -= lrT * direction[i];
        }
    }

    /** {@code phi <- phi - lrT * numerator / (sqrt(denominator) + eps)}, element-wise, in place. */
    protected static void scaledStep(double[] phi, double lrT, double[] numerator, double[] denominator, double eps) {
        for (int i = 0; i < phi.length; i++) {
            phi[i] -= lrT * numerator[i] / (Math.sqrt(denominator[i]) + eps);
        }
    }

    /** The element-wise square {@code g o g}. */
    protected static double[] squared(double[] g) {
        double[] out = new double[g.length];
        for (int i = 0; i < g.length; i++) {
            out[i] = g[i] * g[i];
        }
        return out;
    }

    /** Checks that a hyper-parameter lies in [0, 1), naming the optimizer, the parameter and its value. */
    protected final void requireBeta(String parameter, double beta) {
        if (!(beta >= 0 && beta < 1)) {
            throw new IllegalArgumentException(name() + ": " + parameter + " = " + beta + "; it must lie in [0, 1)");
        }
    }

    /** Checks that {@code eps} is finite and positive, naming the optimizer and its value. */
    protected final void requireEps(double eps) {
        if (!(eps > 0) || !Double.isFinite(eps)) {
            throw new IllegalArgumentException(name() + ": eps = " + eps + "; it must be finite and positive");
        }
    }

    /** A number as the source text writes it: {@code 0.001}, {@code 1e-8}, {@code 1}. */
    static String fmt(double x) {
        String s = Double.toString(x);
        if (s.endsWith(".0")) {
            return s.substring(0, s.length() - 2);
        }
        return s.replace(".0E", "E").replace("E", "e");
    }

    // ---------------------------------------------------------------- internals

    /** Runs one step of the rule on {@code phi}, checking every gradient it asks for. */
    private void run(double[] phi, Function<double[], double[]> gradient) {
        if (phi.length == 0) {
            throw new IllegalArgumentException(describe() + ".step: there are no parameters to optimize");
        }
        if (dimension < 0) {
            initState(phi.length);
            dimension = phi.length;
        } else if (phi.length != dimension) {
            throw new IllegalArgumentException(describe() + ".step: " + phi.length + " parameters, but the state holds "
                    + dimension + " from earlier steps; call reset() before optimizing something else");
        }
        double lrT = lr(t);
        update(phi, at -> {
            double[] g = gradient.apply(at.clone());
            if (g == null || g.length != at.length) {
                throw new IllegalArgumentException(describe() + ".step: the gradient has "
                        + (g == null ? "no entries (null)" : g.length + " entries") + " but there are "
                        + at.length + " parameters");
            }
            requireFinite("gradient", g);
            return g;
        }, lrT, t);
        t++;
    }

    private void requireFinite(String what, double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(describe() + ".step: " + what + " entry " + i + " is " + values[i]
                        + " at step " + t + "; every " + what + " entry must be finite");
            }
        }
    }

    private void checkShapes(List<Matrix> params) {
        List<String> now = new ArrayList<>(params.size());
        for (Matrix p : params) {
            now.add(Objects.requireNonNull(p, () -> describe() + ".step: a parameter matrix is null").shape());
        }
        if (shapes == null) {
            shapes = now;
        } else if (!shapes.equals(now)) {
            throw new IllegalArgumentException(describe() + ".step: parameter shapes " + now + " differ from "
                    + shapes + " at the earlier steps; call reset() before optimizing another network");
        }
    }

    private void checkGradients(List<Matrix> params, List<Matrix> grads) {
        if (grads == null || grads.size() != params.size()) {
            throw new IllegalArgumentException(describe() + ".step: " + (grads == null ? "no" : grads.size())
                    + " gradient matrices for " + params.size() + " parameter matrices");
        }
        for (int k = 0; k < params.size(); k++) {
            Matrix g = grads.get(k);
            if (g == null || g.rows() != params.get(k).rows() || g.cols() != params.get(k).cols()) {
                throw new IllegalArgumentException(describe() + ".step: gradient " + k + " has shape "
                        + (g == null ? "null" : g.shape()) + " but parameter " + k + " is " + params.get(k).shape());
            }
        }
    }

    private static double[] flatten(List<Matrix> matrices) {
        int n = 0;
        for (Matrix m : matrices) {
            n += m.size();
        }
        double[] flat = new double[n];
        int offset = 0;
        for (Matrix m : matrices) {
            double[] values = m.toRowMajor();
            System.arraycopy(values, 0, flat, offset, values.length);
            offset += values.length;
        }
        return flat;
    }

    private static void unflatten(double[] flat, List<Matrix> matrices) {
        int offset = 0;
        for (Matrix m : matrices) {
            double[] values = new double[m.size()];
            System.arraycopy(flat, offset, values, 0, values.length);
            m.setFromRowMajorInPlace(values);
            offset += values.length;
        }
    }
}
