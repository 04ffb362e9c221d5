package org.gradflow.check;

/**
 * The check of one parameter element: the analytic derivative against the central difference
 * {@code n = (L(p + h e) - L(p - h e)) / 2h}.
 *
 * @param parameter     the parameter block's name, e.g. {@code W(2)}
 * @param element       the element's name, e.g. {@code W(2)[3,1]} (indices from 0, row-major)
 * @param index         the element's row-major index in its block
 * @param layer         the block's layer (0 when unknown)
 * @param analytic      the analytic derivative a
 * @param numeric       the central difference n
 * @param forward       the one-sided slope {@code (L(p + h e) - L(p)) / h}
 * @param backward      the one-sided slope {@code (L(p) - L(p - h e)) / h}
 * @param relativeError {@code |a - n| / max(|a|, |n|)}, absolute below the floor (see {@link RelativeError})
 * @param verdict       the band the relative error falls in
 * @param kink          whether a corner was found within the step
 * @param floor         the absolute floor of the relative error this check used (see {@link RelativeError})
 */
public record ElementCheck(String parameter, String element, int index, int layer, double analytic,
        double numeric, double forward, double backward, double relativeError, Verdict verdict, Kink kink,
        double floor) {

    /**
     * A corner lies within the step, the central difference is off, and the analytic value matches one of the
     * one-sided slopes (relative error below 1e-2, with the check's floor): a valid one-sided derivative, the
     * kind backprop uses at a relu or max.
     */
    public boolean explainedByKink() {
        return kink != Kink.NONE && !verdict.passes()
                && (Verdict.of(RelativeError.of(analytic, forward, floor)).compareTo(Verdict.SUSPICIOUS) <= 0
                    || Verdict.of(RelativeError.of(analytic, backward, floor)).compareTo(Verdict.SUSPICIOUS) <= 0);
    }

    /** The element passes: FINE or ACCEPTABLE, or off only because a kink lies within the step. */
    public boolean passed() {
        return verdict.passes() || explainedByKink();
    }

    /** {@code kink; analytic = a one-sided slope, passes}, {@code kink}, or empty when no kink lies within the step. */
    public String kinkNote() {
        if (kink == Kink.NONE) {
            return "";
        }
        return explainedByKink() ? "kink; analytic = a one-sided slope, passes" : "kink";
    }

    /** The ratio analytic / numeric (NaN when the numeric derivative is 0). */
    public double ratio() {
        return numeric == 0 ? Double.NaN : analytic / numeric;
    }

    @Override
    public String toString() {
        return String.format("%s: analytic %.6g, numeric %.6g, relative error %.1e, %s%s", element, analytic,
                numeric, relativeError, verdict.name(), kink == Kink.NONE ? "" : ", kink within step");
    }
}
