package org.gradflow.kernel;

import java.util.Objects;

/**
 * What running a cell gave: nothing to show, the value of its last expression, or an error.
 */
public final class CellResult {

    private static final CellResult EMPTY = new CellResult(false, null, null);

    private final boolean hasValue;
    private final Object value;
    private final CellError error;

    private CellResult(boolean hasValue, Object value, CellError error) {
        this.hasValue = hasValue;
        this.value = value;
        this.error = error;
    }

    /** A cell that ran and ended with a statement or declaration. */
    public static CellResult empty() {
        return EMPTY;
    }

    /** A cell whose last snippet was an expression with this value (possibly null). */
    public static CellResult value(Object value) {
        return new CellResult(true, value, null);
    }

    /** A cell that failed. */
    public static CellResult error(CellError error) {
        return new CellResult(false, null, Objects.requireNonNull(error, "CellResult.error: error is null"));
    }

    /** Whether the last snippet was an expression. */
    public boolean hasValue() {
        return hasValue;
    }

    /** The value of the last expression (null when there is none or it was null). */
    public Object value() {
        return value;
    }

    /** Whether the cell failed. */
    public boolean failed() {
        return error != null;
    }

    /** The error, or null. */
    public CellError error() {
        return error;
    }

    @Override
    public String toString() {
        return failed() ? "CellResult(error " + error.ename() + ": " + error.evalue() + ")"
                : hasValue ? "CellResult(value " + value + ")" : "CellResult(no value)";
    }
}
