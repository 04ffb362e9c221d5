package org.gradflow.check;

/**
 * How far an analytic derivative may be trusted, read off its relative error against the numeric one.
 *
 * <p>The bands follow the usual rules of thumb for central differences in double precision with a step
 * near {@code 1e-5}: the numeric estimate itself carries an error of about {@code 1e-10} (truncation
 * {@code h^2/6 f'''} plus round-off {@code eps |L| / h}), so a correct gradient lands far below
 * {@code 1e-4}, while a wrong formula is typically off by a sizeable fraction of the value.
 */
public enum Verdict {

    /** Relative error below {@code 1e-7}: the analytic gradient agrees to the accuracy of the estimate. */
    FINE(1e-7, "agrees to the accuracy of central differences; the analytic gradient is right"),

    /** Relative error in {@code [1e-7, 1e-4)}: usual for deep networks, long sums or large losses. */
    ACCEPTABLE(1e-4, "small disagreement, usual for deep networks, long sums and large losses; "
            + "the analytic gradient is almost surely right"),

    /** Relative error in {@code [1e-4, 1e-2)}: fine only next to a kink (relu, max, abs). */
    SUSPICIOUS(1e-2, "too large for a smooth loss; acceptable only where a kink (relu, max, abs) lies "
            + "within the step, otherwise look for a small mistake"),

    /** Relative error of {@code 1e-2} or more (or not a number): the analytic gradient is almost surely wrong. */
    WRONG(Double.POSITIVE_INFINITY, "the analytic gradient is almost surely wrong (a wrong formula, a "
            + "missing term, a factor or a sign)");

    private final double upperBound;
    private final String explanation;

    Verdict(double upperBound, String explanation) {
        this.upperBound = upperBound;
        this.explanation = explanation;
    }

    /** The verdict for a relative error: the first band whose upper bound exceeds it; NaN is {@link #WRONG}. */
    public static Verdict of(double relativeError) {
        for (Verdict v : values()) {
            if (relativeError < v.upperBound) {
                return v;
            }
        }
        return WRONG;
    }

    /** The exclusive upper bound of this band's relative error ({@code +Infinity} for {@link #WRONG}). */
    public double upperBound() {
        return upperBound;
    }

    /** What this verdict means for the person reading the check. */
    public String explanation() {
        return explanation;
    }

    /** True for {@link #FINE} and {@link #ACCEPTABLE}: the verdicts a passing check may contain. */
    public boolean passes() {
        return this == FINE || this == ACCEPTABLE;
    }

    @Override
    public String toString() {
        return name() + " (" + explanation + ")";
    }
}
