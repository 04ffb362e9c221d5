package org.gradflow.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** sum, abs, minus(double), div(double) and in-place parameter updates, against hand-derived values. */
class ValueApiForMicrogradUsersTest {

    @Test
    void sumOfAListAddsTheValuesAndSendsTheGradientToEachOfThem() {
        Value a = Value.of(1.5, "a");
        Value b = Value.of(-4, "b");
        Value s = Value.sum(List.of(a, b, a, Value.of(2)));
        assertEquals(1.5 - 4 + 1.5 + 2, s.value(), 0.0);
        s.times(3).backward();
        assertEquals(6, a.grad(), 0.0, "a appears twice: 3 + 3");
        assertEquals(3, b.grad(), 0.0);
        assertThrows(IllegalArgumentException.class, () -> Value.sum(List.of()));
    }

    @Test
    void absHasSlopeMinusOneOrOneAndZeroAtItsKink() {
        Value x = Value.of(-2.5);
        Value z = x.abs();
        assertEquals(2.5, z.value(), 0.0);
        z.backward();
        assertEquals(-1, x.grad(), 0.0);
        Value y = Value.of(3);
        y.abs().backward();
        assertEquals(1, y.grad(), 0.0);
        Value zero = Value.of(0);
        zero.abs().backward();
        assertEquals(0, zero.grad(), 0.0);
    }

    @Test
    void minusAndDivByAConstantMatchTheirDerivatives() {
        Value x = Value.of(3);
        Value z = x.minus(1.25).div(4); // z = (x - 1.25) / 4, dz/dx = 1/4
        assertEquals((3 - 1.25) / 4, z.value(), 0.0);
        z.backward();
        assertEquals(0.25, x.grad(), 0.0);
        assertEquals("/4", z.op());
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> x.div(0.0));
        assertTrue(e.getMessage().contains("division by zero"), e.getMessage());
    }

    @Test
    void onlyInputNodesCanBeUpdatedInPlace() {
        Value p = Value.of(1, "p");
        p.setInPlace(0.5);
        assertEquals(0.5, p.value(), 0.0);
        Value q = p.times(2);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> q.setInPlace(3));
        assertTrue(e.getMessage().contains("only input nodes"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> p.setInPlace(Double.NaN));
    }
}
