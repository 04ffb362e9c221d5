package org.gradflow.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.gradflow.graph.Operations.Operation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every operation's value and gradient, against hand-derived formulas and against finite differences. */
class ValueOperationsTest {

    private static final double[] POINTS = {-2.3, -0.7, 0.4, 1.6, 3.1};

    static Stream<Arguments> operationsAtPoints() {
        List<Arguments> cases = new ArrayList<>();
        for (Operation op : Operations.ALL) {
            for (double x : POINTS) {
                for (double y : op.arity() == 2 ? POINTS : new double[] {0.9}) {
                    if (op.safe().at(x, y)) {
                        cases.add(Arguments.of(op, x, y));
                    }
                }
            }
        }
        return cases.stream();
    }

    private static Value apply(Operation op, double x, double y) {
        return op.build().apply(Value.of(x, "x"), Value.of(y, "y"));
    }

    @ParameterizedTest(name = "{0} at x={1}, y={2}")
    @MethodSource("operationsAtPoints")
    void valueMatchesTheFormula(Operation op, double x, double y) {
        assertEquals(op.value().at(x, y), apply(op, x, y).value(), 1e-12 * Math.max(1, Math.abs(op.value().at(x, y))));
    }

    @ParameterizedTest(name = "{0} at x={1}, y={2}")
    @MethodSource("operationsAtPoints")
    void gradientMatchesHandDerivedPartials(Operation op, double x, double y) {
        Value a = Value.of(x, "x");
        Value b = Value.of(y, "y");
        Value z = op.build().apply(a, b);
        z.backward();
        double[] expected = op.partials().at(x, y);
        assertEquals(expected[0], a.grad(), 1e-12 * Math.max(1, Math.abs(expected[0])), "dz/dx");
        assertEquals(op.arity() == 2 ? expected[1] : 0, b.grad(), 1e-12 * Math.max(1, Math.abs(expected[1])), "dz/dy");
        assertEquals(1, z.grad(), "dz/dz is the seed");
    }

    @ParameterizedTest(name = "{0} at x={1}, y={2}")
    @MethodSource("operationsAtPoints")
    void gradientMatchesCentralDifferences(Operation op, double x, double y) {
        Value a = Value.of(x);
        Value b = Value.of(y);
        op.build().apply(a, b).backward();
        double[] numeric = FiniteDifferences.gradient(p -> apply(op, p[0], p[1]).value(), new double[] {x, y});
        assertTrue(FiniteDifferences.error(a.grad(), numeric[0]) < 1e-7,
                () -> op + ": backward dz/dx = " + a.grad() + ", finite differences " + numeric[0]);
        assertTrue(FiniteDifferences.error(b.grad(), numeric[1]) < 1e-7,
                () -> op + ": backward dz/dy = " + b.grad() + ", finite differences " + numeric[1]);
    }

    @Test
    void everyOperationOfTheContractIsInTheRegistry() {
        List<String> names = Operations.ALL.stream().map(Operation::name).toList();
        for (String required : List.of("plus", "plus 3", "times", "times -2.5", "minus", "div", "neg", "max",
                "pow 2", "exp", "log", "sigmoid", "tanh", "relu")) {
            assertTrue(names.contains(required), required);
        }
    }

    @Test
    void handComputedNumbers() {
        Value x = Value.of(0.0, "x");
        Value z = x.sigmoid();
        z.backward();
        assertEquals(0.5, z.value());
        assertEquals(0.25, x.grad(), "sigma'(0) = 0.5 * 0.5");

        Value u = Value.of(3, "u");
        Value v = Value.of(4, "v");
        Value r = u.pow(2).plus(v.pow(2)).pow(0.5);
        r.backward();
        assertEquals(5, r.value(), 1e-15);
        assertEquals(3.0 / 5, u.grad(), 1e-15, "d|(u,v)|/du = u / r");
        assertEquals(4.0 / 5, v.grad(), 1e-15, "d|(u,v)|/dv = v / r");

        Value p = Value.of(6, "p");
        Value q = Value.of(-3, "q");
        Value s = p.div(q);
        s.backward();
        assertEquals(-2, s.value());
        assertEquals(-1.0 / 3, p.grad(), 1e-15);
        assertEquals(-6.0 / 9, q.grad(), 1e-15);

        Value t = Value.of(0.0).tanh();
        Value e = Value.of(1.0).exp();
        Value l = Value.of(Math.E).log();
        assertEquals(0, t.value());
        assertEquals(Math.E, e.value());
        assertEquals(1, l.value(), 1e-15);
    }

    @Test
    void operationsDoNotChangeTheirInputs() {
        Value x = Value.of(2, "x");
        Value y = Value.of(5, "y");
        x.times(y).plus(x).sigmoid();
        assertEquals(2, x.value());
        assertEquals(5, y.value());
        assertEquals(0, x.grad());
    }

    @Test
    void opNamesInputsAndLabels() {
        Value x = Value.of(2, "x");
        Value y = Value.of(5);
        Value z = x.times(y).label("z");
        assertEquals("*", z.op());
        assertEquals(List.of(x, y), z.inputs());
        assertEquals("z", z.label());
        assertEquals("", y.label());
        assertEquals("", x.op());
        assertTrue(x.isInput());
        assertEquals("*0.5", x.times(0.5).op());
        assertEquals("+3", x.plus(3).op());
        assertEquals("^2", x.pow(2).op());
        assertEquals("sigmoid", x.sigmoid().op());
    }

    @Test
    void toStringTeaches() {
        Value x = Value.of(1, "x");
        Value z = x.sigmoid().label("z");
        z.backward();
        assertEquals("Value(data=0.7311, grad=1, op=sigmoid, label=z)", z.toString());
        assertEquals("Value(data=1, grad=0.1966, label=x)", x.toString());
        assertEquals("Value(data=-1.5e-05, grad=0)", Value.of(-1.5e-5).toString());
    }
}
