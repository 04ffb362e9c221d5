package org.gradflow.graph;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad inputs fail at once, with a message naming the operation and the values. */
class ValueErrorsTest {

    private static void fails(Class<? extends RuntimeException> type, Executable call, String... mentions) {
        RuntimeException e = assertThrows(type, call);
        for (String m : mentions) {
            assertTrue(e.getMessage().contains(m), "message '" + e.getMessage() + "' should mention '" + m + "'");
        }
    }

    @Test
    void valuesMustBeFinite() {
        fails(IllegalArgumentException.class, () -> Value.of(Double.NaN), "Value.of", "NaN");
        fails(IllegalArgumentException.class, () -> Value.of(Double.POSITIVE_INFINITY), "Value.of", "Infinity");
        fails(IllegalArgumentException.class, () -> Value.of(Double.NEGATIVE_INFINITY, "w"), "Value.of", "w",
                "-Infinity");
    }

    @Test
    void logNeedsAPositiveInput() {
        fails(IllegalArgumentException.class, () -> Value.of(0.0, "p").log(), "log", "p = 0");
        fails(IllegalArgumentException.class, () -> Value.of(-2.5).log(), "log", "-2.5");
    }

    @Test
    void powMustGiveARealNumber() {
        fails(IllegalArgumentException.class, () -> Value.of(-8, "x").pow(0.5), "pow", "x = -8", "0.5");
        fails(ArithmeticException.class, () -> Value.of(0.0, "x").pow(-1), "pow", "x = 0", "-1");
        fails(IllegalArgumentException.class, () -> Value.of(2).pow(Double.NaN), "pow", "NaN");
    }

    @Test
    void divisionByZeroFails() {
        fails(ArithmeticException.class, () -> Value.of(1, "a").div(Value.of(0.0, "b")), "div", "a = 1",
                "b = 0");
    }

    @Test
    void constantsMustBeFiniteAndOperandsPresent() {
        fails(IllegalArgumentException.class, () -> Value.of(1).plus(Double.NaN), "plus", "NaN");
        fails(IllegalArgumentException.class, () -> Value.of(1).times(Double.POSITIVE_INFINITY), "times",
                "Infinity");
        fails(IllegalArgumentException.class, () -> Value.of(1, "x").times((Value) null), "times", "null", "x");
        fails(IllegalArgumentException.class, () -> Value.of(1).max(null), "max", "null");
    }

    @Test
    void overflowingResultsFailAtTheOperation() {
        fails(ArithmeticException.class, () -> Value.of(1000, "a").exp(), "exp", "a = 1000", "Infinity");
        fails(ArithmeticException.class, () -> Value.of(1e200).times(Value.of(1e200)), "*", "Infinity");
        fails(ArithmeticException.class, () -> Value.of(1e300, "x").pow(2), "^2", "x = 1e+300");
    }

    @Test
    void anInfiniteGradientFailsInBackwardNamingTheNode() {
        Value x = Value.of(0.0, "x");
        Value r = x.pow(0.5).label("r");
        fails(ArithmeticException.class, r::backward, "backward", "r = 0", "^0.5", "x = 0", "Infinity");
    }
}
