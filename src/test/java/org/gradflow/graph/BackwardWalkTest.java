package org.gradflow.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitrary;
import org.gradflow.graph.BackwardWalk.Contribution;
import org.gradflow.graph.BackwardWalk.Step;
import org.gradflow.graph.Operations.Operation;
import org.gradflow.graph.RandomGraphPropertiesTest.Expression;
import org.junit.jupiter.api.Test;

/** The backward pass written out step by step: hand-derived steps, and the same pass as backward() on random graphs. */
class BackwardWalkTest {

    /** L = m + x with m = x * y, x = 2, y = 3: x has two consumers. By hand: dL/dx = y + 1 = 4, dL/dy = x = 2. */
    @Test
    void aNodeWithTwoConsumersReceivesTwoAdditionsWithTheHandDerivedNumbers() {
        Value x = Value.of(2, "x");
        Value y = Value.of(3, "y");
        Value m = x.times(y).label("m");
        Value L = m.plus(x).label("L");
        BackwardWalk walk = BackwardWalk.of(L);

        List<Step> steps = walk.steps();
        assertEquals(2, steps.size());
        Step first = steps.get(0);
        assertSame(L, first.node());
        assertEquals("L = m + x", first.equation());
        assertEquals(1, first.grad());
        assertEquals(List.of("m.grad += L.grad = 1", "x.grad += L.grad = 1"),
                first.contributions().stream().map(Contribution::rule).toList());

        Step second = steps.get(1);
        assertSame(m, second.node());
        assertEquals("m = x * y", second.equation());
        assertEquals(List.of("x.grad += y * m.grad = 3 * 1 = 3, now x.grad = 1 + 3 = 4",
                        "y.grad += x * m.grad = 2 * 1 = 2"),
                second.contributions().stream().map(Contribution::rule).toList());
        Contribution intoX = second.contributions().get(0);
        assertSame(x, intoX.input());
        assertEquals(3, intoX.localValue());
        assertEquals(3, intoX.added());
        assertEquals(1, intoX.gradBefore());
        assertEquals(4, intoX.gradAfter());

        assertEquals(4, walk.gradient(x));
        assertEquals(2, walk.gradient(y));
        assertEquals(1, walk.gradient(m));
        assertEquals(0, x.grad(), "making a walk changes no gradient");
        assertTrue(walk.toString().contains("step 2: m = x * y, m.grad = 1\n  x.grad += y * m.grad"), walk.toString());
    }

