package org.gradflow.check;

import java.util.Objects;
import java.util.function.DoubleUnaryOperator;

/**
 * The error of forward and central differences against a known derivative over steps
 * {@code h = 1e-1, 1e-2, ..., 1e-12}: the trade-off between truncation and round-off.
 *
 * <p>Forward {@code (f(x+h) - f(x)) / h} has truncation error {@code h |f''| / 2} (slope 1 on a log-log
 * chart); central {@code (f(x+h) - f(x-h)) / 2h} has {@code h^2 |f'''| / 6} (slope 2). Both suffer
 * round-off of about {@code u |f| / h} (slope -1), u the unit round-off, so each has a best step: near
 * {@code sqrt(u)} ~ 1e-8 for forward and {@code u^(1/3)} ~ 1e-5 for central in double precision.
 * The data are ready for a log-log chart ({@link #steps()}, {@link #forwardErrors()},
 * {@link #centralErrors()}, or {@code org.gradflow.viz.Tables.of(sweep)}).
 */
public final class StepSweep {

    /** The finite-difference schemes a sweep compares. */
    public enum Scheme {
        /** {@code (f(x+h) - f(x)) / h}: error O(h). */
        FORWARD,
        /** {@code (f(x+h) - f(x-h)) / 2h}: error O(h^2). */
        CENTRAL
    }

    /** {@code 1e-1, 1e-2, ..., 1e-12}. */
    public static double[] defaultSteps() {
        double[] steps = new double[12];
        for (int i = 0; i < steps.length; i++) {
            steps[i] = Math.pow(10, -(i + 1));
        }
        return steps;
    }

    private final DoubleUnaryOperator f;
    private final double x;
    private final double derivative;
    private final Precision precision;
    private final double[] steps;
    private final double[] forward;
    private final double[] central;
    private final int evaluations;

    private StepSweep(DoubleUnaryOperator f, double x, double derivative, Precision precision, double[] steps) {
        this.f = f;
        this.x = x;
        this.derivative = derivative;
        this.precision = precision;
        this.steps = steps.clone();
        this.forward = new double[steps.length];
        this.central = new double[steps.length];
        double f0 = at(x);
        for (int i = 0; i < steps.length; i++) {
            double h = steps[i];
            double up = at(x + h);
            double down = at(x - h);
            forward[i] = (up - f0) / h;
            central[i] = (up - down) / (2 * h);
        }
        this.evaluations = 1 + 2 * steps.length;
    }

    /** The sweep of f'(x) against the exact {@code derivative} in double precision over the default steps. */
    public static StepSweep of(DoubleUnaryOperator f, double x, double derivative) {
        return of(f, x, derivative, Precision.DOUBLE);
    }

    /** As {@link #of(DoubleUnaryOperator, double, double)}, with f's input and output stored in {@code precision}. */
    public static StepSweep of(DoubleUnaryOperator f, double x, double derivative, Precision precision) {
        return of(f, x, derivative, precision, defaultSteps());
    }

    /** The sweep over the given steps (each positive and finite). */
    public static StepSweep of(DoubleUnaryOperator f, double x, double derivative, Precision precision,
            double... steps) {
        Objects.requireNonNull(f, "StepSweep.of: f is null");
        Objects.requireNonNull(precision, "StepSweep.of: precision is null");
        if (!Double.isFinite(x) || !Double.isFinite(derivative)) {
            throw new IllegalArgumentException("StepSweep.of: x and the derivative must be finite, got x = " + x
                    + ", derivative = " + derivative);
        }
        if (steps == null || steps.length == 0) {
            throw new IllegalArgumentException("StepSweep.of: no steps given");
        }
        for (double h : steps) {
            GradCheck.requireStep("StepSweep.of", h);
        }
        return new StepSweep(f, x, derivative, precision, steps);
    }

