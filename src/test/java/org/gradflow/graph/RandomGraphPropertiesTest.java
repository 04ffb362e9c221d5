package org.gradflow.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.gradflow.graph.Operations.Operation;

/**
 * Random expression graphs built from the registry of operations: backward() agrees with central finite
 * differences on every input, whatever the shape of the graph (shared nodes, several paths, deep chains).
 */
class RandomGraphPropertiesTest {

    /** One operation applied to two earlier nodes (a unary operation uses the first). */
    record Step(Operation op, int first, int second) {
    }

    /** Input values and the steps that combine them; the output is the last node. */
    record Expression(double[] inputs, List<Step> steps) {

        /** The nodes, inputs first and the output last, for the given input values. */
        List<Value> build(double[] x) {
            List<Value> nodes = new ArrayList<>();
            for (int i = 0; i < x.length; i++) {
                nodes.add(Value.of(x[i], "x" + i));
            }
            for (Step s : steps) {
                nodes.add(s.op().build().apply(nodes.get(s.first()), nodes.get(s.second())));
            }
            return nodes;
        }

        Value output(double[] x) {
            List<Value> nodes = build(x);
            return nodes.get(nodes.size() - 1);
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder("inputs " + java.util.Arrays.toString(inputs));
            for (int i = 0; i < steps.size(); i++) {
                Step step = steps.get(i);
                s.append("; v").append(inputs.length + i).append(" = ").append(step.op()).append("(v")
                        .append(step.first()).append(step.op().arity() == 2 ? ", v" + step.second() : "")
                        .append(")");
            }
            return s.toString();
        }
    }

    private static final Operation TANH = Operations.ALL.stream()
            .filter(op -> op.name().equals("tanh")).findFirst().orElseThrow();
    /** Keeps values small, so that finite differences stay accurate and no step leaves its safe region. */
    private static final double MAX_MAGNITUDE = 20;

    @Provide
    Arbitrary<Expression> expressions() {
        Arbitrary<double[]> inputs = Arbitraries.doubles().between(-2, 2).ofScale(3)
                .array(double[].class).ofMinSize(1).ofMaxSize(4);
        Arbitrary<int[]> rawStep = Arbitraries.integers().between(0, 1000).array(int[].class).ofSize(3);
        Arbitrary<List<int[]>> rawSteps = rawStep.list().ofMinSize(1).ofMaxSize(14);
        return Combinators.combine(inputs, rawSteps).as(RandomGraphPropertiesTest::plan);
    }

    /**
     * Turns raw numbers into steps, evaluating as it goes: an operation that would sit near a kink or a
     * domain edge at these inputs, or would make a large value, is replaced by tanh of its first operand.
     */
    static Expression plan(double[] x, List<int[]> raw) {
        List<Step> steps = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (double xi : x) {
            values.add(xi);
        }
        for (int[] r : raw) {
            Operation op = Operations.ALL.get(r[0] % Operations.ALL.size());
            // Prefer recent nodes, so that graphs get deep as well as wide.
            int first = values.size() - 1 - r[1] % Math.min(values.size(), 3);
            int second = r[2] % values.size();
            double a = values.get(first);
            double b = values.get(second);
            double z = op.safe().at(a, b) ? op.value().at(a, b) : Double.NaN;
            if (!(Math.abs(z) <= MAX_MAGNITUDE)) {
                op = TANH;
                z = Math.tanh(a);
            }
            steps.add(new Step(op, first, second));
            values.add(z);
        }
        return new Expression(x, steps);
    }

    @Property(tries = 300)
    void backwardAgreesWithCentralDifferences(@ForAll("expressions") Expression e) {
        List<Value> nodes = e.build(e.inputs());
        Value output = nodes.get(nodes.size() - 1);
        output.backward();
        double[] numeric = FiniteDifferences.gradient(x -> e.output(x).value(), e.inputs());
        for (int i = 0; i < numeric.length; i++) {
            double analytic = nodes.get(i).grad();
            double error = FiniteDifferences.error(analytic, numeric[i]);
            // Central differences with h = 1e-5 are good to about 1e-7 here (100,000 random graphs: worst
            // 6e-7); a wrong local rule is off by far more than the bound.
            assertTrue(error < 1e-5, "dL/dx" + i + ": backward " + analytic + ", finite differences "
                    + numeric[i] + " (error " + error + ")");
        }
    }

    @Property(tries = 100)
    void aSecondBackwardAddsTheSameGradientsAgain(@ForAll("expressions") Expression e) {
        List<Value> nodes = e.build(e.inputs());
        Value output = nodes.get(nodes.size() - 1);
        output.backward();
        double[] once = nodes.stream().mapToDouble(Value::grad).toArray();
        output.backward();
        for (int i = 0; i < nodes.size(); i++) {
            assertEquals(2 * once[i], nodes.get(i).grad(), 1e-12 * Math.max(1, Math.abs(once[i])));
        }
        output.zeroGrad();
        output.backward();
        for (int i = 0; i < nodes.size(); i++) {
            assertEquals(once[i], nodes.get(i).grad(), 1e-12 * Math.max(1, Math.abs(once[i])));
        }
    }

    @Property(tries = 100)
    void theTopologicalOrderListsEveryReachableNodeOnceAfterItsInputs(@ForAll("expressions") Expression e) {
        List<Value> nodes = e.build(e.inputs());
        Graph graph = Graph.of(nodes.get(nodes.size() - 1));
        List<Value> order = graph.nodes();
        assertSame(nodes.get(nodes.size() - 1), order.get(order.size() - 1));
        assertEquals(order.size(), new java.util.HashSet<>(order).size());
        for (int i = 0; i < order.size(); i++) {
            assertEquals("n" + i, graph.id(order.get(i)));
            for (Value in : order.get(i).inputs()) {
                assertTrue(graph.indexOf(in) < i);
                assertTrue(graph.depth(in) < graph.depth(order.get(i)));
                assertTrue(graph.consumers(in).contains(order.get(i)));
            }
        }
    }
}
