package org.gradflow.check;

/**
 * The arithmetic a loss is evaluated in during a check.
 *
 * <p>{@link #SINGLE} simulates a float program: the parameters are rounded to float before the loss
 * sees them and the loss value is rounded to float after. The loss's own arithmetic stays double, so the
 * simulation shows the effect of storing inputs and outputs in 32 bits, which is where finite
 * differences lose most: the difference {@code L(p + h) - L(p - h)} of two numbers near {@code |L|}
 * keeps only about {@code 7 - log10(|L| / (h |dL/dp|))} digits.
 */
public enum Precision {

    /** IEEE double: 53-bit significand, unit round-off {@code 2^-53 ~ 1.1e-16}. */
    DOUBLE(0x1p-53),

    /** IEEE float: 24-bit significand, unit round-off {@code 2^-24 ~ 6.0e-8}. */
    SINGLE(0x1p-24);

    private final double unitRoundoff;

    Precision(double unitRoundoff) {
        this.unitRoundoff = unitRoundoff;
    }

    /** The value as this precision stores it: itself for {@link #DOUBLE}, {@code (double) (float) v} for {@link #SINGLE}. */
    public double round(double v) {
        return this == SINGLE ? (double) (float) v : v;
    }

    /** The unit round-off u: a stored value {@code v} is {@code v (1 + e)} with {@code |e| <= u}. */
    public double unitRoundoff() {
        return unitRoundoff;
    }
}