    private double at(double v) {
        double y = precision.round(f.applyAsDouble(precision.round(v)));
        if (!Double.isFinite(y)) {
            throw new IllegalStateException("StepSweep: f(" + v + ") = " + y + "; the sweep needs f finite near x = "
                    + x);
        }
        return y;
    }

    /** The steps h, largest first. */
    public double[] steps() {
        return steps.clone();
    }

    /** The forward-difference estimates, one per step. */
    public double[] forwardEstimates() {
        return forward.clone();
    }

    /** The central-difference estimates, one per step. */
    public double[] centralEstimates() {
        return central.clone();
    }

    /** {@code |forward(h) - f'(x)|} per step. */
    public double[] forwardErrors() {
        return errors(forward);
    }

    /** {@code |central(h) - f'(x)|} per step. */
    public double[] centralErrors() {
        return errors(central);
    }

    /** The errors of a scheme, one per step. */
    public double[] errors(Scheme scheme) {
        return scheme == Scheme.FORWARD ? forwardErrors() : centralErrors();
    }

    private double[] errors(double[] estimates) {
        double[] e = new double[estimates.length];
        for (int i = 0; i < e.length; i++) {
            e[i] = Math.abs(estimates[i] - derivative);
        }
        return e;
    }

    /** The step with the smallest error for the scheme. */
    public double bestStep(Scheme scheme) {
        double[] e = errors(scheme);
        int best = 0;
        for (int i = 1; i < e.length; i++) {
            if (e[i] < e[best]) {
                best = i;
            }
        }
        return steps[best];
    }

    /**
     * The least-squares slope of {@code log10(error)} against {@code log10(h)} over the steps in
     * {@code [hSmall, hLarge]}: about 1 for forward and 2 for central where truncation dominates, about -1
     * where round-off does. Exact zeros (no visible error) are left out.
     */
    public double slope(Scheme scheme, double hSmall, double hLarge) {
        double[] e = errors(scheme);
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        int n = 0;
        for (int i = 0; i < steps.length; i++) {
            if (steps[i] >= hSmall * (1 - 1e-9) && steps[i] <= hLarge * (1 + 1e-9) && e[i] > 0) {
                double lx = Math.log10(steps[i]);
                double ly = Math.log10(e[i]);
                sx += lx;
                sy += ly;
                sxx += lx * lx;
                sxy += lx * ly;
                n++;
            }
        }
        if (n < 2) {
            throw new IllegalArgumentException("StepSweep.slope: need at least 2 steps with a non-zero error in ["
                    + hSmall + ", " + hLarge + "], found " + n);
        }
        return (n * sxy - sx * sy) / (n * sxx - sx * sx);
    }

    /** Ridders' extrapolation of the same function at the same point, starting from the largest step. */
    public Ridders.Estimate ridders() {
        return Ridders.derivative(v -> at(v), x, steps[0]);
    }

    /** How many times f was evaluated for the sweep: {@code 1 + 2} per step. */
    public int evaluations() {
        return evaluations;
    }

    /** The exact derivative the estimates are compared with. */
    public double derivative() {
        return derivative;
    }

    /** The point x where the derivative is estimated. */
    public double x() {
        return x;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        s.append(String.format("Step sweep of f'(x) at x = %.6g (exact %.10g, %s precision)%n", x, derivative,
                precision.name().toLowerCase()));
        s.append(String.format("%10s  %14s  %14s%n", "h", "forward error", "central error"));
        double[] fe = forwardErrors();
        double[] ce = centralErrors();
        for (int i = 0; i < steps.length; i++) {
            s.append(String.format("%10.0e  %14.3e  %14.3e%n", steps[i], fe[i], ce[i]));
        }
        s.append(String.format("best step: forward h = %.0e, central h = %.0e. Large h: truncation "
                + "(forward ~ h, central ~ h^2); small h: round-off ~ u|f|/h takes over.",
                bestStep(Scheme.FORWARD), bestStep(Scheme.CENTRAL)));
        return s.toString();
    }
}
