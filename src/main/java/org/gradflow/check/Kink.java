package org.gradflow.check;

/**
 * Whether a switch point (the corner of relu, max, abs) was found within the step of an element.
 *
 * <p>Central differences assume the loss is smooth on {@code [p - h, p + h]}. Across a corner the
 * estimate averages two different slopes, and its error no longer shrinks with h, so a large error there
 * says nothing about the analytic gradient.
 */
public enum Kink {

    /** No evidence of a corner within the step. */
    NONE("the loss looks smooth within the step"),

    /**
     * The one-sided slopes {@code (L(p+h) - L(p)) / h} and {@code (L(p) - L(p-h)) / h} differ by more than
     * round-off, and the difference does not halve when h is halved, as it would for a smooth loss
     * (for which it is {@code h L''}); a corner within the step keeps it near the jump in slope.
     */
    SLOPES_DISAGREE("the left and right slopes disagree far more than a smooth loss allows: "
            + "a corner (relu, max, abs) lies within the step"),

    /** A registered kink probe changed sign between {@code p - h} and {@code p + h}. */
    PROBE_SWITCHED("a kink probe changed sign between p - h and p + h: a relu/max input crossed "
            + "its switch point within the step");

    private final String explanation;

    Kink(String explanation) {
        this.explanation = explanation;
    }

    /** What the evidence means. */
    public String explanation() {
        return explanation;
    }
}