    @Test
    void theSeedAloneThenEachStepsAdditionsGiveTheGradientsSoFar() {
        Value x = Value.of(2, "x");
        Value y = Value.of(3, "y");
        Value L = x.times(y).label("m").plus(x).label("L");
        BackwardWalk walk = BackwardWalk.of(L);
        // Graph order: x, y, m, L.
        assertArrayEquals(new double[] {0, 0, 0, 1}, walk.gradientsAfter(0));
        assertArrayEquals(new double[] {1, 0, 1, 1}, walk.gradientsAfter(1));
        assertArrayEquals(new double[] {4, 2, 1, 1}, walk.gradientsAfter(2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> walk.gradientsAfter(3));
        assertTrue(e.getMessage().contains("3 steps asked for; the walk has 2"), e.getMessage());
    }

    @Test
    void anOperandUsedTwiceByOneNodeGetsTwoAdditionsInOneStep() {
        Value x = Value.of(-1.5, "x");
        Value z = x.times(x).label("z");
        Step step = BackwardWalk.of(z).steps().get(0);
        assertEquals(List.of("x.grad += x * z.grad = -1.5 * 1 = -1.5",
                        "x.grad += x * z.grad = -1.5 * 1 = -1.5, now x.grad = -1.5 + (-1.5) = -3"),
                step.contributions().stream().map(Contribution::rule).toList());
    }

    @Test
    void eachRuleIsWrittenWithItsLocalDerivative() {
        Value a = Value.of(0, "a");
        assertEquals("s = sigmoid(a)", only(a.sigmoid().label("s")).equation());
        assertEquals("a.grad += (s * (1 - s)) * s.grad = 0.25 * 1 = 0.25",
                only(a.sigmoid().label("s")).contributions().get(0).rule());
        Value b = Value.of(4, "b");
        assertEquals("p = b^2", only(b.pow(2).label("p")).equation());
        assertEquals("b.grad += (2 * b^1) * p.grad = 8 * 1 = 8", only(b.pow(2).label("p")).contributions().get(0).rule());
        assertEquals("k = (-2) * b", only(b.times(-2).label("k")).equation());
        assertEquals("b.grad += (-2) * k.grad = -2 * 1 = -2", only(b.times(-2).label("k")).contributions().get(0).rule());
        Value c = Value.of(5, "c");
        Step max = only(b.max(c).label("M"));
        assertEquals("M = max(b, c)", max.equation());
        assertEquals(List.of("b.grad += [b >= c] * M.grad = 0 * 1 = 0", "c.grad += [b < c] * M.grad = 1 * 1 = 1"),
                max.contributions().stream().map(Contribution::rule).toList());
        assertEquals("c.grad += -M.grad = -1", only(b.minus(c).label("M")).contributions().get(1).rule());
        // Unlabelled nodes go by their ids.
        assertEquals("n2 = b / c", only(b.div(c)).equation());
    }

    private static Step only(Value z) {
        List<Step> steps = BackwardWalk.of(z).steps();
        assertEquals(1, steps.size());
        return steps.get(0);
    }

    @Test
    void everyLocalDerivativeMatchesTheIndependentlyWrittenPartials() {
        for (Operation op : Operations.ALL) {
            double x = 1.3;
            double y = 0.7;
            Value z = op.build().apply(Value.of(x, "x"), Value.of(y, "y"));
            Step step = only(z);
            double[] expected = op.partials().at(x, y);
            for (int k = 0; k < op.arity(); k++) {
                assertEquals(expected[k], step.contributions().get(k).localValue(), 1e-12, op.name() + " input " + k);
            }
        }
    }

    /**
     * The written local derivative says what the number is: evaluated with the values of x, y and z, the
     * formula gives the local derivative that Value's own rule produced, for every operation of the registry.
     */
    @Test
    void everyWrittenLocalDerivativeEvaluatesToItsNumber() {
        for (Operation op : Operations.ALL) {
            for (double[] at : new double[][] {{1.3, 0.7}, {0.6, 1.9}}) {
                Value x = Value.of(at[0], "x");
                Value y = Value.of(at[1], "y");
                Value z = op.build().apply(x, y).label("z");
                Step step = only(z);
                for (int k = 0; k < op.arity(); k++) {
                    Contribution c = step.contributions().get(k);
                    double written = new Formula(c.localDerivative(), Map.of("x", at[0], "y", at[1], "z", z.value())).value();
                    assertEquals(c.localValue(), written, 1e-12 * Math.max(1, Math.abs(written)),
                            op.name() + ", input " + k + ": " + c.localDerivative());
                }
            }
        }
    }

    /** A small evaluator for the written formulas: + - * / ^, parentheses, names, and [a op b] as 1 or 0. */
    private static final class Formula {
        private final String text;
        private final Map<String, Double> names;
        private int at;

        Formula(String text, Map<String, Double> names) {
            this.text = text.replace(" ", "");
            this.names = names;
        }

        double value() {
            double v = sum();
            assertEquals(text.length(), at, "unparsed rest of " + text);
            return v;
        }

        private double sum() {
            double v = product();
            while (at < text.length() && (text.charAt(at) == '+' || text.charAt(at) == '-')) {
                v = text.charAt(at++) == '+' ? v + product() : v - product();
            }
            return v;
        }

        private double product() {
            double v = power();
            while (at < text.length() && (text.charAt(at) == '*' || text.charAt(at) == '/')) {
                v = text.charAt(at++) == '*' ? v * power() : v / power();
            }
            return v;
        }

        private double power() {
            double base = unary();
            if (at < text.length() && text.charAt(at) == '^') {
                at++;
                return Math.pow(base, power());
            }
            return base;
        }

        private double unary() {
            if (text.charAt(at) == '-') {
                at++;
                return -unary();
            }
            return atom();
        }

        private double atom() {
            char ch = text.charAt(at);
            if (ch == '(') {
                at++;
                double v = sum();
                at++; // ')'
                return v;
            }
            if (ch == '[') {
                at++;
                double left = sum();
                int start = at;
                while ("<>=".indexOf(text.charAt(at)) >= 0) {
                    at++;
                }
                String comparison = text.substring(start, at);
                double right = sum();
                at++; // ']'
                boolean holds = switch (comparison) {
                    case ">=" -> left >= right;
                    case "<" -> left < right;
                    case ">" -> left > right;
                    default -> throw new AssertionError("comparison " + comparison + " in " + text);
                };
                return holds ? 1 : 0;
            }
            int start = at;
            while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '.')) {
                at++;
            }
            String token = text.substring(start, at);
            return Character.isDigit(token.charAt(0)) ? Double.parseDouble(token)
                    : Objects.requireNonNull(names.get(token), "unknown name " + token + " in " + text);
        }
    }

    @Provide
    Arbitrary<Expression> expressions() {
        return new RandomGraphPropertiesTest().expressions();
    }

    @Property(tries = 200)
    void theWalkTakesBackwardsOrderAndEndsWithBackwardsGradients(@ForAll("expressions") Expression e) {
        List<Value> nodes = e.build(e.inputs());
        Value output = nodes.get(nodes.size() - 1);
        BackwardWalk walk = BackwardWalk.of(output);

        // Order: the operations of the topological order backward() walks, output first.
        List<Value> expectedOrder = new ArrayList<>(Graph.topologicalOrder(output));
        expectedOrder.removeIf(Value::isInput);
        Collections.reverse(expectedOrder);
        assertEquals(expectedOrder, walk.steps().stream().map(Step::node).toList());
        // And a valid one: every consumer of a node sends its part before the node's own step.
        for (int s = 0; s < walk.steps().size(); s++) {
            for (Value in : walk.steps().get(s).node().inputs()) {
                int later = expectedOrder.indexOf(in);
                assertTrue(in.isInput() || later > s, "input stepped before its consumer");
            }
        }

        output.backward();
        for (Value v : walk.graph().nodes()) {
            assertEquals(v.grad(), walk.gradient(v), 0.0, "dL/d" + walk.graph().name(v));
        }
        double[] end = walk.gradientsAfter(walk.steps().size());
        for (Step step : walk.steps()) {
            assertEquals(step.node().grad(), step.grad(), 0.0, "a node's gradient is complete when its step runs");
            for (Contribution c : step.contributions()) {
                assertEquals(c.gradBefore() + c.added(), c.gradAfter(), 0.0);
            }
        }
        for (int i = 0; i < end.length; i++) {
            assertEquals(walk.graph().nodes().get(i).grad(), end[i], 1e-12 * Math.max(1, Math.abs(end[i])));
        }
    }
}
