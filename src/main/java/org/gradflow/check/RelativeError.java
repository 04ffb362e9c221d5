package org.gradflow.check;

/**
 * The relative error between an analytic and a numeric derivative, with an absolute floor.
 *
 * <p>{@code err = |a - n| / max(|a|, |n|)}, except when both are smaller than the floor: then the
 * relative error means nothing (two round-off sized numbers, or an exact zero against {@code 1e-12}) and
 * the absolute error {@code |a - n|} is returned instead. A non-finite {@code a} or {@code n} gives
 * {@code +Infinity}. The measure is symmetric and lies in {@code [0, 2]} above the floor.
 */
public final class RelativeError {

    /** The floor gradflow uses by default: below {@code 1e-8} in both values the absolute error is used. */
    public static final double DEFAULT_FLOOR = 1e-8;

    private RelativeError() {
    }

    /** {@code |a - n| / max(|a|, |n|)}, or {@code |a - n|} when {@code max(|a|, |n|) < floor}. */
    public static double of(double analytic, double numeric, double floor) {
        if (!Double.isFinite(analytic) || !Double.isFinite(numeric)) {
            return Double.POSITIVE_INFINITY;
        }
        double difference = Math.abs(analytic - numeric);
        double scale = Math.max(Math.abs(analytic), Math.abs(numeric));
        return scale < floor ? difference : difference / scale;
    }

    /** {@link #of(double, double, double)} with the {@link #DEFAULT_FLOOR}. */
    public static double of(double analytic, double numeric) {
        return of(analytic, numeric, DEFAULT_FLOOR);
    }
}
