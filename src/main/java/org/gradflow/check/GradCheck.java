package org.gradflow.check;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Checks an analytic gradient against central differences in double precision:
 * {@code dL/dp ~ (L(p + h e) - L(p - h e)) / 2h} for every checked element p.
 *
 * <pre>{@code
 * GradCheckReport report = GradCheck.of(() -> loss(W1, b1, W2, b2))
 *         .param("W(1)", 4, 3, W1, dW1).param("b(1)", b1, db1)
 *         .param("W(2)", 2, 4, W2, dW2).param("b(2)", b2, db2)
 *         .step(1e-5)
 *         .check();
 * }</pre>
 *
 * <p><b>In place.</b> The loss is a {@link DoubleSupplier} that reads the caller's arrays, so the checker
 * perturbs those arrays in place: one element at a time, and every element is put back to its exact
 * original bits (saved, not recomputed as {@code p + h - h}) right after each evaluation, in a
 * {@code finally}, so the arrays are restored even when the loss throws. The analytic gradients are read
 * when {@link #check()} runs. {@link #function} works on a copy and never touches its argument.
 *
 * <p><b>Cost.</b> Backprop gives all P derivatives for one forward and one backward pass; central
 * differences need 2 loss evaluations per element, 2P in all (forward differences P + 1). The checker also
 * evaluates the loss once at p (for the one-sided slopes of kink detection), twice more per element whose
 * slopes suggest a kink, and, on failure, 8 more to try other steps on the worst element. Every evaluation
 * is counted in the report.
 *
 * <p><b>Kinks.</b> With {@code L+ = L(p+h)}, {@code L0 = L(p)}, {@code L- = L(p-h)} the one-sided slopes
 * differ by {@code s(h) = (L+ - 2 L0 + L-) / h}, which is {@code h L''} for a smooth loss, while a corner
 * within the step keeps it near the jump in slope whatever h is. When {@code |s(h)|} is far above
 * round-off and above {@code 1e-3} of the slopes, the loss is evaluated at {@code p +- h/2}: a smooth loss
 * gives {@code s(h/2) / s(h) = 1/2}; a ratio off 1/2 by more than 1/4 flags the element. Optional kink
 * probes ({@link #kinkProbe}) report the relu/max inputs directly; a sign change between {@code p - h}
 * and {@code p + h} flags the element too.
 *
 * <p>Anchors: PyTorch {@code gradcheck} (eps 1e-6, double precision, a fast random-direction mode),
 * CS231n's {@code gradient_check.py} (h 1e-5, relative error, sparse random samples), Deeplearning4j's
 * {@code GradientCheckUtil} (relative error with a minimum absolute error), JAX {@code check_grads}
 * (random directions). This checker adds verdict bands, kink detection, step sweeps, Ridders'
 * extrapolation, single-precision simulation, layer localisation and likely-cause hints.
 */
public final class GradCheck {

    /** The default step, about {@code u^(1/3)} for double precision: truncation and round-off balance. */
    public static final double DEFAULT_STEP = 1e-5;

    /** |s(h)| must exceed this many times its round-off before the half step is tried. */
    private static final double KINK_NOISE_MARGIN = 100;
    /** ... and this fraction of the one-sided slopes. */
    private static final double KINK_SLOPE_FRACTION = 1e-3;
    /** A smooth loss has s(h/2)/s(h) = 1/2; farther than this from 1/2 flags a kink. */
    private static final double KINK_RATIO_TOLERANCE = 0.25;
    /** Ratios analytic/numeric within this relative spread count as one constant. */
    private static final double RATIO_TOLERANCE = 1e-3;
    /** The steps (as multiples of h) the worst failing element is re-checked at. */
    private static final double[] DIAGNOSTIC_FACTORS = {100, 10, 0.1, 0.01};

    private final DoubleSupplier loss;
    private final List<ParamBlock> blocks = new ArrayList<>();
    private final List<Supplier<double[]>> probes = new ArrayList<>();
    private double h = DEFAULT_STEP;
    private double floor = RelativeError.DEFAULT_FLOOR;
    private Precision precision = Precision.DOUBLE;
    private int sampleSize;
    private long seed;
    private boolean kinkDetection = true;
    private boolean diagnose = true;

    /** The output delta's formula for the localisation advice, or null when not known. */
    private String outputDelta;

    private GradCheck(DoubleSupplier loss) {
        this.loss = loss;
    }

    /** A check of {@code loss}, which must read the parameter arrays registered with {@link #param}. */
    public static GradCheck of(DoubleSupplier loss) {
        return new GradCheck(Objects.requireNonNull(loss, "GradCheck.of: loss is null"));
    }

    /**
     * Checks {@code gradient(x)} against central differences of {@code f} at x, with the default settings:
     * {@code ofFunction(f, gradient, x).check()}.
     */
    public static GradCheckReport function(ToDoubleFunction<double[]> f, Function<double[], double[]> gradient,
            double... x) {
        return ofFunction(f, gradient, x).check();
    }

    /**
     * A check of a plain function of a vector, to configure before {@link #check()}: elements are named
     * {@code x[i]} ({@code x} for one variable), the gradient is computed once at x, and x is copied, so the
     * caller's array is never changed.
     */
    public static GradCheck ofFunction(ToDoubleFunction<double[]> f, Function<double[], double[]> gradient,
            double... x) {
        Objects.requireNonNull(f, "GradCheck.function: f is null");
        Objects.requireNonNull(gradient, "GradCheck.function: gradient is null");
        Objects.requireNonNull(x, "GradCheck.function: x is null");
        double[] point = x.clone();
        double[] g = gradient.apply(x.clone());
        if (g == null || g.length != point.length) {
            throw new IllegalArgumentException("GradCheck.function: x has " + point.length
                    + " values but gradient(x) returned " + (g == null ? "null" : g.length + " values"));
        }
        return of(() -> f.applyAsDouble(point)).param("x", point, g);
    }

    /**
     * A check of a plain function of a vector whose elements have names (e.g. the labels of a {@code Value}
     * graph's inputs): element i is reported as {@code names.get(i)} instead of {@code x[i]}, so a failure points to
     * the input by name. Otherwise as {@link #ofFunction(ToDoubleFunction, Function, double...)}.
     */
    public static GradCheck ofNamedFunction(List<String> names, ToDoubleFunction<double[]> f,
            Function<double[], double[]> gradient, double... x) {
        Objects.requireNonNull(names, "GradCheck.ofNamedFunction: names are null");
        Objects.requireNonNull(f, "GradCheck.ofNamedFunction: f is null");
        Objects.requireNonNull(gradient, "GradCheck.ofNamedFunction: gradient is null");
        Objects.requireNonNull(x, "GradCheck.ofNamedFunction: x is null");
        if (names.size() != x.length) {
            throw new IllegalArgumentException("GradCheck.ofNamedFunction: " + names.size() + " names for "
                    + x.length + " values; give one name per element of x");
        }
        double[] g = gradient.apply(x.clone());
        if (g == null || g.length != x.length) {
            throw new IllegalArgumentException("GradCheck.ofNamedFunction: x has " + x.length
                    + " values but gradient(x) returned " + (g == null ? "null" : g.length + " values"));
        }
        double[][] cells = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            cells[i] = new double[] {x[i]};
        }
        double[] point = new double[x.length];
        GradCheck check = of(() -> {
            for (int i = 0; i < cells.length; i++) {
                point[i] = cells[i][0];
            }
            return f.applyAsDouble(point.clone());
        });
        for (int i = 0; i < x.length; i++) {
            String name = names.get(i) == null || names.get(i).isBlank() ? "x[" + i + "]" : names.get(i);
            check.param(name, cells[i], new double[] {g[i]});
        }
        return check;
    }

    /**
     * Describes the output delta of the code under check, e.g. {@code "Y - T"} for softmax with cross-entropy, for
     * the localisation's advice when the output layer is wrong. Without it the advice names no formula (the loss
     * may be anyone's).
     */
    public GradCheck outputDelta(String formula) {
        this.outputDelta = Objects.requireNonNull(formula, "GradCheck.outputDelta: formula is null");
        return this;
    }

    /**
     * Registers a {@code rows x cols} parameter block (row-major {@code values}, perturbed in place) and its
     * analytic gradient {@code dL/dvalues} (same layout). Elements are named {@code W(2)[i,j]}, indices from
     * 0; a name ending in {@code (r)} puts the block in layer r (see {@link #layer}).
     */
    public GradCheck param(String name, int rows, int cols, double[] values, double[] gradient) {
        String op = "GradCheck.param";
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(op + ": the parameter needs a name");
        }
        op += "(" + name + ")";
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException(op + ": shape " + rows + " x " + cols
                    + " is empty; a parameter needs at least one element");
        }
        Objects.requireNonNull(values, op + ": values is null");
        Objects.requireNonNull(gradient, op + ": gradient is null");
        if (values.length != (long) rows * cols) {
            throw new IllegalArgumentException(op + ": shape " + rows + " x " + cols + " needs " + (long) rows * cols
                    + " values, got " + values.length);
        }
        if (gradient.length != values.length) {
            throw new IllegalArgumentException(op + ": " + rows + " x " + cols + " = " + values.length
                    + " values, but its gradient has " + gradient.length);
        }
        for (ParamBlock b : blocks) {
            if (b.name.equals(name)) {
                throw new IllegalArgumentException(op + ": a parameter named " + name
                        + " is already registered; names must be unique");
            }
            if (b.values == values) {
                throw new IllegalArgumentException(op + ": its values array is already registered as " + b.name);
            }
        }
        blocks.add(new ParamBlock(name, rows, cols, values, gradient));
        return this;
    }

    /** Registers a vector (or, with one element, a scalar) parameter: elements {@code b(1)[i]}, or just {@code x}. */
    public GradCheck param(String name, double[] values, double[] gradient) {
        Objects.requireNonNull(values, "GradCheck.param(" + name + "): values is null");
        return param(name, values.length, 1, values, gradient);
    }

    /** Puts the last registered block in layer r (1-based, output layer highest), for {@link GradCheckReport#localise()}. */
    public GradCheck layer(int r) {
        if (blocks.isEmpty()) {
            throw new IllegalStateException("GradCheck.layer: register a parameter with param(...) first");
        }
        if (r < 1) {
            throw new IllegalArgumentException("GradCheck.layer: layers count from 1, got " + r);
        }
        blocks.get(blocks.size() - 1).layer = r;
        return this;
    }

    /** The finite-difference step h (default {@value #DEFAULT_STEP}). */
    public GradCheck step(double h) {
        requireStep("GradCheck.step", h);
        this.h = h;
        return this;
    }

    /** Below this magnitude in both values the absolute error replaces the relative one (default 1e-8). */
    public GradCheck absoluteFloor(double floor) {
        if (!(floor >= 0) || !Double.isFinite(floor)) {
            throw new IllegalArgumentException("GradCheck.absoluteFloor: the floor must be >= 0 and finite, got "
                    + floor);
        }
        this.floor = floor;
        return this;
    }

    /** Checks k elements per parameter (all of smaller ones), chosen at random from {@code seed}; reproducible. */
    public GradCheck sample(int k, long seed) {
        if (k < 1) {
            throw new IllegalArgumentException("GradCheck.sample: k must be at least 1 element per parameter, got "
                    + k);
        }
        this.sampleSize = k;
        this.seed = seed;
        return this;
    }

    /** Evaluates the loss with parameters and loss value rounded to {@code precision} (default DOUBLE). */
    public GradCheck precision(Precision precision) {
        this.precision = Objects.requireNonNull(precision, "GradCheck.precision: precision is null");
        return this;
    }

    /** {@code precision(Precision.SINGLE)}: simulates a float program, to show why checks need doubles. */
    public GradCheck singlePrecision() {
        return precision(Precision.SINGLE);
    }

    /** Turns the one-sided-slope kink detection on (default) or off (saving its extra evaluations). */
    public GradCheck kinkDetection(boolean on) {
        this.kinkDetection = on;
        return this;
    }

    /**
     * Registers a kink probe: a function returning, at the parameters' current values, the signed
     * distances of relu/max inputs from their switch points (for relu, the pre-activations A). An element
     * whose {@code +-h} perturbation changes the sign of any of them is flagged {@link Kink#PROBE_SWITCHED}.
     * Probe calls are not loss evaluations and are not counted.
     */
    public GradCheck kinkProbe(Supplier<double[]> switchDistances) {
        probes.add(Objects.requireNonNull(switchDistances, "GradCheck.kinkProbe: probe is null"));
        return this;
    }

    /** Turns the failure diagnosis (8 extra evaluations on failure) on (default) or off. */
    public GradCheck diagnose(boolean on) {
        this.diagnose = on;
        return this;
    }

    /** Runs the check and returns the report, worst element first. The parameter arrays are left as they were. */
    public GradCheckReport check() {
        requireParams("GradCheck.check");
        double[][] snapshot = snapshot();
        Evaluator ev = new Evaluator(loss, blocks, precision);
        int kinkEvaluations = 0;
        List<ElementCheck> results = new ArrayList<>();
        List<Diagnosis> diagnoses;
        int baseEvaluations;
        try {
            double l0 = ev.eval("p (the unperturbed parameters)");
            baseEvaluations = ev.count();
            Random random = new Random(seed);
            for (ParamBlock b : blocks) {
                for (int k : selectElements(b, random)) {
                    double x = b.values[k];
                    String name = b.elementName(k);
                    double up = ev.evalAt(b, k, x + h, name + " + h");
                    double down = ev.evalAt(b, k, x - h, name + " - h");
                    double numeric = (up - down) / (2 * h);
                    double forward = (up - l0) / h;
                    double backward = (l0 - down) / h;
                    Kink kink = Kink.NONE;
                    if (!probes.isEmpty() && probeSwitched(b, k, x)) {
                        kink = Kink.PROBE_SWITCHED;
                    } else if (kinkDetection && kinkCandidate(up, l0, down, forward, backward)) {
                        double upHalf = ev.evalAt(b, k, x + h / 2, name + " + h/2");
                        double downHalf = ev.evalAt(b, k, x - h / 2, name + " - h/2");
                        kinkEvaluations += 2;
                        double s = forward - backward;
                        double sHalf = (upHalf - 2 * l0 + downHalf) / (h / 2);
                        if (Math.abs(sHalf / s - 0.5) > KINK_RATIO_TOLERANCE) {
                            kink = Kink.SLOPES_DISAGREE;
                        }
                    }
                    double analytic = b.gradient[k];
                    double err = RelativeError.of(analytic, numeric, floor);
                    results.add(new ElementCheck(b.name, name, k, b.layer, analytic, numeric, forward, backward, err,
                            Verdict.of(err), kink, floor));
                }
            }
            int beforeDiagnosis = ev.count();
            diagnoses = diagnose ? diagnose(results, ev) : List.of();
            int diagnosticEvaluations = ev.count() - beforeDiagnosis;
            GradCheckReport.Cost cost = new GradCheckReport.Cost(baseEvaluations, 2 * results.size(), kinkEvaluations,
                    diagnosticEvaluations);
            return new GradCheckReport(results, blockSummaries(), h, floor, precision, sampleSize, seed, cost,
                    diagnoses, outputDelta);
        } finally {
            restore(snapshot);
        }
    }

    /**
     * Checks the gradient along one random unit direction d (Gaussian, normalised over all elements of all
     * parameters, drawn from {@code seed}): 2 loss evaluations for any number of parameters.
     */
    public DirectionalCheck checkDirection(long seed) {
        requireParams("GradCheck.checkDirection");
        Random random = new Random(seed);
        double[][] d = new double[blocks.size()][];
        double norm2 = 0;
        for (int i = 0; i < blocks.size(); i++) {
            d[i] = new double[blocks.get(i).size()];
            for (int k = 0; k < d[i].length; k++) {
                d[i][k] = random.nextGaussian();
                norm2 += d[i][k] * d[i][k];
            }
        }
        double norm = Math.sqrt(norm2);
        double analytic = 0;
        int dimension = 0;
        for (int i = 0; i < blocks.size(); i++) {
            for (int k = 0; k < d[i].length; k++) {
                d[i][k] /= norm;
                analytic += blocks.get(i).gradient[k] * d[i][k];
            }
            dimension += d[i].length;
        }
        double[][] snapshot = snapshot();
        Evaluator ev = new Evaluator(loss, blocks, precision);
        try {
            moveAlong(snapshot, d, h);
            double up = ev.eval("p + h d");
            moveAlong(snapshot, d, -h);
            double down = ev.eval("p - h d");
            double numeric = (up - down) / (2 * h);
            double err = RelativeError.of(analytic, numeric, floor);
            return new DirectionalCheck(analytic, numeric, err, Verdict.of(err), h, seed, dimension, ev.count());
        } finally {
            restore(snapshot);
        }
    }

    /**
     * The step sweep ({@code h = 1e-1 ... 1e-12}) of one element, named as in the report (e.g.
     * {@code "W(2)[0,1]"}), against its analytic derivative, with this check's precision. The loss is
     * evaluated as in {@link #check()}, and the element is restored after every evaluation.
     */
    public StepSweep sweep(String element) {
        requireParams("GradCheck.sweep");
        Objects.requireNonNull(element, "GradCheck.sweep: element is null");
        for (ParamBlock b : blocks) {
            for (int k = 0; k < b.size(); k++) {
                if (b.elementName(k).equals(element)) {
                    Evaluator ev = new Evaluator(loss, blocks, precision);
                    int index = k;
                    return StepSweep.of(v -> ev.evalAt(b, index, v, element + " = " + v), b.values[k],
                            b.gradient[k]);
                }
            }
        }
        throw new IllegalArgumentException("GradCheck.sweep: no element named " + element + "; elements look like "
                + blocks.get(0).elementName(blocks.get(0).size() - 1));
    }

    static void requireStep(String op, double h) {
        if (!(h > 0) || !Double.isFinite(h)) {
            throw new IllegalArgumentException(op + ": the step h must be positive and finite, got " + h);
        }
    }

    private void requireParams(String op) {
        if (blocks.isEmpty()) {
            throw new IllegalStateException(op + ": no parameters registered; add them with param(name, ...)");
        }
        for (ParamBlock b : blocks) {
            for (int k = 0; k < b.size(); k++) {
                if (!Double.isFinite(b.values[k])) {
                    throw new IllegalArgumentException(op + ": parameter " + b.elementName(k) + " is "
                            + b.values[k] + "; parameters must be finite");
                }
            }
        }
    }

    private int[] selectElements(ParamBlock b, Random random) {
        int n = b.size();
        int[] all = new int[n];
        Arrays.setAll(all, i -> i);
        if (sampleSize == 0 || sampleSize >= n) {
            return all;
        }
        // Partial Fisher-Yates: the first sampleSize entries become a uniform sample without repeats.
        for (int i = 0; i < sampleSize; i++) {
            int j = i + random.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] chosen = Arrays.copyOf(all, sampleSize);
        Arrays.sort(chosen);
        return chosen;
    }

    private boolean kinkCandidate(double up, double l0, double down, double forward, double backward) {
        double s = forward - backward;
        double roundoff = 4 * precision.unitRoundoff() * (Math.abs(up) + 2 * Math.abs(l0) + Math.abs(down)) / h;
        return Math.abs(s) > KINK_NOISE_MARGIN * roundoff
                && Math.abs(s) > KINK_SLOPE_FRACTION * Math.max(Math.abs(forward), Math.abs(backward));
    }

    private boolean probeSwitched(ParamBlock b, int k, double x) {
        double[] up = probeAt(b, k, x + h);
        double[] down = probeAt(b, k, x - h);
        if (up.length != down.length) {
            throw new IllegalStateException("GradCheck: the kink probes returned " + up.length + " values at "
                    + b.elementName(k) + " + h but " + down.length + " at - h; they must return a fixed number");
        }
        for (int i = 0; i < up.length; i++) {
            if (Math.signum(up[i]) != Math.signum(down[i])) {
                return true;
            }
        }
        return false;
    }

    private double[] probeAt(ParamBlock b, int k, double value) {
        return b.withElement(k, value, () -> {
            List<double[]> parts = new ArrayList<>();
            for (Supplier<double[]> probe : probes) {
                parts.add(Objects.requireNonNull(probe.get(), "GradCheck: a kink probe returned null"));
            }
            return parts.stream().flatMapToDouble(Arrays::stream).toArray();
        });
    }

    private List<Diagnosis> diagnose(List<ElementCheck> results, Evaluator ev) {
        List<ElementCheck> offending = results.stream().filter(e -> !e.verdict().passes()).toList();
        if (offending.isEmpty()) {
            return List.of();
        }
        List<Diagnosis> out = new ArrayList<>();
        if (precision == Precision.SINGLE) {
            out.add(new Diagnosis(Hint.SINGLE_PRECISION, String.format("the loss ran with float inputs and outputs "
                    + "(unit round-off %.1e instead of %.1e); %d elements are off", precision.unitRoundoff(),
                    Precision.DOUBLE.unitRoundoff(), offending.size())));
        }
        List<ElementCheck> kinked = offending.stream().filter(e -> e.kink() != Kink.NONE).toList();
        if (!kinked.isEmpty()) {
            long explained = kinked.stream().filter(ElementCheck::explainedByKink).count();
            out.add(new Diagnosis(Hint.KINK_CROSSED, kinked.size() + " element(s) have a kink within the step ("
                    + names(kinked) + "); " + explained + " of them match a one-sided slope, which makes them"
                    + " pass: there the analytic value is a valid one-sided derivative"));
        }
        List<ElementCheck> failing = offending.stream().filter(e -> !e.passed() && e.kink() == Kink.NONE).toList();
        if (failing.isEmpty()) {
            return out;
        }
        boolean specific = ratioDiagnosis(failing, out);
        ElementCheck worst = failing.get(0);
        for (ElementCheck e : failing) {
            if (e.relativeError() > worst.relativeError()) {
                worst = e;
            }
        }
        stepDiagnosis(worst, ev, specific, out);
        return out;
    }

    /** Adds SIGN_FLIPPED or CONSTANT_FACTOR when analytic/numeric is one constant; true if it did. */
    private boolean ratioDiagnosis(List<ElementCheck> failing, List<Diagnosis> out) {
        double[] ratios = failing.stream().filter(e -> Math.abs(e.numeric()) >= floor && Double.isFinite(e.analytic()))
                .mapToDouble(ElementCheck::ratio).sorted().toArray();
        if (ratios.length == 0 || ratios.length < failing.size() / 2) {
            return false;
        }
        double median = ratios[ratios.length / 2];
        for (double r : ratios) {
            if (Math.abs(r - median) > RATIO_TOLERANCE * Math.abs(median)) {
                return false;
            }
        }
        String where = ratios.length + " failing element(s) (" + names(failing) + ")";
        if (Math.abs(median + 1) <= RATIO_TOLERANCE) {
            out.add(new Diagnosis(Hint.SIGN_FLIPPED, "analytic = -numeric on " + where));
            return true;
        }
        if (ratios.length < 2) {
            return false;
        }
        String factor = String.format("analytic = %.4g x numeric on all %s", median, where);
        double inverse = 1 / median;
        if (Math.abs(median - Math.rint(median)) < 1e-3 * Math.abs(median)) {
            factor += String.format(": %d times too large (a missing 1/%d?)", Math.round(median), Math.round(median));
        } else if (Math.abs(inverse - Math.rint(inverse)) < 1e-3 * Math.abs(inverse)) {
            factor += String.format(": %d times too small (a factor %d missing?)", Math.round(inverse),
                    Math.round(inverse));
        }
        if (median < 0) {
            factor += "; the sign is flipped too";
        }
        out.add(new Diagnosis(Hint.CONSTANT_FACTOR, factor));
        return true;
    }

    /** Re-checks the worst element at 100h, 10h, h/10, h/100 and reads off which way the error moves. */
    private void stepDiagnosis(ElementCheck worst, Evaluator ev, boolean specific, List<Diagnosis> out) {
        ParamBlock b = blocks.stream().filter(p -> p.name.equals(worst.parameter())).findFirst().orElseThrow();
        int k = worst.index();
        double x = b.values[k];
        double[] errors = new double[DIAGNOSTIC_FACTORS.length];
        StringBuilder evidence = new StringBuilder(worst.element() + ": relative error");
        for (int i = 0; i < DIAGNOSTIC_FACTORS.length; i++) {
            double step = h * DIAGNOSTIC_FACTORS[i];
            double numeric;
            try {
                double up = ev.evalAt(b, k, x + step, worst.element() + " + " + step);
                double down = ev.evalAt(b, k, x - step, worst.element() + " - " + step);
                numeric = (up - down) / (2 * step);
            } catch (RuntimeException e) {
                // The diagnosis is best effort: a loss undefined 100 h away (NaN, or a domain check that
                // throws) leaves this step without a number rather than losing the whole report.
                numeric = Double.NaN;
            }
            errors[i] = RelativeError.of(worst.analytic(), numeric, floor);
            if (DIAGNOSTIC_FACTORS[i] < 1 && DIAGNOSTIC_FACTORS[i - 1] > 1) {
                evidence.append(String.format(" %.1e at h = %.0e (the check),", worst.relativeError(), h));
            }
            evidence.append(String.format(" %.1e at h = %.0e,", errors[i], step));
        }
        evidence.setLength(evidence.length() - 1);
        double atLarger = Math.min(errors[0], errors[1]);
        double atSmaller = Math.min(errors[2], errors[3]);
        double e0 = worst.relativeError();
        if (atLarger < e0 / 10 && !(atSmaller < atLarger)) {
            out.add(new Diagnosis(Hint.STEP_TOO_SMALL, evidence.toString()));
        } else if (atSmaller < e0 / 10) {
            out.add(new Diagnosis(Hint.STEP_TOO_LARGE, evidence.toString()));
        } else if (!specific) {
            out.add(new Diagnosis(Hint.ANALYTIC_WRONG, evidence + String.format("; analytic %.6g, numeric %.6g",
                    worst.analytic(), worst.numeric())));
        }
    }

    private static String names(List<ElementCheck> elements) {
        int shown = Math.min(3, elements.size());
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < shown; i++) {
            s.append(i == 0 ? "" : ", ").append(elements.get(i).element());
        }
        if (elements.size() > shown) {
            s.append(", ... ").append(elements.size() - shown).append(" more");
        }
        Set<String> params = new HashSet<>();
        elements.forEach(e -> params.add(e.parameter()));
        if (elements.size() > shown) {
            s.append(" in ").append(String.join(", ", params.stream().sorted().toList()));
        }
        return s.toString();
    }

    private List<GradCheckReport.Block> blockSummaries() {
        return blocks.stream().map(b -> new GradCheckReport.Block(b.name, b.shape(), b.size(), b.layer)).toList();
    }

    private double[][] snapshot() {
        double[][] s = new double[blocks.size()][];
        for (int i = 0; i < s.length; i++) {
            s[i] = blocks.get(i).values.clone();
        }
        return s;
    }

    private void restore(double[][] snapshot) {
        for (int i = 0; i < snapshot.length; i++) {
            System.arraycopy(snapshot[i], 0, blocks.get(i).values, 0, snapshot[i].length);
        }
    }

    private void moveAlong(double[][] from, double[][] d, double step) {
        for (int i = 0; i < from.length; i++) {
            double[] v = blocks.get(i).values;
            for (int k = 0; k < v.length; k++) {
                v[k] = from[i][k] + step * d[i][k];
            }
        }
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("GradCheck(h = " + h + ", " + precision.name().toLowerCase()
                + " precision" + (sampleSize > 0 ? ", sample " + sampleSize + " per parameter, seed " + seed : "")
                + ", parameters:");
        for (ParamBlock b : blocks) {
            s.append(' ').append(b.name).append(' ').append(b.shape());
        }
        return s.append(')').toString();
    }
}
