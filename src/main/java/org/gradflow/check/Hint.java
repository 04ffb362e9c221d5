package org.gradflow.check;

/** A likely cause of a failed gradient check, with what to do about it. */
public enum Hint {

    /** Round-off: the errors fall when h grows. */
    STEP_TOO_SMALL("step too small: round-off in L(p+h) - L(p-h) dominates (about u|L|/h); the errors fall "
            + "when h grows. Use h near 1e-5 in double precision"),

    /** Truncation: the errors fall when h shrinks. */
    STEP_TOO_LARGE("step too large: the truncation error h^2 L'''/6 of central differences dominates; the "
            + "errors fall when h shrinks. Use h near 1e-5"),

    /** The loss ran in (simulated) single precision. */
    SINGLE_PRECISION("single precision: with float inputs and outputs the difference L(p+h) - L(p-h) keeps "
            + "only a few digits; gradient checks need double precision"),

    /** A relu/max/abs corner lies within the step. */
    KINK_CROSSED("kink crossed: a switch point (relu, max, abs) lies within the step, so the central "
            + "difference averages two slopes; move the point away from the kink or shrink h"),

    /** Analytic = c x numeric for one constant c on every failing element. */
    CONSTANT_FACTOR("constant factor: the analytic gradient is the numeric one times a constant; look for a "
            + "factor 2 (the derivative of a square, or a 1/2 in the loss) or the batch size B (the batch loss "
            + "is the mean, so its gradient carries 1/B)"),

    /** Analytic = -numeric. */
    SIGN_FLIPPED("sign flipped: the analytic gradient is minus the numeric one; look for y - t written as "
            + "t - y, a minus in the loss, or a descent step folded into the gradient"),

    /** The error stays large for every step. */
    ANALYTIC_WRONG("analytic gradient wrong: the error stays large for every step size, so it is not the "
            + "finite difference; look for a missing term, a wrong index or transpose, or a wrong derivative");

    private final String explanation;

    Hint(String explanation) {
        this.explanation = explanation;
    }

    /** What the cause is and what to do about it. */
    public String explanation() {
        return explanation;
    }

    /** The short name of the cause, e.g. {@code step too small} (the explanation's first words). */
    public String title() {
        return explanation.substring(0, explanation.indexOf(':'));
    }

    /** The explanation, so that a printed list of hints reads as sentences rather than enum names. */
    @Override
    public String toString() {
        return explanation;
    }
}
