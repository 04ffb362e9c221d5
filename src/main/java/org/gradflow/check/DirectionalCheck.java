package org.gradflow.check;

/**
 * A check of the whole gradient along one random unit direction d, with a single pair of loss
 * evaluations: {@code (L(p + h d) - L(p - h d)) / 2h} against {@code grad . d}.
 *
 * <p>Cheap (two evaluations for any number of parameters) but coarse: a wrong element whose component of d
 * is small, or errors that cancel in the sum, can slip through; the per-element check names the element.
 *
 * @param analytic      {@code grad . d}
 * @param numeric       {@code (L(p + h d) - L(p - h d)) / 2h}
 * @param relativeError see {@link RelativeError}
 * @param verdict       the band of the relative error
 * @param step          h
 * @param seed          the seed of the random direction
 * @param dimension     the number of parameters d spans
 * @param evaluations   loss evaluations used (2)
 */
public record DirectionalCheck(double analytic, double numeric, double relativeError, Verdict verdict,
        double step, long seed, int dimension, int evaluations) {

    /** The directional derivatives agree (FINE or ACCEPTABLE). */
    public boolean passed() {
        return verdict.passes();
    }

    @Override
    public String toString() {
        return String.format("Directional check along a random unit direction d (seed %d, %d parameters, h = %.0e):"
                + "%n  grad . d = %.10g, (L(p+hd) - L(p-hd)) / 2h = %.10g, relative error %.1e: %s"
                + "%n  cost: %d loss evaluations, for all %d parameters at once", seed, dimension, step, analytic,
                numeric, relativeError, verdict, evaluations, dimension);
    }
}
