package org.gradflow.viz;

import java.util.Objects;

/** Checks on the arrays handed to the chart builders, with messages that name the chart, series and index. */
final class Data {

    private Data() {
    }

    /** x and y are non-null, non-empty, of equal length, and hold no infinite values (NaN is allowed as a gap). */
    static void checkXY(String what, String series, double[] x, double[] y) {
        Objects.requireNonNull(x, what + ": series \"" + series + "\": x is null");
        Objects.requireNonNull(y, what + ": series \"" + series + "\": y is null");
        if (x.length != y.length) {
            throw new IllegalArgumentException(what + ": series \"" + series + "\" has " + x.length
                    + " x values but " + y.length + " y values");
        }
        if (x.length == 0) {
            throw new IllegalArgumentException(what + ": series \"" + series + "\" is empty");
        }
        checkNoInfinity(what, series, "x", x);
        checkNoInfinity(what, series, "y", y);
        if (allNaN(y)) {
            throw new IllegalArgumentException(what + ": series \"" + series + "\" has only NaN y values ("
                    + y.length + " of them); nothing to draw");
        }
    }

    static void checkNoInfinity(String what, String series, String axis, double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (Double.isInfinite(values[i])) {
                throw new IllegalArgumentException(what + ": series \"" + series + "\" has " + axis + "[" + i
                        + "] = " + values[i] + ", which no axis can show (drop or clip it)");
            }
        }
    }

    static void checkFinite(String what, String series, String axis, double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(what + ": series \"" + series + "\" has " + axis + "[" + i
                        + "] = " + values[i] + "; only finite values can be drawn here");
            }
        }
    }

    /** Every value is a positive number, as a logarithmic axis requires. */
    static void checkPositive(String what, String series, String axis, double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!(values[i] > 0)) {
                throw new IllegalArgumentException(what + ": series \"" + series + "\" has " + axis + "[" + i
                        + "] = " + values[i] + ", but a logarithmic " + axis + " axis needs values > 0");
            }
        }
    }

    static void checkRange(String what, String axis, double min, double max) {
        if (!(Double.isFinite(min) && Double.isFinite(max) && min < max)) {
            throw new IllegalArgumentException(what + ": " + axis + " range needs finite min < max, got ["
                    + min + ", " + max + "]");
        }
    }

    private static boolean allNaN(double[] values) {
        for (double v : values) {
            if (!Double.isNaN(v)) {
                return false;
            }
        }
        return true;
    }
}
