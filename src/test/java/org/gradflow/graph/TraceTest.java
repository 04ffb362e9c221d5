package org.gradflow.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.gradflow.viz.Tables;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** The trace of a graph as a Tablesaw table and as text; the graph helper's ids, names and format. */
class TraceTest {

    /** z = sigmoid(w x + b) with x, w, b labelled and the product unlabelled. */
    private static Value neuron() {
        Value x = Value.of(0.5, "x");
        Value w = Value.of(-2, "w");
        Value b = Value.of(0.25, "b");
        return x.times(w).plus(b).sigmoid().label("z");
    }

    @Test
    void tableHasOneRowPerNodeInTopologicalOrder() {
        Value z = neuron();
        z.backward();
        Table t = Tables.of(Trace.of(z));
        assertEquals(Trace.COLUMNS, t.columnNames());
        assertEquals("trace of z", t.name());
        assertEquals(List.of("n0", "n1", "n2", "n3", "n4", "n5"), t.stringColumn("node").asList());
        assertEquals(List.of("x", "w", "", "b", "", "z"), t.stringColumn("label").asList());
        assertEquals(List.of("", "", "*", "", "+", "sigmoid"), t.stringColumn("op").asList());
        assertEquals(List.of("", "", "n0, n1", "", "n2, n3", "n4"), t.stringColumn("inputs").asList());

        // a = w x + b = -0.75; z = sigma(a); dz/da = z(1-z); dz/dx = w dz/da; dz/dw = x dz/da
        double s = 1 / (1 + Math.exp(0.75));
        double dzda = s * (1 - s);
        double[] values = {0.5, -2, -1, 0.25, -0.75, s};
        double[] grads = {-2 * dzda, 0.5 * dzda, dzda, dzda, dzda, 1};
        for (int i = 0; i < values.length; i++) {
            assertEquals(values[i], t.doubleColumn("value").getDouble(i), 1e-15, "value of n" + i);
            assertEquals(grads[i], t.doubleColumn("grad").getDouble(i), 1e-15, "grad of n" + i);
            assertEquals(Graph.format(grads[i]), t.doubleColumn("grad").getString(i), "grad of n" + i + " printed");
            assertEquals(Graph.format(values[i]), t.doubleColumn("value").getString(i), "value of n" + i + " printed");
        }
        assertTrue(t.printAll().contains(Graph.format(s)), t.printAll());
    }

    @Test
    void traceIsASnapshot() {
        Value z = neuron();
        Trace before = Trace.of(z);
        z.backward();
        assertEquals(0, Tables.of(before).doubleColumn("grad").getDouble(5));
        assertEquals(1, Tables.of(Trace.of(z)).doubleColumn("grad").getDouble(5));
    }

    @Test
    void idsAreStableForTheSameExpression() {
        assertEquals(Tables.of(Trace.of(neuron())).stringColumn("inputs").asList(),
                Tables.of(Trace.of(neuron())).stringColumn("inputs").asList());
    }

    @Test
    void textFormListsEveryNodeAligned() {
        Value z = neuron();
        z.backward();
        String text = Trace.of(z).toString();
        String[] lines = text.split("\n");
        assertEquals(2 + 6, lines.length, text);
        assertTrue(lines[0].startsWith("trace of z (6 nodes"), lines[0]);
        assertTrue(lines[1].matches("node +label +op +inputs +value +grad"), lines[1]);
        assertTrue(lines[7].matches("n5 +z +sigmoid +n4 +" + Graph.format(z.value()).replace(".", "\\.") + " +1"),
                lines[7]);
        assertTrue(lines[3].contains(Graph.format(-2)) && lines[3].contains(Graph.format(z.inputs().get(0)
                .inputs().get(0).inputs().get(1).grad())), lines[3]);
        int valueColumn = lines[1].indexOf("value");
        for (int i = 2; i < lines.length; i++) {
            assertEquals(' ', lines[i].charAt(valueColumn - 1), "column boundary in " + lines[i]);
            assertTrue(lines[i].charAt(valueColumn) != ' ', "value starts in the value column: " + lines[i]);
        }
    }

    @Test
    void graphNamesAndDepths() {
        Value z = neuron();
        Graph g = Graph.of(z);
        Value product = z.inputs().get(0).inputs().get(0);
        assertEquals("n2", g.name(product), "unlabelled nodes are named by id");
        assertEquals("z", g.name(z));
        assertEquals(3, g.depth(z));
        assertEquals(0, g.depth(product.inputs().get(0)));
        assertEquals(List.of(z.inputs().get(0)), g.consumers(product));
        assertEquals("Graph(6 nodes, output n5 = z)", g.toString());
        assertThrows(IllegalArgumentException.class, () -> g.indexOf(Value.of(1)));
    }

    @Test
    void numbersAreFormattedWithFourSignificantDigits() {
        assertEquals("0", Graph.format(0.0));
        assertEquals("0", Graph.format(-0.0));
        assertEquals("2", Graph.format(2));
        assertEquals("-0.75", Graph.format(-0.75));
        assertEquals("0.7311", Graph.format(1 / (1 + Math.exp(-1))));
        assertEquals("1235", Graph.format(1234.5678));
        assertEquals("1.235e+05", Graph.format(123456.78));
        assertEquals("-1.5e-05", Graph.format(-1.5e-5));
        assertEquals("0.0001", Graph.format(1e-4));
    }
}
