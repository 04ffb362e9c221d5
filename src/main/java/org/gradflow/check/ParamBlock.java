package org.gradflow.check;

import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One named parameter block of a check: the caller's value array (perturbed in place, always restored),
 * its shape, the analytic gradient and the layer it belongs to (0 when unknown).
 */
final class ParamBlock {

    /** A name ending in {@code (r)}, like {@code W(2)} or {@code b(10)}, belongs to layer r. */
    private static final Pattern LAYER_SUFFIX = Pattern.compile(".*\\((\\d+)\\)$");

    final String name;
    final int rows;
    final int cols;
    final double[] values;
    final double[] gradient;
    int layer;

    ParamBlock(String name, int rows, int cols, double[] values, double[] gradient) {
        this.name = name;
        this.rows = rows;
        this.cols = cols;
        this.values = values;
        this.gradient = gradient;
        Matcher m = LAYER_SUFFIX.matcher(name);
        this.layer = m.matches() ? Integer.parseInt(m.group(1)) : 0;
    }

    int size() {
        return values.length;
    }

    /**
     * The name of element k (row-major, indices from 0): {@code x} for a single value, {@code b(1)[3]} for
     * a vector (one row or one column), {@code W(2)[3,1]} otherwise.
     */
    String elementName(int k) {
        if (size() == 1) {
            return name;
        }
        if (rows == 1 || cols == 1) {
            return name + "[" + k + "]";
        }
        return name + "[" + k / cols + "," + k % cols + "]";
    }

    /**
     * Runs {@code body} with element k moved to {@code value}, then puts back the exact original value
     * (saved, not recomputed), even when body throws.
     */
    <T> T withElement(int k, double value, Supplier<T> body) {
        double saved = values[k];
        values[k] = value;
        try {
            return body.get();
        } finally {
            values[k] = saved;
        }
    }

    String shape() {
        return rows + " x " + cols;
    }
}
