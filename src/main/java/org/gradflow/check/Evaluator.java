package org.gradflow.check;

import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * Evaluates the loss for a check: counts every evaluation, simulates single precision when asked, and
 * fails with the element and offset when the loss is not finite. The one place where the loss is called.
 */
final class Evaluator {

    private final DoubleSupplier loss;
    private final List<ParamBlock> blocks;
    private final Precision precision;
    private int count;

    Evaluator(DoubleSupplier loss, List<ParamBlock> blocks, Precision precision) {
        this.loss = loss;
        this.blocks = blocks;
        this.precision = precision;
    }

    /** The loss at the parameters' current values; {@code where} names the point for error messages. */
    double eval(String where) {
        count++;
        double value = precision == Precision.SINGLE ? evalRounded() : loss.getAsDouble();
        if (!Double.isFinite(value)) {
            throw new NonFiniteLossException("GradCheck: the loss is " + value + " at " + where
                    + "; finite differences need a finite loss (look for log(0), 0/0 or overflow in the loss)");
        }
        return precision.round(value);
    }

    /** The loss at element k of block b moved to {@code value}; the element is put back even if the loss throws. */
    double evalAt(ParamBlock b, int k, double value, String where) {
        return b.withElement(k, value, () -> eval(where));
    }

    /** Rounds every parameter to float, evaluates, and puts the exact values back. */
    private double evalRounded() {
        double[][] saved = new double[blocks.size()][];
        try {
            for (int i = 0; i < blocks.size(); i++) {
                double[] v = blocks.get(i).values;
                saved[i] = v.clone();
                for (int k = 0; k < v.length; k++) {
                    v[k] = precision.round(v[k]);
                }
            }
            return loss.getAsDouble();
        } finally {
            for (int i = 0; i < blocks.size() && saved[i] != null; i++) {
                System.arraycopy(saved[i], 0, blocks.get(i).values, 0, saved[i].length);
            }
        }
    }

    /** The loss was NaN or infinite: a plain {@link IllegalStateException} to callers. */
    static final class NonFiniteLossException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        NonFiniteLossException(String message) {
            super(message);
        }
    }

    /** How many times the loss has been evaluated so far. */
    int count() {
        return count;
    }
}
